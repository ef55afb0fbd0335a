#include "engine/report/lint_output.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/report/sarif.h"

namespace tunnelsim {

std::string FormatLintText(const std::vector<LintFinding>& findings) {
  std::string out;
  size_t counts[3] = {0, 0, 0};
  for (const LintFinding& f : findings) {
    ++counts[static_cast<int>(f.severity)];
    std::string where = f.pos.known() ? fmt::format("{}:{}:{}", f.file, f.pos.line,
                                                    f.pos.column > 0 ? f.pos.column : 1)
                                      : f.file;
    out += fmt::format("{}: {}: [{}] {}\n", where, LintSeverityName(f.severity), f.id, f.message);
  }
  out += fmt::format("{} errors, {} warnings, {} notes\n", counts[0], counts[1], counts[2]);
  return out;
}

std::string FormatLintJson(const std::vector<LintFinding>& findings) {
  nlohmann::ordered_json j;
  j["schema"] = "tunnelsim.lint/v1";
  j["findings"] = nlohmann::ordered_json::array();
  for (const LintFinding& f : findings) {
    j["findings"].push_back({{"id", f.id},
                             {"severity", LintSeverityName(f.severity)},
                             {"file", f.file},
                             {"line", f.pos.line},
                             {"column", f.pos.column},
                             {"message", f.message}});
  }
  return j.dump(2) + "\n";
}

std::string FormatLintSarif(const std::vector<LintFinding>& findings,
                            std::string_view tool_version) {
  std::vector<SarifRule> rules;
  for (const LintRule& r : LintRules()) {
    rules.push_back({r.id, r.name, r.description, std::string(LintSeverityName(r.severity))});
  }
  std::vector<SarifResult> results;
  for (const LintFinding& f : findings) {
    results.push_back({f.id, std::string(LintSeverityName(f.severity)), f.message, f.file, f.pos});
  }
  return FormatSarif(tool_version, rules, results);
}

}  // namespace tunnelsim
