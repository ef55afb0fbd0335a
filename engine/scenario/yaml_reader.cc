#include "engine/scenario/yaml_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_set>

#include <fmt/format.h>

namespace tunnelsim {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string NodeKind(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "null";
  return fmt::format("'{}'", node.Scalar());
}

}  // namespace

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

SourcePos YamlReader::PosOf(const YAML::Node& node) {
  if (!node.IsDefined()) return {};
  YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {};
  return {mark.line + 1, mark.column + 1};
}

bool YamlReader::ReadString(const YAML::Node& node, std::string_view what,
                            Located<std::string>* out) {
  if (!node.IsScalar()) {
    Error(node, fmt::format("{} must be a string; got {}", what, NodeKind(node)));
    return false;
  }
  *out = {node.Scalar(), PosOf(node)};
  return true;
}

bool YamlReader::ReadInt(const YAML::Node& node, std::string_view what, int64_t min, int64_t max,
                         Located<int64_t>* out) {
  int64_t value = 0;
  bool ok = node.IsScalar();
  if (ok) {
    const std::string& s = node.Scalar();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    ok = !s.empty() && ec == std::errc() && end == s.data() + s.size();
  }
  if (!ok) {
    Error(node, fmt::format("{} must be a whole number; expected {} to {}, got {}", what, min, max,
                            NodeKind(node)));
    return false;
  }
  if (value < min || value > max) {
    Error(node, fmt::format("{} is {}, out of range; expected {} to {}", what, value, min, max));
    return false;
  }
  *out = {value, PosOf(node)};
  return true;
}

bool YamlReader::ReadDouble(const YAML::Node& node, std::string_view what, double min, double max,
                            Located<double>* out) {
  double value = 0;
  bool ok = node.IsScalar();
  if (ok) {
    const std::string& s = node.Scalar();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    ok = !s.empty() && ec == std::errc() && end == s.data() + s.size() && std::isfinite(value);
  }
  if (!ok) {
    Error(node, fmt::format("{} must be a number; expected {} to {}, got {}", what, min, max,
                            NodeKind(node)));
    return false;
  }
  if (value < min || value > max) {
    Error(node, fmt::format("{} is {}, out of range; expected {} to {}", what, value, min, max));
    return false;
  }
  *out = {value, PosOf(node)};
  return true;
}

bool YamlReader::ReadBool(const YAML::Node& node, std::string_view what, Located<bool>* out) {
  if (node.IsScalar() &&
      (EqualsIgnoreCase(node.Scalar(), "true") || EqualsIgnoreCase(node.Scalar(), "false"))) {
    *out = {EqualsIgnoreCase(node.Scalar(), "true"), PosOf(node)};
    return true;
  }
  Error(node, fmt::format("{} must be true or false; got {}", what, NodeKind(node)));
  return false;
}

bool YamlReader::ReadDuration(const YAML::Node& node, std::string_view what,
                              Located<double>* seconds) {
  static constexpr double kMaxSeconds = 366.0 * 24 * 3600;
  auto fail = [&] {
    Error(node, fmt::format("{} must be a duration such as 500ms, 2s, 5m or 1h30m; got {}", what,
                            NodeKind(node)));
    return false;
  };
  if (!node.IsScalar() || node.Scalar().empty()) return fail();
  std::string_view s = node.Scalar();
  double plain = 0;
  auto [plain_end, plain_ec] = std::from_chars(s.data(), s.data() + s.size(), plain);
  if (plain_ec == std::errc() && plain_end == s.data() + s.size()) {
    if (!(plain >= 0 && plain <= kMaxSeconds)) return fail();
    *seconds = {plain, PosOf(node)};
    return true;
  }
  double total = 0;
  while (!s.empty()) {
    double amount = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), amount);
    if (ec != std::errc() || amount < 0) return fail();
    s.remove_prefix(static_cast<size_t>(end - s.data()));
    double unit = 0;
    if (s.starts_with("ms")) {
      unit = 0.001;
      s.remove_prefix(2);
    } else if (s.starts_with("s")) {
      unit = 1;
      s.remove_prefix(1);
    } else if (s.starts_with("m")) {
      unit = 60;
      s.remove_prefix(1);
    } else if (s.starts_with("h")) {
      unit = 3600;
      s.remove_prefix(1);
    } else {
      return fail();
    }
    total += amount * unit;
  }
  if (!(total <= kMaxSeconds)) return fail();
  *seconds = {total, PosOf(node)};
  return true;
}

bool YamlReader::ReadEnum(const YAML::Node& node, std::string_view what,
                          std::initializer_list<std::string_view> allowed,
                          Located<std::string>* out) {
  std::string expected;
  for (std::string_view a : allowed) {
    if (!expected.empty()) expected += ", ";
    expected += a;
  }
  if (!node.IsScalar()) {
    Error(node, fmt::format("{} must be one of {}; got {}", what, expected, NodeKind(node)));
    return false;
  }
  for (std::string_view a : allowed) {
    if (EqualsIgnoreCase(node.Scalar(), a)) {
      *out = {std::string(a), PosOf(node)};
      return true;
    }
  }
  Error(node, fmt::format("{} is '{}'; expected one of {}", what, node.Scalar(), expected));
  return false;
}

bool YamlReader::CheckSequence(const YAML::Node& node, std::string_view what, size_t max_items) {
  if (!node.IsSequence()) {
    Error(node, fmt::format("{} must be a list; got {}", what, NodeKind(node)));
    return false;
  }
  if (node.size() > max_items) {
    Error(node,
          fmt::format("{} has {} entries; at most {} are allowed", what, node.size(), max_items));
    return false;
  }
  return true;
}

bool YamlReader::ReadStringList(const YAML::Node& node, std::string_view what, size_t max_items,
                                std::vector<Located<std::string>>* out) {
  if (!CheckSequence(node, what, max_items)) return false;
  bool ok = true;
  for (const YAML::Node& item : node) {
    Located<std::string> s;
    if (ReadString(item, fmt::format("each entry of {}", what), &s)) {
      out->push_back(std::move(s));
    } else {
      ok = false;
    }
  }
  return ok;
}

MapFields::MapFields(YamlReader* reader, const YAML::Node& node, std::string what)
    : reader_(reader), node_(node), what_(std::move(what)) {
  valid_ = node.IsMap();
  if (!valid_) {
    reader_->Error(
        node, fmt::format("{} must be a mapping of keys to values; got {}", what_, NodeKind(node)));
  }
}

YAML::Node MapFields::Take(std::string_view key) {
  known_.emplace_back(key);
  if (!valid_) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& entry : node_) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) {
      return Present(entry.second) ? entry.second : YAML::Node(YAML::NodeType::Undefined);
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node MapFields::Require(std::string_view key) {
  YAML::Node value = Take(key);
  if (valid_ && !value.IsDefined()) {
    reader_->Error(node_, fmt::format("{} is missing the required key '{}'", what_, key));
  }
  return value;
}

void MapFields::Finish() {
  if (!valid_) return;
  std::unordered_set<std::string> seen;
  for (const auto& entry : node_) {
    if (!entry.first.IsScalar()) {
      reader_->Error(entry.first, fmt::format("{} has a key that is not a string", what_));
      continue;
    }
    const std::string& key = entry.first.Scalar();
    if (!seen.insert(key).second) {
      reader_->Error(entry.first, fmt::format("duplicate key '{}' in {}", key, what_));
      continue;
    }
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    std::string expected;
    for (const std::string& k : known_) expected += (expected.empty() ? "" : ", ") + k;
    std::string suggestion = ClosestMatch(key, known_);
    reader_->Error(
        entry.first,
        suggestion.empty()
            ? fmt::format("unknown key '{}' in {}; expected one of {}", key, what_, expected)
            : fmt::format("unknown key '{}' in {}; did you mean '{}'?", key, what_, suggestion));
  }
}

}  // namespace tunnelsim
