#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "engine/report/whatif_output.h"

namespace tunnelsim {

std::string VerdictWord(const OutcomeSide& side) {
  if (!side.present) return "absent";
  if (side.uncertain) return "uncertain";
  if (side.probability >= 1.0) return "works";
  if (side.probability <= 0.0) return "FAILS";
  return fmt::format("works {:.0f}%", side.probability * 100);
}

std::string ChangeRef(const WhatIfReport& report, int change) {
  if (change < 0 || static_cast<size_t>(change) >= report.changes.size()) return "";
  const AppliedChange& c = report.changes[static_cast<size_t>(change)];
  return fmt::format("change {} ({}:{})", change + 1, c.file, c.pos.line);
}

std::vector<OutcomeGroup> GroupOutcomes(const WhatIfReport& report) {
  std::vector<OutcomeGroup> groups;
  std::map<std::string, size_t> index;
  for (const OutcomeRow& row : report.rows) {
    std::string key =
        fmt::format("{}|{}|{}|{}|{}|{}|{}|{}", int(row.change_class), row.workload,
                    VerdictWord(row.before), VerdictWord(row.after), row.before.blocker,
                    row.after.blocker, row.cause, row.operation == Operation::kAdmission);
    auto [it, fresh] = index.emplace(key, groups.size());
    if (fresh) {
      OutcomeGroup& g = groups.emplace_back();
      g.change_class = row.change_class;
      g.workload = row.workload;
      g.first = &row;
    }
    OutcomeGroup& g = groups[it->second];
    std::string op(OperationName(row.operation));
    if (std::find(g.operations.begin(), g.operations.end(), op) == g.operations.end()) {
      g.operations.push_back(op);
    }
    if (std::find(g.targets.begin(), g.targets.end(), row.target) == g.targets.end()) {
      g.targets.push_back(row.target);
    }
  }
  return groups;
}

namespace {

std::string Targets(const OutcomeGroup& g) {
  if (g.targets.size() == 1) return g.targets[0];
  std::string list;
  for (size_t i = 0; i < g.targets.size() && i < 6; ++i) {
    list += (i ? ", " : "") + g.targets[i];
  }
  if (g.targets.size() > 6) list += fmt::format(", ... ({} more)", g.targets.size() - 6);
  return fmt::format("{} pods: {}", g.targets.size(), list);
}

void Side(std::string* out, std::string_view label, const OutcomeSide& side) {
  *out += fmt::format("      {}: {}", label, VerdictWord(side));
  if (!side.works() && side.present && !side.blocker.empty()) {
    *out += fmt::format(" - blocked at {}", side.blocker);
  }
  *out += '\n';
  if (!side.works() && !side.error.empty()) *out += fmt::format("        {}\n", side.error);
}

}  // namespace

std::string FormatWhatIfTable(const WhatIfReport& r) {
  std::string out =
      fmt::format("What-if for scenario {} ({}): {} change{}\n", r.scenario_name, r.scenario_file,
                  r.changes.size(), r.changes.size() == 1 ? "" : "s");
  for (size_t i = 0; i < r.changes.size(); ++i) {
    const AppliedChange& c = r.changes[i];
    out += fmt::format("  {}. {}:{}: {}\n", i + 1, c.file, c.pos.line, c.description);
    if (!c.command.empty() && c.description.find(c.command) == std::string::npos) {
      out += fmt::format("     from: {}\n", c.command);
    }
  }
  out += fmt::format("\nRegressions: {}, fixes: {}, still failing: {}, still working: {}\n",
                     r.Count(ChangeClass::kRegression), r.Count(ChangeClass::kFix),
                     r.Count(ChangeClass::kStillFailing), r.Count(ChangeClass::kStillWorking));
  ChangeClass heading = ChangeClass::kStillWorking;
  bool first = true;
  for (const OutcomeGroup& g : GroupOutcomes(r)) {
    if (first || g.change_class != heading) {
      heading = g.change_class;
      first = false;
      out += fmt::format("\n{}\n", ChangeClassName(heading));
    }
    std::string ops;
    for (size_t i = 0; i < g.operations.size(); ++i) ops += (i ? ", " : "") + g.operations[i];
    out += fmt::format("  {} {} ({})", ops, g.workload, Targets(g));
    if (g.first->ignore_policy) out += " [failurePolicy Ignore: admission proceeds]";
    if (g.first->cause >= 0) out += fmt::format(" <- {}", ChangeRef(r, g.first->cause));
    out += '\n';
    if (g.change_class == ChangeClass::kStillWorking) continue;
    Side(&out, "before", g.first->before);
    Side(&out, "after", g.first->after);
  }
  if (!r.filters.empty()) out += "\nFilter changes (flows whose verdict changes)\n";
  for (const FilterDelta& f : r.filters) {
    std::string refs;
    for (int c : f.changes) refs += fmt::format("{}{}", refs.empty() ? "" : ", ", c + 1);
    out +=
        fmt::format("  {}{}{}\n", f.filter, refs.empty() ? "" : fmt::format(" (changes {})", refs),
                    f.exhaustive ? "" : " [incomplete: work bound reached]");
    for (const FilterDeltaRow& row : f.rows) {
      out += fmt::format("    {}{}\n      {} -> {}\n      e.g. {}\n", row.opens ? "OPENS " : "",
                         row.region, row.before, row.after, row.example);
    }
  }
  if (!r.figures.empty()) out += "\nSummary figures (before -> after)\n";
  for (const SummaryFigure& f : r.figures) {
    out += fmt::format("  {} {}: {} -> {}{}\n", f.area, f.name, f.before, f.after,
                       f.before == f.after ? "" : "  *");
  }
  for (const std::string& note : r.notes) out += fmt::format("note: {}\n", note);
  return out;
}

}  // namespace tunnelsim
