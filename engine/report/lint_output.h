// Renders lint findings: compiler-style lines (file:line:col: severity: [id] message) that
// editors and CI annotators understand, JSON (schema tunnelsim.lint/v1, docs/lint.md), and
// SARIF 2.1.0.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/lint/lint.h"

namespace tunnelsim {

std::string FormatLintText(const std::vector<LintFinding>& findings);
std::string FormatLintJson(const std::vector<LintFinding>& findings);
std::string FormatLintSarif(const std::vector<LintFinding>& findings,
                            std::string_view tool_version);

}  // namespace tunnelsim
