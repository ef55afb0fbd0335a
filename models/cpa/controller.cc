#include "models/cpa/controller.h"

#include <fmt/format.h>

namespace tunnelsim::cpa {

Autoscaler::Autoscaler(ControllerOptions options, int32_t initial_replicas)
    : options_(std::move(options)), replicas_(initial_replicas) {}

PollResult Autoscaler::Poll(int64_t time_ms, const std::optional<ConfigMap>& fetched,
                            const ClusterStatus& status) {
  PollResult result{time_ms, PollOutcome::kUnchanged, replicas_, replicas_, {}, false};
  auto fail = [&](PollOutcome outcome, std::string error) {
    result.outcome = outcome;
    result.error = std::move(error);
    if (options_.max_sync_failures > 0 && ++consecutive_failures_ >= options_.max_sync_failures) {
      result.process_exits = true;  // os.Exit(1); the restarted pod has no controller
      consecutive_failures_ = 0;
      params_.reset();
    }
    return result;
  };

  // syncConfigWithServer: a found ConfigMap wins; else create one from the defaults once.
  const ConfigMap* config_map = nullptr;
  if (fetched) {
    created_.reset();
    config_map = &*fetched;
  } else if (options_.default_params) {
    if (!created_) {
      created_ = ConfigMap{fmt::format("created-from-default-params-{}", ++created_count_),
                           *options_.default_params};
    }
    config_map = &*created_;
  } else {
    return fail(PollOutcome::kConfigMapMissing, "configmap not found and no --default-params");
  }

  if (!params_ || config_map->resource_version != params_version_) {
    Result<ScalerParams> parsed = ParseConfigMapData(config_map->data);
    if (!parsed.ok()) {
      params_.reset();  // EnsureController returned nil: retry on every poll
      return fail(PollOutcome::kInvalidConfig, parsed.status().message());
    }
    params_ = std::move(parsed).value();
    params_version_ = config_map->resource_version;
  }

  consecutive_failures_ = 0;
  int32_t expected = ExpectedReplicas(*params_, status);
  if (expected != replicas_) {  // UpdateReplicas writes only when the count differs
    replicas_ = expected;
    result.outcome = PollOutcome::kScaled;
    result.replicas_after = expected;
  }
  return result;
}

Result<std::vector<PollResult>> SimulatePolls(const std::vector<Observation>& timeline,
                                              const ControllerOptions& options,
                                              int32_t initial_replicas, int64_t start_ms,
                                              int64_t end_ms) {
  constexpr int64_t kMaxPolls = 10'000'000;
  if (options.poll_period_ms < 1000) {
    return Status::InvalidArgument(
        fmt::format("poll period is {} ms; expected at least 1000 (--poll-period-seconds >= 1)",
                    options.poll_period_ms));
  }
  if (timeline.empty() || timeline.front().time_ms > start_ms) {
    return Status::InvalidArgument(
        "the timeline has no observation at or before the first poll; expected one");
  }
  for (size_t i = 1; i < timeline.size(); ++i) {
    if (timeline[i].time_ms < timeline[i - 1].time_ms) {
      return Status::InvalidArgument(
          fmt::format("observation {} is earlier than the one before it; expected time order", i));
    }
  }
  if (end_ms < start_ms) return std::vector<PollResult>{};
  if ((end_ms - start_ms) / options.poll_period_ms >= kMaxPolls) {
    return Status::OutOfRange(
        fmt::format("{} ms at one poll per {} ms is more than {} polls; expected a shorter span",
                    end_ms - start_ms, options.poll_period_ms, kMaxPolls));
  }
  Autoscaler autoscaler(options, initial_replicas);
  std::vector<PollResult> polls;
  size_t current = 0;
  int64_t last_poll = (end_ms - start_ms) / options.poll_period_ms;
  polls.reserve(static_cast<size_t>(last_poll) + 1);
  for (int64_t k = 0; k <= last_poll; ++k) {
    int64_t t = start_ms + k * options.poll_period_ms;
    while (current + 1 < timeline.size() && timeline[current + 1].time_ms <= t) ++current;
    polls.push_back(autoscaler.Poll(t, timeline[current].config_map, timeline[current].status));
  }
  return polls;
}

}  // namespace tunnelsim::cpa
