// Leaves of the NSG differ turned into what nsg_diff.h reports (internal to models/nsg):
// merging boxes, converting a box to a FlowRegion, and picking an example flow.
// MergeBoxes is O(rounds * n log n) for n boxes; the rest is linear in a box's intervals.
#pragma once

#include <cstdint>
#include <vector>

#include "models/nsg/box_set.h"
#include "models/nsg/nsg_diff.h"

namespace tunnelsim::nsg::internal {

// REQUIRES: the boxes are disjoint. Returns boxes with the same union, merging two boxes
// whenever they are equal in every dimension but one (their union is then one box), until no
// two can merge. Deterministic for a given input order.
std::vector<Box> MergeBoxes(std::vector<Box> boxes);

// A total order on boxes (protocols, then each dimension's intervals), for sorting output.
bool BoxLess(const Box& a, const Box& b);

FlowRegion ToRegion(const Box& box);
// REQUIRES: !box.Empty(). A point of `box` chosen as nsg_diff.h's FlowDelta::example says.
Flow ExampleFlow(const Box& box);

}  // namespace tunnelsim::nsg::internal
