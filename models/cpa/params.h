// From a CPA ConfigMap's data to validated scaling parameters, with upstream's checks and
// words (reference/konnectivity-cpa.md §A1-A3; plugin.go, ladder/linear_controller.go):
//   - data must have exactly one key: "invalid configMap format, expected only one entry";
//   - the key, case-sensitive, picks the mode: "ladder" or "linear", otherwise "not a
//     supported control mode";
//   - ladder: Go-JSON decode (go_json.h), then any negative threshold or count is an error
//     ("invalid negative values in entry [-1 2] in cores_to_replicas_map"); tables are
//     then sorted stably by threshold;
//   - linear: min < 0 is an error and min 0 becomes 1; max != 0 && max < min is an error;
//     both per-replica values 0 is an error ("null" params land here), a negative one too.
// Messages are prefixed as upstream logs them ("error parsing ladder params: could not
// parse parameters (...)"). All functions are pure; parsing is linear in the input size.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>

#include "models/core/result.h"
#include "models/cpa/cluster_status.h"
#include "models/cpa/ladder.h"
#include "models/cpa/linear.h"

namespace tunnelsim::cpa {

// The parameters of whichever controller the ConfigMap selects.
using ScalerParams = std::variant<LadderParams, LinearParams>;

// The ConfigMap keys that select a mode (upstream's ControllerType constants).
inline constexpr std::string_view kLadderMode = "ladder";
inline constexpr std::string_view kLinearMode = "linear";

Result<LadderParams> ParseLadderParams(std::string_view json);
Result<LinearParams> ParseLinearParams(std::string_view json);

// plugin.EnsureController's checks followed by the selected controller's SyncConfig.
Result<ScalerParams> ParseConfigMapData(const std::map<std::string, std::string>& data);

// GetExpectedReplicas of the selected controller.
int32_t ExpectedReplicas(const ScalerParams& params, const ClusterStatus& status);

std::string_view ModeName(const ScalerParams& params);

}  // namespace tunnelsim::cpa
