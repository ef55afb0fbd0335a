// Which rules two versions of an NSG share unchanged (internal to models/nsg, for the differ).
// A rule is shared when the other version has one rule of the same name (names unique on both
// sides) with the same access, default flag and resolved match (protocols, addresses, service
// tag parts, ports), and it keeps its order relative to the other shared rules: among the
// candidates, a largest set whose evaluation order agrees in both versions (a longest
// increasing subsequence) is kept; the rest moved. Priorities themselves do not matter, only
// order: renumbering every rule after an inserted one changes nothing.
// Why this is enough: a flow's first match can change only if it lies in the box of a rule
// that is not shared, since the rules sharing it appear in the same order on both sides.
// O(n log n) in the rules of the direction.
#pragma once

#include <vector>

#include "models/nsg/evaluator.h"

namespace tunnelsim::nsg::internal {

struct SharedRules {
  // Per rule of the direction, in evaluation order: true when shared. Empty for a null side.
  std::vector<bool> before;
  std::vector<bool> after;
};

SharedRules FindSharedRules(const CompiledNsg* before, const CompiledNsg* after,
                            Direction direction);

}  // namespace tunnelsim::nsg::internal
