// Seed lists for the differential test: "1-260", "7", "1-50,900,1000-1009". Each seed is one
// generated case; a list is run in order and duplicates are dropped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/core/result.h"

namespace tunnelsim::differential {

Result<std::vector<uint64_t>> ParseSeeds(std::string_view text);

// The environment variable's value, or `fallback` when it is unset or empty.
std::string EnvOr(const char* name, std::string_view fallback);

}  // namespace tunnelsim::differential
