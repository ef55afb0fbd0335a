// The JSON writer of `tunnelsim cpa` (cpa_output.h), schema tunnelsim.cpa/v1 (docs/cpa.md).
#include <nlohmann/json.hpp>

#include "engine/capacity/cpa_output.h"

namespace tunnelsim::capacity {
namespace {

using nlohmann::ordered_json;

template <typename T>
ordered_json OrNull(const std::optional<T>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

std::string_view SourceKey(ReplicaSource source) {
  switch (source) {
    case ReplicaSource::kConfigMap:
      return "configMap";
    case ReplicaSource::kAksDefaultLadder:
      return "aksDefaultLadder";
    case ReplicaSource::kFixedReplicas:
      return "fixedReplicas";
  }
  return "?";
}

ordered_json LoadJson(const cpa::TunnelLoad& l) {
  return {{"logsFollow", l.logs_follow},
          {"execSessions", l.exec_sessions},
          {"portForwards", l.port_forwards},
          {"webhookCallsPerSecond", l.webhook_calls_per_second},
          {"webhookLatencySeconds", l.webhook_latency_seconds},
          {"apiCallsPerSecond", l.aggregated_api_calls_per_second},
          {"apiLatencySeconds", l.aggregated_api_latency_seconds},
          {"concurrentStreams", l.ConcurrentStreams()}};
}

ordered_json SetupJson(const CpaSetup& s) {
  ordered_json pools = ordered_json::array();
  for (const PoolShape& p : s.pools) {
    pools.push_back(
        {{"name", p.name}, {"count", p.count}, {"millicoresPerNode", p.millicores_per_node}});
  }
  const cpa::AgentMemoryModel& m = s.memory_model;
  return {
      {"autoscaler",
       {{"source", SourceKey(s.source)},
        {"mode", cpa::ModeName(s.params)},
        {"data", s.config_map_data}}},
      {"cluster",
       {{"nodes", s.current_nodes},
        {"cores", s.current_status.schedulable_cores},
        {"pools", pools},
        {"sweepMillicoresPerNode", s.sweep_millicores_per_node}}},
      {"memory",
       {{"limitBytes", OrNull(s.memory_limit_bytes)},
        {"requestBytes", OrNull(s.memory_request_bytes)},
        {"baseBytes", m.base_bytes},
        {"idleStreamBytes", m.idle_stream_bytes},
        {"bufferFill", m.buffer_fill},
        {"xfrChannelSize", m.xfr_channel_size},
        {"chunkBytes", m.chunk_bytes},
        {"perStreamBytes", m.PerStreamBytes()},
        {"estimate", true}}},
      {"load",
       {{"fixed", LoadJson(s.load.fixed)},
        {"streamsPerNode", s.load.per_node.ConcurrentStreams()}}},
      {"snat",
       {{"defaultPortTable", s.snat.applies},
        {"frontendIPs", s.snat.frontend_ips},
        {"whyNot", s.snat.applies ? ordered_json(nullptr) : ordered_json(s.snat.why_not)},
        {"redialsTakePorts", s.snat.redials_take_ports},
        {"redialWhyNot",
         s.snat.redials_take_ports ? ordered_json(nullptr) : ordered_json(s.snat.redial_why_not)}}},
      {"servers", s.server_count},
  };
}

ordered_json OomJson(const std::optional<OomOutcome>& o) {
  if (!o) return nullptr;
  const cpa::OomRestartReport& k = o->report;
  return {
      {"trigger", o->trigger == OomOutcome::Trigger::kOverLimit ? "overLimit" : "oneReplicaLost"},
      {"overLimitAtStart", k.over_limit_at_start},
      {"replicasKilled", k.replicas_killed},
      {"cascade", k.cascade},
      {"kills", k.kills},
      {"streamBreaks", k.stream_breaks},
      {"restarts", k.restarts},
      {"maxBackOffSeconds", k.max_backoff_seconds},
      {"noAgentSeconds", k.no_agent_seconds},
      {"settledSeconds", OrNull(k.settled_seconds)},
      {"redials", k.redials},
      {"redialSnatPorts", OrNull(o->redial_snat_ports)},
      {"peakSnatPortsPerAgentNode", OrNull(o->peak_snat_ports_per_node)}};
}

ordered_json FiguresJson(const CapacityFigures& f) {
  const cpa::AgentMemoryReport& m = f.memory;
  bool memory_known = !m.no_agents;
  return {{"nodes", f.nodes},
          {"cores", f.cores},
          {"replicas", f.replicas},
          {"concurrentStreams", m.concurrent_streams},
          {"streamsPerReplica", m.busiest_replica_streams},
          {"memoryPerReplicaBytes",
           memory_known ? ordered_json(m.busiest_replica_bytes) : ordered_json(nullptr)},
          {"headroomBytes",
           f.has_limit && memory_known ? ordered_json(m.headroom_bytes) : ordered_json(nullptr)},
          {"oom", m.oom},
          {"noAgents", m.no_agents},
          {"underProvisioned", f.under_provisioned()},
          {"replicasNeeded", f.has_limit ? OrNull(f.replicas_needed) : ordered_json(nullptr)},
          {"snatPortsPerNode", OrNull(f.snat_ports_per_node)},
          {"oomKills", OomJson(f.oom)}};
}

}  // namespace

std::string FormatCpaJson(const CpaSetup& setup, const CpaReport& r) {
  ordered_json j;
  j["schema"] = "tunnelsim.cpa/v1";
  j["scenario"] = setup.scenario_name;
  j["setup"] = SetupJson(setup);
  j["range"] = {{"first", r.query.range.first}, {"last", r.query.range.last}};
  bool cores = r.query.axis == SweepAxis::kCores;
  j["sweep"] = {
      {"axis", cores ? "cores" : "nodes"},
      {"heldNodes", cores ? ordered_json(r.held) : ordered_json(nullptr)},
      {"heldCores", !cores && r.query.fixed_cores ? ordered_json(r.held) : ordered_json(nullptr)}};
  j["steps"] = ordered_json::array();
  for (const StepFigures& f : r.step_figures) {
    j["steps"].push_back({{cores ? "fromCores" : "fromNodes", f.from},
                          {cores ? "toCores" : "toNodes", f.to},
                          {"replicas", f.replicas},
                          {"atStart", FiguresJson(f.at_start)},
                          {"atEnd", FiguresJson(f.at_end)},
                          {"underProvisionedFrom", OrNull(f.under_provisioned_from)},
                          {"oneLossCascadeFrom", OrNull(f.one_loss_cascade_from)}});
  }
  j["current"] = FiguresJson(r.current);
  j["firstUnderProvisioned"] =
      r.first_under_provisioned ? FiguresJson(*r.first_under_provisioned) : ordered_json(nullptr);
  j["firstOneLossCascade"] =
      r.first_one_loss_cascade ? FiguresJson(*r.first_one_loss_cascade) : ordered_json(nullptr);
  j["at"] = ordered_json::array();
  for (const CapacityFigures& f : r.at) j["at"].push_back(FiguresJson(f));
  j["pollPeriodSeconds"] = r.poll_period_seconds;
  cpa::OomRestartInput oom_defaults;
  j["oomModel"] = {{"windowSeconds", r.query.oom_window_seconds},
                   {"backOff",
                    {{"initialSeconds", oom_defaults.backoff.initial_seconds},
                     {"maxSeconds", oom_defaults.backoff.max_seconds},
                     {"resetAfterSeconds", oom_defaults.backoff.reset_after_seconds}}},
                   {"finHoldSeconds", oom_defaults.fin_hold_seconds},
                   {"connectionsPerAgent", setup.server_count}};
  j["timeline"] = ordered_json::array();
  for (const TimelineFigures& t : r.timeline) {
    j["timeline"].push_back({{"timeSeconds", t.point.time_seconds},
                             {"nodes", t.point.nodes},
                             {"replicasBefore", t.replicas_before},
                             {"pollTimeSeconds", OrNull(t.poll_time)},
                             {"replicas", t.replicas},
                             {"peak", FiguresJson(t.peak)},
                             {"previousSnatPortsPerNode", OrNull(t.previous_snat_ports)}});
  }
  j["suggestedLadder"] = r.suggested_ladder.empty()
                             ? ordered_json(nullptr)
                             : ordered_json(NodesLadderJson(r.suggested_ladder));
  j["oomPredicted"] = r.oom_predicted();
  j["notes"] = setup.notes;
  return j.dump(2) + "\n";
}

}  // namespace tunnelsim::capacity
