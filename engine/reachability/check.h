// Check: for every workload pod and webhook of a scenario, whether `kubectl logs`, `exec`,
// `port-forward` and admission calls work through the tunnel, with the probability when the
// konnectivity server's random agent choice decides, the error a user sees, the hop that
// blocks, and the article's remedy.
//
// Cost: one TunnelPath per agent, then one DialPath per (agent, node hosting pods) pair, and
// per (agent, webhook pod) pair; pods on one node share their node's verdict, so the work
// grows with agents x nodes, never with pods.
#pragma once

#include <string>
#include <vector>

#include "engine/reachability/cluster_model.h"
#include "engine/reachability/path.h"
#include "engine/reachability/remedy.h"

namespace tunnelsim {

enum class Operation : uint8_t { kLogs, kExec, kPortForward, kAdmission };
std::string_view OperationName(Operation op);  // "logs", "exec", "port-forward", "admission"

struct AgentStatus {
  size_t node = 0;
  std::string pod;
  PathResult path;  // the agent's dial to the API server
  bool up() const { return path.ok(); }
};

// How an operation fares against one target (a node's kubelet, or a webhook).
struct TargetVerdict {
  double probability = 0;     // of success, over the server's agent choice (and endpoint choice)
  bool uncertain = false;     // a host rule the model cannot evaluate decides
  bool no_agent = false;      // no tunnel is up: "No agent available"
  std::string cause_text;     // "dial tcp 10.224.0.6:10250: i/o timeout", "No agent available"
  std::vector<Hop> blockers;  // the first blocking hop of each distinct failing path
  Remedy remedy;              // for the first blocker
  bool works() const { return probability >= 1.0 && !uncertain; }
};

struct PodResult {
  std::string namespace_;
  std::string name;
  std::string container;
  size_t node = 0;
};

struct WorkloadResult {
  const Workload* spec = nullptr;
  std::vector<PodResult> pods;
};

struct WebhookResult {
  const Webhook* spec = nullptr;
  std::vector<size_t> pod_nodes;
  TargetVerdict verdict;
};

struct CheckReport {
  const ClusterModel* model = nullptr;
  std::vector<AgentStatus> agents;
  bool direct = false;  // API Server VNet Integration: no tunnel
  std::vector<WorkloadResult> workloads;
  std::vector<TargetVerdict> kubelet;  // per node; only nodes hosting pods are filled
  std::vector<bool> kubelet_evaluated;
  std::vector<WebhookResult> webhooks;

  // The error line `kubectl` prints for `op` against `pod` when it fails.
  std::string KubectlError(Operation op, const PodResult& pod, const TargetVerdict& v) const;
  std::string AdmissionError(const WebhookResult& w) const;
  // True when every operation and webhook works with certainty.
  bool AllWork() const;
};

CheckReport RunCheck(const ClusterModel& model);

}  // namespace tunnelsim
