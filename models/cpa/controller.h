// The CPA poll loop as a pure state machine (reference/konnectivity-cpa.md §A5, §F3):
// each poll fetches the ConfigMap, (re)builds the controller only when there is none or the
// resourceVersion changed, computes the expected replicas and writes them only when they
// differ from the target's current count.
//   - ConfigMap not found: with default params CPA creates it from them (a new
//     resourceVersion); without, the poll fails and nothing changes;
//   - an invalid ConfigMap drops the controller, so the target keeps its replicas and every
//     later poll retries the parse until the ConfigMap changes and parses;
//   - with max_sync_failures N > 0, the Nth consecutive failed poll makes the process exit;
//     the model then starts again with no controller (restart delay is not modeled).
// Autoscaler::Poll is one poll; SimulatePolls runs polls every period against a timeline.
// Not thread-safe. Poll is O(size of the ConfigMap data) when it re-parses, O(log ladder) else.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/core/result.h"
#include "models/cpa/cluster_status.h"
#include "models/cpa/params.h"

namespace tunnelsim::cpa {

struct ConfigMap {
  std::string resource_version;
  std::map<std::string, std::string> data;
};

struct ControllerOptions {
  int64_t poll_period_ms = 10'000;  // --poll-period-seconds, default 10, minimum 1 [opt]
  // --default-params: mode -> JSON, used to create a missing ConfigMap.
  std::optional<std::map<std::string, std::string>> default_params;
  int max_sync_failures = 0;  // --max-sync-failures; 0 = never exit
};

enum class PollOutcome {
  kUnchanged,         // expected == current: no write
  kScaled,            // the target's replicas were written
  kConfigMapMissing,  // not found and no default params: poll failed
  kInvalidConfig,     // EnsureController failed: poll failed, controller dropped
};

struct PollResult {
  int64_t time_ms = 0;
  PollOutcome outcome = PollOutcome::kUnchanged;
  int32_t replicas_before = 0;
  int32_t replicas_after = 0;
  std::string error;  // set for the two failure outcomes
  bool process_exits = false;
};

class Autoscaler {
 public:
  Autoscaler(ControllerOptions options, int32_t initial_replicas);

  // One poll at time_ms. `fetched` is the ConfigMap as the API returns it (nullopt: not
  // found); `status` is the cluster status now.
  PollResult Poll(int64_t time_ms, const std::optional<ConfigMap>& fetched,
                  const ClusterStatus& status);

  int32_t replicas() const { return replicas_; }
  bool has_controller() const { return params_.has_value(); }

 private:
  ControllerOptions options_;
  int32_t replicas_;
  std::optional<ScalerParams> params_;
  std::string params_version_;
  std::optional<ConfigMap> created_;  // made from default params while none is found
  int created_count_ = 0;
  int consecutive_failures_ = 0;
};

// What the cluster looks like from time_ms on, until the next observation.
struct Observation {
  int64_t time_ms = 0;
  std::optional<ConfigMap> config_map;
  ClusterStatus status;
};

// Polls at start_ms, start_ms + period, ... up to end_ms inclusive, each against the latest
// observation at or before it. REQUIRES (else an error): observations sorted by time, the
// first at or before start_ms; period >= 1 s; at most 10 million polls.
Result<std::vector<PollResult>> SimulatePolls(const std::vector<Observation>& timeline,
                                              const ControllerOptions& options,
                                              int32_t initial_replicas, int64_t start_ms,
                                              int64_t end_ms);

}  // namespace tunnelsim::cpa
