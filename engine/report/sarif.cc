#include "engine/report/sarif.h"

#include <functional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace tunnelsim {

std::string FormatSarif(std::string_view tool_version, const std::vector<SarifRule>& rules,
                        const std::vector<SarifResult>& results) {
  using nlohmann::ordered_json;
  ordered_json driver = {{"name", "tunnelsim"}, {"version", std::string(tool_version)}};
  driver["rules"] = ordered_json::array();
  for (const SarifRule& rule : rules) {
    driver["rules"].push_back({{"id", rule.id},
                               {"name", rule.name},
                               {"shortDescription", {{"text", rule.short_description}}},
                               {"defaultConfiguration", {{"level", rule.default_level}}}});
  }
  ordered_json out_results = ordered_json::array();
  for (const SarifResult& r : results) {
    size_t index = 0;
    while (index < rules.size() && rules[index].id != r.rule_id) ++index;
    ordered_json result = {{"ruleId", r.rule_id},
                           {"ruleIndex", index},
                           {"level", r.level},
                           {"message", {{"text", r.message}}}};
    // Code-scanning tools merge results of one rule on one line unless a fingerprint tells
    // them apart; the message names what is affected, so it identifies the result.
    result["partialFingerprints"] = {
        {"tunnelsimMessage/v1",
         fmt::format("{:016x}", std::hash<std::string>{}(r.rule_id + "\n" + r.message))}};
    if (!r.file.empty()) {
      ordered_json physical = {{"artifactLocation", {{"uri", r.file}}}};
      if (r.pos.known()) {
        physical["region"] = {{"startLine", r.pos.line},
                              {"startColumn", r.pos.column > 0 ? r.pos.column : 1}};
      }
      result["locations"] = ordered_json::array({{{"physicalLocation", physical}}});
    }
    out_results.push_back(result);
  }
  ordered_json log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                      {"version", "2.1.0"},
                      {"runs", ordered_json::array({{{"tool", {{"driver", driver}}},
                                                     {"columnKind", "unicodeCodePoints"},
                                                     {"results", out_results}}})}};
  return log.dump(2) + "\n";
}

}  // namespace tunnelsim
