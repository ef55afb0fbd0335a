// LoadChangeSet: reads a v1 change set (docs/change-set-format.md) as strictly as scenarios
// are read. Checks the structure and every value that can be checked without a scenario;
// references to scenario objects (NSG, pool, traffic names) are checked when the change set is
// applied to one. Returns the change set only when no error was found.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/changeset/change_set.h"
#include "engine/diagnostics/diagnostics.h"
#include "engine/scenario/limits.h"

namespace tunnelsim {

std::optional<ChangeSet> LoadChangeSetText(std::string_view text, const std::string& file,
                                           Diagnostics* diagnostics,
                                           const ScenarioLimits& limits = {});
std::optional<ChangeSet> LoadChangeSetFile(const std::string& path, Diagnostics* diagnostics,
                                           const ScenarioLimits& limits = {});

}  // namespace tunnelsim
