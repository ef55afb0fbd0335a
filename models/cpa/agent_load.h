// konnectivity-agent memory under tunnel load, and the first cluster size at which a CPA
// configuration leaves the agents short of memory (reference/konnectivity-cpa.md §D, §F8).
// Model: every tunneled TCP connection (a "stream") costs the agent a fixed amount plus
// whatever its transfer buffers hold; a replica's memory is a base plus that cost times its
// streams. Streams are spread evenly over the replicas and the busiest replica, holding
// ceil(streams / replicas), is the one reported. Concurrent request/response streams follow
// Little's law: calls per second x seconds per call.
// Every number here is an ESTIMATE: §D derives costs from the code and knows of no published
// measurement, and AKS's agent memory limit is not public. All defaults are overridable.
#pragma once

#include <cstdint>
#include <optional>

#include "models/core/result.h"
#include "models/cpa/params.h"

namespace tunnelsim::cpa {

inline constexpr int64_t kKiB = 1024;
inline constexpr int64_t kMiB = 1024 * kKiB;

struct AgentMemoryModel {
  // Go runtime, gRPC client with TLS, the server connections, metrics: an estimate for an
  // idle agent; §D has no figure.
  int64_t base_bytes = 20 * kMiB;
  // Per stream with empty buffers: 3 goroutines (>= 8 KiB stacks each, usually grown), two
  // channels of --xfr-channel-size slice headers and gRPC stream state. §D says "tens of
  // KiB"; 64 KiB is the upper end of that.
  int64_t idle_stream_bytes = 64 * kKiB;
  int64_t xfr_channel_size = 150;  // agent --xfr-channel-size default [aopt]
  int64_t chunk_bytes = 4 * kKiB;  // the agent reads its remote in 4 KiB chunks [ac]
  // How full a stream's server-bound channel is on average: 0 = idle streams, 1 = the worst
  // case of §D, 150 x 4 KiB = 600 KiB queued per stream (a slow apiserver-side reader).
  double buffer_fill = 0.0;

  int64_t PerStreamBytes() const;
};

// Tunnel traffic for the whole cluster. All values >= 0.
struct TunnelLoad {
  double logs_follow = 0;               // concurrent `kubectl logs -f`
  double exec_sessions = 0;             // concurrent `kubectl exec` / attach
  double port_forwards = 0;             // concurrent `kubectl port-forward` connections
  double webhook_calls_per_second = 0;  // service-referenced admission webhooks (§C3)
  double webhook_latency_seconds = 0;
  double aggregated_api_calls_per_second = 0;  // metrics-server and other APIServices
  double aggregated_api_latency_seconds = 0;

  double ConcurrentStreams() const;
};

struct AgentMemoryReport {
  int32_t replicas = 0;
  double concurrent_streams = 0;        // cluster-wide mean
  int64_t streams = 0;                  // the mean as whole streams (rounded up)
  int64_t busiest_replica_streams = 0;  // ceil(ceil(streams) / replicas)
  int64_t busiest_replica_bytes = 0;    // base + per-stream x busiest streams
  int64_t limit_bytes = 0;
  int64_t headroom_bytes = 0;  // limit - busiest; negative when over
  bool oom = false;            // busiest > limit: the kernel OOM-kills the agent
  bool no_agents = false;      // 0 replicas: every stream fails ("No agent available")
  bool under_provisioned() const { return oom || (no_agents && busiest_replica_streams > 0); }
};

// REQUIRES (else an error): loads finite and >= 0 with at most 1e12 streams; replicas >= 0;
// limit_bytes > 0; model sizes >= 0 (base and idle <= 2^40, channel <= 2^20,
// chunk <= 16 MiB) and buffer_fill in [0, 1]. Bytes saturate at
// int64's maximum.
Result<AgentMemoryReport> EvaluateAgentMemory(const AgentMemoryModel& model, const TunnelLoad& load,
                                              int32_t replicas, int64_t limit_bytes);

// Load that grows with the cluster: fixed + per_node x nodes, field by field. Latencies
// belong in `fixed` (a per-node latency would make calls slower as the cluster grows).
struct GrowingLoad {
  TunnelLoad fixed;
  TunnelLoad per_node;
  TunnelLoad At(int64_t nodes) const;
};

struct UnderProvisioning {
  int64_t nodes = 0;
  AgentMemoryReport report;
};

// The smallest node count in first..last (identical nodes, see sweep.h) at which the replicas
// CPA gives leave the busiest agent over its limit (or with no agent while there is load);
// nullopt if none. Within one replica step memory only grows with nodes, so each step is
// binary searched: O(steps x log nodes).
Result<std::optional<UnderProvisioning>> FindFirstUnderProvisioned(
    const ScalerParams& params, int64_t millicores_per_node, int64_t first_nodes,
    int64_t last_nodes, const AgentMemoryModel& model, const GrowingLoad& load,
    int64_t limit_bytes);

}  // namespace tunnelsim::cpa
