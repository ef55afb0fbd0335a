#include "engine/capacity/cpa_analysis.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "engine/capacity/lb_default_ports.h"
#include "models/cpa/controller.h"

namespace tunnelsim::capacity {
namespace {

constexpr int64_t kNoLimit = std::numeric_limits<int64_t>::max();

// The fewest replicas that keep the busiest one at or under the limit: each replica holds at
// most (limit - base) / per-stream streams. At least 1; none when the base alone is too much.
std::optional<int64_t> ReplicasNeeded(const CpaSetup& setup, double concurrent_streams) {
  if (!setup.memory_limit_bytes) return std::nullopt;
  const cpa::AgentMemoryModel& model = setup.memory_model;
  int64_t room = *setup.memory_limit_bytes - model.base_bytes;
  if (room < 0) return std::nullopt;
  auto streams = static_cast<int64_t>(std::ceil(concurrent_streams));
  int64_t per_stream = model.PerStreamBytes();
  if (streams == 0 || per_stream == 0) return 1;
  int64_t per_replica = room / per_stream;
  if (per_replica == 0) return std::nullopt;
  return std::max<int64_t>(1, (streams + per_replica - 1) / per_replica);
}

Status CheckNodes(int64_t nodes, std::string_view what) {
  if (nodes < 1 || nodes > kMaxClusterNodes) {
    return Status::OutOfRange(
        fmt::format("{} {} is out of range; expected 1..{}", what, nodes, kMaxClusterNodes));
  }
  return Status::Ok();
}

Status CheckQuery(const CpaQuery& q) {
  if (Status s = CheckNodes(q.range.first, "first node count"); !s.ok()) return s;
  if (Status s = CheckNodes(q.range.last, "last node count"); !s.ok()) return s;
  if (q.range.first > q.range.last) {
    return Status::InvalidArgument(fmt::format(
        "node range {}..{} is reversed; expected FIRST <= LAST", q.range.first, q.range.last));
  }
  for (int64_t n : q.at) {
    if (Status s = CheckNodes(n, "node count"); !s.ok()) return s;
  }
  for (size_t i = 0; i < q.timeline.size(); ++i) {
    const TimelinePoint& p = q.timeline[i];
    if (Status s = CheckNodes(p.nodes, "timeline node count"); !s.ok()) return s;
    if (p.time_seconds < 0 || p.time_seconds > kMaxTimelineSeconds ||
        (i > 0 && p.time_seconds <= q.timeline[i - 1].time_seconds)) {
      return Status::InvalidArgument(fmt::format(
          "timeline point {} at {} s; expected strictly increasing times within 0..{} s", i + 1,
          p.time_seconds, kMaxTimelineSeconds));
    }
  }
  return Status::Ok();
}

std::vector<StepFigures> FiguresOfSteps(const CpaSetup& setup,
                                        const std::vector<cpa::ReplicaStep>& steps, int64_t last) {
  std::vector<StepFigures> out;
  out.reserve(steps.size());
  for (size_t i = 0; i < steps.size(); ++i) {
    StepFigures f;
    f.from_nodes = steps[i].nodes;
    f.to_nodes = i + 1 < steps.size() ? steps[i + 1].nodes - 1 : last;
    f.replicas = steps[i].replicas;
    f.at_start = FiguresAt(setup, f.from_nodes, f.replicas);
    f.at_end = FiguresAt(setup, f.to_nodes, f.replicas);
    if (f.at_end.under_provisioned()) {
      // Load, and so memory, only grows with nodes at a fixed replica count.
      int64_t lo = f.from_nodes - 1, hi = f.to_nodes;  // not short at lo (or lo is outside)
      while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        (FiguresAt(setup, mid, f.replicas).under_provisioned() ? hi : lo) = mid;
      }
      f.under_provisioned_from = hi;
    }
    out.push_back(std::move(f));
  }
  return out;
}

// Replays the timeline through the CPA poll loop (reference/konnectivity-cpa.md §A5: a poll
// every 10 s, a write only when the count changes). The first point is the steady state.
Result<std::vector<TimelineFigures>> ReplayTimeline(const CpaSetup& setup,
                                                    const std::vector<TimelinePoint>& points,
                                                    int64_t period_ms) {
  std::vector<TimelineFigures> out;
  if (points.empty()) return out;
  cpa::ConfigMap config_map{"1", setup.config_map_data};
  std::vector<cpa::Observation> observations;
  for (const TimelinePoint& p : points) {
    observations.push_back({p.time_seconds * 1000, config_map,
                            cpa::UniformClusterStatus(p.nodes, setup.sweep_millicores_per_node)});
  }
  cpa::ControllerOptions options;
  options.poll_period_ms = period_ms;
  int32_t replicas = cpa::ExpectedReplicas(setup.params, observations.front().status);
  int64_t end_ms = observations.back().time_ms + period_ms;
  Result<std::vector<cpa::PollResult>> polls =
      cpa::SimulatePolls(observations, options, replicas, observations.front().time_ms, end_ms);
  if (!polls.ok()) return polls.status();
  size_t next_poll = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    TimelineFigures f;
    f.point = points[i];
    f.replicas_before = replicas;
    int64_t until_ms = i + 1 < points.size() ? observations[i + 1].time_ms : end_ms + 1;
    for (; next_poll < polls->size() && (*polls)[next_poll].time_ms < until_ms; ++next_poll) {
      const cpa::PollResult& poll = (*polls)[next_poll];
      if (!f.poll_time) f.poll_time = poll.time_ms / 1000;
      replicas = poll.replicas_after;
    }
    f.replicas = replicas;
    f.peak = FiguresAt(setup, f.point.nodes, std::min(f.replicas_before, f.replicas));
    if (i > 0 && out.back().peak.snat_ports_per_node && f.peak.snat_ports_per_node) {
      f.previous_snat_ports = out.back().peak.snat_ports_per_node;
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<cpa::ReplicaStep> SuggestLadder(const CpaSetup& setup, const NodeRange& range) {
  std::vector<cpa::ReplicaStep> ladder;
  if (!setup.memory_limit_bytes) return ladder;
  for (int64_t n = range.first; n <= range.last; ++n) {
    std::optional<int64_t> needed = ReplicasNeeded(setup, setup.load.At(n).ConcurrentStreams());
    if (!needed || *needed > std::numeric_limits<int32_t>::max()) return {};
    auto replicas = std::max(kMinSuggestedReplicas, static_cast<int32_t>(*needed));
    if (ladder.empty() || ladder.back().replicas < replicas) ladder.push_back({n, replicas});
  }
  return ladder;
}

}  // namespace

std::string NodesLadderJson(const std::vector<cpa::ReplicaStep>& steps) {
  std::string entries;
  for (const cpa::ReplicaStep& s : steps) {
    entries += fmt::format("{}[{},{}]", entries.empty() ? "" : ",", s.nodes, s.replicas);
  }
  return fmt::format(R"({{"nodesToReplicas":[{}]}})", entries);
}

CapacityFigures FiguresAt(const CpaSetup& setup, int64_t nodes, int32_t replicas) {
  CapacityFigures f;
  f.nodes = nodes;
  f.cores = cpa::UniformClusterStatus(nodes, setup.sweep_millicores_per_node).schedulable_cores;
  f.replicas = replicas;
  f.has_limit = setup.memory_limit_bytes.has_value();
  // BuildCpaSetup checked the model and the largest load, so this cannot fail.
  f.memory = cpa::EvaluateAgentMemory(setup.memory_model, setup.load.At(nodes), replicas,
                                      setup.memory_limit_bytes.value_or(kNoLimit))
                 .value();
  f.replicas_needed = ReplicasNeeded(setup, f.memory.concurrent_streams);
  if (setup.snat.applies) {
    f.snat_ports_per_node = DefaultSnatPortsPerNode(nodes, setup.snat.frontend_ips);
  }
  return f;
}

Result<CpaReport> AnalyzeCpa(const CpaSetup& setup, const CpaQuery& query) {
  if (Status s = CheckQuery(query); !s.ok()) return s;
  CpaReport r;
  r.query = query;
  const int64_t m = setup.sweep_millicores_per_node;
  Result<std::vector<cpa::ReplicaStep>> steps =
      cpa::SweepReplicas(setup.params, m, query.range.first, query.range.last);
  if (!steps.ok()) return steps.status();
  r.steps = std::move(steps).value();
  r.step_figures = FiguresOfSteps(setup, r.steps, query.range.last);

  Result<std::optional<cpa::UnderProvisioning>> first = cpa::FindFirstUnderProvisioned(
      setup.params, m, query.range.first, query.range.last, setup.memory_model, setup.load,
      setup.memory_limit_bytes.value_or(kNoLimit));
  if (!first.ok()) return first.status();
  if (first->has_value()) {
    r.first_under_provisioned = FiguresAt(setup, (*first)->nodes, (*first)->report.replicas);
  }

  for (int64_t n : query.at) {
    int32_t replicas = cpa::ExpectedReplicas(setup.params, cpa::UniformClusterStatus(n, m));
    r.at.push_back(FiguresAt(setup, n, replicas));
  }
  // The current size from the exact pools, not the average shape.
  r.current = FiguresAt(setup, setup.current_nodes,
                        cpa::ExpectedReplicas(setup.params, setup.current_status));
  r.current.cores = setup.current_status.schedulable_cores;

  cpa::ControllerOptions defaults;
  r.poll_period_seconds = defaults.poll_period_ms / 1000;
  Result<std::vector<TimelineFigures>> timeline =
      ReplayTimeline(setup, query.timeline, defaults.poll_period_ms);
  if (!timeline.ok()) return timeline.status();
  r.timeline = std::move(timeline).value();
  r.suggested_ladder = SuggestLadder(setup, query.range);
  return r;
}

bool CpaReport::oom_predicted() const {
  auto short_of = [](const CapacityFigures& f) { return f.under_provisioned(); };
  return first_under_provisioned.has_value() || current.under_provisioned() ||
         std::any_of(at.begin(), at.end(), short_of) ||
         std::any_of(timeline.begin(), timeline.end(),
                     [](const TimelineFigures& t) { return t.peak.under_provisioned(); });
}

std::vector<CapacityFigures> EveryNodeCount(const CpaSetup& setup, const CpaReport& report) {
  std::vector<CapacityFigures> out;
  const NodeRange& range = report.query.range;
  out.reserve(static_cast<size_t>(range.last - range.first + 1));
  size_t step = 0;
  for (int64_t n = range.first; n <= range.last; ++n) {
    while (step + 1 < report.steps.size() && report.steps[step + 1].nodes <= n) ++step;
    out.push_back(FiguresAt(setup, n, report.steps[step].replicas));
  }
  return out;
}

}  // namespace tunnelsim::capacity
