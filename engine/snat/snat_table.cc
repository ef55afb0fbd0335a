// The table for people: what runs out, when, what it does to the tunnel, and what would help.
#include <algorithm>
#include <variant>

#include <fmt/format.h>

#include "engine/snat/snat_output.h"
#include "models/snat/lb_allocation.h"

namespace tunnelsim::snatsim {
namespace {

std::string Plural(int64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", Thousands(n), n == 1 ? one : many);
}

std::string Seconds(double s) {
  if (s >= 60) return Clock(s);
  return fmt::format("{:.1f}s", s);
}

std::string Header(const SnatReport& r) {
  const SnatPlan& p = *r.plan;
  const SnatOptions& o = p.options;
  std::string out =
      fmt::format("SNAT simulation of {}: {} in {} steps, seed {}, {}\n",
                  p.scenario->metadata.name.value, HumanDuration(o.duration_seconds),
                  HumanDuration(o.step_seconds), o.seed, Plural(r.runs, "run", "runs"));
  const snat::SimulationConfig& c = p.configs.front();
  if (const auto* lb = std::get_if<snat::LoadBalancerSetup>(&c.provider)) {
    out += fmt::format(
        "Outbound: Azure Load Balancer, {}, {} ports per node ({}), idle timeout {} min, {}\n",
        Plural(p.frontend_ips, "frontend IP", "frontend IPs"), Thousands(p.ports_per_node),
        p.allocation_source, lb->rule.idle_timeout_minutes,
        lb->rule.enable_tcp_reset ? "TCP reset on idle" : "silent drop on idle");
  } else {
    const auto& nat = std::get<snat::NatGatewayConfig>(c.provider);
    out += fmt::format(
        "Outbound: NAT Gateway ({}), {}, {} ports per destination shared by all nodes, TCP "
        "idle timeout {} min\n",
        p.scenario->outbound.type.value, Plural(nat.public_ips, "public IP", "public IPs"),
        Thousands(int64_t{nat.public_ips} * snat::kNatPortsPerIp), nat.tcp_idle_timeout_minutes);
  }
  for (const BackendPoolStep& b : p.backend_pool_steps) {
    out += fmt::format(
        "Backend pool at {}: {} nodes (--backend-pool), {}\n", Clock(b.time_seconds),
        Thousands(b.nodes),
        b.ports_after == b.ports_before
            ? fmt::format("{} ports per node unchanged", Thousands(b.ports_after))
        : b.ports_after < b.ports_before
            ? fmt::format("re-tiered from {} to {} ports per node: flows on the reclaimed ports "
                          "drop (reference/azure.md §2.2)",
                          Thousands(b.ports_before), Thousands(b.ports_after))
            : fmt::format("re-tiered from {} to {} ports per node", Thousands(b.ports_before),
                          Thousands(b.ports_after)));
  }
  for (size_t i = 0; i < c.sources.size(); ++i) {
    const snat::TrafficSource& s = c.sources[i];
    const std::string rate = i < p.source_rates.size()
                                 ? p.source_rates[i]
                                 : fmt::format("{}/s per node", s.rate.MaxRate());
    const bool exponential = s.duration_distribution == snat::DurationDistribution::kExponential;
    const std::string pool = s.pool.size == 0
                                 ? "no pooling"
                                 : fmt::format("pool of {}{}", s.pool.size,
                                               s.pool.keepalive ? "" : " without keepalive");
    out +=
        fmt::format("Traffic {} from {} to {}:{}/{}: {}{}, active {}s{}, close {}, {}\n", s.name,
                    c.groups[static_cast<size_t>(s.group)].name, s.destination.address.ToString(),
                    s.destination.port, ProtocolName(s.destination.protocol), rate,
                    s.arrivals == snat::ArrivalProcess::kDeterministic ? ", evenly spaced" : "",
                    s.duration_seconds, exponential ? " on average (exponential)" : "",
                    s.close == snat::CloseMode::kFin   ? "fin"
                    : s.close == snat::CloseMode::kRst ? "rst"
                                                       : "idle",
                    pool);
  }
  return out;
}

// The allocation per node, and where --backend-pool changes it, each value it takes.
std::string PortsPerNode(const SnatPlan& p) {
  std::string out = Thousands(p.ports_per_node);
  int last = p.ports_per_node;
  for (const BackendPoolStep& b : p.backend_pool_steps) {
    if (b.ports_after != last) out += " -> " + Thousands(b.ports_after);
    last = b.ports_after;
  }
  return out;
}

// Flows killed by re-tiering, per group (estimates for all nodes), when any were.
std::string ReclaimedLine(const SnatReport& r) {
  std::string out;
  for (const snat::GroupResult& g : r.first.groups) {
    if (g.reclaimed_flows == 0) continue;
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", g.name,
                       Thousands(std::llround(g.reclaimed_flows_estimate)));
  }
  if (out.empty()) return out;
  return "Flows dropped when their ports were re-tiered away: " + out + "\n";
}

std::string GroupTable(const SnatReport& r) {
  const bool nat = r.plan->nat_gateway;
  std::vector<std::vector<std::string>> rows = {{"POOL", "NODES", nat ? "PORTS" : "PORTS/NODE",
                                                 "PEAK USED", "FIRST EXHAUSTION", "SUCCESSFUL",
                                                 "FAILED"}};
  for (const snat::GroupResult& g : r.first.groups) {
    const double attempts = g.successful_estimate + g.failed_estimate;
    std::string nodes =
        g.simulated_nodes == g.nodes
            ? Thousands(g.nodes)
            : fmt::format("{} ({} simulated)", Thousands(g.nodes), Thousands(g.simulated_nodes));
    rows.push_back(
        {g.name, nodes, nat ? "shared" : PortsPerNode(*r.plan), Thousands(g.peak_used_ports),
         Clock(g.first_exhaustion_seconds), Thousands(std::llround(g.successful_estimate)),
         g.failed == 0 ? "0"
                       : fmt::format("{} ({:.1f}%)", Thousands(std::llround(g.failed_estimate)),
                                     100 * g.failed_estimate / attempts)});
  }
  std::vector<size_t> width(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += i + 1 < row.size() ? fmt::format("{:<{}}  ", row[i], width[i]) : row[i];
    }
    out += line + "\n";
  }
  return out;
}

std::string GatewayLine(const SnatReport& r) {
  if (!r.first.gateway) return "";
  const snat::GatewayResult& gw = *r.first.gateway;
  int blocked = 0;
  int64_t connections = 0;
  for (const snat::GatewayStep& s : gw.steps) {
    blocked = std::max(blocked, s.busiest_destination_blocked_peak);
    connections = std::max(connections, s.connections_peak);
  }
  return fmt::format(
      "Gateway: at most {} of {} ports to the busiest destination in use or cooling down "
      "({:.1f}%); at most {} connections open\n",
      Thousands(blocked), Thousands(gw.ports_per_destination),
      100.0 * blocked / gw.ports_per_destination, Thousands(connections));
}

std::string AgentList(const SnatPlan& p, const std::vector<size_t>& parts) {
  std::string out;
  for (size_t k : parts) {
    for (const AgentPlacement& a : p.tunnel_parts[k].agents) {
      out += fmt::format("{}{} on {}", out.empty() ? "" : ", ", a.pod, a.node);
    }
  }
  return out;
}

std::string TunnelSection(const SnatReport& r) {
  const SnatPlan& p = *r.plan;
  if (!r.first.tunnel) {
    return fmt::format("Tunnel ({}): {}\n", p.tunnel_kind,
                       p.tunnel_note.empty() ? "no agents" : p.tunnel_note);
  }
  const TunnelFate fate = *DescribeTunnel(r);
  std::vector<size_t> all(p.tunnel_parts.size());
  for (size_t k = 0; k < all.size(); ++k) all[k] = k;
  std::string out = fmt::format(
      "Tunnel {} to {}: {} x {} connection{} (agents hold their ports from the start)\n  "
      "{}\n",
      p.tunnel_kind, p.tunnel_endpoint, Plural(AgentCount(p), "agent", "agents"),
      p.connections_per_agent, p.connections_per_agent == 1 ? "" : "s", AgentList(p, all));
  const std::string step = p.options.step_seconds == 60 ? "minute" : "step";
  if (fate.first_failed_dial_seconds) {
    std::string pools;
    for (size_t k : fate.failed_parts) {
      pools += (pools.empty() ? "" : ", ") + GroupLabel(p, p.tunnel_parts[k].group);
    }
    out += fmt::format(
        "  FAILED: from {} a re-dial found no free SNAT port on {} (agents there: {})\n",
        Clock(fate.first_failed_dial_seconds), pools, AgentList(p, fate.failed_parts));
    if (fate.first_all_down_seconds) {
      out += fmt::format(
          "  no agent connected at {} of {} {} ends from {}: kubectl logs, exec and "
          "port-forward fail for pods on every node (\"No agent available\"), and so do "
          "webhooks called through the tunnel\n",
          fate.steps_all_down, r.first.tunnel->steps.size(), step,
          Clock(fate.first_all_down_seconds));
    } else {
      out += fmt::format(
          "  some agent was connected at every {} end; kubectl logs, exec and port-forward "
          "fail only while no agent is connected\n",
          step);
    }
    out += fmt::format("  longest outage of one connection {}; down at the end: {} of {}\n",
                       Seconds(fate.longest_outage_seconds), fate.connections_down_at_end,
                       fate.total_connections);
  } else {
    out += "  connections up for the whole run (no re-dial failed)\n";
  }
  if (fate.first_without_port_seconds) {
    out += fmt::format(
        "  AT RISK from {}: at {} of {} {} ends an agent's node had no free port to {}; an agent "
        "that re-dials then (restart, node or control-plane upgrade) stays disconnected{}\n",
        Clock(fate.first_without_port_seconds), fate.steps_without_port,
        r.first.tunnel->steps.size(), step, p.tunnel_endpoint,
        p.options.agent_restarts_seconds.empty() ? " (try --agent-restart)" : "");
  }
  return out;
}

std::string RunsSection(const SnatReport& r) {
  if (r.runs == 1) return "";
  const SnatPlan& p = *r.plan;
  std::string out = fmt::format("Over {} runs (seeds {} to {}), p50 / p95:\n", r.runs,
                                p.options.seed, p.options.seed + static_cast<uint64_t>(r.runs - 1));
  for (size_t g = 0; g < r.groups.size(); ++g) {
    const GroupRunStats& s = r.groups[g];
    out += fmt::format(
        "  {}: exhausted in {}/{} runs; first exhaustion {} / {}; failed {} / {}; peak used "
        "{} / {}\n",
        r.first.groups[g].name, s.exhausted_runs, r.runs, Clock(s.first_exhaustion_seconds.p50),
        Clock(s.first_exhaustion_seconds.p95), Thousands(std::llround(s.failed.p50)),
        Thousands(std::llround(s.failed.p95)), Thousands(std::llround(s.peak_used_ports.p50)),
        Thousands(std::llround(s.peak_used_ports.p95)));
  }
  if (r.tunnel) {
    out += fmt::format("  tunnel: a re-dial failed in {}/{} runs; first failed re-dial {} / {}\n",
                       r.tunnel->failed_dial_runs, r.runs,
                       Clock(r.tunnel->first_failed_dial_seconds.p50),
                       Clock(r.tunnel->first_failed_dial_seconds.p95));
  }
  return out;
}

std::string AnalyticSection(const SnatReport& r) {
  const AnalyticComparison& a = r.analytic;
  if (a.estimates.empty() && a.excluded.empty()) return "";
  std::string out = "Analytic cross-check (steady state: Poisson arrivals, Erlang B loss):\n";
  for (const AnalyticEstimate& e : a.estimates) {
    const std::string who = e.group < 0 ? "all nodes" : r.first.groups[e.group].name;
    const std::string offered = e.offered_ports >= 1000 ? Thousands(std::llround(e.offered_ports))
                                                        : fmt::format("{:.1f}", e.offered_ports);
    out += fmt::format("  {} -> {}: {:.4g}/s{} x {:.0f}s = {} ports offered for {}: loss {:.1f}%",
                       who, e.destination, e.rate_per_second, e.peak_rate ? " at the peak" : "",
                       e.holding_seconds, offered, Thousands(e.ports), 100 * e.loss);
    out += e.fill_seconds ? fmt::format(", ports run out after about {}{}\n", Clock(e.fill_seconds),
                                        e.peak_rate ? " at that rate" : "")
                          : "\n";
  }
  for (const AnalyticComparison::Check& c : a.checks) {
    const std::string who = c.group < 0 ? "gateway" : r.first.groups[c.group].name;
    if (c.mixed_with_pooled) {
      out += fmt::format(
          "  {}: not compared with the simulation (pooled traffic shares the "
          "nodes)\n",
          who);
      continue;
    }
    if (!c.not_compared.empty()) {
      out += fmt::format("  {}: not compared with the simulation ({})\n", who, c.not_compared);
      continue;
    }
    if (!c.simulated_loss) {
      out += fmt::format("  {}: the run is shorter than the warm-up ({}); no steady state\n", who,
                         Clock(c.warmup_seconds));
      continue;
    }
    out +=
        fmt::format("  {} simulated from {} on: loss {:.1f}% (expected {:.1f}%)", who,
                    Clock(c.window_start_seconds), 100 * *c.simulated_loss, 100 * c.expected_loss);
    if (c.simulated_used_ports) {
      out += fmt::format(", mean used ports {:.1f} (expected {:.1f})", *c.simulated_used_ports,
                         *c.expected_used_ports);
    }
    out += "\n";
  }
  for (const std::string& e : a.excluded) out += fmt::format("  not estimated: {}\n", e);
  return out;
}

std::string Verdict(const SnatReport& r) {
  std::string out;
  if (!r.any_failed_connection && !r.tunnel_lost) {
    return "Result: no connection failed and the tunnel kept its connections.\n";
  }
  int64_t failed = 0;
  for (const snat::GroupResult& g : r.first.groups) failed += std::llround(g.failed_estimate);
  out = fmt::format("Result: {} failed for lack of a SNAT port{} (article Cause 5). Remedies:\n",
                    Plural(failed, "connection", "connections"),
                    r.tunnel_lost ? " and the tunnel lost its connection" : "");
  out += "  5a: reuse connections (connection pooling) instead of one connection per request\n";
  for (size_t g = 0; g < r.first.groups.size(); ++g) {
    if (r.first.groups[g].failed == 0) continue;
    auto advice = AdvisePorts(r, static_cast<int>(g), 0.001);
    if (!advice) continue;
    out += fmt::format(
        "  5b: {}: about {} ports per node keep the loss below 0.1% (Erlang B); {} nodes "
        "counted for the capacity check need {} outbound IP{}\n",
        r.first.groups[g].name, Thousands(advice->ports_per_node),
        Thousands(r.plan->capacity_check_nodes), advice->ips_needed,
        advice->ips_needed == 1 ? "" : "s");
  }
  if (!r.plan->nat_gateway) {
    const NatAdvice nat = AdviseNatGateway(r);
    out += fmt::format(
        "  5c: a NAT Gateway shares 64,512 ports per public IP among all nodes on demand; with "
        "its 4-minute idle timeout this traffic holds about {} ports to its busiest destination "
        "at once: {} public IP{}\n",
        Thousands(std::llround(nat.ports)), nat.ips_needed, nat.ips_needed == 1 ? "" : "s");
  } else {
    out += fmt::format(
        "  more NAT Gateway public IPs (64,512 ports each, at most 16), or a longer-lived "
        "connection per destination\n");
  }
  return out;
}

}  // namespace

std::string FormatSnatTable(const SnatReport& r) {
  std::string out = Header(r);
  out += "\n" + GroupTable(r) + ReclaimedLine(r) + GatewayLine(r) + "\n" + TunnelSection(r);
  if (std::string runs = RunsSection(r); !runs.empty()) out += "\n" + runs;
  if (std::string analytic = AnalyticSection(r); !analytic.empty()) out += "\n" + analytic;
  std::vector<std::string> notes = r.first.assumptions;
  notes.insert(notes.end(), r.plan->notes.begin(), r.plan->notes.end());
  if (!notes.empty()) {
    out += "\nAssumptions:\n";
    for (const std::string& n : notes) out += fmt::format("  - {}\n", n);
  }
  out += "\n" + Verdict(r);
  return out;
}

}  // namespace tunnelsim::snatsim
