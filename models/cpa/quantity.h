// Kubernetes resource quantities ("30Mi", "125Mi", "1Gi", "128M", "500k", "10m", "0.5", "2",
// "1e3") parsed exactly, without floating point, by apimachinery's rules
// (resource.ParseQuantity in k8s.io/apimachinery pkg/api/resource/quantity.go, reference
// key [qty]):
//   <sign>? <digits>[.<digits>] then one suffix: Ki Mi Gi Ti Pi Ei | n u m "" k M G T P E |
//   e<int> / E<int> ("1E" is exa, "1E3" is 1000). Like upstream, "." and a bare suffix
//   ("G") parse as 0, "1.G" is allowed, and a binary-suffixed value above 2^63-1 is capped
//   there ("8Ei" = 2^63-1 bytes).
// QuantityValue rounds up to whole units as Quantity.Value() does (bytes for memory);
// QuantityMilliValue rounds up to thousandths as MilliValue() does (millicores for CPU).
// Tunnelsim only needs amounts, so negative values are rejected, as are results beyond int64
// (where upstream would silently overflow) and more than 38 significant digits.
// Errors use upstream's words ("unable to parse quantity's suffix") plus the input.
// Complexity: O(length).
#pragma once

#include <cstdint>
#include <string_view>

#include "models/core/result.h"

namespace tunnelsim::cpa {

Result<int64_t> QuantityValue(std::string_view text);
Result<int64_t> QuantityMilliValue(std::string_view text);

// Names that say what the caller holds.
inline Result<int64_t> ParseMemoryBytes(std::string_view text) { return QuantityValue(text); }
inline Result<int64_t> ParseCpuMillicores(std::string_view text) {
  return QuantityMilliValue(text);
}

}  // namespace tunnelsim::cpa
