// What follows once konnectivity-agent replicas pass their memory limit: OOM kills, kubelet
// restarts and the load moving between replicas, as a deterministic event simulation over a
// time window (reference/konnectivity-cpa.md §C1-§C3, §D). The model:
//   - `demand` streams are wanted at once, all the time (users and clients keep them up);
//   - a replica holding more than `capacity` streams passes its limit and is OOM-killed at
//     once; the streams it holds break (the server closes every tunnel through it, §C3);
//   - clients re-open broken streams at once on the replicas still up, and whenever the set
//     of replicas up changes the demand spreads evenly over them (the server only picks
//     connected agents, §C2): floor or ceil of demand / up each, the extra streams on the
//     replicas up longest. Until the first change replicas hold `initial`, maybe unevenly;
//   - a killed replica restarts when the kubelet allows (crash_loop_backoff.h) and re-dials
//     every konnectivity server, one new connection each (§C1); the killed process's
//     connections close and, on a public cluster, hold their SNAT port `fin_hold` longer
//     (reference/azure.md §2.6: 240 s after a FIN, a historical figure);
//   - at one instant kills and the load they move settle first, then replicas due restart,
//     until nothing changes: a cascade takes no time, a restart at least an instant.
// It is the worst case on timing: clients come back at once, and a restarted agent takes its
// share at once, so a crash loop leaves no agent up between restarts.
// Replicas with the same history are simulated as one group: O(instants x groups^2), where
// groups stay few (2 for an even start) whatever the replica count.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "models/core/result.h"
#include "models/cpa/agent_load.h"
#include "models/cpa/crash_loop_backoff.h"

namespace tunnelsim::cpa {

struct ReplicaGroup {
  int64_t count = 0;    // replicas...
  int64_t streams = 0;  // ...holding this many streams each
  friend bool operator==(const ReplicaGroup&, const ReplicaGroup&) = default;
};

// `streams` spread evenly over `replicas` (> 0): streams mod replicas of them hold one more.
// Empty groups are left out; the fuller group comes first.
std::vector<ReplicaGroup> EvenSpread(int64_t streams, int64_t replicas);

// The most streams one replica holds at or under `limit_bytes`: floor((limit - base) /
// per-stream); -1 when the base alone passes the limit; INT64_MAX when streams cost nothing.
int64_t StreamCapacity(const AgentMemoryModel& model, int64_t limit_bytes);

struct OomRestartInput {
  std::vector<ReplicaGroup> initial;  // the replicas and what they hold at time 0
  int64_t capacity = 0;               // StreamCapacity; -1: even an idle replica is killed
  // Replicas OOM-killed at time 0 whatever they hold (a burst of streams on them), the
  // busiest first: "if one replica goes, do the others hold?"
  int64_t forced_kills = 0;
  int64_t connections_per_replica = 1;  // konnectivity-server replicas (--server-count)
  BackOffPolicy backoff;
  int64_t window_seconds = 600;
  int64_t fin_hold_seconds = 240;
};

struct OomRestartReport {
  int64_t replicas = 0;
  int64_t over_limit_at_start = 0;  // replicas above capacity at time 0
  int64_t replicas_killed = 0;      // replicas killed at least once
  bool cascade = false;       // a replica under its limit at time 0 (and not forced) was killed
  int64_t kills = 0;          // OOM kills (a replica may die many times)
  int64_t stream_breaks = 0;  // streams held by the killed replicas, summed over the kills
  int64_t restarts = 0;
  int64_t redials = 0;              // new server connections: restarts x connections
  int64_t max_backoff_seconds = 0;  // the longest wait before a restart
  int64_t no_agent_seconds = 0;     // time with no replica up
  // Connections whose SNAT port one replica's node holds at once (open, or closed less than
  // fin_hold ago), at the worst moment of the window; connections_per_replica at least.
  int64_t peak_connections_per_replica = 0;
  // From then on every replica is up and under its limit; none: still crash-looping when the
  // window ends. 0 when nothing happens.
  std::optional<int64_t> settled_seconds;
};

// REQUIRES (else an error): groups with count >= 0 and streams >= 0, at most 1e12 streams
// and 2^31 - 1 replicas in all; capacity >= -1; 0 <= forced_kills <= replicas; 1 <= connections <=
// 1000; a valid back-off policy; 1 s <= window <= 30 days; fin_hold >= 0.
Result<OomRestartReport> SimulateOomRestarts(const OomRestartInput& input);

}  // namespace tunnelsim::cpa
