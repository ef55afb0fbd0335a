// SARIF and Markdown renderings of a WhatIfReport.
#include <fmt/format.h>

#include "engine/report/sarif.h"
#include "engine/report/whatif_output.h"

namespace tunnelsim {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

std::string Pods(const OutcomeGroup& g) {
  return g.targets.size() == 1 ? g.targets[0] : fmt::format("{} pods", g.targets.size());
}

}  // namespace

std::string FormatWhatIfSarif(const WhatIfReport& r, std::string_view tool_version) {
  std::vector<SarifRule> rules = {
      {"TS1001", "ReachabilityRegression",
       "An operation through the tunnel that worked before the change fails after it", "error"},
      {"TS1002", "FilterOpensFlows", "A change lets flows through that a filter denied before",
       "warning"},
      {"TS1003", "StillFailing", "An operation fails before and after the change", "note"},
  };
  std::vector<SarifResult> results;
  for (const OutcomeGroup& g : GroupOutcomes(r)) {
    const OutcomeRow& row = *g.first;
    if (g.change_class == ChangeClass::kRegression) {
      const AppliedChange* c = row.cause >= 0 ? &r.changes[size_t(row.cause)] : nullptr;
      results.push_back(
          {"TS1001", "error",
           fmt::format("{} for {} ({}): {} before, {} after. {} Blocked at {}.", Join(g.operations),
                       g.workload, Pods(g), VerdictWord(row.before), VerdictWord(row.after),
                       row.after.error, row.after.blocker),
           c ? c->file : r.scenario_file, c ? c->pos : SourcePos{}});
    } else if (g.change_class == ChangeClass::kStillFailing) {
      results.push_back({"TS1003",
                         "note",
                         fmt::format("{} for {} ({}) fails before and after: {}",
                                     Join(g.operations), g.workload, Pods(g), row.after.error),
                         r.scenario_file,
                         {}});
    }
  }
  for (const FilterDelta& f : r.filters) {
    for (const FilterDeltaRow& row : f.rows) {
      if (!row.opens) continue;
      // The change that opened this region; for a filter several changes touched and whose
      // rows could not be traced (host firewalls), the last of them.
      int cause = row.cause >= 0 ? row.cause : (f.changes.empty() ? -1 : f.changes.back());
      const AppliedChange* c = cause >= 0 ? &r.changes[size_t(cause)] : nullptr;
      results.push_back({"TS1002", "warning",
                         fmt::format("{}: this opens {} ({} -> {}), e.g. {}", f.filter, row.region,
                                     row.before, row.after, row.example),
                         c ? c->file : r.scenario_file, c ? c->pos : SourcePos{}});
    }
  }
  return FormatSarif(tool_version, rules, results);
}

std::string FormatWhatIfMarkdown(const WhatIfReport& r) {
  std::string out = fmt::format("### tunnelsim what-if: `{}`\n\n", r.scenario_name);
  size_t regressions = r.Count(ChangeClass::kRegression);
  out += regressions > 0
             ? fmt::format(":x: **{} regression{}**", regressions, regressions == 1 ? "" : "s")
             : std::string(":white_check_mark: **no regressions**");
  out += fmt::format(" · {} fixes · {} still failing · {} still working\n\n",
                     r.Count(ChangeClass::kFix), r.Count(ChangeClass::kStillFailing),
                     r.Count(ChangeClass::kStillWorking));
  out += "| # | change |\n|---|---|\n";
  for (size_t i = 0; i < r.changes.size(); ++i) {
    out += fmt::format("| {} | `{}:{}` {} |\n", i + 1, r.changes[i].file, r.changes[i].pos.line,
                       r.changes[i].description);
  }
  bool header = false;
  for (const OutcomeGroup& g : GroupOutcomes(r)) {
    if (g.change_class == ChangeClass::kStillWorking) continue;
    if (!header) {
      out +=
          "\n| | operations | workload | pods | before | after | caused by | error after |\n"
          "|---|---|---|---|---|---|---|---|\n";
      header = true;
    }
    const OutcomeRow& row = *g.first;
    std::string icon = g.change_class == ChangeClass::kRegression ? ":x:"
                       : g.change_class == ChangeClass::kFix      ? ":white_check_mark:"
                                                                  : ":warning:";
    std::string error = row.after.works() ? "" : row.after.error;
    for (char& ch : error) ch = ch == '|' ? '/' : ch;
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", icon, Join(g.operations),
                       g.workload, Pods(g), VerdictWord(row.before), VerdictWord(row.after),
                       row.cause >= 0 ? std::to_string(row.cause + 1) : "", error);
  }
  if (!r.filters.empty()) {
    out +=
        "\n**Filter changes**\n\n| filter | flows | before | after | example |\n"
        "|---|---|---|---|---|\n";
    for (const FilterDelta& f : r.filters) {
      for (const FilterDeltaRow& row : f.rows) {
        out +=
            fmt::format("| {} | {}{} | {} | {} | {} |\n", f.filter, row.opens ? "**opens** " : "",
                        row.region, row.before, row.after, row.example);
      }
    }
  }
  if (!r.figures.empty()) {
    out += "\n**Summary figures**\n\n| area | figure | before | after |\n|---|---|---|---|\n";
    for (const SummaryFigure& f : r.figures) {
      out += fmt::format("| {} | {} | {} | {} |\n", f.area, f.name, f.before, f.after);
    }
  }
  return out;
}

}  // namespace tunnelsim
