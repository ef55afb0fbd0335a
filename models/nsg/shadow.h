// Which rules of an NSG can never decide a flow (for the lint), exactly.
//
// Design note. A rule's match space is one 5-D box: protocol set x source ranges x source
// ports x destination ranges x destination ports, each factor a union of intervals (rule
// lists are unions; service tags are resolved by the CompiledNsg). For rule R, start from
// REMAINING = box(R) and walk the rules before R in evaluation order; each rule E that meets
// REMAINING takes that part (it would match those flows first) and is subtracted. A box minus
// a box is at most five disjoint boxes (box_set.h), so REMAINING stays a list of boxes and
// the arithmetic is exact: no sampling, no approximation.
//  - REMAINING empty => R is shadowed; `decided_by` lists the earlier rules that took part of
//    it (exactly the rules that would match R's flows instead).
//  - Otherwise R is reachable. For a custom rule we continue with the rules after R (default
//    rules included, which always come after custom rules): if each of them that takes part
//    of what is left has R's access, until nothing is left, then removing R changes no
//    verdict and R is redundant (e.g. a custom VNet allow next to AllowVnetInBound);
//    `decided_by` then lists those later rules.
//  - A rule whose box is empty (protocol Icmp/Esp/Ah with a port list, or a tag that resolves
//    to nothing) never matches anything: kEmpty.
// Default rules come after every custom rule, so they can be shadowed (a custom deny-all
// makes AllowVnetInBound unreachable) but never shadow a custom rule; they can make one
// redundant. Platform addresses (evaluator.h) are left out of this analysis.
// Work bound: a cheap whole-box pre-check per pair of rules of one direction (<= 1,000 rules,
// reference/azure.md §1.6, so <= 10^6 checks), plus per rule at most `max_pieces` boxes in
// REMAINING and `max_steps_per_rule` box tests. When a bound is hit, up to 80 corner points
// of the rule's box are tried as witnesses (a point no earlier rule contains proves the rule
// reachable, exactly). Otherwise the rule is reported kReachable with exhaustive = false:
// the lint then stays silent rather than wrong.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "models/nsg/evaluator.h"

namespace tunnelsim::nsg {

enum class Reachability : uint8_t { kReachable, kShadowed, kRedundant, kEmpty };

struct RuleFinding {
  Direction direction = Direction::kInbound;
  std::string_view rule_name;  // view into the CompiledNsg
  int priority = 0;
  bool is_default = false;
  Reachability reachability = Reachability::kReachable;
  // kShadowed: the earlier rules that take its flows; kRedundant: the later rules that decide
  // its flows with the same access. In evaluation order.
  std::vector<std::string_view> decided_by;
  bool exhaustive = true;  // false when a work bound stopped the analysis of this rule
};

struct ShadowOptions {
  size_t max_pieces = 512;
  size_t max_steps_per_rule = 50000;
  bool check_redundancy = true;
};

// One finding per rule, inbound rules then outbound, each in evaluation order.
std::vector<RuleFinding> AnalyzeShadowing(const CompiledNsg& nsg,
                                          const ShadowOptions& options = {});

std::string_view ToString(Reachability r);

}  // namespace tunnelsim::nsg
