#include "models/cpa/params.h"

#include <algorithm>

#include <fmt/format.h>

#include "models/cpa/go_format.h"
#include "models/cpa/go_json.h"

namespace tunnelsim::cpa {
namespace {

Status CheckNonNegative(const std::vector<LadderEntry>& entries, std::string_view map_name) {
  for (const LadderEntry& e : entries) {
    if (e.threshold < 0 || e.replicas < 0) {
      return Status::InvalidArgument(fmt::format("invalid negative values in entry [{} {}] in {}",
                                                 e.threshold, e.replicas, map_name));
    }
  }
  return Status::Ok();
}

void SortByThreshold(std::vector<LadderEntry>* entries) {
  std::stable_sort(
      entries->begin(), entries->end(),
      [](const LadderEntry& a, const LadderEntry& b) { return a.threshold < b.threshold; });
}

// fmt's %v of a map[string]string (keys sorted, "map[k:v k2:v2]"), kept to one line and
// short: control characters are escaped and long values cut.
std::string FormatGoMap(const std::map<std::string, std::string>& data) {
  constexpr size_t kMaxShown = 64;
  auto one_line = [&](const std::string& s) {
    std::string out;
    for (char c : s.substr(0, kMaxShown)) {
      if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c == '\t') {
        out += "\\t";
      } else {
        out += c;
      }
    }
    if (s.size() > kMaxShown) out += "...";
    return out;
  };
  std::string out = "map[";
  for (const auto& [key, value] : data) {
    if (out.size() > 4) out += ' ';
    out += one_line(key) + ":" + one_line(value);
  }
  return out + "]";
}

}  // namespace

Result<LadderParams> ParseLadderParams(std::string_view json) {
  Result<LadderJson> decoded = DecodeLadderJson(json);
  if (!decoded.ok()) {
    return Status::InvalidArgument(
        fmt::format("could not parse parameters ({})", decoded.status().message()));
  }
  LadderParams params{std::move(decoded->cores_to_replicas), std::move(decoded->nodes_to_replicas),
                      decoded->include_unschedulable_nodes};
  if (Status s = CheckNonNegative(params.cores_to_replicas, "cores_to_replicas_map"); !s.ok()) {
    return s;
  }
  if (Status s = CheckNonNegative(params.nodes_to_replicas, "nodes_to_replicas_map"); !s.ok()) {
    return s;
  }
  SortByThreshold(&params.cores_to_replicas);
  SortByThreshold(&params.nodes_to_replicas);
  return params;
}

Result<LinearParams> ParseLinearParams(std::string_view json) {
  Result<LinearJson> decoded = DecodeLinearJson(json);
  if (!decoded.ok()) {
    return Status::InvalidArgument(
        fmt::format("could not parse parameters ({})", decoded.status().message()));
  }
  const LinearJson& p = *decoded;
  LinearParams params{p.cores_per_replica,
                      p.nodes_per_replica,
                      p.min,
                      p.max,
                      p.prevent_single_point_failure,
                      p.include_unschedulable_nodes};
  if (params.min < 0) {
    return Status::InvalidArgument(fmt::format("invalid negative value for min: {}", params.min));
  }
  if (params.min == 0) params.min = 1;  // upstream defaults min to 1; it can never be 0
  if (params.max != 0 && params.max < params.min) {
    return Status::InvalidArgument(
        fmt::format("max replicas count {} should be greater than / equal to min replicas count {}",
                    params.max, params.min));
  }
  if (params.cores_per_replica == 0 && params.nodes_per_replica == 0) {
    return Status::InvalidArgument(
        "should at least provide either CoresPerReplica or NodesPerReplica (Greater than 0)");
  }
  if (params.cores_per_replica < 0) {
    return Status::InvalidArgument(fmt::format("invalid negative value for coresPerReplica: {}",
                                               FormatGoFloat(params.cores_per_replica)));
  }
  if (params.nodes_per_replica < 0) {
    return Status::InvalidArgument(fmt::format("invalid negative value for nodesPerReplica: {}",
                                               FormatGoFloat(params.nodes_per_replica)));
  }
  return params;
}

Result<ScalerParams> ParseConfigMapData(const std::map<std::string, std::string>& data) {
  if (data.size() != 1) {
    return Status::InvalidArgument(fmt::format(
        "invalid configMap format, expected only one entry, got: {}", FormatGoMap(data)));
  }
  const auto& [mode, json] = *data.begin();
  if (mode == kLadderMode) {
    Result<LadderParams> ladder = ParseLadderParams(json);
    if (!ladder.ok()) {
      return Status::InvalidArgument(
          fmt::format("error parsing ladder params: {}", ladder.status().message()));
    }
    return ScalerParams(std::move(ladder).value());
  }
  if (mode == kLinearMode) {
    Result<LinearParams> linear = ParseLinearParams(json);
    if (!linear.ok()) {
      return Status::InvalidArgument(
          fmt::format("error parsing linear params: {}", linear.status().message()));
    }
    return ScalerParams(std::move(linear).value());
  }
  return Status::InvalidArgument(
      fmt::format("not a supported control mode: {}; expected \"ladder\" or \"linear\"", mode));
}

int32_t ExpectedReplicas(const ScalerParams& params, const ClusterStatus& status) {
  if (const auto* ladder = std::get_if<LadderParams>(&params)) {
    return LadderReplicas(*ladder, status);
  }
  return LinearReplicas(std::get<LinearParams>(params), status);
}

std::string_view ModeName(const ScalerParams& params) {
  return std::holds_alternative<LadderParams>(params) ? kLadderMode : kLinearMode;
}

}  // namespace tunnelsim::cpa
