// ChangeApplier: applies one change to a scenario (internal to engine/apply). One method per
// change kind; each checks its references first and reports at the change's position in the
// change-set file. Returns false when the change cannot apply; the scenario may then be
// partly changed, so the caller applies to a copy.
#pragma once

#include <string>

#include "engine/apply/apply_change_set.h"

namespace tunnelsim {

class ChangeApplier {
 public:
  ChangeApplier(Scenario* scenario, const std::string& file, const Change& change,
                Diagnostics* diagnostics, AppliedChange* out)
      : s_(*scenario), file_(file), change_(change), d_(*diagnostics), out_(*out) {}

  bool Apply();

  // The change kinds (apply_network.cc, apply_cluster.cc).
  bool operator()(const AddSecurityRule& c);
  bool operator()(const UpdateSecurityRule& c);
  bool operator()(const PatchSecurityRule& c);
  bool operator()(const RemoveSecurityRule& c);
  bool operator()(const AddNetworkSecurityGroup& c);
  bool operator()(const AssociateNetworkSecurityGroup& c);
  bool operator()(const AddEgressRule& c);
  bool operator()(const RemoveEgressRule& c);
  bool operator()(const ConnectionPooling& c);
  bool operator()(const LoadBalancerSettings& c);
  bool operator()(const SetOutboundType& c);
  bool operator()(const SetAutoscaler& c);
  bool operator()(const SetAgentResources& c);
  bool operator()(const ScaleNodePool& c);
  bool operator()(const SetAuthorizedIpRanges& c);
  bool operator()(const SetTunnelKind& c);
  bool operator()(const Command& c);

 private:
  // Reports at `pos` (a position in the change set), or at the change when unknown.
  bool Fail(SourcePos pos, std::string message);
  NetworkSecurityGroupSpec* FindNsg(const LString& name);
  // ARM refuses two rules of one NSG with the same priority and direction.
  bool CheckPriority(const NetworkSecurityGroupSpec& nsg, const SecurityRuleSpec& rule);
  NodePool* FindPool(const LString& name);
  // The Load Balancer capacity check of the RP (reference/azure.md §3.4), after a change to
  // ports, IPs or node counts.
  bool CheckOutboundCapacity(SourcePos pos);

  Scenario& s_;
  const std::string& file_;
  const Change& change_;
  Diagnostics& d_;
  AppliedChange& out_;
};

// "'a', 'b' or 'c'" for messages that list what exists.
std::string QuotedList(const std::vector<std::string>& names);

}  // namespace tunnelsim
