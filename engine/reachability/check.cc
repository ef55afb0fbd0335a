#include "engine/reachability/check.h"

#include <set>
#include <tuple>

#include <fmt/format.h>

#include "engine/scenario/nodes.h"
#include "engine/topology/dial_classes.h"

namespace tunnelsim {
namespace {

// Nodes hosting a workload's replicas: spread round-robin over its pool's nodes (or its
// pinned nodes), as a scheduler without other constraints would.
std::vector<size_t> PlaceReplicas(const ClusterModel& m, int64_t replicas, const LString& pool_name,
                                  const std::vector<LString>& pinned) {
  std::vector<size_t> candidates;
  if (!pinned.empty()) {
    for (const LString& name : pinned) {
      for (size_t i = 0; i < m.nodes.size(); ++i) {
        if (m.nodes[i].name == name.value) candidates.push_back(i);
      }
    }
  } else {
    for (const PoolModel& pool : m.pools) {
      if (pool.spec->name.value != pool_name.value) continue;
      for (size_t i = 0; i < pool.node_count; ++i) candidates.push_back(pool.first_node + i);
    }
  }
  std::vector<size_t> placement;
  if (candidates.empty()) return placement;
  for (int64_t i = 0; i < replicas; ++i) {
    placement.push_back(candidates[static_cast<size_t>(i) % candidates.size()]);
  }
  return placement;
}

struct Attempt {
  double probability;
  PathResult path;
};

// Folds the paths the server may take (each with its probability) into one verdict.
TargetVerdict Fold(const ClusterModel& m, std::vector<Attempt> attempts, uint16_t port,
                   bool tunnel_down_everywhere, const CheckReport& report) {
  TargetVerdict v;
  if (tunnel_down_everywhere) {
    v.no_agent = true;
    v.cause_text = std::string(konnectivity::kNoAgentError);
    // Why no agent is up: the first agent's blocker.
    for (const AgentStatus& agent : report.agents) {
      if (const Hop* hop = agent.path.first_block()) {
        v.blockers.push_back(*hop);
        v.remedy = RemedyFor(m, *hop, konnectivity::EndpointOf(m.tunnel_kind).port, true);
        break;
      }
    }
    return v;
  }
  for (const Attempt& a : attempts) {
    if (a.path.ok()) {
      v.probability += a.probability;
      continue;
    }
    const Hop* hop = a.path.first_block();
    if (hop->outcome == HopOutcome::kUncertain) v.uncertain = true;
    bool seen = false;
    for (const Hop& b : v.blockers)
      seen = seen || (b.where == hop->where && b.decided_by == hop->decided_by);
    if (!seen) v.blockers.push_back(*hop);
    if (v.cause_text.empty()) {
      v.cause_text = a.path.ClientError();
      v.remedy = RemedyFor(m, *hop, port, false);
    }
  }
  if (v.probability > 0.999999) v.probability = 1.0;
  return v;
}

}  // namespace

std::string_view OperationName(Operation op) {
  switch (op) {
    case Operation::kLogs:
      return "logs";
    case Operation::kExec:
      return "exec";
    case Operation::kPortForward:
      return "port-forward";
    case Operation::kAdmission:
      return "admission";
  }
  return "?";
}

std::string CheckReport::KubectlError(Operation op, const PodResult& pod,
                                      const TargetVerdict& v) const {
  const NodeModel& node = model->nodes[pod.node];
  switch (op) {
    case Operation::kLogs:
      return fmt::format("Error from server: Get \"https://{}:10250/containerLogs/{}/{}/{}\": {}",
                         node.name, pod.namespace_, pod.name, pod.container, v.cause_text);
    case Operation::kExec:
      return fmt::format("Error from server: error dialing backend: {}", v.cause_text);
    case Operation::kPortForward:
      return fmt::format("error: error upgrading connection: error dialing backend: {}",
                         v.cause_text);
    case Operation::kAdmission:
      break;
  }
  return v.cause_text;
}

std::string CheckReport::AdmissionError(const WebhookResult& w) const {
  return fmt::format(
      "Error from server (InternalError): Internal error occurred: failed calling webhook "
      "\"{}\": failed to call webhook: Post \"https://{}.{}.svc:443/?timeout=10s\": {}",
      w.spec->name.value, w.spec->service.value, w.spec->namespace_.value, w.verdict.cause_text);
}

bool CheckReport::AllWork() const {
  for (const WorkloadResult& w : workloads) {
    for (const PodResult& pod : w.pods) {
      if (!kubelet[pod.node].works()) return false;
    }
  }
  for (const WebhookResult& w : webhooks) {
    if (!w.verdict.works()) return false;
  }
  return true;
}

CheckReport RunCheck(const ClusterModel& m) {
  CheckReport report;
  report.model = &m;
  const Scenario& s = *m.scenario;
  report.direct = s.cluster.api_server.access.value == "vnetIntegration";

  std::vector<konnectivity::Agent> agents;
  bool any_up = false;
  for (const AgentModel& agent : m.agents) {
    AgentStatus status{agent.node, agent.pod_name, TunnelPath(m, agent.node)};
    konnectivity::Agent a;
    a.node_address = m.nodes[agent.node].address;
    a.connected = status.up();
    a.advertises_node_ip = s.cluster.tunnel.agent.advertise_node_ip.value;
    any_up = any_up || a.connected;
    agents.push_back(a);
    report.agents.push_back(std::move(status));
  }
  std::vector<konnectivity::ProxyStrategy> strategies = m.strategies;
  if (m.tunnel_kind != konnectivity::TunnelKind::kKonnectivity) {
    strategies = {konnectivity::ProxyStrategy::kDefault};  // one tunnel pod carries everything
  }
  Ipv4Address api_source = m.api_address.value_or(Ipv4Address());

  // Nodes a dial cannot tell apart (engine/topology/dial_classes.h): once the dial from an
  // agent's node to one member of a class passed every filter, it passes to every member, so
  // the others need no evaluation. Only passes are reused: a failing dial is evaluated in full
  // for its node, whose name and address the report prints.
  DialClasses classes = DialClasses::Build(m);
  std::set<std::tuple<size_t, uint32_t, uint16_t>> passes;
  auto dial = [&](size_t from, size_t node, Ipv4Address dst, uint16_t port, bool to_pod) {
    bool reusable = !to_pod && from != node && dst == m.nodes[node].address;
    auto key = std::make_tuple(from, classes.of(node), port);
    if (reusable && passes.contains(key)) return PathResult();  // ok: Fold reads only ok()
    PathResult path = DialPath(m, from, node, dst, port, to_pod);
    if (reusable && path.ok()) passes.insert(key);
    return path;
  };

  // The server's choice for a dial to `host`, as (probability, path) pairs.
  auto attempts_to = [&](Ipv4Address host, size_t node, Ipv4Address dst, uint16_t port, bool to_pod,
                         double weight, std::vector<Attempt>* out) {
    if (report.direct) {
      out->push_back({weight, DirectPath(m, api_source, node, dst, port, to_pod)});
      return;
    }
    konnectivity::Selection sel = konnectivity::SelectBackend(strategies, agents, host);
    for (const auto& c : sel.candidates) {
      out->push_back(
          {weight * c.probability, dial(m.agents[c.agent].node, node, dst, port, to_pod)});
    }
  };
  bool no_tunnel = !report.direct && !any_up;

  report.kubelet.resize(m.nodes.size());
  report.kubelet_evaluated.assign(m.nodes.size(), false);
  for (const Workload& w : s.workloads) {
    WorkloadResult& result = report.workloads.emplace_back();
    result.spec = &w;
    std::vector<size_t> placement = PlaceReplicas(m, w.replicas.value, w.node_pool, w.nodes);
    for (size_t i = 0; i < placement.size(); ++i) {
      result.pods.push_back(
          {w.namespace_.value, fmt::format("{}-{}", w.name.value, i), w.name.value, placement[i]});
      size_t node = placement[i];
      if (report.kubelet_evaluated[node]) continue;
      report.kubelet_evaluated[node] = true;
      std::vector<Attempt> attempts;
      Ipv4Address address = m.nodes[node].address;
      attempts_to(address, node, address, konnectivity::kKubeletPort, false, 1.0, &attempts);
      report.kubelet[node] =
          Fold(m, std::move(attempts), konnectivity::kKubeletPort, no_tunnel, report);
    }
  }

  for (const Webhook& w : s.webhooks) {
    WebhookResult& result = report.webhooks.emplace_back();
    result.spec = &w;
    result.pod_nodes = PlaceReplicas(m, w.replicas.value, w.node_pool, w.nodes);
    std::vector<Attempt> attempts;
    std::vector<int> pods_on_node(m.nodes.size(), 0);
    uint16_t port = static_cast<uint16_t>(w.target_port.value);
    for (size_t node : result.pod_nodes) {
      // Pod addresses: the node's /24, after the addresses the bridge and system pods take.
      Ipv4Address pod_ip(m.nodes[node].pod_range.network().value() + 10 +
                         uint32_t(pods_on_node[node]++));
      // The API server dials the service; kube-proxy on the agent's node picks an endpoint.
      attempts_to(pod_ip, node, pod_ip, port, true,
                  1.0 / static_cast<double>(result.pod_nodes.size()), &attempts);
    }
    if (result.pod_nodes.empty()) {
      result.verdict.cause_text = "no endpoints available for service \"" + w.service.value + "\"";
    } else {
      result.verdict = Fold(m, std::move(attempts), port, no_tunnel, report);
    }
  }
  return report;
}

}  // namespace tunnelsim
