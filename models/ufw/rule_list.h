// Adding, inserting and deleting user rules the way ufw 0.36 does it, internal to
// models/ufw: SetRule is backend_iptables.set_rule on one list (IPv4 or IPv6), ApplyRule is
// frontend.set_rule, which runs SetRule on the IPv4 list and then on the IPv6 list and maps
// a user-visible `insert N` position onto each list. Both leave the state untouched on error.
// Complexity: linear in the number of rules.
#pragma once

#include <string>
#include <vector>

#include "models/core/result.h"
#include "models/ufw/command.h"
#include "models/ufw/state.h"

namespace tunnelsim::ufw::internal {

struct SetRuleResult {
  std::string message;     // "Rule added", "Skipping adding existing rule (v6)", ...
  bool changed = false;    // the list was modified
  bool not_found = false;  // a delete found nothing
};

// REQUIRES: rule.v6 matches the list. position: 0 appends, N > 0 inserts before entry N.
Result<SetRuleResult> SetRule(std::vector<UfwRule>& rules, const UfwRule& rule, int64_t position,
                              bool remove, bool enabled);

struct ApplyRuleResult {
  std::string output;          // one line per list touched, '\n'-joined, no final newline
  bool all_not_found = false;  // a delete matched nothing in any list
};

// Applies a parsed rule command (add, insert, prepend, delete RULE) to `state`.
Result<ApplyRuleResult> ApplyRule(State& state, const RuleCommand& command);

}  // namespace tunnelsim::ufw::internal
