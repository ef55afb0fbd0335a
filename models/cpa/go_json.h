// Decoding of a CPA ConfigMap parameter string into the two upstream parameter structs,
// with the semantics of Go's encoding/json.Unmarshal (reference/konnectivity-cpa.md §A1):
//   - keys match the field name case-insensitively (Go's fold: ASCII case, plus U+017F
//     LATIN SMALL LETTER LONG S for 's' and U+212A KELVIN SIGN for 'k'); unknown keys are
//     ignored; a repeated key is decoded again into the same field, so the last one wins;
//   - null is a no-op for numbers and bools (the field keeps its value) and resets a ladder;
//   - int fields accept only integer literals within int64 ("1.0", "1e2", "1" as a string
//     and 9223372036854775808 are errors); float fields accept any JSON number that fits a
//     float64 (1e1 is fine, 1e400 is an error); bools accept only true/false;
//   - a ladder entry is Go's [2]int: [5] -> [5,0], [] -> [0,0], [1,2,3] -> [1,2] (extra
//     elements are skipped unchecked). Re-decoding a ladder reuses the slice in place, as
//     reflect does: a null element keeps whatever an earlier occurrence of the key wrote at
//     that position (verified against Go 1.19 encoding/json).
// On failure the Status message is Go's error text, e.g. "json: cannot unmarshal number
// 1.0 into Go struct field linearParams.min of type int" or a syntax error from
// ParseJsonDocument. Syntax is checked over the whole input before any type error, and the
// first type error in document order is reported, as in Go.
// Bounds and complexity: see json_dom.h (1 MiB, 64 levels, linear time).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "models/core/result.h"

namespace tunnelsim::cpa {

// One ladder step as upstream's paramEntry ([2]int): from `threshold` nodes or cores on,
// `replicas` replicas.
struct LadderEntry {
  int64_t threshold = 0;
  int64_t replicas = 0;
  friend bool operator==(const LadderEntry&, const LadderEntry&) = default;
};

// laddercontroller.ladderParams as decoded, before validation and sorting.
struct LadderJson {
  std::vector<LadderEntry> cores_to_replicas;
  std::vector<LadderEntry> nodes_to_replicas;
  bool include_unschedulable_nodes = false;
};

// linearcontroller.linearParams as decoded, before validation and defaulting.
struct LinearJson {
  double cores_per_replica = 0;
  double nodes_per_replica = 0;
  int64_t min = 0;
  int64_t max = 0;
  bool prevent_single_point_failure = false;
  bool include_unschedulable_nodes = false;
};

Result<LadderJson> DecodeLadderJson(std::string_view json);
Result<LinearJson> DecodeLinearJson(std::string_view json);

}  // namespace tunnelsim::cpa
