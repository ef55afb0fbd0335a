#include "engine/apply/apply_change_set.h"

#include <fmt/format.h>

#include "engine/apply/change_applier.h"
#include "engine/scenario/validate_scenario.h"

namespace tunnelsim {
namespace {

// Validates `scenario` after a change. Errors inside the change set (host commands carry its
// file) are kept as they are; errors the scenario validator reports at the scenario's file are
// re-anchored at the change, since the change is what made them.
bool ValidateAfter(const Scenario& scenario, const Change& change, const std::string& file,
                   const ScenarioLimits& limits, Diagnostics* d) {
  Diagnostics after;
  ValidateScenario(scenario, limits, &after);
  if (!after.HasErrors()) return true;
  for (const Diagnostic& item : after.items()) {
    if (item.severity != Severity::kError) continue;
    if (item.file == file) {
      d->Error(item.file, item.pos, item.message);
    } else {
      d->Error(file, change.pos,
               fmt::format("this change makes the scenario invalid: {}", item.message));
    }
  }
  return false;
}

}  // namespace

bool ChangeApplier::Apply() {
  out_.file = file_;
  out_.pos = change_.pos;
  out_.command = change_.command;
  return std::visit(*this, change_.body);
}

bool ChangeApplier::Fail(SourcePos pos, std::string message) {
  d_.Error(file_, pos.known() ? pos : change_.pos, std::move(message));
  return false;
}

std::string QuotedList(const std::vector<std::string>& names) {
  if (names.empty()) return "none (the scenario has none)";
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += fmt::format("'{}'", names[i]);
  }
  return out;
}

bool ApplyChangeSet(const ChangeSet& changes, Scenario* scenario, Diagnostics* d,
                    std::vector<AppliedChange>* applied, const ScenarioLimits& limits) {
  for (const Change& change : changes.changes) {
    Scenario next = *scenario;
    AppliedChange record;
    ChangeApplier applier(&next, changes.file, change, d, &record);
    if (!applier.Apply()) return false;
    if (!ValidateAfter(next, change, changes.file, limits, d)) return false;
    *scenario = std::move(next);
    applied->push_back(std::move(record));
  }
  return true;
}

}  // namespace tunnelsim
