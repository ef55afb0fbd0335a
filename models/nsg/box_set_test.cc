#include "models/nsg/box_set.h"

#include <random>

#include <gtest/gtest.h>

namespace tunnelsim::nsg::internal {
namespace {

TEST(IntervalSetTest, OverlapsIntersectSubtract) {
  IntervalSet a = {{0, 10}, {20, 30}};
  IntervalSet b = {{5, 22}};
  EXPECT_TRUE(Overlaps(a, b));
  EXPECT_FALSE(Overlaps(a, IntervalSet{{11, 19}}));
  EXPECT_FALSE(Overlaps(a, IntervalSet{}));
  EXPECT_EQ(Intersect(a, b), (IntervalSet{{5, 10}, {20, 22}}));
  EXPECT_EQ(Subtract(a, b), (IntervalSet{{0, 4}, {23, 30}}));
  EXPECT_EQ(Subtract(b, a), (IntervalSet{{11, 19}}));
  EXPECT_TRUE(Subtract(a, IntervalSet{{0, 30}}).empty());
  IntervalSet top = {{0xfffffff0u, 0xffffffffu}};
  EXPECT_EQ(Subtract(top, IntervalSet{{0xfffffff8u, 0xffffffffu}}),
            (IntervalSet{{0xfffffff0u, 0xfffffff7u}}));
  EXPECT_EQ(Subtract(IntervalSet{{0, 0xffffffffu}}, IntervalSet{{0, 0}}),
            (IntervalSet{{1, 0xffffffffu}}));
}

// Random boxes over a tiny universe (3 protocols x 8^4 points), checked point by point.
IntervalSet RandomSet(std::mt19937& rng) {
  IntervalSet s;
  uint32_t next = 0;
  while (next < 8) {
    uint32_t lo = next + rng() % 3;
    if (lo > 7) break;
    uint32_t hi = std::min<uint32_t>(7, lo + rng() % 3);
    s.push_back({lo, hi});
    next = hi + 2;  // keep intervals non-adjacent
  }
  return s;
}

Box RandomBox(std::mt19937& rng) {
  Box b;
  b.protocols = static_cast<uint8_t>(rng() % 8);
  for (auto& d : b.dims) d = RandomSet(rng);
  return b;
}

bool Contains(const IntervalSet& s, uint32_t v) {
  for (const Interval& i : s) {
    if (i.lo <= v && v <= i.hi) return true;
  }
  return false;
}

bool Contains(const Box& b, int protocol, const std::array<uint32_t, 4>& p) {
  if ((b.protocols & (1 << protocol)) == 0) return false;
  for (int d = 0; d < kBoxDims; ++d) {
    if (!Contains(b.dims[d], p[d])) return false;
  }
  return true;
}

TEST(BoxTest, SubtractIsExactAndDisjointOnRandomBoxes) {
  std::mt19937 rng(20250101);
  for (int trial = 0; trial < 300; ++trial) {
    Box a = RandomBox(rng);
    Box b = RandomBox(rng);
    std::vector<Box> pieces;
    SubtractBox(a, b, &pieces);
    EXPECT_LE(pieces.size(), 5u);
    for (const Box& piece : pieces) EXPECT_FALSE(piece.Empty());
    for (int proto = 0; proto < 3; ++proto) {
      for (uint32_t i = 0; i < 8 * 8 * 8 * 8; ++i) {
        std::array<uint32_t, 4> p = {i & 7, (i >> 3) & 7, (i >> 6) & 7, (i >> 9) & 7};
        bool want = Contains(a, proto, p) && !Contains(b, proto, p);
        int hits = 0;
        for (const Box& piece : pieces) hits += Contains(piece, proto, p) ? 1 : 0;
        ASSERT_EQ(hits, want ? 1 : 0) << "trial " << trial;
      }
    }
    bool meet = false;
    for (int proto = 0; proto < 3 && !meet; ++proto) {
      for (uint32_t i = 0; i < 4096 && !meet; ++i) {
        std::array<uint32_t, 4> p = {i & 7, (i >> 3) & 7, (i >> 6) & 7, (i >> 9) & 7};
        meet = Contains(a, proto, p) && Contains(b, proto, p);
      }
    }
    EXPECT_EQ(Intersects(a, b), meet) << "trial " << trial;
  }
}

TEST(IntervalSetTest, UnionJoinsTouchingIntervalsContainsAcceptsSeamsBoxesCover) {
  EXPECT_EQ(Union({{1, 2}, {8, 9}}, {{3, 4}, {6, 6}}), (IntervalSet{{1, 4}, {6, 6}, {8, 9}}));
  EXPECT_EQ(Union({{0, 0xffffffffu}}, {{5, 5}}), (IntervalSet{{0, 0xffffffffu}}));
  EXPECT_TRUE(Contains(IntervalSet{{1, 4}, {5, 9}}, IntervalSet{{3, 7}}));  // across a seam
  EXPECT_FALSE(Contains(IntervalSet{{1, 4}, {6, 9}}, IntervalSet{{3, 7}}));
  EXPECT_TRUE(Contains(IntervalSet{{1, 9}}, IntervalSet{}));
  Box outer{1 | 2, {IntervalSet{{0, 100}}, {{0, 9}}, {{0, 9}}, {{0, 9}}}};
  Box inner{2, {IntervalSet{{10, 20}}, {{1, 1}}, {{2, 3}}, {{9, 9}}}};
  EXPECT_TRUE(Covers(outer, inner));
  inner.protocols = 4;
  EXPECT_FALSE(Covers(outer, inner));
  EXPECT_TRUE(Intersection(outer, inner).Empty());
  inner.protocols = 3;
  EXPECT_EQ(Intersection(outer, inner), inner);
}

}  // namespace
}  // namespace tunnelsim::nsg::internal
