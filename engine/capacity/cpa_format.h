// Number and label formatting shared by the cpa writers (cpa_output.cc, cpa_json.cc,
// cpa_svg.cc). Internal to engine/capacity. Every function is deterministic: no locale.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/capacity/cpa_analysis.h"

namespace tunnelsim::capacity::format {

// 1234567 -> "1,234,567".
std::string Thousands(int64_t n);
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

}  // namespace tunnelsim::capacity::format
