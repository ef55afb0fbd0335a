// JSON for machines: schema tunnelsim.snat/v1 (docs/snat.md). Times are seconds since the
// start of the run, null for "never"; counts for a pool are estimates for all of its nodes.
#include <variant>

#include <nlohmann/json.hpp>

#include "engine/snat/snat_output.h"

namespace tunnelsim::snatsim {
namespace {

using nlohmann::ordered_json;

ordered_json Optional(const std::optional<double>& t) { return t ? ordered_json(*t) : nullptr; }

// Names a node group: "pool" is its node pool; a node split off its pool by node-specific
// traffic adds "node". Keys only for a split-off node, so pool-only output is unchanged.
void PutGroup(const SnatPlan& p, int group, ordered_json* j) {
  (*j)["pool"] = PoolNameOfGroup(p, group);
  if (IsNodeGroup(p, group)) (*j)["node"] = p.node_of_group[static_cast<size_t>(group)];
}

ordered_json ProviderJson(const SnatReport& r) {
  const SnatPlan& p = *r.plan;
  const snat::SimulationConfig& c = p.configs.front();
  if (const auto* lb = std::get_if<snat::LoadBalancerSetup>(&c.provider)) {
    return {{"type", p.scenario->outbound.type.value},
            {"frontendIPs", p.frontend_ips},
            {"allocatedOutboundPorts", lb->rule.allocated_outbound_ports},
            {"portsPerNode", p.ports_per_node},
            {"allocation", p.allocation_source},
            {"capacityCheckNodes", p.capacity_check_nodes},
            {"idleTimeoutInMinutes", lb->rule.idle_timeout_minutes},
            {"enableTcpReset", lb->rule.enable_tcp_reset},
            {"finReleaseSeconds", lb->rule.fin_release_seconds},
            {"rstReleaseSeconds", lb->rule.rst_release_seconds}};
  }
  const auto& nat = std::get<snat::NatGatewayConfig>(c.provider);
  return {{"type", p.scenario->outbound.type.value},
          {"publicIPs", nat.public_ips},
          {"portsPerDestination", int64_t{nat.public_ips} * snat::kNatPortsPerIp},
          {"idleTimeoutInMinutes", nat.tcp_idle_timeout_minutes},
          {"finCooldownSeconds", nat.fin_cooldown_seconds},
          {"rstCooldownSeconds", nat.rst_cooldown_seconds},
          {"udpCooldownSeconds", nat.udp_cooldown_seconds}};
}

ordered_json GroupJson(const SnatReport& r, size_t index) {
  const snat::GroupResult& g = r.first.groups[index];
  const GroupRunStats& s = r.groups[index];
  ordered_json steps = ordered_json::array();
  for (const snat::StepMetrics& m : g.steps) {
    steps.push_back({{"startSeconds", m.start_seconds},
                     {"successful", m.successful_mean * g.nodes},
                     {"failed", m.failed_mean * g.nodes},
                     {"allocatedSnatPorts", m.allocated_ports},
                     {"usedSnatPortsMean", m.used_ports_mean},
                     {"usedSnatPortsMax", m.used_ports_max_node}});
  }
  ordered_json j;
  PutGroup(*r.plan, static_cast<int>(index), &j);
  j.update(ordered_json{
      {"nodes", g.nodes},
      {"simulatedNodes", g.simulated_nodes},
      {"portsPerNode",
       r.plan->nat_gateway ? ordered_json(nullptr) : ordered_json(r.plan->ports_per_node)},
      {"peakUsedPorts", g.peak_used_ports},
      {"firstExhaustionSeconds", Optional(g.first_exhaustion_seconds)},
      {"successful", g.successful_estimate},
      {"failed", g.failed_estimate},
      {"requests", g.requests},
      {"stalePoolFailures", g.stale_pool_failures},
      {"reclaimedFlows", g.reclaimed_flows},
      {"runs",
       {{"exhaustedRuns", s.exhausted_runs},
        {"firstExhaustionSeconds",
         {{"p50", Optional(s.first_exhaustion_seconds.p50)},
          {"p95", Optional(s.first_exhaustion_seconds.p95)}}},
        {"failed", {{"p50", s.failed.p50}, {"p95", s.failed.p95}}},
        {"peakUsedPorts", {{"p50", s.peak_used_ports.p50}, {"p95", s.peak_used_ports.p95}}}}},
      {"steps", std::move(steps)}});
  return j;
}

ordered_json TunnelJson(const SnatReport& r) {
  const SnatPlan& p = *r.plan;
  ordered_json j = {{"kind", p.tunnel_kind}, {"simulated", r.first.tunnel.has_value()}};
  if (!r.first.tunnel) {
    j["note"] = p.tunnel_note;
    return j;
  }
  const TunnelFate fate = *DescribeTunnel(r);
  const snat::TunnelResult& t = *r.first.tunnel;
  j["endpoint"] = p.tunnel_endpoint;
  j["connectionsPerAgent"] = p.connections_per_agent;
  j["agents"] = ordered_json::array();
  for (size_t k = 0; k < p.tunnel_parts.size(); ++k) {
    bool failed = false;
    for (size_t f : fate.failed_parts) failed = failed || f == k;
    for (const AgentPlacement& a : p.tunnel_parts[k].agents) {
      j["agents"].push_back({{"pod", a.pod},
                             {"node", a.node},
                             {"pool", PoolNameOfGroup(p, p.tunnel_parts[k].group)},
                             {"poolHadFailedRedial", failed}});
    }
  }
  j["firstFailedDialSeconds"] = Optional(fate.first_failed_dial_seconds);
  j["firstAllDisconnectedSeconds"] = Optional(fate.first_all_down_seconds);
  j["firstWithoutPortSeconds"] = Optional(fate.first_without_port_seconds);
  j["stepsWithoutPort"] = fate.steps_without_port;
  j["stepsAllDisconnected"] = fate.steps_all_down;
  j["dials"] = t.dials;
  j["failedDials"] = t.failed_dials;
  j["duplicateDials"] = t.duplicate_dials;
  j["failedDuplicateDials"] = t.failed_duplicate_dials;
  j["longestOutageSeconds"] = t.longest_outage_seconds;
  j["connectionDownSeconds"] = t.connection_down_seconds;
  j["connectionsDownAtEnd"] = t.connections_down_at_end;
  if (r.tunnel) {
    j["runs"] = {{"failedDialRuns", r.tunnel->failed_dial_runs},
                 {"firstFailedDialSeconds",
                  {{"p50", Optional(r.tunnel->first_failed_dial_seconds.p50)},
                   {"p95", Optional(r.tunnel->first_failed_dial_seconds.p95)}}}};
  }
  return j;
}

// NAT Gateway, gateway-wide per step (its SNAT Connection Count by state, reference/azure.md §4).
ordered_json GatewayJson(const snat::GatewayResult& gw) {
  ordered_json steps = ordered_json::array();
  for (const snat::GatewayStep& s : gw.steps) {
    steps.push_back({{"startSeconds", s.start_seconds},
                     {"established", s.established},
                     {"failed", s.failed},
                     {"closed", s.closed},
                     {"timedOut", s.timed_out},
                     {"connectionsMean", s.connections_mean},
                     {"connectionsPeak", s.connections_peak},
                     {"busiestDestinationUnavailablePorts", s.busiest_destination_blocked_peak}});
  }
  return {{"portsPerDestination", gw.ports_per_destination}, {"steps", std::move(steps)}};
}

ordered_json AnalyticJson(const SnatReport& r) {
  ordered_json estimates = ordered_json::array();
  for (const AnalyticEstimate& e : r.analytic.estimates) {
    ordered_json j = {{"pool", nullptr}};
    if (e.group >= 0) PutGroup(*r.plan, e.group, &j);
    j.update(ordered_json{{"destination", e.destination},
                          {"ratePerSecond", e.rate_per_second},
                          {"holdingSeconds", e.holding_seconds},
                          {"offeredPorts", e.offered_ports},
                          {"ports", e.ports},
                          {"erlangBLoss", e.loss},
                          {"carriedPorts", e.carried_ports},
                          {"fillSeconds", Optional(e.fill_seconds)}});
    if (e.peak_rate) j["peakRate"] = true;
    estimates.push_back(std::move(j));
  }
  ordered_json checks = ordered_json::array();
  for (const AnalyticComparison::Check& c : r.analytic.checks) {
    ordered_json j = {{"pool", nullptr}};
    if (c.group >= 0) PutGroup(*r.plan, c.group, &j);
    j.update(ordered_json{{"warmupSeconds", c.warmup_seconds},
                          {"windowStartSeconds", c.window_start_seconds},
                          {"mixedWithPooled", c.mixed_with_pooled},
                          {"expectedLoss", c.expected_loss},
                          {"simulatedLoss", Optional(c.simulated_loss)},
                          {"expectedUsedPorts", Optional(c.expected_used_ports)},
                          {"simulatedUsedPorts", Optional(c.simulated_used_ports)}});
    if (!c.not_compared.empty()) j["notCompared"] = c.not_compared;
    checks.push_back(std::move(j));
  }
  return {{"estimates", std::move(estimates)},
          {"checks", std::move(checks)},
          {"excluded", r.analytic.excluded}};
}

}  // namespace

std::string FormatSnatJson(const SnatReport& r) {
  const SnatPlan& p = *r.plan;
  ordered_json j;
  j["schema"] = "tunnelsim.snat/v1";
  j["scenario"] = p.scenario->metadata.name.value;
  j["settings"] = {{"durationSeconds", p.options.duration_seconds},
                   {"stepSeconds", p.options.step_seconds},
                   {"seed", p.options.seed},
                   {"runs", r.runs},
                   {"simulatedNodes", p.options.simulated_nodes},
                   {"agentRestartsSeconds", p.options.agent_restarts_seconds}};
  if (!p.backend_pool_steps.empty()) {
    ordered_json steps = ordered_json::array();
    for (const BackendPoolStep& b : p.backend_pool_steps) {
      steps.push_back({{"seconds", b.time_seconds},
                       {"nodes", b.nodes},
                       {"portsPerNodeBefore", b.ports_before},
                       {"portsPerNodeAfter", b.ports_after}});
    }
    j["settings"]["backendPool"] = steps;
  }
  if (!p.options.assumptions.given.empty()) j["settings"]["assume"] = p.options.assumptions.given;
  j["provider"] = ProviderJson(r);
  j["pools"] = ordered_json::array();
  for (size_t g = 0; g < r.first.groups.size(); ++g) j["pools"].push_back(GroupJson(r, g));
  j["gateway"] = r.first.gateway ? GatewayJson(*r.first.gateway) : ordered_json(nullptr);
  j["tunnel"] = TunnelJson(r);
  j["analytic"] = AnalyticJson(r);
  std::vector<std::string> notes = r.first.assumptions;
  notes.insert(notes.end(), p.notes.begin(), p.notes.end());
  j["assumptions"] = notes;
  j["connectionsFailed"] = r.any_failed_connection;
  j["tunnelLost"] = r.tunnel_lost;
  return j.dump(2) + "\n";
}

}  // namespace tunnelsim::snatsim
