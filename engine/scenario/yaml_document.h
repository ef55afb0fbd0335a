// Parses text that must hold exactly one YAML document, without yaml-cpp 0.7's LoadAll (which
// loops forever, allocating, on inputs such as "," — jbeder/yaml-cpp#1040). Documents are
// counted with the event parser, stopping at the second one, and a parser that stops advancing
// is reported as a syntax error at its position. All problems go to `diagnostics`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "engine/diagnostics/diagnostics.h"

namespace tunnelsim {

// `what` names the expected document in messages ("scenario", "change set").
std::optional<YAML::Node> LoadSingleYamlDocument(std::string_view text, const std::string& file,
                                                 std::string_view what, Diagnostics* diagnostics);

}  // namespace tunnelsim
