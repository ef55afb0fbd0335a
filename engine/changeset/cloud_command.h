// Cloud-tool command lines of a change set (`command: az ...`, `command: kubectl ...`) read
// with each tool's own grammar and turned, at load time, into the structured changes of
// change_set.h. What a real run would refuse is refused here, with the tool's own error text
// where it is known (az's argparse messages and validators, kubectl's flag errors), at the
// file:line:column of the offending word (positions: command_context.h). Supported:
//   az network nsg rule create|update|delete   -> AddSecurityRule / PatchSecurityRule /
//                                                 RemoveSecurityRule
//   az aks update (outbound and API-server settings) -> LoadBalancerSettings, SetOutboundType,
//                                                 SetAuthorizedIpRanges, in that order
//   az aks nodepool scale                      -> ScaleNodePool
//   az vmss run-command invoke --scripts "ufw ..." / "iptables ..." on an AKS scale set
//                                              -> Command (one per script line) on that node
//   kubectl patch configmap konnectivity-agent-autoscaler -n kube-system -> SetAutoscaler
// docs/change-set-format.md lists the options and defaults. Complexity: linear in the line.
#pragma once

#include <string>
#include <vector>

#include "engine/changeset/change_set.h"
#include "engine/diagnostics/diagnostics.h"
#include "engine/scenario/limits.h"

namespace tunnelsim {

// Parses `text` (its program az or kubectl, possibly after sudo) into one or more change
// bodies appended to `out`. Returns false, after reporting every problem found to `d`, when
// the command would fail or is not supported; `out` is then unchanged.
bool ParseCloudCommand(const LString& text, const std::string& file, std::vector<ChangeBody>* out,
                       Diagnostics* d, const ScenarioLimits& limits = {});

// A whole `command:` entry: az/kubectl lines as above; ufw and iptables lines are checked
// with their models (models/ufw, models/netfilter) and kept as one Command on `node_pool` or
// `node`, one of which they need; cloud commands take neither. Any other program is an error
// that lists the supported ones. Returns false after reporting.
bool ParseCommandChange(const LString& text, const LString& node_pool, const LString& node,
                        const std::string& file, std::vector<ChangeBody>* out, Diagnostics* d,
                        const ScenarioLimits& limits = {});

}  // namespace tunnelsim
