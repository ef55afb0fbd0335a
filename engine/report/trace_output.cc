#include "engine/report/trace_output.h"

#include <fmt/format.h>

#include "engine/reachability/remedy.h"

namespace tunnelsim {
namespace {

std::string Verdict(const Hop& hop) {
  if (hop.outcome == HopOutcome::kPass) return "pass";
  std::string word = hop.outcome == HopOutcome::kDrop     ? "DROP"
                     : hop.outcome == HopOutcome::kReject ? "REJECT"
                                                          : "UNCERTAIN";
  return hop.reached ? word : word + " (not reached)";
}

void AppendVerify(std::string& out, const ClusterModel& m, size_t from, size_t to, uint16_t port) {
  out += "\nConfirm on the cluster (the article's checks):\n";
  out += "  " + VerifyNcCommand(m, from, m.nodes[to].address.ToString(), port) + "\n";
  out += "  " + VerifyUfwCommand(m, to) + "\n";
  out += "  " + VerifyIptablesCommand(m, to) + "\n";
}

std::string Percent(double p) { return fmt::format("{:.0f}%", p * 100.0); }

}  // namespace

std::string FormatPath(const PathResult& path, std::string_view indent) {
  std::string out;
  size_t width = 0;
  for (const Hop& hop : path.hops) width = std::max(width, hop.where.size());
  for (const Hop& hop : path.hops) {
    out += fmt::format("{}{:<18} {:<{}}  {}\n", indent, Verdict(hop), hop.where, width,
                       hop.decided_by);
  }
  return out;
}

Result<std::string> FormatOperationTrace(const CheckReport& r, const TraceRequest& request) {
  const ClusterModel& m = *r.model;
  size_t target = 0;
  Ipv4Address address;
  uint16_t port = konnectivity::kKubeletPort;
  std::string title;
  if (request.operation == Operation::kAdmission) {
    const WebhookResult* found = nullptr;
    for (const WebhookResult& w : r.webhooks) {
      if (w.spec->name.value == request.webhook) found = &w;
    }
    if (!found) return Status::NotFound(fmt::format("no webhook named '{}'", request.webhook));
    if (found->pod_nodes.empty()) {
      return Status::NotFound(fmt::format("webhook '{}' has no pods", request.webhook));
    }
    target = found->pod_nodes.front();
    address = Ipv4Address(m.nodes[target].pod_range.network().value() + 10);
    port = static_cast<uint16_t>(found->spec->target_port.value);
    title = fmt::format("admission call to webhook {} (first endpoint {}:{} on {})",
                        request.webhook, address.ToString(), port, m.nodes[target].name);
  } else {
    const PodResult* found = nullptr;
    for (const WorkloadResult& w : r.workloads) {
      for (const PodResult& pod : w.pods) {
        if (pod.namespace_ + "/" + pod.name == request.pod) found = &pod;
      }
    }
    if (!found) {
      return Status::NotFound(fmt::format(
          "no pod '{}'; pods are named <namespace>/<workload>-<index>, e.g. default/web-0",
          request.pod));
    }
    target = found->node;
    address = m.nodes[target].address;
    title = fmt::format("kubectl {} {} (kubelet {}:{} on {})", OperationName(request.operation),
                        request.pod, address.ToString(), port, m.nodes[target].name);
  }
  bool to_pod = request.operation == Operation::kAdmission;
  std::string out = "Trace: " + title + "\n";
  if (r.direct) {
    out += "API Server VNet Integration: the API server dials the target itself\n";
    PathResult p =
        DirectPath(m, m.api_address.value_or(Ipv4Address()), target, address, port, to_pod);
    out += fmt::format("  dial {}: {}\n", p.destination, p.ok() ? "works" : p.ClientError());
    out += FormatPath(p, "    ");
    return out;
  }
  size_t up = 0;
  for (const AgentStatus& a : r.agents) up += a.up() ? 1 : 0;
  std::string strategies;
  for (auto st : m.strategies) {
    strategies +=
        (strategies.empty() ? "" : ",") + std::string(konnectivity::ProxyStrategyName(st));
  }
  out += fmt::format(
      "The tunnel server chooses among {} connected of {} agents (proxy "
      "strategies {})\n",
      up, r.agents.size(), strategies);
  if (up == 0) out += fmt::format("  -> {}\n", konnectivity::kNoAgentError);
  for (size_t i = 0; i < r.agents.size(); ++i) {
    const AgentStatus& a = r.agents[i];
    const NodeModel& node = m.nodes[a.node];
    out += fmt::format(
        "\n[{}] {} on {} ({}){}\n", i + 1, a.pod, node.name, node.address.ToString(),
        a.up() ? fmt::format(", chosen with probability {}", Percent(1.0 / double(up))) : "");
    out += fmt::format("  tunnel to {}: {}\n", a.path.destination,
                       a.up() ? "up" : "DOWN, " + a.path.ClientError());
    out += FormatPath(a.path, "    ");
    PathResult dial = DialPath(m, a.node, target, address, port, to_pod);
    out += fmt::format("  dial {}: {}\n", dial.destination,
                       dial.ok() ? "works" : "FAILS, " + dial.ClientError());
    if (a.node == target) out += "    (the agent's own node: through lo, no NSG sees it)\n";
    out += FormatPath(dial, "    ");
  }
  if (!r.agents.empty()) AppendVerify(out, m, r.agents.front().node, target, port);
  return out;
}

std::string FormatFlowTrace(const ClusterModel& m, size_t from, size_t to, uint16_t port) {
  PathResult p = DialPath(m, from, to, m.nodes[to].address, port, false);
  std::string out =
      fmt::format("Trace: tcp {} -> {}:{} ({} -> {})\n", m.nodes[from].address.ToString(),
                  m.nodes[to].address.ToString(), port, m.nodes[from].name, m.nodes[to].name);
  out += fmt::format("  {}\n", p.ok() ? "works" : "FAILS, " + p.ClientError());
  out += FormatPath(p, "    ");
  AppendVerify(out, m, from, to, port);
  return out;
}

}  // namespace tunnelsim
