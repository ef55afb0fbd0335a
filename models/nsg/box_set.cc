#include "models/nsg/box_set.h"

#include <algorithm>

namespace tunnelsim::nsg::internal {

bool Overlaps(const IntervalSet& a, const IntervalSet& b) {
  if (a.empty() || b.empty()) return false;
  // Hulls first: most pairs of rules are told apart here.
  if (a.front().lo > b.back().hi || b.front().lo > a.back().hi) return false;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].hi < b[j].lo) {
      ++i;
    } else if (b[j].hi < a[i].lo) {
      ++j;
    } else {
      return true;
    }
  }
  return false;
}

IntervalSet Intersect(const IntervalSet& a, const IntervalSet& b) {
  IntervalSet out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    uint32_t lo = std::max(a[i].lo, b[j].lo);
    uint32_t hi = std::min(a[i].hi, b[j].hi);
    if (lo <= hi) out.push_back({lo, hi});
    // Advance whichever ends first; it cannot meet anything further in the other list.
    if (a[i].hi < b[j].hi) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

IntervalSet Subtract(const IntervalSet& a, const IntervalSet& b) {
  IntervalSet out;
  size_t j = 0;
  for (const Interval& piece : a) {
    uint64_t next = piece.lo;  // lowest value of `piece` not yet emitted or removed
    while (j < b.size() && b[j].hi < piece.lo) ++j;
    for (size_t k = j; k < b.size() && b[k].lo <= piece.hi; ++k) {
      if (b[k].lo > next) out.push_back({static_cast<uint32_t>(next), b[k].lo - 1});
      next = std::max<uint64_t>(next, uint64_t{b[k].hi} + 1);
    }
    if (next <= piece.hi) out.push_back({static_cast<uint32_t>(next), piece.hi});
  }
  return out;
}

IntervalSet Union(const IntervalSet& a, const IntervalSet& b) {
  IntervalSet out;
  out.reserve(a.size() + b.size());
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const Interval& next =
        (j == b.size() || (i < a.size() && a[i].lo <= b[j].lo)) ? a[i++] : b[j++];
    // Join when `next` starts at or right after the last interval's end (64 bits: no wrap).
    if (!out.empty() && uint64_t{next.lo} <= uint64_t{out.back().hi} + 1) {
      out.back().hi = std::max(out.back().hi, next.hi);
    } else {
      out.push_back(next);
    }
  }
  return out;
}

bool Contains(const IntervalSet& outer, const IntervalSet& inner) {
  size_t j = 0;
  for (const Interval& piece : inner) {
    uint64_t next = piece.lo;  // lowest value of `piece` not yet known to be in `outer`
    while (j < outer.size() && outer[j].hi < piece.lo) ++j;
    // Touching intervals of `outer` (not normalized by every producer) cover a piece jointly.
    for (size_t k = j; k < outer.size() && outer[k].lo <= next && next <= piece.hi; ++k) {
      next = std::max<uint64_t>(next, uint64_t{outer[k].hi} + 1);
    }
    if (next <= piece.hi) return false;
  }
  return true;
}

bool Box::Empty() const {
  if (protocols == 0) return true;
  return std::any_of(dims.begin(), dims.end(), [](const IntervalSet& s) { return s.empty(); });
}

bool Intersects(const Box& a, const Box& b) {
  if ((a.protocols & b.protocols) == 0) return false;
  for (int d = 0; d < kBoxDims; ++d) {
    if (!Overlaps(a.dims[d], b.dims[d])) return false;
  }
  return true;
}

Box Intersection(const Box& a, const Box& b) {
  Box out;
  out.protocols = a.protocols & b.protocols;
  for (int d = 0; d < kBoxDims; ++d) out.dims[d] = Intersect(a.dims[d], b.dims[d]);
  return out;
}

bool Covers(const Box& outer, const Box& inner) {
  if ((inner.protocols & ~outer.protocols) != 0) return false;
  for (int d = 0; d < kBoxDims; ++d) {
    if (!Contains(outer.dims[d], inner.dims[d])) return false;
  }
  return true;
}

bool ContainsPoint(const Box& box, uint8_t protocol_bit, const std::array<uint32_t, kBoxDims>& p) {
  if ((box.protocols & protocol_bit) == 0) return false;
  for (int d = 0; d < kBoxDims; ++d) {
    const IntervalSet& s = box.dims[d];
    auto it = std::upper_bound(s.begin(), s.end(), p[d],
                               [](uint32_t v, const Interval& i) { return v < i.lo; });
    if (it == s.begin() || std::prev(it)->hi < p[d]) return false;
  }
  return true;
}

void SubtractBox(const Box& a, const Box& b, std::vector<Box>* out) {
  if (!Intersects(a, b)) {
    if (!a.Empty()) out->push_back(a);
    return;
  }
  // a \ b = (protocols only in a) x rest
  //       U for each dim d: shared protocols x (a∩b in dims < d) x (a\b in d) x (a in dims > d)
  if (uint8_t only_a = a.protocols & ~b.protocols; only_a != 0) {
    Box piece = a;
    piece.protocols = only_a;
    out->push_back(std::move(piece));
  }
  Box prefix = a;  // dims before d narrowed to a∩b
  prefix.protocols = a.protocols & b.protocols;
  for (int d = 0; d < kBoxDims; ++d) {
    IntervalSet outside = Subtract(a.dims[d], b.dims[d]);
    if (!outside.empty()) {
      Box piece = prefix;
      piece.dims[d] = std::move(outside);
      out->push_back(std::move(piece));
    }
    prefix.dims[d] = Intersect(a.dims[d], b.dims[d]);
  }
}

}  // namespace tunnelsim::nsg::internal
