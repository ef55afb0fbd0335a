#include "models/cpa/agent_load.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "models/cpa/sweep.h"

namespace tunnelsim::cpa {
namespace {

constexpr double kMaxStreams = 1e12;
// Plausibility bounds; they also keep PerStreamBytes far from overflow.
constexpr int64_t kMaxSize = int64_t{1} << 40;
constexpr int64_t kMaxChannel = int64_t{1} << 20;
constexpr int64_t kMaxChunk = int64_t{1} << 24;

bool ValidAmount(double v) { return std::isfinite(v) && v >= 0; }

Status ValidateLoad(const TunnelLoad& l) {
  for (double v : {l.logs_follow, l.exec_sessions, l.port_forwards, l.webhook_calls_per_second,
                   l.webhook_latency_seconds, l.aggregated_api_calls_per_second,
                   l.aggregated_api_latency_seconds}) {
    if (!ValidAmount(v)) {
      return Status::InvalidArgument(
          fmt::format("tunnel load value {} is invalid; expected a finite number >= 0", v));
    }
  }
  if (l.ConcurrentStreams() > kMaxStreams) {
    return Status::OutOfRange(fmt::format("{} concurrent streams; expected at most {}",
                                          l.ConcurrentStreams(), kMaxStreams));
  }
  return Status::Ok();
}

Status ValidateModel(const AgentMemoryModel& m, int64_t limit_bytes) {
  if (m.base_bytes < 0 || m.idle_stream_bytes < 0 || m.xfr_channel_size < 0 || m.chunk_bytes < 0 ||
      !(m.buffer_fill >= 0 && m.buffer_fill <= 1)) {
    return Status::InvalidArgument(
        "agent memory model has a negative size or a buffer fill outside 0..1; expected "
        "sizes >= 0 and 0 <= fill <= 1");
  }
  if (m.base_bytes > kMaxSize || m.idle_stream_bytes > kMaxSize ||
      m.xfr_channel_size > kMaxChannel || m.chunk_bytes > kMaxChunk) {
    return Status::OutOfRange(fmt::format(
        "agent memory model is out of range; expected base and idle stream bytes <= 2^40, "
        "channel size <= {} and chunk bytes <= {}",
        kMaxChannel, kMaxChunk));
  }
  if (limit_bytes <= 0) {
    return Status::InvalidArgument(
        fmt::format("memory limit {} bytes; expected more than 0", limit_bytes));
  }
  return Status::Ok();
}

// The report for a load already validated.
AgentMemoryReport Evaluate(const AgentMemoryModel& model, const TunnelLoad& load, int32_t replicas,
                           int64_t limit_bytes) {
  AgentMemoryReport r;
  r.replicas = replicas;
  r.concurrent_streams = load.ConcurrentStreams();
  r.limit_bytes = limit_bytes;
  // Rates times latencies carry binary rounding (25/s x 0.28 s = 7.000000000000001); a stream
  // count within a billionth of a whole number is that number.
  auto streams = static_cast<int64_t>(std::ceil(r.concurrent_streams - 1e-9));
  r.streams = streams;
  if (replicas <= 0) {
    r.no_agents = true;
    r.busiest_replica_streams = streams;  // nobody serves them
    r.headroom_bytes = limit_bytes;
    return r;
  }
  r.busiest_replica_streams = streams / replicas + (streams % replicas != 0 ? 1 : 0);
  // base + per-stream x streams, saturated at int64's maximum.
  int64_t stream_bytes = 0, total = 0;
  if (__builtin_mul_overflow(model.PerStreamBytes(), r.busiest_replica_streams, &stream_bytes) ||
      __builtin_add_overflow(model.base_bytes, stream_bytes, &total)) {
    total = std::numeric_limits<int64_t>::max();
  }
  r.busiest_replica_bytes = total;
  r.headroom_bytes = limit_bytes - r.busiest_replica_bytes;
  r.oom = r.busiest_replica_bytes > limit_bytes;
  return r;
}

}  // namespace

int64_t AgentMemoryModel::PerStreamBytes() const {
  // Clamped so that an unvalidated model cannot overflow; validated models stay far below.
  constexpr double kClamp = 4.0e18;
  double buffered =
      buffer_fill * static_cast<double>(xfr_channel_size) * static_cast<double>(chunk_bytes);
  if (!(buffered < kClamp)) buffered = buffered > 0 ? kClamp : 0;
  return idle_stream_bytes + static_cast<int64_t>(std::llround(buffered));
}

double TunnelLoad::ConcurrentStreams() const {
  return logs_follow + exec_sessions + port_forwards +
         webhook_calls_per_second * webhook_latency_seconds +
         aggregated_api_calls_per_second * aggregated_api_latency_seconds;
}

TunnelLoad GrowingLoad::At(int64_t nodes) const {
  auto n = static_cast<double>(nodes);
  return TunnelLoad{
      fixed.logs_follow + per_node.logs_follow * n,
      fixed.exec_sessions + per_node.exec_sessions * n,
      fixed.port_forwards + per_node.port_forwards * n,
      fixed.webhook_calls_per_second + per_node.webhook_calls_per_second * n,
      fixed.webhook_latency_seconds + per_node.webhook_latency_seconds * n,
      fixed.aggregated_api_calls_per_second + per_node.aggregated_api_calls_per_second * n,
      fixed.aggregated_api_latency_seconds + per_node.aggregated_api_latency_seconds * n,
  };
}

Result<AgentMemoryReport> EvaluateAgentMemory(const AgentMemoryModel& model, const TunnelLoad& load,
                                              int32_t replicas, int64_t limit_bytes) {
  if (Status s = ValidateModel(model, limit_bytes); !s.ok()) return s;
  if (Status s = ValidateLoad(load); !s.ok()) return s;
  if (replicas < 0) {
    return Status::InvalidArgument(fmt::format("{} replicas; expected >= 0", replicas));
  }
  return Evaluate(model, load, replicas, limit_bytes);
}

Result<std::optional<UnderProvisioning>> FindFirstUnderProvisioned(
    const ScalerParams& params, int64_t millicores_per_node, int64_t first_nodes,
    int64_t last_nodes, const AgentMemoryModel& model, const GrowingLoad& load,
    int64_t limit_bytes) {
  if (Status s = ValidateModel(model, limit_bytes); !s.ok()) return s;
  Result<std::vector<ReplicaStep>> steps =
      SweepReplicas(params, millicores_per_node, first_nodes, last_nodes);
  if (!steps.ok()) return steps.status();
  // With both parts >= 0 the load only grows with nodes, so memory only grows within a
  // replica step (which the search below relies on) and the largest load is at last_nodes.
  for (const TunnelLoad& part : {load.fixed, load.per_node, load.At(last_nodes)}) {
    if (Status s = ValidateLoad(part); !s.ok()) return s;
  }
  auto short_at = [&](int64_t n, int32_t replicas) {
    return Evaluate(model, load.At(n), replicas, limit_bytes);
  };
  for (size_t i = 0; i < steps->size(); ++i) {
    const ReplicaStep& step = (*steps)[i];
    int64_t end = i + 1 < steps->size() ? (*steps)[i + 1].from - 1 : last_nodes;
    if (!short_at(end, step.replicas).under_provisioned()) continue;
    int64_t lo = step.from - 1, hi = end;  // predicate false at lo (or lo is before the step)
    while (hi - lo > 1) {
      int64_t mid = lo + (hi - lo) / 2;
      (short_at(mid, step.replicas).under_provisioned() ? hi : lo) = mid;
    }
    return std::optional<UnderProvisioning>(UnderProvisioning{hi, short_at(hi, step.replicas)});
  }
  return std::optional<UnderProvisioning>();
}

}  // namespace tunnelsim::cpa
