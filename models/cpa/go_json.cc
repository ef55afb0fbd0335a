#include "models/cpa/go_json.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "models/cpa/json_dom.h"

namespace tunnelsim::cpa {
namespace {

// strconv.ParseInt(s, 10, 64) on a literal that is already valid JSON.
std::optional<int64_t> ParseGoInt(std::string_view text) {
  if (text.find_first_of(".eE") != std::string_view::npos) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// True when a JSON number literal is at least 1 in magnitude. Used only to tell overflow
// from underflow when from_chars reports out-of-range, so a saturated exponent is fine.
bool MagnitudeAtLeastOne(std::string_view text) {
  size_t i = text[0] == '-' ? 1 : 0;
  int64_t lead = 0;  // decimal position of the first non-zero digit (0 = units)
  bool found = false;
  int64_t int_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++int_digits) {
    if (!found && text[i] != '0') found = true, lead = -int_digits;
  }
  if (found) lead += int_digits - 1;
  if (i < text.size() && text[i] == '.') {
    for (int64_t k = 1; ++i < text.size() && text[i] >= '0' && text[i] <= '9'; ++k) {
      if (!found && text[i] != '0') found = true, lead = -k;
    }
  }
  if (!found) return false;
  int64_t exponent = 0;
  if (i < text.size()) {  // 'e' or 'E'
    bool negative = text[++i] == '-';
    if (text[i] == '-' || text[i] == '+') ++i;
    for (; i < text.size(); ++i) {
      exponent = std::min<int64_t>(exponent * 10 + (text[i] - '0'), 1 << 30);
    }
    if (negative) exponent = -exponent;
  }
  return lead + exponent >= 0;
}

// strconv.ParseFloat(s, 64): correctly rounded; overflow is an error, underflow gives +-0.
std::optional<double> ParseGoFloat(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    if (MagnitudeAtLeastOne(text)) return std::nullopt;
    return text[0] == '-' ? -0.0 : 0.0;
  }
  if (ec != std::errc()) return std::nullopt;
  return value;
}

// A key (a JSON string literal) folded the way Go matches it against field names, as lower
// case ASCII; nullopt when it holds a rune that folds to no ASCII letter, so that it can
// match none of the (ASCII) field names.
std::optional<std::string> FoldKey(std::string_view literal) {
  std::string folded;
  for (char32_t r : DecodeJsonString(literal)) {
    if (r >= 'A' && r <= 'Z') r += 'a' - 'A';
    if (r == 0x017F) r = 's';  // LATIN SMALL LETTER LONG S folds with s and S
    if (r == 0x212A) r = 'k';  // KELVIN SIGN folds with k and K
    if (r >= 0x80) return std::nullopt;
    folded.push_back(static_cast<char>(r));
  }
  return folded;
}

// A Go slice of [2]int as reflect sees it while decoding: elements at and beyond `len` keep
// what was last written there until the slice is reset, and SetLen re-exposes them.
struct GoEntrySlice {
  std::vector<LadderEntry> backing;
  size_t len = 0;
  std::vector<LadderEntry> Values() const {
    return {backing.begin(), backing.begin() + static_cast<ptrdiff_t>(len)};
  }
};

class Decoder {
 public:
  Decoder(const JsonDocument& doc, std::string_view package, std::string_view struct_name)
      : doc_(doc), package_(package), struct_name_(struct_name) {}

  const Status& error() const { return error_; }
  bool failed() const { return !error_.ok(); }

  // Calls on_member(folded_key, value_index) for each member of the top-level object whose
  // key can match a field name.
  template <typename OnMember>
  void Members(OnMember on_member) {
    const JsonNode& root = doc_.nodes[0];
    if (root.kind == JsonKind::kNull) return;
    if (root.kind != JsonKind::kObject) {
      Fail(fmt::format("json: cannot unmarshal {} into Go value of type {}.{}", Describe(0, false),
                       package_, struct_name_));
      return;
    }
    for (uint32_t key = 1; key < root.end && !failed();) {
      uint32_t value = doc_.nodes[key].end;
      if (std::optional<std::string> folded = FoldKey(doc_.nodes[key].text)) {
        on_member(*folded, value);
      }
      key = doc_.nodes[value].end;
    }
  }

  void Int(uint32_t node, std::string_view field, int64_t* out) {
    const JsonNode& n = doc_.nodes[node];
    if (n.kind == JsonKind::kNull) return;
    std::optional<int64_t> v;
    if (n.kind == JsonKind::kNumber) v = ParseGoInt(n.text);
    if (!v) return TypeError(node, true, field, "int");
    *out = *v;
  }

  void Float(uint32_t node, std::string_view field, double* out) {
    const JsonNode& n = doc_.nodes[node];
    if (n.kind == JsonKind::kNull) return;
    std::optional<double> v;
    if (n.kind == JsonKind::kNumber) v = ParseGoFloat(n.text);
    if (!v) return TypeError(node, true, field, "float64");
    *out = *v;
  }

  void Bool(uint32_t node, std::string_view field, bool* out) {
    JsonKind kind = doc_.nodes[node].kind;
    if (kind == JsonKind::kNull) return;
    if (kind != JsonKind::kTrue && kind != JsonKind::kFalse) {
      return TypeError(node, false, field, "bool");
    }
    *out = kind == JsonKind::kTrue;
  }

  void Entries(uint32_t node, std::string_view field, GoEntrySlice* out) {
    const JsonNode& n = doc_.nodes[node];
    if (n.kind == JsonKind::kNull) {
      *out = GoEntrySlice{};
      return;
    }
    if (n.kind != JsonKind::kArray) {
      return TypeError(node, false, field, fmt::format("{}.paramEntries", package_));
    }
    size_t i = 0;
    for (uint32_t child = node + 1; child < n.end && !failed(); child = doc_.nodes[child].end) {
      if (i >= out->backing.size()) out->backing.emplace_back();
      Entry(child, field, &out->backing[i++]);
    }
    if (i == 0) out->backing.clear();
    out->len = i;
  }

 private:
  // Go's [2]int: decode into the existing element, skip extras, zero what is missing.
  void Entry(uint32_t node, std::string_view field, LadderEntry* out) {
    const JsonNode& n = doc_.nodes[node];
    if (n.kind == JsonKind::kNull) return;
    if (n.kind != JsonKind::kArray) {
      return TypeError(node, false, field, fmt::format("{}.paramEntry", package_));
    }
    int64_t* slots[2] = {&out->threshold, &out->replicas};
    int k = 0;
    for (uint32_t child = node + 1; child < n.end && !failed(); child = doc_.nodes[child].end) {
      if (k < 2) Int(child, field, slots[k]);
      ++k;
    }
    for (; k < 2; ++k) *slots[k] = 0;
  }

  // The "value" part of Go's UnmarshalTypeError: numbers name their literal only when the
  // target is a number type.
  std::string Describe(uint32_t node, bool number_target) const {
    const JsonNode& n = doc_.nodes[node];
    switch (n.kind) {
      case JsonKind::kNumber:
        return number_target ? fmt::format("number {}", n.text) : "number";
      case JsonKind::kString:
        return "string";
      case JsonKind::kArray:
        return "array";
      case JsonKind::kObject:
        return "object";
      default:
        return "bool";
    }
  }

  void TypeError(uint32_t node, bool number_target, std::string_view field,
                 std::string_view go_type) {
    Fail(fmt::format("json: cannot unmarshal {} into Go struct field {}.{} of type {}",
                     Describe(node, number_target), struct_name_, field, go_type));
  }

  void Fail(std::string message) {
    if (!failed()) error_ = Status::InvalidArgument(std::move(message));
  }

  const JsonDocument& doc_;
  std::string_view package_;
  std::string_view struct_name_;
  Status error_;
};

}  // namespace

Result<LadderJson> DecodeLadderJson(std::string_view json) {
  Result<JsonDocument> doc = ParseJsonDocument(json);
  if (!doc.ok()) return doc.status();
  Decoder d(*doc, "laddercontroller", "ladderParams");
  GoEntrySlice cores, nodes;
  LadderJson out;
  d.Members([&](std::string_view key, uint32_t value) {
    if (key == "corestoreplicas") {
      d.Entries(value, "coresToReplicas", &cores);
    } else if (key == "nodestoreplicas") {
      d.Entries(value, "nodesToReplicas", &nodes);
    } else if (key == "includeunschedulablenodes") {
      d.Bool(value, "includeUnschedulableNodes", &out.include_unschedulable_nodes);
    }
  });
  if (d.failed()) return d.error();
  out.cores_to_replicas = cores.Values();
  out.nodes_to_replicas = nodes.Values();
  return out;
}

Result<LinearJson> DecodeLinearJson(std::string_view json) {
  Result<JsonDocument> doc = ParseJsonDocument(json);
  if (!doc.ok()) return doc.status();
  Decoder d(*doc, "linearcontroller", "linearParams");
  LinearJson out;
  d.Members([&](std::string_view key, uint32_t value) {
    if (key == "coresperreplica") {
      d.Float(value, "coresPerReplica", &out.cores_per_replica);
    } else if (key == "nodesperreplica") {
      d.Float(value, "nodesPerReplica", &out.nodes_per_replica);
    } else if (key == "min") {
      d.Int(value, "min", &out.min);
    } else if (key == "max") {
      d.Int(value, "max", &out.max);
    } else if (key == "preventsinglepointfailure") {
      d.Bool(value, "preventSinglePointFailure", &out.prevent_single_point_failure);
    } else if (key == "includeunschedulablenodes") {
      d.Bool(value, "includeUnschedulableNodes", &out.include_unschedulable_nodes);
    }
  });
  if (d.failed()) return d.error();
  return out;
}

}  // namespace tunnelsim::cpa
