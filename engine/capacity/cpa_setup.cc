// BuildCpaSetup: what the scenario says about the agents, their autoscaler and their load.
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "engine/capacity/cpa_analysis.h"
#include "engine/scenario/nodes.h"
#include "models/cpa/quantity.h"

namespace tunnelsim::capacity {
namespace {

// Where the replica count comes from, in the same order of precedence as `tunnelsim check`
// (engine/reachability/cluster_model.cc): a fixed count, the configmap, AKS's default.
bool ReadReplicaParams(const Scenario& s, CpaSetup* out, Diagnostics* d) {
  const TunnelSettings& t = s.cluster.tunnel;
  if (t.agent.replicas.value > 0) {
    out->source = ReplicaSource::kFixedReplicas;
    // A one-step ladder from 0 nodes is a constant: the controller model then keeps it.
    out->config_map_data = {
        {"ladder", fmt::format(R"({{"nodesToReplicas":[[0,{}]]}})", t.agent.replicas.value)}};
    out->notes.push_back(fmt::format(
        "cluster.tunnel.agent.replicas fixes {} replicas: no autoscaler scales them{}",
        t.agent.replicas.value, t.autoscaler.empty() ? "" : " (the autoscaler data is ignored)"));
  } else if (t.autoscaler.empty()) {
    out->source = ReplicaSource::kAksDefaultLadder;
    out->config_map_data = {{"ladder", std::string(kAksDefaultLadderJson)}};
    out->notes.push_back(
        "no autoscaler configmap in the scenario: AKS's documented default ladder is assumed "
        "(reference/konnectivity-cpa.md §B)");
  } else {
    out->source = ReplicaSource::kConfigMap;
    for (const auto& [key, value] : t.autoscaler) out->config_map_data[key.value] = value.value;
  }
  Result<cpa::ScalerParams> params = cpa::ParseConfigMapData(out->config_map_data);
  if (!params.ok()) {
    SourcePos pos = t.autoscaler.size() == 1 ? t.autoscaler.front().second.pos : t.autoscaler_pos;
    d->Error(s.file, pos,
             fmt::format("the konnectivity-agent-autoscaler configmap is invalid: {}",
                         params.status().message()));
    return false;
  }
  out->params = std::move(params).value();
  return true;
}

// A memory quantity from the scenario, > 0; nullopt (with an error) when it is not one.
std::optional<int64_t> ReadBytes(const Scenario& s, const LString& text, std::string_view what,
                                 bool allow_zero, Diagnostics* d) {
  Result<int64_t> bytes = cpa::ParseMemoryBytes(text.value);
  if (!bytes.ok()) {
    d->Error(s.file, text.pos,
             fmt::format("{} is invalid: {}; expected a memory quantity such as 125Mi", what,
                         bytes.status().message()));
    return std::nullopt;
  }
  if (*bytes == 0 && !allow_zero) {
    d->Error(s.file, text.pos, fmt::format("{} is 0; expected more than 0 bytes", what));
    return std::nullopt;
  }
  return *bytes;
}

void ReadPools(const Scenario& s, CpaSetup* out) {
  std::vector<cpa::NodeState> nodes;
  int64_t total_millicores = 0;
  for (const NodePool& pool : s.node_pools) {
    int64_t cores = pool.cores.value > 0 ? pool.cores.value : CoresOfVmSize(pool.vm_size.value);
    if (cores == 0 && pool.count.value > 0) {
      out->notes.push_back(fmt::format(
          "node pool '{}' has neither cores nor a vmSize that tells them: counted as 0 cores",
          pool.name.value));
    }
    out->pools.push_back({pool.name.value, pool.count.value, cores * 1000});
    nodes.insert(nodes.end(), static_cast<size_t>(pool.count.value),
                 cpa::NodeState{cores * 1000, false, true});
    total_millicores += pool.count.value * cores * 1000;
  }
  out->current_nodes = static_cast<int64_t>(nodes.size());
  out->current_status = cpa::ComputeClusterStatus(nodes, cpa::CpaVersion::kV1_9_0);
  if (out->current_nodes > 0) {
    out->sweep_millicores_per_node =
        (total_millicores + out->current_nodes / 2) / out->current_nodes;
  } else if (!out->pools.empty()) {
    out->sweep_millicores_per_node = out->pools.front().millicores_per_node;
  }
}

bool ReadMemory(const Scenario& s, CpaSetup* out, Diagnostics* d) {
  const AgentSettings& agent = s.cluster.tunnel.agent;
  const TunnelLoad& l = s.cluster.tunnel.load;
  bool ok = true;
  auto read = [&](const LString& text, std::string_view what, bool allow_zero,
                  std::optional<int64_t>* field) {
    if (text.value.empty()) return;
    *field = ReadBytes(s, text, what, allow_zero, d);
    ok = ok && field->has_value();
  };
  read(agent.limits.memory, "the agent's memory limit", false, &out->memory_limit_bytes);
  read(agent.requests.memory, "the agent's memory request", true, &out->memory_request_bytes);
  if (agent.limits.memory.value.empty()) {
    out->notes.push_back(
        "no memory limit on the agent (cluster.tunnel.agent.resources.limits.memory): memory "
        "is shown but no OOM kill is judged; AKS's real limit is not public (GKE uses 125Mi)");
  }
  std::optional<int64_t> base, per_stream;
  read(l.base_memory, "'baseMemory'", true, &base);
  read(l.memory_per_stream, "'memoryPerStream'", true, &per_stream);
  if (base) out->memory_model.base_bytes = *base;
  if (per_stream) out->memory_model.idle_stream_bytes = *per_stream;
  if (l.buffer_fill.value >= 0) out->memory_model.buffer_fill = l.buffer_fill.value;
  return ok;
}

void ReadLoad(const Scenario& s, CpaSetup* out) {
  const TunnelLoad& l = s.cluster.tunnel.load;
  cpa::TunnelLoad& fixed = out->load.fixed;
  fixed.logs_follow = l.logs_follow.value;
  fixed.exec_sessions = l.exec_sessions.value;
  fixed.port_forwards = l.port_forwards.value;
  fixed.webhook_calls_per_second = l.webhook_calls_per_second.value;
  fixed.webhook_latency_seconds = l.webhook_latency_seconds.value;
  fixed.aggregated_api_calls_per_second = l.api_calls_per_second.value;
  fixed.aggregated_api_latency_seconds = l.api_latency_seconds.value;
  // The model only sums stream counts, so any stream field can carry the per-node part.
  out->load.per_node.logs_follow = l.streams_per_node.value;
  if (!l.present) {
    out->notes.push_back(
        "no tunnel load in the scenario (cluster.tunnel.load): agents carry no streams, so "
        "memory is the base alone");
  }
}

void ReadSnat(const Scenario& s, CpaSetup* out) {
  const Outbound& o = s.outbound;
  SnatSetup& snat = out->snat;
  snat.frontend_ips = o.load_balancer.managed_outbound_ips.value;
  const std::string& access = s.cluster.api_server.access.value;
  snat.redials_take_ports = access == "public";
  if (access == "private") {
    snat.redial_why_not =
        "the API server is private: agents reach it over Private Link, without SNAT "
        "(reference/azure.md §5)";
  } else if (access != "public") {
    snat.redial_why_not = fmt::format(
        "the API server is {}: nodes reach it inside the virtual network, without SNAT "
        "(reference/azure.md §5)",
        access);
  }
  if (access != "public") {
    snat.why_not =
        fmt::format("the API server is {}: agents reach it without the Load Balancer's SNAT",
                    s.cluster.api_server.access.value);
  } else if (o.type.value != "loadBalancer") {
    snat.why_not = fmt::format(
        "outbound type {}: the Load Balancer's default port table does not apply", o.type.value);
  } else if (o.load_balancer.allocated_outbound_ports.value != 0) {
    snat.why_not =
        fmt::format("allocatedOutboundPorts is {}: a fixed allocation, not the default table",
                    o.load_balancer.allocated_outbound_ports.value);
  } else {
    snat.applies = true;
  }
}

}  // namespace

std::optional<CpaSetup> BuildCpaSetup(const Scenario& s, Diagnostics* d) {
  const TunnelSettings& t = s.cluster.tunnel;
  if (t.kind.value != "konnectivity") {
    d->Error(s.file, t.kind.pos,
             fmt::format("the tunnel kind is {}, a single tunnel pod with no autoscaler; "
                         "expected konnectivity for `tunnelsim cpa`",
                         t.kind.value));
    return std::nullopt;
  }
  CpaSetup setup;
  setup.scenario_name = s.metadata.name.value;
  if (!ReadReplicaParams(s, &setup, d)) return std::nullopt;
  ReadPools(s, &setup);
  if (!ReadMemory(s, &setup, d)) return std::nullopt;
  ReadLoad(s, &setup);
  ReadSnat(s, &setup);
  setup.server_count = t.server_count.value;
  // The model's own bounds, checked once at the largest load any query can ask for.
  Result<cpa::AgentMemoryReport> check = cpa::EvaluateAgentMemory(
      setup.memory_model, setup.load.At(kMaxClusterNodes), 1,
      setup.memory_limit_bytes.value_or(std::numeric_limits<int64_t>::max()));
  if (!check.ok()) {
    d->Error(s.file, t.load.base_memory.pos,
             fmt::format("the agent memory model rejects the tunnel load: {}",
                         check.status().message()));
    return std::nullopt;
  }
  return setup;
}

}  // namespace tunnelsim::capacity
