// WriteScenarioYaml: renders a Scenario as v1 scenario YAML (docs/scenario-format.md), the
// inverse of LoadScenarioText: loading the written text gives back the same values (positions
// aside), and writing that again gives the same text. `tunnelsim apply` uses it to save the
// scenario a change set produces.
//
// The output is short and self-contained: sections in the documented order, a field only when
// it differs from the loader's default (required fields always; fields whose default follows
// other fields, such as managedOutboundIPs, also whenever they were given), iptables text
// inline as a literal block even when it was read from `iptables: {file: ...}`. Strings that a
// YAML 1.1 or 1.2 reader would take for a boolean, null or number ("on", "10250", "1e3") and
// strings that cannot be plain ('*', '{"json":1}') are single-quoted; strings with control
// characters, and multi-line text that a literal block cannot hold exactly, are double-quoted with
// escapes. Cost is linear in the scenario's size.
#pragma once

#include <string>

#include "engine/scenario/scenario.h"

namespace tunnelsim {

// The scenario as one YAML document, ending with a newline. Never fails: every Scenario value
// has a spelling (a scenario that did not validate is written as it is, and fails to load the
// same way). One limit: bytes that are not valid UTF-8 (possible only in iptables text read
// from a file) are replaced by U+FFFD, as yaml-cpp's emitter does.
std::string WriteScenarioYaml(const Scenario& scenario);

}  // namespace tunnelsim
