// WhatIf: a scenario before and after one or more change sets. For every operation and pod
// (logs, exec, port-forward) and every webhook (admission), the verdict before and after,
// classified so that what changed comes first: regressions (worse after), fixes (better
// after), then unchanged failures and unchanged successes. Each regression and fix names the
// change that caused it (the change after which its verdict last moved). For each NSG and host
// firewall a change touched, the flows whose verdict changes, as compact regions with one
// example flow each. When outbound or autoscaler settings change, the SNAT and CPA summary
// figures before and after.
// Cost: two check runs; with several changes and some regression or fix, one more check per
// change to attribute them (spread over all cores); plus the filter differences of the touched
// filters.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/apply/apply_change_set.h"
#include "engine/reachability/check.h"

namespace tunnelsim {

enum class ChangeClass : uint8_t { kRegression, kFix, kStillFailing, kStillWorking };
std::string_view ChangeClassName(ChangeClass c);  // "regression", "fix", ...

// One operation against one pod (or one webhook), before and after.
struct OutcomeSide {
  bool present = false;  // the pod exists on this side (scaling may add or remove pods)
  double probability = 0;
  bool uncertain = false;
  std::string node;
  std::string error;    // the kubectl / admission error when it does not always work
  std::string blocker;  // "NSG aks-subnet-nsg (subnet aks-subnet) inbound: rule ..."
  bool works() const { return present && probability >= 1.0 && !uncertain; }
};

struct OutcomeRow {
  Operation operation = Operation::kLogs;
  std::string workload;        // "default/web", or the webhook's name
  std::string target;          // "default/web-0", or the webhook's name
  bool ignore_policy = false;  // a webhook with failurePolicy Ignore: admission proceeds
  OutcomeSide before;
  OutcomeSide after;
  ChangeClass change_class = ChangeClass::kStillWorking;
  int cause = -1;  // index into WhatIfReport::changes; -1 for unchanged rows
};

// One region of flows whose verdict a change moved, in a filter.
struct FilterDeltaRow {
  std::string region;   // "Tcp * -> 10.224.0.0/16:10250"
  std::string example;  // "10.1.2.3:49152 -> 10.224.0.4:10250"
  std::string before;   // "Deny (deny-kubelet, 100)"
  std::string after;
  bool opens = false;  // denied before, allowed after
  int cause = -1;      // the change after which the example flow last changed verdict
};

struct FilterDelta {
  std::string filter;        // "NSG aks-subnet-nsg inbound", "host firewall of node pool user"
  std::vector<int> changes;  // which changes touched it
  std::vector<FilterDeltaRow> rows;
  bool exhaustive = true;  // false: a work bound cut the analysis short
};

struct SummaryFigure {
  std::string area;  // "snat", "cpa"
  std::string name;  // "peak used ports (nodepool1)"
  std::string before;
  std::string after;
};

struct WhatIfReport {
  std::string scenario_file;
  std::string scenario_name;
  std::vector<AppliedChange> changes;
  std::vector<OutcomeRow> rows;  // regressions, fixes, still failing, still working
  std::vector<FilterDelta> filters;
  std::vector<SummaryFigure> figures;
  std::vector<std::string> notes;

  size_t Count(ChangeClass c) const;
};

struct WhatIfOptions {
  bool attribute = true;  // find the change behind each regression and fix
  bool summaries = true;  // SNAT and CPA figures when outbound or autoscaler settings change
  double snat_duration_seconds = 3600;
};

// REQUIRES: `before` passed ValidateScenario. Returns nullptr (with diagnostics) when a change
// set cannot be applied.
std::unique_ptr<WhatIfReport> RunWhatIf(const Scenario& before,
                                        const std::vector<ChangeSet>& change_sets,
                                        const WhatIfOptions& options, Diagnostics* diagnostics);

}  // namespace tunnelsim
