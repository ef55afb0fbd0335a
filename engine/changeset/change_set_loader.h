// ChangeSetLoader: the schema walk behind LoadChangeSet. Internal to engine/changeset.
#pragma once

#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "engine/changeset/change_set.h"
#include "engine/scenario/scenario_loader.h"

namespace tunnelsim {

class ChangeSetLoader {
 public:
  // `source` is the document's text, to place errors inside command lines.
  ChangeSetLoader(YamlReader* reader, const ScenarioLimits& limits, std::string_view source)
      : r_(*reader), limits_(limits), sections_(reader, ".", limits), source_(source) {}

  void ReadDocument(const YAML::Node& root, ChangeSet* out);

 private:
  void ReadChange(const YAML::Node& node, ChangeSet* out);
  ChangeBody ReadBody(const std::string& kind, const YAML::Node& value, bool* known);
  void ReadTarget(MapFields& m, LString* node_pool, LString* node);
  void ReadCommand(const YAML::Node& node, ChangeSet* out);

  YamlReader& r_;
  const ScenarioLimits& limits_;
  ScenarioLoader sections_;
  std::string_view source_;
};

}  // namespace tunnelsim
