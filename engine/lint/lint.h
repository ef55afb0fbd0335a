// Lint: static findings about a scenario's filters, each with a severity and the place in the
// scenario that causes it:
//  TS2001 error    a rule that breaks the tunnel (it blocks a path `tunnelsim check` walks);
//  TS2002 error    an NSG rule that allows Internet or any source to the kubelet (TCP 10250);
//  TS2003 error    ufw enabled on a pool without 10250 allowed from the VNet (article Cause 2);
//  TS2004 warning  an NSG rule that can never match: higher-priority rules, default rules
//                  included, take all its flows (the shadowing rules are named);
//  TS2005 warning  an iptables rule after an unconditional ACCEPT/DROP/REJECT/RETURN in the same
//                  chain, which no packet reaches;
//  TS2006 note     an NSG rule that is redundant: removing it changes no verdict;
//  TS2007 warning  an NSG rule whose match space is empty (e.g. Icmp with ports).
// Cost: the shadow analysis per NSG (models/nsg/shadow.h), one pass over each pool's own
// iptables rules, and one check run.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/reachability/cluster_model.h"

namespace tunnelsim {

enum class LintSeverity : uint8_t { kError, kWarning, kNote };
std::string_view LintSeverityName(LintSeverity s);  // "error", "warning", "note"

struct LintFinding {
  std::string id;  // "TS2004"
  LintSeverity severity = LintSeverity::kWarning;
  std::string message;
  std::string file;
  SourcePos pos;
};

struct LintRule {
  std::string id;
  std::string name;  // "ShadowedNsgRule"
  std::string description;
  LintSeverity severity;
};
const std::vector<LintRule>& LintRules();

// Findings sorted by file position, then id.
std::vector<LintFinding> RunLint(const ClusterModel& model);

}  // namespace tunnelsim
