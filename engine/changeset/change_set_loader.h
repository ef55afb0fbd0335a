// ChangeSetLoader: the schema walk behind LoadChangeSet. Internal to engine/changeset.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "engine/changeset/change_set.h"
#include "engine/scenario/scenario_loader.h"

namespace tunnelsim {

class ChangeSetLoader {
 public:
  ChangeSetLoader(YamlReader* reader, const ScenarioLimits& limits)
      : r_(*reader), limits_(limits), sections_(reader, ".", limits) {}

  void ReadDocument(const YAML::Node& root, ChangeSet* out);

 private:
  void ReadChange(const YAML::Node& node, ChangeSet* out);
  ChangeBody ReadBody(const std::string& kind, const YAML::Node& value, bool* known);
  void ReadTarget(MapFields& m, LString* node_pool, LString* node);

  YamlReader& r_;
  const ScenarioLimits& limits_;
  ScenarioLoader sections_;
};

}  // namespace tunnelsim
