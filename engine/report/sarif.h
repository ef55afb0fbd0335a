// A minimal SARIF 2.1.0 log writer: one run of tunnelsim with its rules and results, each result
// located at a file and, when known, a line and column. Shared by `whatif` and `lint`.
// The output validates against the SARIF 2.1.0 JSON schema (tests/schemas).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/diagnostics/diagnostics.h"

namespace tunnelsim {

struct SarifRule {
  std::string id;    // "TS1001"
  std::string name;  // "ReachabilityRegression"
  std::string short_description;
  std::string default_level;  // "error", "warning", "note"
};

struct SarifResult {
  std::string rule_id;
  std::string level;
  std::string message;
  std::string file;  // as given on the command line; empty: no location
  SourcePos pos;     // unknown: the whole file
};

std::string FormatSarif(std::string_view tool_version, const std::vector<SarifRule>& rules,
                        const std::vector<SarifResult>& results);

}  // namespace tunnelsim
