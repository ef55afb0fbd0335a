// LoadScenario: reads a v1 scenario (docs/scenario-format.md) strictly. Every problem, from bad
// YAML to an unknown key, a wrong type or a dangling reference, is reported to `diagnostics`
// with file:line:col; the loader goes on after an error so that one run shows all of them.
// Returns the scenario only when no error was found. Reads the scenario file and the iptables
// files it names (relative to the scenario's folder), never anything else.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/diagnostics/diagnostics.h"
#include "engine/scenario/limits.h"
#include "engine/scenario/scenario.h"

namespace tunnelsim {

std::optional<Scenario> LoadScenarioFile(const std::string& path, Diagnostics* diagnostics,
                                         const ScenarioLimits& limits = {});

// `file` names the text in messages; `base_dir` resolves `iptables: {file: ...}`.
std::optional<Scenario> LoadScenarioText(std::string_view text, const std::string& file,
                                         const std::string& base_dir, Diagnostics* diagnostics,
                                         const ScenarioLimits& limits = {});

}  // namespace tunnelsim
