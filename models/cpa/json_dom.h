// JsonDocument: a syntax-checked JSON text as a flat pre-order list of nodes, the first
// stage of decoding CPA parameters the way Go's encoding/json does (see go_json.h).
//
// ParseJsonDocument accepts exactly what Go's json.Unmarshal accepts syntactically (RFC 8259,
// whitespace " \t\r\n", no trailing commas, no leading zeros) and on failure returns Go's own
// message ("invalid character '}' looking for beginning of object key string",
// "unexpected end of JSON input"), for the first offending byte, as Go's scanner does.
// Because the input is untrusted it is bounded: more than kMaxJsonBytes bytes or more than
// kMaxJsonDepth nested arrays/objects is an error (Go itself allows 10000 levels).
// Nodes hold string_views into the input: the input must outlive the document.
// Complexity: O(input length) time, one node per JSON value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "models/core/result.h"

namespace tunnelsim::cpa {

inline constexpr size_t kMaxJsonBytes = size_t{1} << 20;
inline constexpr int kMaxJsonDepth = 64;

enum class JsonKind : uint8_t { kNull, kFalse, kTrue, kNumber, kString, kArray, kObject };

struct JsonNode {
  JsonKind kind = JsonKind::kNull;
  // One past the last node of this value's subtree. The first child of an array or object
  // is the next node; the following sibling starts at the child's `end`. An object's
  // children alternate key (kString) and value.
  uint32_t end = 0;
  // The literal as written: the number's text, or the string with its quotes and escapes.
  std::string_view text;
};

struct JsonDocument {
  std::vector<JsonNode> nodes;  // nodes[0] is the top-level value
};

Result<JsonDocument> ParseJsonDocument(std::string_view input);

// Decodes a string literal (quotes included, already syntax-checked) into Unicode code
// points the way Go's unquote does: escapes resolved, surrogate pairs combined, invalid
// UTF-8 and lone surrogates become U+FFFD.
std::vector<char32_t> DecodeJsonString(std::string_view literal);

}  // namespace tunnelsim::cpa
