#include "engine/input/load_document.h"

#include <filesystem>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "engine/changeset/load_change_set.h"
#include "engine/scenario/file_io.h"
#include "engine/scenario/load_scenario.h"

namespace tunnelsim {

const char* DocumentKindName(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kScenario:
      return "Scenario";
    case DocumentKind::kChangeSet:
      return "ChangeSet";
    case DocumentKind::kUnknown:
      break;
  }
  return "unknown";
}

DocumentKind LoadAndValidateDocument(const std::string& path, Diagnostics* diagnostics) {
  ScenarioLimits limits;
  auto text = ReadFileBounded(path, limits.max_file_bytes);
  if (!text.ok()) {
    diagnostics->Error(path, {}, text.status().message());
    return DocumentKind::kUnknown;
  }
  // Peek at `kind` only; the loader of that kind reports everything else, YAML errors included.
  DocumentKind kind = DocumentKind::kScenario;
  try {
    YAML::Node root = YAML::Load(*text);
    if (root.IsMap() && root["kind"] && root["kind"].IsScalar() &&
        root["kind"].Scalar() == "ChangeSet") {
      kind = DocumentKind::kChangeSet;
    }
  } catch (const YAML::Exception&) {
  }
  std::string base_dir = std::filesystem::path(path).parent_path().string();
  if (base_dir.empty()) base_dir = ".";
  if (kind == DocumentKind::kChangeSet) {
    LoadChangeSetText(*text, path, diagnostics, limits);
    return kind;
  }
  LoadScenarioText(*text, path, base_dir, diagnostics, limits);
  return kind;
}

}  // namespace tunnelsim
