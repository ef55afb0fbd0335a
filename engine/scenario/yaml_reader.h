// Strict reading of YAML documents into typed values, for inputs that arrive in pull requests.
// YamlReader turns yaml-cpp nodes into Located values and reports every problem to one
// Diagnostics with the node's file:line:col and what was expected. MapFields walks one mapping:
// each Take() names a key the schema knows; Finish() reports keys nobody took (with the closest
// known key as a suggestion) and duplicates. Nothing here throws.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "engine/diagnostics/diagnostics.h"
#include "engine/scenario/located.h"

namespace tunnelsim {

class YamlReader {
 public:
  YamlReader(std::string file, Diagnostics* diagnostics)
      : file_(std::move(file)), diagnostics_(diagnostics) {}

  const std::string& file() const { return file_; }
  Diagnostics* diagnostics() const { return diagnostics_; }
  static SourcePos PosOf(const YAML::Node& node);
  void Error(SourcePos pos, std::string message) {
    diagnostics_->Error(file_, pos, std::move(message));
  }
  void Error(const YAML::Node& node, std::string message) {
    Error(PosOf(node), std::move(message));
  }

  // Each Read* returns false (after reporting) when the node does not hold the expected value;
  // `what` names the field in messages ("'priority'").
  bool ReadString(const YAML::Node& node, std::string_view what, Located<std::string>* out);
  bool ReadInt(const YAML::Node& node, std::string_view what, int64_t min, int64_t max,
               Located<int64_t>* out);
  bool ReadDouble(const YAML::Node& node, std::string_view what, double min, double max,
                  Located<double>* out);
  bool ReadBool(const YAML::Node& node, std::string_view what, Located<bool>* out);
  // A Go-style duration ("500ms", "2s", "1m30s", "2h") or a plain number of seconds.
  bool ReadDuration(const YAML::Node& node, std::string_view what, Located<double>* seconds);
  // One of `allowed`, matched case-insensitively (ARM enums are), stored in canonical spelling.
  bool ReadEnum(const YAML::Node& node, std::string_view what,
                std::initializer_list<std::string_view> allowed, Located<std::string>* out);
  // A sequence of strings of at most `max_items` entries.
  bool ReadStringList(const YAML::Node& node, std::string_view what, size_t max_items,
                      std::vector<Located<std::string>>* out);
  // Reports a sequence longer than `max_items`; returns whether `node` is a usable sequence.
  bool CheckSequence(const YAML::Node& node, std::string_view what, size_t max_items);

 private:
  std::string file_;
  Diagnostics* diagnostics_;
};

class MapFields {
 public:
  // Reports an error (and is !valid()) when `node` is not a mapping. `what` names the mapping
  // in messages ("node pool").
  MapFields(YamlReader* reader, const YAML::Node& node, std::string what);

  bool valid() const { return valid_; }
  SourcePos pos() const { return YamlReader::PosOf(node_); }
  // The value under `key`, or an undefined node when absent. A YAML null counts as absent.
  YAML::Node Take(std::string_view key);
  // Like Take, but reports "missing required key" when absent.
  YAML::Node Require(std::string_view key);
  // Reports keys that were never taken and duplicated keys. Call once, after all Takes.
  void Finish();

 private:
  YamlReader* reader_;
  YAML::Node node_;
  std::string what_;
  bool valid_ = false;
  std::vector<std::string> known_;
};

// Present means defined and not null.
inline bool Present(const YAML::Node& node) { return node.IsDefined() && !node.IsNull(); }

// The candidate closest to `word` by edit distance, or "" when none is close enough to be a
// plausible typo.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace tunnelsim
