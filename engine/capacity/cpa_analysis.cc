#include "engine/capacity/cpa_analysis.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "engine/capacity/lb_default_ports.h"
#include "models/cpa/controller.h"

namespace tunnelsim::capacity {
namespace {

Status CheckNodes(int64_t nodes, std::string_view what) {
  if (nodes < 1 || nodes > kMaxClusterNodes) {
    return Status::OutOfRange(
        fmt::format("{} {} is out of range; expected 1..{}", what, nodes, kMaxClusterNodes));
  }
  return Status::Ok();
}

Status CheckCores(int64_t cores, std::string_view what) {
  if (cores < 1 || cores > kMaxClusterCores) {
    return Status::OutOfRange(
        fmt::format("{} {} is out of range; expected 1..{}", what, cores, kMaxClusterCores));
  }
  return Status::Ok();
}

Status CheckQuery(const CpaSetup& setup, const CpaQuery& q) {
  bool nodes = q.axis == SweepAxis::kNodes;
  auto check = nodes ? CheckNodes : CheckCores;
  if (Status s = check(q.range.first, nodes ? "first node count" : "first core count"); !s.ok())
    return s;
  if (Status s = check(q.range.last, nodes ? "last node count" : "last core count"); !s.ok())
    return s;
  if (q.range.first > q.range.last) {
    return Status::InvalidArgument(
        fmt::format("{} range {}..{} is reversed; expected FIRST <= LAST", nodes ? "node" : "core",
                    q.range.first, q.range.last));
  }
  if (nodes && q.fixed_cores) {
    if (Status s = CheckCores(*q.fixed_cores, "core count"); !s.ok()) return s;
  }
  if (!nodes) {
    if (!q.fixed_nodes && setup.current_nodes == 0) {
      return Status::InvalidArgument(
          "the scenario has no nodes to hold while the cores are swept; expected --nodes N");
    }
    if (Status s = CheckNodes(q.fixed_nodes.value_or(setup.current_nodes), "node count"); !s.ok())
      return s;
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
  if (q.oom_window_seconds < 1 || q.oom_window_seconds > kMaxTimelineSeconds) {
    return Status::OutOfRange(fmt::format("OOM window {} s; expected 1..{} s", q.oom_window_seconds,
                                          kMaxTimelineSeconds));
  }
  return Status::Ok();
}

// What CPA sees along the sweep.
cpa::SweepLine LineOf(const CpaSetup& setup, const CpaReport& r) {
  if (r.query.axis == SweepAxis::kCores) return cpa::SweepLine::CoresOnNodes(r.held);
  if (r.query.fixed_cores) return cpa::SweepLine::NodesWithCores(r.held);
  return cpa::SweepLine::NodesOfSize(setup.sweep_millicores_per_node);
}

// Whether losing one replica of `f` (no replica over its limit) takes the others down. Only
// the first instant matters, so the simulation runs for one second.
bool OneLossCascades(const CpaSetup& setup, CapacityFigures f) {
  if (f.memory.oom) return false;
  AddOomOutcome(setup, 1, &f);
  return f.oom && f.oom->report.cascade;
}

// The first x in (lo, hi] where `shortfall` holds, given it holds at hi and not at lo (or lo
// is outside the range): the predicates here only switch on as the load grows.
template <typename Predicate>
int64_t FirstWhere(int64_t lo, int64_t hi, Predicate shortfall) {
  while (hi - lo > 1) {
    int64_t mid = lo + (hi - lo) / 2;
    (shortfall(mid) ? hi : lo) = mid;
  }
  return hi;
}

std::vector<StepFigures> FiguresOfSteps(const CpaSetup& setup, const CpaReport& r) {
  std::vector<StepFigures> out;
  out.reserve(r.steps.size());
  for (size_t i = 0; i < r.steps.size(); ++i) {
    StepFigures f;
    f.from = r.steps[i].from;
    f.to = i + 1 < r.steps.size() ? r.steps[i + 1].from - 1 : r.query.range.last;
    f.replicas = r.steps[i].replicas;
    f.at_start = FiguresAlong(setup, r, f.from, f.replicas);
    f.at_end = FiguresAlong(setup, r, f.to, f.replicas);
    // At a fixed replica count the load, and so memory, only grows along the sweep (node
    // counts), or stays (core counts).
    auto at = [&](int64_t x) { return FiguresAlong(setup, r, x, f.replicas); };
    if (f.at_end.under_provisioned()) {
      f.under_provisioned_from =
          FirstWhere(f.from - 1, f.to, [&](int64_t x) { return at(x).under_provisioned(); });
    }
    int64_t last_ok = f.under_provisioned_from.value_or(f.to + 1) - 1;
    if (last_ok >= f.from && OneLossCascades(setup, at(last_ok))) {
      f.one_loss_cascade_from =
          FirstWhere(f.from - 1, last_ok, [&](int64_t x) { return OneLossCascades(setup, at(x)); });
    }
    out.push_back(std::move(f));
  }
  return out;
}

// Replays the timeline through the CPA poll loop (reference/konnectivity-cpa.md §A5: a poll
// every 10 s, a write only when the count changes). The first point is the steady state.
Result<std::vector<TimelineFigures>> ReplayTimeline(const CpaSetup& setup,
                                                    const std::vector<TimelinePoint>& points,
                                                    int64_t period_ms, int64_t window_seconds) {
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
    AddOomOutcome(setup, window_seconds, &f.peak);
    if (i > 0 && out.back().peak.snat_ports_per_node && f.peak.snat_ports_per_node) {
      f.previous_snat_ports = out.back().peak.snat_ports_per_node;
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<cpa::ReplicaStep> SuggestLadder(const CpaSetup& setup, const CpaQuery& query) {
  std::vector<cpa::ReplicaStep> ladder;
  if (!setup.memory_limit_bytes || query.axis != SweepAxis::kNodes) return ladder;
  const SweepRange& range = query.range;
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
    entries += fmt::format("{}[{},{}]", entries.empty() ? "" : ",", s.from, s.replicas);
  }
  return fmt::format(R"({{"nodesToReplicas":[{}]}})", entries);
}

Result<CpaReport> AnalyzeCpa(const CpaSetup& setup, const CpaQuery& query) {
  if (Status s = CheckQuery(setup, query); !s.ok()) return s;
  CpaReport r;
  r.query = query;
  if (query.axis == SweepAxis::kCores) {
    r.held = query.fixed_nodes.value_or(setup.current_nodes);
  } else {
    r.held = query.fixed_cores.value_or(0);
  }
  const int64_t window = query.oom_window_seconds;
  Result<std::vector<cpa::ReplicaStep>> steps =
      cpa::SweepReplicas(setup.params, LineOf(setup, r), query.range.first, query.range.last);
  if (!steps.ok()) return steps.status();
  r.steps = std::move(steps).value();
  r.step_figures = FiguresOfSteps(setup, r);
  for (StepFigures& f : r.step_figures) {
    if (f.under_provisioned_from && !r.first_under_provisioned) {
      r.first_under_provisioned = FiguresAlong(setup, r, *f.under_provisioned_from, f.replicas);
      AddOomOutcome(setup, window, &*r.first_under_provisioned);
    }
    if (f.one_loss_cascade_from && !r.first_one_loss_cascade) {
      r.first_one_loss_cascade = FiguresAlong(setup, r, *f.one_loss_cascade_from, f.replicas);
      AddOomOutcome(setup, window, &*r.first_one_loss_cascade);
    }
    AddOomOutcome(setup, window, &f.at_start);
    AddOomOutcome(setup, window, &f.at_end);
  }

  const int64_t m = setup.sweep_millicores_per_node;
  for (int64_t n : query.at) {
    int32_t replicas = cpa::ExpectedReplicas(setup.params, cpa::UniformClusterStatus(n, m));
    r.at.push_back(FiguresAt(setup, n, replicas));
    AddOomOutcome(setup, window, &r.at.back());
  }
  // The current size from the exact pools, not the average shape.
  r.current = FiguresAt(setup, setup.current_nodes, setup.current_status.schedulable_cores,
                        cpa::ExpectedReplicas(setup.params, setup.current_status));
  AddOomOutcome(setup, window, &r.current);

  cpa::ControllerOptions defaults;
  r.poll_period_seconds = defaults.poll_period_ms / 1000;
  Result<std::vector<TimelineFigures>> timeline =
      ReplayTimeline(setup, query.timeline, defaults.poll_period_ms, window);
  if (!timeline.ok()) return timeline.status();
  r.timeline = std::move(timeline).value();
  r.suggested_ladder = SuggestLadder(setup, query);
  return r;
}

bool CpaReport::oom_predicted() const {
  auto short_of = [](const CapacityFigures& f) { return f.under_provisioned(); };
  return first_under_provisioned.has_value() || current.under_provisioned() ||
         std::any_of(at.begin(), at.end(), short_of) ||
         std::any_of(timeline.begin(), timeline.end(),
                     [](const TimelineFigures& t) { return t.peak.under_provisioned(); });
}

}  // namespace tunnelsim::capacity
