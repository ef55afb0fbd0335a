#include "models/nsg/range_set.h"

#include <gtest/gtest.h>

#include "models/nsg/test_util.h"

namespace tunnelsim::nsg {
namespace {

using testing::Cidr;
using testing::Ip;

Ipv4Range R(std::string_view first, std::string_view last) { return {Ip(first), Ip(last)}; }

TEST(RangeSetTest, NormalizeSortsAndMergesOverlappingAndTouching) {
  auto out = NormalizeRanges({R("10.0.1.0", "10.0.1.255"), R("10.0.0.0", "10.0.0.255"),
                              R("10.0.5.0", "10.0.5.9"), R("10.0.5.5", "10.0.5.20")});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], R("10.0.0.0", "10.0.1.255"));
  EXPECT_EQ(out[1], R("10.0.5.0", "10.0.5.20"));
}

TEST(RangeSetTest, NormalizeHandlesTheTopOfTheSpace) {
  auto out = NormalizeRanges({R("255.255.255.0", "255.255.255.255"), Ipv4Range::All()});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], Ipv4Range::All());
}

TEST(RangeSetTest, ComplementOfNothingIsEverythingAndBack) {
  auto all = ComplementRanges({});
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0], Ipv4Range::All());
  EXPECT_TRUE(ComplementRanges(all).empty());
  auto holes = ComplementRanges(PrefixesToRanges(std::vector{Cidr("10.0.0.0/8")}));
  ASSERT_EQ(holes.size(), 2u);
  EXPECT_EQ(holes[0], R("0.0.0.0", "9.255.255.255"));
  EXPECT_EQ(holes[1], R("11.0.0.0", "255.255.255.255"));
}

TEST(RangeSetTest, SubtractLeavesTheDifference) {
  std::vector<Ipv4Range> from = {R("10.0.0.0", "10.0.0.255")};
  std::vector<Ipv4Range> remove = {R("10.0.0.16", "10.0.0.31"), R("10.0.0.200", "10.0.1.5")};
  auto out = SubtractRanges(from, remove);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], R("10.0.0.0", "10.0.0.15"));
  EXPECT_EQ(out[1], R("10.0.0.32", "10.0.0.199"));
}

TEST(RangeSetTest, ContainsUsesBothSearchStrategies) {
  std::vector<Ipv4Range> many;
  for (uint32_t i = 0; i < 20; ++i) {
    many.push_back({Ipv4Address(i * 100), Ipv4Address(i * 100 + 9)});
  }
  EXPECT_TRUE(RangesContain(many, Ipv4Address(1905)));
  EXPECT_FALSE(RangesContain(many, Ipv4Address(1915)));
  EXPECT_FALSE(RangesContain(many, Ipv4Address(5000)));
  std::span<const Ipv4Range> few(many.data(), 3);
  EXPECT_TRUE(RangesContain(few, Ipv4Address(205)));
  EXPECT_FALSE(RangesContain(few, Ipv4Address(305)));
}

TEST(RangeSetTest, PortsNormalizeAndDetectAll) {
  auto ports = NormalizePorts({{100, 200}, {0, 99}, {201, 65535}});
  EXPECT_TRUE(PortsAreAll(ports));
  auto some = NormalizePorts({{80, 80}, {443, 443}, {10000, 10005}});
  EXPECT_FALSE(PortsAreAll(some));
  EXPECT_TRUE(PortsContain(some, 10003));
  EXPECT_FALSE(PortsContain(some, 81));
}

}  // namespace
}  // namespace tunnelsim::nsg
