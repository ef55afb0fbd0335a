#include <nlohmann/json.hpp>

#include "engine/report/check_output.h"

namespace tunnelsim {
namespace {

using nlohmann::ordered_json;

ordered_json HopJson(const Hop& hop) {
  return {{"where", hop.where},
          {"outcome", HopOutcomeName(hop.outcome)},
          {"decidedBy", hop.decided_by},
          {"reply", hop.is_reply}};
}

ordered_json VerdictJson(const TargetVerdict& v) {
  ordered_json j = {{"works", v.works()},
                    {"probability", v.probability},
                    {"uncertain", v.uncertain},
                    {"noAgent", v.no_agent}};
  if (!v.works()) {
    j["cause"] = v.cause_text;
    j["blockers"] = ordered_json::array();
    for (const Hop& hop : v.blockers) j["blockers"].push_back(HopJson(hop));
    if (!v.remedy.summary.empty()) {
      j["remedy"] = {{"articleCause", v.remedy.cause},
                     {"solution", v.remedy.solution},
                     {"summary", v.remedy.summary},
                     {"action", v.remedy.action}};
    }
  }
  return j;
}

}  // namespace

std::string FormatCheckJson(const CheckReport& r) {
  const ClusterModel& m = *r.model;
  ordered_json j;
  j["schema"] = "tunnelsim.check/v1";
  j["scenario"] = m.scenario->metadata.name.value;
  j["tunnel"] = {{"kind", konnectivity::TunnelKindName(m.tunnel_kind)}, {"direct", r.direct}};
  j["agents"] = ordered_json::array();
  for (const AgentStatus& a : r.agents) {
    ordered_json agent = {{"pod", a.pod},
                          {"node", m.nodes[a.node].name},
                          {"address", m.nodes[a.node].address.ToString()},
                          {"up", a.up()}};
    if (!a.up()) {
      agent["error"] = a.path.ClientError();
      agent["blockedAt"] = HopJson(*a.path.first_block());
    }
    j["agents"].push_back(agent);
  }
  j["operations"] = ordered_json::array();
  size_t failing = 0;
  for (const WorkloadResult& w : r.workloads) {
    for (const PodResult& pod : w.pods) {
      const TargetVerdict& v = r.kubelet[pod.node];
      for (Operation op : {Operation::kLogs, Operation::kExec, Operation::kPortForward}) {
        ordered_json entry = {{"operation", OperationName(op)},
                              {"namespace", pod.namespace_},
                              {"pod", pod.name},
                              {"node", m.nodes[pod.node].name}};
        entry.update(VerdictJson(v));
        if (!v.works()) {
          entry["error"] = r.KubectlError(op, pod, v);
          ++failing;
        }
        j["operations"].push_back(std::move(entry));
      }
    }
  }
  j["webhooks"] = ordered_json::array();
  for (const WebhookResult& w : r.webhooks) {
    ordered_json entry = {{"name", w.spec->name.value},
                          {"service", w.spec->namespace_.value + "/" + w.spec->service.value},
                          {"failurePolicy", w.spec->failure_policy.value}};
    entry.update(VerdictJson(w.verdict));
    if (!w.verdict.works()) {
      entry["error"] = r.AdmissionError(w);
      ++failing;
    }
    j["webhooks"].push_back(std::move(entry));
  }
  j["summary"] = {{"allWork", r.AllWork()}, {"failingEntries", failing}};
  return j.dump(2) + "\n";
}

}  // namespace tunnelsim
