// The match space of a compiled NSG rule as a Box (internal to models/nsg): the one place that
// turns a CompiledRule's ranges into box_set.h's interval sets, for the shadow analysis and
// for the differ. O(entries of the rule).
#pragma once

#include <span>

#include "models/nsg/box_set.h"
#include "models/nsg/evaluator.h"

namespace tunnelsim::nsg::internal {

IntervalSet ToIntervals(std::span<const Ipv4Range> ranges);
IntervalSet ToIntervals(std::span<const PortRange> ports);

// With `source_is_platform`, the source side is only the rule's service-tag entries, which is
// all a platform address can match (evaluator.h); likewise for the destination.
Box RuleBox(const CompiledNsg& nsg, const CompiledRule& rule, bool source_is_platform = false,
            bool destination_is_platform = false);

}  // namespace tunnelsim::nsg::internal
