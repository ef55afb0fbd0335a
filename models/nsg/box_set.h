// Five-dimensional match spaces for the shadow analysis (internal to models/nsg).
// A Box is a product of sets: a protocol bit set (evaluator.h ProtocolBit) times four sets of
// integers (destination port, destination address, source address, source port), each a
// sorted list of disjoint, non-adjacent inclusive intervals. An NSG rule's match space is
// exactly one Box, lists included: a product of unions. Subtracting one Box from another
// yields at most five disjoint Boxes, so a remaining region stays a short list of Boxes.
// Complexity: Intersects and SubtractBox are linear in the interval counts.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace tunnelsim::nsg::internal {

struct Interval {
  uint32_t lo = 0;
  uint32_t hi = 0;
  bool operator==(const Interval&) const = default;
};
using IntervalSet = std::vector<Interval>;

bool Overlaps(const IntervalSet& a, const IntervalSet& b);
IntervalSet Intersect(const IntervalSet& a, const IntervalSet& b);
IntervalSet Subtract(const IntervalSet& a, const IntervalSet& b);
// Both sets' values; touching intervals are joined ({1-2} and {3-4} give {1-4}).
IntervalSet Union(const IntervalSet& a, const IntervalSet& b);
// Whether every value of `inner` is in `outer`.
bool Contains(const IntervalSet& outer, const IntervalSet& inner);

inline constexpr int kBoxDims = 4;
enum BoxDim { kDestinationPort = 0, kDestinationAddress = 1, kSourceAddress = 2, kSourcePort = 3 };

struct Box {
  uint8_t protocols = 0;
  std::array<IntervalSet, kBoxDims> dims;

  bool Empty() const;
  bool operator==(const Box&) const = default;
};

bool Intersects(const Box& a, const Box& b);
// The points in both boxes (Empty() when they do not meet).
Box Intersection(const Box& a, const Box& b);
// Whether every point of `inner` lies in `outer`.
bool Covers(const Box& outer, const Box& inner);
// Whether the point (protocol bit, coordinates in BoxDim order) lies in `box`.
bool ContainsPoint(const Box& box, uint8_t protocol_bit, const std::array<uint32_t, kBoxDims>& p);
// Appends `a` minus `b` as disjoint, non-empty Boxes (none if `b` covers `a`, `a` itself if
// they do not meet).
void SubtractBox(const Box& a, const Box& b, std::vector<Box>* out);

}  // namespace tunnelsim::nsg::internal
