// The small grammars of `tunnelsim cpa`'s arguments, parsed strictly with one-line errors that
// say what was expected:
//   node range  "FIRST..LAST" or "N"      1 <= FIRST <= LAST <= 5,000 (e.g. "1..5000")
//   core range  "FIRST..LAST" or "C"      1 <= FIRST <= LAST <= 5,000,000 cluster cores
//   node counts "N,N,..."                 each 1..5,000, at most 100; returned sorted, unique
//   duration    "90", "45s", "10m", "1h30m", "2d"   whole seconds, units d h m s in that
//                                         order, each at most once; bare digits are seconds
//   timeline    "TIME:NODES,..."          e.g. "0:10,10m:100,1h:400"; times strictly
//                                         increasing and at most 30 days, at most 1,000 points
// 5,000 is AKS's node limit per cluster (engine/scenario/limits.h); 5,000,000 cores is 5,000
// nodes of 1,000 vCPUs, beyond any Azure VM. A single value N is the range N..N. Pure;
// O(length).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "models/core/result.h"

namespace tunnelsim::capacity {

inline constexpr int64_t kMaxClusterNodes = 5000;
inline constexpr int64_t kMaxClusterCores = 5'000'000;
inline constexpr int64_t kMaxTimelineSeconds = 30 * 24 * 3600;
inline constexpr size_t kMaxNodeCounts = 100;
inline constexpr size_t kMaxTimelinePoints = 1000;

// A range of node counts or of core counts; the default is the nodes of any AKS cluster.
struct SweepRange {
  int64_t first = 1;
  int64_t last = kMaxClusterNodes;
  bool single() const { return first == last; }
  friend bool operator==(const SweepRange&, const SweepRange&) = default;
};

// From `time_seconds` on (until the next point) the cluster has `nodes` nodes.
struct TimelinePoint {
  int64_t time_seconds = 0;
  int64_t nodes = 0;
  friend bool operator==(const TimelinePoint&, const TimelinePoint&) = default;
};

Result<SweepRange> ParseNodeRange(std::string_view text);
Result<SweepRange> ParseCoreRange(std::string_view text);
Result<std::vector<int64_t>> ParseNodeCounts(std::string_view text);
Result<int64_t> ParseDurationSeconds(std::string_view text);
Result<std::vector<TimelinePoint>> ParseTimeline(std::string_view text);

}  // namespace tunnelsim::capacity
