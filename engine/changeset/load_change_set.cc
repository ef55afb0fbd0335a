#include "engine/changeset/load_change_set.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include "engine/changeset/change_set_loader.h"
#include "engine/changeset/cloud_command.h"
#include "engine/scenario/file_io.h"
#include "engine/scenario/yaml_document.h"

namespace tunnelsim {
namespace {

constexpr std::string_view kKinds[] = {"addSecurityRule",
                                       "updateSecurityRule",
                                       "removeSecurityRule",
                                       "addNetworkSecurityGroup",
                                       "associateNetworkSecurityGroup",
                                       "addEgressRule",
                                       "removeEgressRule",
                                       "connectionPooling",
                                       "loadBalancer",
                                       "outboundType",
                                       "autoscaler",
                                       "agentResources",
                                       "scaleNodePool",
                                       "authorizedIPRanges",
                                       "tunnelKind",
                                       "command"};

// Where a scalar's first character is, given the position of its node: one past the opening
// quote of a quoted scalar, the first content line of a block scalar (| or >), the node's own
// position for a plain scalar.
SourcePos ScalarContentStart(std::string_view source, SourcePos pos) {
  if (!pos.known()) return pos;
  size_t line_start = 0;
  for (int line = 1; line < pos.line; ++line) {
    line_start = source.find('\n', line_start);
    if (line_start == std::string_view::npos) return pos;
    ++line_start;
  }
  size_t at = line_start + static_cast<size_t>(pos.column - 1);
  if (at >= source.size()) return pos;
  char c = source[at];
  if (c == '\'' || c == '"') return {pos.line, pos.column + 1};
  if (c != '|' && c != '>') return pos;
  int line = pos.line;
  for (size_t next = source.find('\n', at); next != std::string_view::npos;
       next = source.find('\n', next + 1)) {
    ++line;
    size_t first = source.find_first_not_of(' ', next + 1);
    if (first == std::string_view::npos) break;
    if (source[first] != '\n' && source[first] != '\r') {
      return {line, static_cast<int>(first - next)};
    }
  }
  return pos;
}

}  // namespace

void ChangeSetLoader::ReadDocument(const YAML::Node& root, ChangeSet* out) {
  MapFields m(&r_, root, "the change set");
  if (!m.valid()) return;
  if (YAML::Node n = m.Require("apiVersion"); n.IsDefined()) {
    LString v;
    r_.ReadEnum(n, "'apiVersion'", {"tunnelsim/v1"}, &v);
  }
  if (YAML::Node n = m.Require("kind"); n.IsDefined()) {
    LString v;
    r_.ReadEnum(n, "'kind'", {"ChangeSet"}, &v);
  }
  if (YAML::Node n = m.Require("metadata"); n.IsDefined())
    sections_.ReadMetadata(n, &out->metadata);
  if (YAML::Node n = m.Require("changes"); n.IsDefined()) {
    if (r_.CheckSequence(n, "'changes'", limits_.max_changes)) {
      for (const YAML::Node& item : n) ReadChange(item, out);
    }
  }
  m.Finish();
}

void ChangeSetLoader::ReadChange(const YAML::Node& node, ChangeSet* out) {
  // An entry is a mapping with one key naming the change; `command` entries may also name the
  // node pool or node the command runs on.
  if (!node.IsMap() || node.size() == 0) {
    r_.Error(node,
             "a change must be a mapping with one key naming the change, such as "
             "addSecurityRule: {...} or command: ufw allow 10250");
    return;
  }
  YAML::Node first = node.begin()->first;
  std::string kind = first.IsScalar() ? first.Scalar() : "";
  if (kind == "command") {
    ReadCommand(node, out);
    return;
  }
  if (node.size() != 1) {
    r_.Error(node,
             fmt::format("a change has exactly one key naming it; this one has {}", node.size()));
    return;
  }
  bool known = false;
  ChangeBody body = ReadBody(kind, node.begin()->second, &known);
  if (!known) {
    std::vector<std::string> kinds(std::begin(kKinds), std::end(kKinds));
    std::string suggestion = ClosestMatch(kind, kinds);
    r_.Error(first, suggestion.empty()
                        ? fmt::format("unknown change '{}'; expected one of {}", kind,
                                      fmt::join(kinds, ", "))
                        : fmt::format("unknown change '{}'; did you mean '{}'?", kind, suggestion));
    return;
  }
  out->changes.push_back({kind, YamlReader::PosOf(node), std::move(body), {}});
}

// A `command:` entry: the command line a user would type, parsed with its tool's grammar
// (cloud_command.h). Cloud commands become the structured changes they stand for; one line
// may yield several, which share the entry's position and text.
void ChangeSetLoader::ReadCommand(const YAML::Node& node, ChangeSet* out) {
  size_t errors_before = r_.diagnostics()->error_count();
  MapFields m(&r_, node, "a command change");
  LString text;
  LString node_pool;
  LString node_name;
  RequiredString(r_, m, "command", &text);
  ReadTarget(m, &node_pool, &node_name);
  m.Finish();
  if (text.value.empty()) {
    if (text.pos.known()) {
      r_.Error(text.pos,
               "'command' is empty; expected a ufw, iptables, az or kubectl "
               "command line");
    }
    return;
  }
  // A misspelt or doubled key would make the command look untargeted; report that alone.
  if (r_.diagnostics()->error_count() != errors_before) return;
  LString located(text.value, ScalarContentStart(source_, text.pos));
  std::vector<ChangeBody> bodies;
  if (!ParseCommandChange(located, node_pool, node_name, r_.file(), &bodies, r_.diagnostics(),
                          limits_)) {
    return;
  }
  for (ChangeBody& body : bodies) {
    out->changes.push_back({"command", YamlReader::PosOf(node), std::move(body), text.value});
  }
}

void ChangeSetLoader::ReadTarget(MapFields& m, LString* node_pool, LString* node) {
  OptionalString(r_, m, "nodePool", node_pool);
  OptionalString(r_, m, "node", node);
  if (!node_pool->value.empty() && !node->value.empty()) {
    r_.Error(node->pos, "a change may name 'nodePool' or 'node', not both");
  }
}

std::optional<ChangeSet> LoadChangeSetText(std::string_view text, const std::string& file,
                                           Diagnostics* diagnostics, const ScenarioLimits& limits) {
  size_t errors_before = diagnostics->error_count();
  if (text.size() > limits.max_file_bytes) {
    diagnostics->Error(file, {},
                       fmt::format("the file is larger than {} bytes", limits.max_file_bytes));
    return std::nullopt;
  }
  ChangeSet change_set;
  change_set.file = file;
  try {
    std::optional<YAML::Node> document =
        LoadSingleYamlDocument(text, file, "change set", diagnostics);
    if (!document) return std::nullopt;
    YamlReader reader(file, diagnostics);
    ChangeSetLoader loader(&reader, limits, text);
    loader.ReadDocument(*document, &change_set);
  } catch (const YAML::Exception& e) {
    SourcePos pos = e.mark.is_null() ? SourcePos{} : SourcePos{e.mark.line + 1, e.mark.column + 1};
    diagnostics->Error(file, pos, fmt::format("invalid YAML: {}", e.msg));
  }
  if (diagnostics->error_count() != errors_before) return std::nullopt;
  return change_set;
}

std::optional<ChangeSet> LoadChangeSetFile(const std::string& path, Diagnostics* diagnostics,
                                           const ScenarioLimits& limits) {
  auto text = ReadFileBounded(path, limits.max_file_bytes);
  if (!text.ok()) {
    diagnostics->Error(path, {}, text.status().message());
    return std::nullopt;
  }
  return LoadChangeSetText(*text, path, diagnostics, limits);
}

}  // namespace tunnelsim
