// Number and label formatting shared by the cpa writers (cpa_output.cc, cpa_json.cc,
// cpa_svg.cc). Internal to engine/capacity. Every function is deterministic: no locale.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/capacity/cpa_analysis.h"

namespace tunnelsim::capacity::format {

// A linear configuration with a step at every node would print thousands of rows; tables
// show the first ones and point to JSON/CSV for the rest.
inline constexpr size_t kMaxStepRows = 40;

// 1234567 -> "1,234,567".
std::string Thousands(int64_t n);
// "1,000..4,999" plus suffix; one value alone when from == to.
std::string Range(int64_t from, int64_t to, std::string_view suffix = "");
// What a report sweeps: "1..5,000 nodes", "8..64 cores on 1,200 nodes", "1..5,000 nodes
// sharing 64 cores".
std::string SweepText(const CpaReport& r);
// "nodes" or "cores".
std::string_view AxisName(const CpaReport& r);
// One size as the report's sweep names it: "1,200 nodes", or "2,048 cores on 1,200 nodes".
std::string SizeText(const CpaReport& r, const CapacityFigures& f);
// Bytes as MiB with one decimal, "-3.2 MiB" when negative.
std::string Mib(int64_t bytes);
// Bytes as KiB with one decimal.
std::string Kib(int64_t bytes);
// A number with at most `decimals` decimals and no trailing zeros: 2.50 -> "2.5", 3.0 -> "3".
std::string Trimmed(double value, int decimals);
// Seconds as "0s", "45s", "10m", "1h30m", "2d3h".
std::string Duration(int64_t seconds);
// "ladder from the configmap", "AKS's default ladder (assumed)", "fixed replicas".
std::string_view SourceName(ReplicaSource source);
// The verdict of one size: "ok", "OOM kill", "no agent", or "no limit".
std::string_view Verdict(const CapacityFigures& f);
// Where OOM kills lead: "crash loop" (replicas still restarting when the window ends),
// "absorbed" (one replica lost, the others held), "recovers at once" (all restarted in the
// instant of the kills) or "recovers by 1m10s".
std::string OomVerdict(const OomOutcome& o);

}  // namespace tunnelsim::capacity::format
