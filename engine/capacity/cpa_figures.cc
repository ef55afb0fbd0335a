// The figures of one size and the OOM simulation behind them (cpa_analysis.h).
#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/capacity/cpa_analysis.h"
#include "engine/capacity/lb_default_ports.h"

namespace tunnelsim::capacity {
namespace {

constexpr int64_t kNoLimit = std::numeric_limits<int64_t>::max();

}  // namespace

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

CapacityFigures FiguresAt(const CpaSetup& setup, int64_t nodes, int64_t cores, int32_t replicas) {
  CapacityFigures f;
  f.nodes = nodes;
  f.cores = cores;
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

CapacityFigures FiguresAt(const CpaSetup& setup, int64_t nodes, int32_t replicas) {
  return FiguresAt(
      setup, nodes,
      cpa::UniformClusterStatus(nodes, setup.sweep_millicores_per_node).schedulable_cores,
      replicas);
}

CapacityFigures FiguresAlong(const CpaSetup& setup, const CpaReport& report, int64_t x,
                             int32_t replicas) {
  if (report.query.axis == SweepAxis::kCores) return FiguresAt(setup, report.held, x, replicas);
  if (report.query.fixed_cores) return FiguresAt(setup, x, report.held, replicas);
  return FiguresAt(setup, x, replicas);
}

int64_t SweptValue(const CpaReport& report, const CapacityFigures& f) {
  return report.query.axis == SweepAxis::kCores ? f.cores : f.nodes;
}

void AddOomOutcome(const CpaSetup& setup, int64_t window_seconds, CapacityFigures* f) {
  if (!f->has_limit || f->replicas <= 0) return;
  cpa::OomRestartInput in;
  in.initial = cpa::EvenSpread(f->memory.streams, f->replicas);
  in.capacity = cpa::StreamCapacity(setup.memory_model, *setup.memory_limit_bytes);
  in.forced_kills = f->memory.oom ? 0 : 1;
  in.connections_per_replica = setup.server_count;
  in.window_seconds = window_seconds;
  OomOutcome o;
  o.trigger =
      f->memory.oom ? OomOutcome::Trigger::kOverLimit : OomOutcome::Trigger::kOneReplicaLost;
  // The load, replicas and servers are within the model's bounds (BuildCpaSetup checked the
  // largest load; the scenario allows at most 100 servers), so this cannot fail.
  o.report = cpa::SimulateOomRestarts(in).value();
  if (setup.snat.redials_take_ports) {
    o.redial_snat_ports = o.report.redials;
    o.peak_snat_ports_per_node = o.report.peak_connections_per_replica;
  }
  f->oom = std::move(o);
}

std::vector<CapacityFigures> EverySweepValue(const CpaSetup& setup, const CpaReport& report) {
  std::vector<CapacityFigures> out;
  const SweepRange& range = report.query.range;
  const int64_t window = report.query.oom_window_seconds;
  out.reserve(static_cast<size_t>(range.last - range.first + 1));
  for (size_t i = 0; i < report.steps.size(); ++i) {
    const cpa::ReplicaStep& step = report.steps[i];
    int64_t end = i + 1 < report.steps.size() ? report.steps[i + 1].from - 1 : range.last;
    if (report.query.axis == SweepAxis::kCores) {
      // At a fixed node count only the core figure moves within a step: one simulation.
      CapacityFigures f = FiguresAlong(setup, report, step.from, step.replicas);
      AddOomOutcome(setup, window, &f);
      for (int64_t x = step.from; x <= end; ++x) {
        out.push_back(f);
        out.back().cores = x;
      }
      continue;
    }
    for (int64_t x = step.from; x <= end; ++x) {
      out.push_back(FiguresAlong(setup, report, x, step.replicas));
      AddOomOutcome(setup, window, &out.back());
    }
  }
  return out;
}

}  // namespace tunnelsim::capacity
