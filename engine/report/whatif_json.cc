// JSON (tunnelsim.whatif/v1), JUnit XML and SARIF 2.1.0 renderings of a WhatIfReport.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/report/whatif_output.h"

namespace tunnelsim {
namespace {

using nlohmann::ordered_json;

ordered_json SideJson(const OutcomeSide& s) {
  ordered_json j = {{"present", s.present},
                    {"works", s.works()},
                    {"probability", s.probability},
                    {"uncertain", s.uncertain}};
  if (!s.node.empty()) j["node"] = s.node;
  if (!s.works() && s.present) {
    j["error"] = s.error;
    j["blockedAt"] = s.blocker;
  }
  return j;
}

std::string ClassKey(ChangeClass c) {
  switch (c) {
    case ChangeClass::kRegression:
      return "regression";
    case ChangeClass::kFix:
      return "fix";
    case ChangeClass::kStillFailing:
      return "stillFailing";
    case ChangeClass::kStillWorking:
      return "stillWorking";
  }
  return "";
}

}  // namespace

std::string FormatWhatIfJson(const WhatIfReport& r) {
  ordered_json j;
  j["schema"] = "tunnelsim.whatif/v1";
  j["scenario"] = {{"name", r.scenario_name}, {"file", r.scenario_file}};
  j["changes"] = ordered_json::array();
  for (const AppliedChange& c : r.changes) {
    ordered_json change = {{"file", c.file},
                           {"line", c.pos.line},
                           {"column", c.pos.column},
                           {"description", c.description}};
    if (!c.command.empty()) change["command"] = c.command;
    j["changes"].push_back(change);
  }
  j["summary"] = {{"regressions", r.Count(ChangeClass::kRegression)},
                  {"fixes", r.Count(ChangeClass::kFix)},
                  {"stillFailing", r.Count(ChangeClass::kStillFailing)},
                  {"stillWorking", r.Count(ChangeClass::kStillWorking)}};
  j["outcomes"] = ordered_json::array();
  for (const OutcomeRow& row : r.rows) {
    ordered_json o = {{"operation", OperationName(row.operation)},
                      {"workload", row.workload},
                      {"target", row.target},
                      {"class", ClassKey(row.change_class)}};
    if (row.cause >= 0) o["causedBy"] = row.cause + 1;
    if (row.operation == Operation::kAdmission) o["failurePolicyIgnore"] = row.ignore_policy;
    o["before"] = SideJson(row.before);
    o["after"] = SideJson(row.after);
    j["outcomes"].push_back(o);
  }
  j["filters"] = ordered_json::array();
  for (const FilterDelta& f : r.filters) {
    ordered_json filter = {{"filter", f.filter}, {"exhaustive", f.exhaustive}};
    filter["changes"] = ordered_json::array();
    for (int c : f.changes) filter["changes"].push_back(c + 1);
    filter["flows"] = ordered_json::array();
    for (const FilterDeltaRow& row : f.rows) {
      filter["flows"].push_back({{"region", row.region},
                                 {"example", row.example},
                                 {"before", row.before},
                                 {"after", row.after},
                                 {"opens", row.opens}});
    }
    j["filters"].push_back(filter);
  }
  j["figures"] = ordered_json::array();
  for (const SummaryFigure& f : r.figures) {
    j["figures"].push_back(
        {{"area", f.area}, {"name", f.name}, {"before", f.before}, {"after", f.after}});
  }
  return j.dump(2) + "\n";
}

namespace {

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 forbids most control characters; error texts never need them.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace

std::string FormatWhatIfJunit(const WhatIfReport& r) {
  // One suite per operation, in a fixed order; a case per target.
  std::string suites;
  size_t total = 0, failed_total = 0;
  for (Operation op :
       {Operation::kLogs, Operation::kExec, Operation::kPortForward, Operation::kAdmission}) {
    std::string cases;
    size_t tests = 0, failures = 0;
    for (const OutcomeRow& row : r.rows) {
      if (row.operation != op) continue;
      ++tests;
      cases += fmt::format("    <testcase classname=\"{}\" name=\"{} {}\"", XmlEscape(row.workload),
                           OperationName(op), XmlEscape(row.target));
      bool fails = row.after.present && !row.after.works();
      if (!fails) {
        cases += "/>\n";
        continue;
      }
      ++failures;
      std::string type = row.change_class == ChangeClass::kRegression ? "regression" : "failure";
      std::string detail = fmt::format(
          "{} ({} before, {} after){}\n{}\nblocked at: {}", ChangeClassName(row.change_class),
          VerdictWord(row.before), VerdictWord(row.after),
          row.cause >= 0 ? "; caused by " + ChangeRef(r, row.cause) : std::string(),
          row.after.error, row.after.blocker);
      cases += fmt::format(
          ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n", type,
          XmlEscape(row.after.error), XmlEscape(detail));
    }
    total += tests;
    failed_total += failures;
    suites += fmt::format(
        "  <testsuite name=\"tunnelsim whatif {}\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
        "skipped=\"0\">\n{}  </testsuite>\n",
        OperationName(op), tests, failures, cases);
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tunnelsim whatif {}\" "
      "tests=\"{}\" failures=\"{}\" errors=\"0\">\n{}</testsuites>\n",
      XmlEscape(r.scenario_name), total, failed_total, suites);
}

}  // namespace tunnelsim
