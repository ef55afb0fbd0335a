// The argument grammars of `tunnelsim cpa`: what they accept and their exact errors.
#include "engine/capacity/cpa_inputs.h"

#include <gtest/gtest.h>

namespace tunnelsim::capacity {
namespace {

TEST(ParseNodeRangeTest, AcceptsFirstDotDotLast) {
  EXPECT_EQ(ParseNodeRange("1..5000").value(), (SweepRange{1, 5000}));
  EXPECT_EQ(ParseNodeRange(" 10 .. 20 ").value(), (SweepRange{10, 20}));
  EXPECT_EQ(ParseNodeRange("7..7").value(), (SweepRange{7, 7}));
  EXPECT_TRUE(ParseNodeRange("7..7")->single());
  EXPECT_FALSE(ParseNodeRange("7..8")->single());
}

TEST(ParseNodeRangeTest, AcceptsOneValue) {
  EXPECT_EQ(ParseNodeRange("1200").value(), (SweepRange{1200, 1200}));
  EXPECT_EQ(ParseNodeRange(" 5 ").value(), (SweepRange{5, 5}));
  EXPECT_EQ(ParseNodeRange("5001").status().message(),
            "node count 5001 is out of range; expected 1..5000 (AKS allows at most 5000 nodes per "
            "cluster)");
}

TEST(ParseCoreRangeTest, AcceptsRangesAndOneValueWithinFiveMillionCores) {
  EXPECT_EQ(ParseCoreRange("8..64").value(), (SweepRange{8, 64}));
  EXPECT_EQ(ParseCoreRange("8800").value(), (SweepRange{8800, 8800}));
  EXPECT_EQ(ParseCoreRange("1..5000000").value(), (SweepRange{1, 5'000'000}));
  EXPECT_EQ(ParseCoreRange("1..5000001").status().message(),
            "core count 5000001 is out of range; expected 1..5000000 (5000 nodes of 1000 cores)");
  EXPECT_EQ(ParseCoreRange("64..8").status().message(),
            "core range 64..8 is reversed; expected FIRST <= LAST such as 8..64");
  EXPECT_EQ(ParseCoreRange("8-64").status().message(),
            "'8-64' is not a core count or range; expected N or FIRST..LAST such as 8..64");
  EXPECT_EQ(ParseCoreRange("x..64").status().message(),
            "core count 'x' is not a whole number; expected 1..5000000");
  EXPECT_FALSE(ParseCoreRange("0").ok());
  EXPECT_FALSE(ParseCoreRange("").ok());
}

TEST(ParseNodeRangeTest, RejectsWithPreciseMessages) {
  EXPECT_EQ(ParseNodeRange("1-5000").status().message(),
            "'1-5000' is not a node count or range; expected N or FIRST..LAST such as 1..5000");
  EXPECT_EQ(ParseNodeRange("0..10").status().message(),
            "node count 0 is out of range; expected 1..5000 (AKS allows at most 5000 nodes per "
            "cluster)");
  EXPECT_EQ(ParseNodeRange("1..5001").status().message(),
            "node count 5001 is out of range; expected 1..5000 (AKS allows at most 5000 nodes "
            "per cluster)");
  EXPECT_EQ(ParseNodeRange("10..5").status().message(),
            "node range 10..5 is reversed; expected FIRST <= LAST such as 1..5000");
  EXPECT_EQ(ParseNodeRange("a..5").status().message(),
            "node count 'a' is not a whole number; expected 1..5000");
  EXPECT_FALSE(ParseNodeRange("-1..5").ok());
  EXPECT_FALSE(ParseNodeRange("1..").ok());
  EXPECT_FALSE(ParseNodeRange("99999999999999999999..1").ok());
}

TEST(ParseNodeCountsTest, SortsAndDeduplicates) {
  EXPECT_EQ(ParseNodeCounts("500, 50,5000,50").value(), (std::vector<int64_t>{50, 500, 5000}));
  EXPECT_EQ(ParseNodeCounts("1,x").status().message(),
            "node count 'x' is not a whole number; expected 1..5000");
  EXPECT_FALSE(ParseNodeCounts("1,,2").ok());
  std::string many;
  for (int i = 1; i <= 101; ++i) many += (i > 1 ? "," : "") + std::to_string(i);
  EXPECT_EQ(ParseNodeCounts(many).status().message(), "101 node counts; expected at most 100");
}

TEST(ParseDurationSecondsTest, UnitsInOrder) {
  EXPECT_EQ(ParseDurationSeconds("0").value(), 0);
  EXPECT_EQ(ParseDurationSeconds("90").value(), 90);
  EXPECT_EQ(ParseDurationSeconds("45s").value(), 45);
  EXPECT_EQ(ParseDurationSeconds("10m").value(), 600);
  EXPECT_EQ(ParseDurationSeconds("1h30m").value(), 5400);
  EXPECT_EQ(ParseDurationSeconds("2d1s").value(), 2 * 86400 + 1);
  EXPECT_EQ(ParseDurationSeconds("30d").value(), 30 * 86400);
}

TEST(ParseDurationSecondsTest, Rejects) {
  for (const char* bad : {"", "m", "1h30", "30m1h", "1m1m", "1.5h", "-1", "1w", "1 h"}) {
    EXPECT_FALSE(ParseDurationSeconds(bad).ok()) << bad;
  }
  EXPECT_EQ(ParseDurationSeconds("1x").status().message(),
            "'1x' is not a duration; expected whole seconds or units d, h, m, s in that order, "
            "such as 90, 45s, 10m, 1h30m");
  EXPECT_EQ(ParseDurationSeconds("31d").status().message(),
            "duration '31d' is 2678400 s; expected at most 30d (2592000 s)");
}

TEST(ParseTimelineTest, PointsInOrder) {
  EXPECT_EQ(ParseTimeline("0:10,10m:100,1h:400").value(),
            (std::vector<TimelinePoint>{{0, 10}, {600, 100}, {3600, 400}}));
  EXPECT_EQ(ParseTimeline("5s:3").value(), (std::vector<TimelinePoint>{{5, 3}}));
}

TEST(ParseTimelineTest, RejectsWithThePoint) {
  EXPECT_EQ(ParseTimeline("0:10,10m").status().message(),
            "timeline point 2 '10m': expected TIME:NODES such as 10m:100");
  EXPECT_EQ(ParseTimeline("0:10,0:20").status().message(),
            "timeline point 2 '0:20': time 0 s is not after the previous point's 0 s; expected "
            "strictly increasing times");
  EXPECT_EQ(ParseTimeline("0:10,1m:0").status().message(),
            "timeline point 2 '1m:0': node count 0 is out of range; expected 1..5000 (AKS "
            "allows at most 5000 nodes per cluster)");
  EXPECT_FALSE(ParseTimeline("").ok());
  EXPECT_FALSE(ParseTimeline("1q:5").ok());
}

}  // namespace
}  // namespace tunnelsim::capacity
