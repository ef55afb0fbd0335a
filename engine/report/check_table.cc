#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "engine/report/check_output.h"

namespace tunnelsim {
namespace {

std::string Percent(double p) { return fmt::format("{:.0f}%", p * 100.0); }

std::string NodeList(const ClusterModel& m, const std::vector<size_t>& nodes) {
  std::string out;
  size_t shown = std::min<size_t>(nodes.size(), 4);
  for (size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + m.nodes[nodes[i]].name;
  if (nodes.size() > shown) out += fmt::format(" and {} more", nodes.size() - shown);
  return out;
}

std::string Plural(size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

void AppendVerdictDetail(std::string& out, const TargetVerdict& v, std::string_view indent) {
  for (const Hop& hop : v.blockers) {
    out += fmt::format("{}blocked at {} by {}\n", indent, hop.where_class, hop.decided_by);
  }
  if (v.uncertain) {
    out += fmt::format(
        "{}uncertain: a rule the model cannot evaluate decides; verify on the "
        "node\n",
        indent);
  }
  if (!v.remedy.summary.empty()) {
    out += fmt::format("{}{}{}\n", indent,
                       v.remedy.cause
                           ? fmt::format("Cause {}, {}: ", v.remedy.cause, v.remedy.solution)
                           : std::string(),
                       v.remedy.summary);
    out += fmt::format("{}fix: {}\n", indent, v.remedy.action);
  }
}

// Pods of one workload that share a verdict.
struct Group {
  const TargetVerdict* verdict = nullptr;
  std::vector<const PodResult*> pods;
  std::vector<size_t> nodes;
};

std::string GroupKey(const TargetVerdict& v) {
  std::string key = fmt::format("{:.6f}|{}|{}", v.probability, v.uncertain, v.no_agent);
  for (const Hop& hop : v.blockers) key += "|" + hop.where_class + "|" + hop.decided_by;
  return key;
}

}  // namespace

std::string FormatCheckTable(const CheckReport& r, bool details) {
  const ClusterModel& m = *r.model;
  const Scenario& s = *m.scenario;
  std::string out;
  auto endpoint = konnectivity::EndpointOf(m.tunnel_kind);
  out +=
      fmt::format("Scenario {}: {} in {}\n", s.metadata.name.value,
                  Plural(m.nodes.size(), "node", "nodes"), Plural(m.pools.size(), "pool", "pools"));
  if (r.direct) {
    out += "API Server VNet Integration: the API server reaches nodes directly, no tunnel\n";
  } else {
    std::string strategies;
    for (auto st : m.strategies) {
      strategies +=
          (strategies.empty() ? "" : ",") + std::string(konnectivity::ProxyStrategyName(st));
    }
    out += fmt::format("Tunnel {} to {}:{}/{}; {}; proxy strategies {}\n",
                       konnectivity::TunnelKindName(m.tunnel_kind),
                       m.api_address ? m.api_address->ToString() : "?", endpoint.port,
                       ProtocolName(endpoint.protocol), Plural(r.agents.size(), "agent", "agents"),
                       strategies);
    out += fmt::format("  replicas: {}\n", m.agent_count_source);
    for (const AgentStatus& a : r.agents) {
      const NodeModel& node = m.nodes[a.node];
      if (a.up()) {
        out += fmt::format("  {} on {} ({}): up\n", a.pod, node.name, node.address.ToString());
      } else {
        const Hop* hop = a.path.first_block();
        out +=
            fmt::format("  {} on {} ({}): DOWN, {}\n    blocked at {} by {}\n", a.pod, node.name,
                        node.address.ToString(), a.path.ClientError(), hop->where, hop->decided_by);
      }
    }
  }

  size_t failing_pods = 0, partial_pods = 0, total_pods = 0;
  out += "\nlogs, exec, port-forward\n";
  if (r.workloads.empty()) out += "  (no workloads in the scenario)\n";
  for (const WorkloadResult& w : r.workloads) {
    std::map<std::string, Group> groups;
    std::vector<std::string> order;
    std::map<size_t, bool> nodes_seen;
    for (const PodResult& pod : w.pods) {
      const TargetVerdict& v = r.kubelet[pod.node];
      std::string key = GroupKey(v);
      auto [it, fresh] = groups.try_emplace(key);
      if (fresh) {
        order.push_back(key);
        it->second.verdict = &v;
      }
      it->second.pods.push_back(&pod);
      if (std::find(it->second.nodes.begin(), it->second.nodes.end(), pod.node) ==
          it->second.nodes.end()) {
        it->second.nodes.push_back(pod.node);
      }
      nodes_seen[pod.node] = true;
      ++total_pods;
      if (v.probability <= 0)
        ++failing_pods;
      else if (!v.works())
        ++partial_pods;
    }
    out += fmt::format("  {}/{} ({} on {})\n", w.spec->namespace_.value, w.spec->name.value,
                       Plural(w.pods.size(), "pod", "pods"),
                       Plural(nodes_seen.size(), "node", "nodes"));
    for (const std::string& key : order) {
      const Group& g = groups[key];
      const TargetVerdict& v = *g.verdict;
      std::string who = fmt::format("{} on {}: {}", Plural(g.pods.size(), "pod", "pods"),
                                    Plural(g.nodes.size(), "node", "nodes"), NodeList(m, g.nodes));
      if (v.works()) {
        out += fmt::format("    works for {}\n", who);
        continue;
      }
      if (v.probability > 0) {
        out += fmt::format("    works with probability {} for {}\n", Percent(v.probability), who);
        out += fmt::format("      otherwise: {}\n", v.cause_text);
      } else {
        out += fmt::format("    FAILS for {}\n", who);
        const PodResult& example = *g.pods.front();
        for (Operation op : {Operation::kLogs, Operation::kExec, Operation::kPortForward}) {
          out += fmt::format("      kubectl {}: {}\n", OperationName(op),
                             r.KubectlError(op, example, v));
        }
      }
      AppendVerdictDetail(out, v, "      ");
      if (details) {
        for (const PodResult* pod : g.pods) {
          out += fmt::format("      - {}/{} on {} ({})\n", pod->namespace_, pod->name,
                             m.nodes[pod->node].name, m.nodes[pod->node].address.ToString());
        }
      }
    }
  }

  size_t failing_webhooks = 0;
  out += "\nadmission webhooks\n";
  if (r.webhooks.empty()) out += "  (no webhooks in the scenario)\n";
  for (const WebhookResult& w : r.webhooks) {
    const TargetVerdict& v = w.verdict;
    std::string head =
        fmt::format("  {} (service {}/{}, {}, failurePolicy {})", w.spec->name.value,
                    w.spec->namespace_.value, w.spec->service.value,
                    Plural(w.pod_nodes.size(), "pod", "pods"), w.spec->failure_policy.value);
    if (v.works()) {
      out += head + ": works\n";
      continue;
    }
    ++failing_webhooks;
    bool fail_closed = w.spec->failure_policy.value == "Fail";
    out += head + (v.probability > 0
                       ? fmt::format(": works with probability {}\n", Percent(v.probability))
                       : std::string(": FAILS\n"));
    out += fmt::format("    {}: {}\n",
                       fail_closed ? "requests it guards are rejected"
                                   : "the call fails and admission proceeds without it",
                       r.AdmissionError(w));
    AppendVerdictDetail(out, v, "    ");
  }

  out += fmt::format(
      "\nSummary: {} of {} pods fail logs/exec/port-forward, {} work only by "
      "chance; {} of {} webhooks fail or work only by chance\n",
      failing_pods, total_pods, partial_pods, failing_webhooks, r.webhooks.size());
  return out;
}

}  // namespace tunnelsim
