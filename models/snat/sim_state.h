// Plain state records of the SNAT simulation engine (sim_engine.h). Internal to the model.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "models/snat/destination.h"
#include "models/snat/event_queue.h"
#include "models/snat/rng.h"
#include "models/snat/sim_config.h"
#include "models/snat/sim_result.h"
#include "models/snat/tunnel_agents.h"

namespace tunnelsim::snat::internal {

inline constexpr uint32_t kNil = 0xffffffffu;

// Order of events within one microsecond (the low bits of a queue key).
enum Phase : int { kFreePhase = 0, kClosePhase = 1, kStartPhase = 2 };
inline constexpr int kPhaseCount = 4;

// Seconds (>= 0) to microseconds, rounded to nearest, clamped so that keys (microseconds x
// kPhaseCount) fit in int64. Plain arithmetic rather than llround: this is on the hot path.
inline SimTime ToMicros(double seconds) {
  constexpr double kMaxSeconds = 9.0e18 / kPhaseCount / 1e6;
  return static_cast<SimTime>(std::min(seconds, kMaxSeconds) * 1e6 + 0.5);
}

enum class EventKind : uint8_t {
  kArrival,            // index: source; aux: 0 (Poisson, group-wide) or 1 + local node
  kLbPortRelease,      // PortEvent; tag: re-tier epoch at scheduling
  kNatPortClose,       // PortEvent; tag: close mode; port: public IP
  kNatCooldownEnd,     // PortEvent; port: public IP
  kRequestEnd,         // index: pooled flow; aux: generation
  kPoolExpiry,         // index: pooled flow; aux: generation
  kBackendPoolChange,  // index: change
  kTunnelDial,         // index: tunnel connection
  kAgentRestart,       // index: restart
  kDuplicateDial,      // index: agent
};

// Generic payload: kind (4 bits) | aux (28) | index (32).
inline constexpr uint64_t kAuxMask = 0x0fffffff;
constexpr uint64_t EncodeEvent(EventKind kind, uint32_t aux, uint32_t index) {
  return (uint64_t{static_cast<uint8_t>(kind)} << 60) | ((aux & kAuxMask) << 32) | index;
}
constexpr EventKind KindOf(uint64_t data) { return static_cast<EventKind>(data >> 60); }
constexpr uint32_t AuxOf(uint64_t data) { return static_cast<uint32_t>((data >> 32) & kAuxMask); }
constexpr uint32_t IndexOf(uint64_t data) { return static_cast<uint32_t>(data); }

// A port event names the port itself, so a plain flow needs no record at all (the hot path
// touches the queue and the node's port pool only): kind (4) | tag (8) | destination (12) |
// port (16) | node (24). Limits checked by ValidateSimulationConfig: < 2^24 simulated nodes,
// < 4096 destinations, < 256 re-tier epochs.
struct PortEvent {
  uint32_t node = 0;
  uint32_t dest = 0;
  uint32_t port = 0;  // Load Balancer port, or NAT Gateway public IP index
  uint32_t tag = 0;
};
constexpr uint64_t EncodePortEvent(EventKind kind, const PortEvent& e) {
  return (uint64_t{static_cast<uint8_t>(kind)} << 60) | (uint64_t{e.tag & 0xffu} << 52) |
         (uint64_t{e.dest & 0xfffu} << 40) | (uint64_t{e.port & 0xffffu} << 24) |
         (e.node & 0xffffffu);
}
constexpr PortEvent DecodePortEvent(uint64_t data) {
  return {static_cast<uint32_t>(data & 0xffffff), static_cast<uint32_t>((data >> 40) & 0xfff),
          static_cast<uint32_t>((data >> 24) & 0xffff), static_cast<uint32_t>((data >> 52) & 0xff)};
}

// Records exist only for connections with a life of their own: pooled ones and the tunnel's.
enum class FlowState : uint8_t {
  kFree,
  kPoolBusy,  // pooled connection serving a request
  kPoolIdle,  // pooled connection kept for reuse
  kPoolDead,  // reclaimed by the provider, still in the client's pool (no reset seen)
  kTunnel,    // an agent's long-lived connection
};

struct Flow {
  uint32_t node = 0;
  uint32_t gen = 0;
  uint32_t prev = kNil;  // idle-list links of pooled connections
  uint32_t next = kNil;
  uint32_t owner = 0;  // source index, or tunnel connection
  int32_t port = -1;   // Load Balancer port, or NAT Gateway public IP index
  uint16_t dest = 0;
  FlowState state = FlowState::kFree;
  CloseMode close = CloseMode::kFin;
};

// Slab of flows with a free list, in fixed-size chunks so growth never copies. Ids are
// reused; generations tell incarnations apart.
class FlowTable {
 public:
  uint32_t Alloc() {
    if (free_.empty()) {
      if ((size_ & kChunkMask) == 0) chunks_.push_back(std::make_unique<Flow[]>(kChunkSize));
      return size_++;
    }
    const uint32_t id = free_.back();
    free_.pop_back();
    return id;
  }
  void Free(uint32_t id) {
    Flow& f = (*this)[id];
    f.state = FlowState::kFree;
    f.prev = f.next = kNil;
    ++f.gen;
    free_.push_back(id);
  }
  Flow& operator[](uint32_t id) { return chunks_[id >> kChunkBits][id & kChunkMask]; }
  const Flow& operator[](uint32_t id) const { return chunks_[id >> kChunkBits][id & kChunkMask]; }
  uint32_t size() const { return size_; }
  bool Current(uint32_t id, uint32_t aux) const {
    const Flow& f = (*this)[id];
    return (f.gen & kAuxMask) == aux && f.state != FlowState::kFree;
  }

 private:
  static constexpr uint32_t kChunkBits = 12;
  static constexpr uint32_t kChunkSize = 1u << kChunkBits;
  static constexpr uint32_t kChunkMask = kChunkSize - 1;
  std::vector<std::unique_ptr<Flow[]>> chunks_;
  std::vector<uint32_t> free_;
  uint32_t size_ = 0;
};

// A client's pool of idle connections for one (node, source): most recent first.
struct IdleList {
  uint32_t head = kNil;
  int count = 0;  // includes dead connections the client has not noticed
};
// Removes flow `id` from `list` (sim_engine_pool.cc).
void UnlinkIdle(FlowTable& flows, IdleList& list, uint32_t id);

struct NodeState {
  int group = 0;
  int used = 0;  // ports in use (LB: distinct ports; NAT Gateway: open flows)
  int step_peak = 0;
  SimTime last_change_us = 0;
  double used_integral = 0;  // port-microseconds in the current step
  int64_t step_successful = 0;
  int64_t step_failed = 0;
};

struct GroupState {
  uint32_t first_node = 0;  // simulated nodes are [first_node, first_node + simulated)
  uint32_t simulated = 0;
  int64_t step_requests = 0;
  int64_t step_stale = 0;
  int64_t step_reclaimed = 0;
  GroupResult result;
};

struct SourceState {
  DestinationId dest = 0;
  uint32_t first_node = 0;
  uint32_t node_count = 0;
  int pool_index = -1;           // index among pooled sources, or -1
  uint32_t arrival_lane = kNil;  // its arrival stream (event_lanes.h)
  // Fixed durations: the lane of a plain flow's port release (LB) or close (NAT Gateway);
  // pooled: of the request's end. kNil for random durations.
  uint32_t end_lane = kNil;
  SimTime end_delay_us = 0;           // fixed durations: start to end event (EndDelayUs)
  double next_arrival = 0;            // Poisson: the group-wide stream
  std::vector<double> next_per_node;  // deterministic: one stream per node
  Rng rng{0};
};

struct GatewayState {
  GatewayStep step;
  double connections_integral = 0;
  SimTime last_change_us = 0;
  GatewayResult result;
};

struct Agent {
  uint32_t node = 0;
  int up = 0;  // connections currently established
};

struct TunnelConn {
  uint32_t agent = 0;
  uint32_t flow = kNil;
  bool dial_pending = false;
  double down_since_seconds = 0;
  DialBackoff backoff;
};

struct TunnelState {
  DestinationId dest = 0;
  std::vector<Agent> agents;
  std::vector<TunnelConn> conns;
  TunnelResult result;
};

}  // namespace tunnelsim::snat::internal
