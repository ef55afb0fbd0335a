// ApplyChangeSet: a change set applied to a scenario, in memory, in order (docs/change-set-
// format.md). Each change is checked the way Azure, the CLI or the node's tool would check it:
// references must exist, a priority clash is ARM's SecurityRuleConflict, outbound ports must
// fit the IPs (the RP's InvalidLoadBalancerProfileAllocatedOutboundPorts), a host command is
// replayed on the node and refused with the tool's own message. After each change the whole
// scenario is validated again; a change that makes it invalid is reported at the change's line
// in the change-set file. Input files are never touched.
// The scenario's own positions stay valid (nothing is reordered); values a change brings in
// carry the change set's positions, and AppliedChange says which file those refer to.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "engine/changeset/change_set.h"
#include "engine/diagnostics/diagnostics.h"
#include "engine/scenario/limits.h"
#include "engine/scenario/scenario.h"

namespace tunnelsim {

// What one change did, for reports: a line a reviewer reads, and what it touched, so the
// what-if knows which filters to compare and which summaries to recompute.
struct AppliedChange {
  std::string file;            // the change set
  SourcePos pos;               // the change's entry
  std::string command;         // the literal command, when the change came from one
  std::string description;     // "aks-subnet-nsg: adds rule allow-kubelet-vnet (Inbound 150 Allow)"
  std::set<std::string> nsgs;  // NSGs whose rules or associations changed (names)
  std::set<std::string> host_pools;  // pools whose host firewall changed
  bool outbound = false;             // Load Balancer, NAT gateway, egress firewall, traffic
  bool autoscaler = false;           // CPA parameters, agent resources, node counts
};

// Applies every change of `changes` to `*scenario`. Returns false, with diagnostics, at the
// first change that cannot apply; `*scenario` is then left as it was after the change before.
// REQUIRES: `*scenario` passed ValidateScenario.
bool ApplyChangeSet(const ChangeSet& changes, Scenario* scenario, Diagnostics* diagnostics,
                    std::vector<AppliedChange>* applied, const ScenarioLimits& limits = {});

}  // namespace tunnelsim
