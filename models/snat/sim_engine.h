// SimEngine: the state and event handlers behind Simulate() (simulator.h). Internal to the
// snat model: the public contract is in simulator.h, sim_config.h and sim_result.h.
//
// The engine never touches the general event queue: handlers append new events to outbox(),
// and the run loop (simulator.cc, a template over the queue type so Push/Pop inline) moves
// them into the queue. Events whose delay is fixed (holds, idle timeouts, hold-downs, fixed
// durations, dials "now") and the arrival streams go straight into the engine's lanes()
// (event_lanes.h), which the run loop merges with the queue. Queue keys are microseconds x
// kPhaseCount + phase (see simulator.h, "Determinism"). Plain connections have no record at all:
// their end events name the port (sim_state.h PortEvent), and a Load Balancer release made stale by
// a re-tier is recognised by its epoch. Pooled and tunnel connections live in a FlowTable; their
// events carry the record's generation, so events of a connection that was killed or reused are
// skipped (O(1) cancellation). REQUIRES: the config passed ValidateSimulationConfig().
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "models/snat/destination.h"
#include "models/snat/event_lanes.h"
#include "models/snat/event_queue.h"
#include "models/snat/lb_port_pool.h"
#include "models/snat/nat_gateway.h"
#include "models/snat/rng.h"
#include "models/snat/sim_config.h"
#include "models/snat/sim_result.h"
#include "models/snat/sim_state.h"

namespace tunnelsim::snat::internal {

class SimEngine {
 public:
  explicit SimEngine(const SimulationConfig& config);

  // Schedules the first events (arrivals, tunnel dials, scale changes, restarts).
  void Start();
  // Handles one popped event. Returns false once the event lies at or past the end.
  bool Handle(const Event& event);
  // Closes the remaining steps and assembles the result.
  SimulationResult Finish();

  std::vector<Event>& outbox() { return outbox_; }
  EventLanes& lanes() { return lanes_; }

 private:
  // --- scheduling ---
  void Schedule(SimTime t_us, Phase phase, uint64_t data);
  void ScheduleSeconds(double t_seconds, Phase phase, uint64_t data, uint32_t lane = kNil);
  // As Schedule, into `lane` when it is not kNil and stays in order, else the queue.
  void ScheduleIn(uint32_t lane, SimTime t_us, Phase phase, uint64_t data);
  // At now + delay_us, in the lane of that delay (LaneFor).
  void ScheduleAfter(SimTime delay_us, Phase phase, uint64_t data) {
    ScheduleIn(LaneFor(delay_us, phase), now_us_ + delay_us, phase, data);
  }
  // The lane of events set `delay_us` after "now" in `phase`, created on first use; kNil
  // once kMaxDelayLanes exist (random durations would need one each: they use the queue).
  uint32_t LaneFor(SimTime delay_us, Phase phase);
  SimTime NowUs() const { return now_us_; }

  // --- traffic (sim_engine.cc) ---
  void OnArrival(uint32_t source, uint32_t aux);
  void Request(uint32_t source, uint32_t node);
  // Takes a port for a new flow and counts it as successful or failed; -1 on failure.
  int AcquirePort(uint32_t node, DestinationId dest);
  // The flow on `port` ends `delay_seconds` from now by `close`: Load Balancer: the port is
  // released after the FIN/RST hold or the idle timeout; NAT Gateway: the flow closes then
  // (after the idle timeout for kIdle) and its port cools down.
  // `lane`: the lane of this flow's end event when the caller knows it (a fixed-duration
  // source), kNil for the queue (a random duration), kFindLane to look it up by delay.
  static constexpr uint32_t kFindLane = kNil - 1;
  void EndFlowAfter(uint32_t node, DestinationId dest, int port, CloseMode close,
                    double delay_seconds, uint32_t lane = kFindLane);
  // Schedules that end event `delay_us` (EndDelayUs) from now, in `lane` (kNil: the queue).
  void ScheduleFlowEnd(uint32_t node, DestinationId dest, int port, CloseMode close,
                       SimTime delay_us, uint32_t lane);
  // The delay from a flow's start to its end event: its duration plus the LB hold (or idle
  // timeout), or under NAT Gateway plus the idle timeout for `idle`.
  SimTime EndDelayUs(DestinationId dest, CloseMode close, double duration_seconds) const;
  void OnLbPortRelease(const PortEvent& e);
  void OnNatPortClose(const PortEvent& e);
  void ReleaseNatPort(uint32_t node, DestinationId dest, int ip, double cooldown_seconds);
  double IdleTimeoutSeconds(DestinationId dest) const;
  double LbHoldSeconds(CloseMode close) const;
  void SetUsed(uint32_t node, int used);

  // --- flows with records: pooled and tunnel connections (sim_engine_pool.cc) ---
  uint32_t OpenFlow(uint32_t node, DestinationId dest, uint32_t owner);  // kNil on failure
  // Ends flow `id` now by `close` (as EndFlowAfter) and frees its record.
  void RetireFlow(uint32_t id, CloseMode close);
  void ReleaseFlowPort(Flow& flow);  // the provider dropped it: no hold, no cooldown
  void PooledRequest(uint32_t source, uint32_t node, double duration_seconds);
  void OnRequestEnd(uint32_t flow_id);
  void OnPoolExpiry(uint32_t flow_id);
  IdleList& IdleListOf(const Flow& flow);

  // --- scale and tunnel (sim_engine_tunnel.cc) ---
  void OnBackendPoolChange(uint32_t index);
  void KillFlowsAtOrAbove(int port);
  void OnTunnelDial(uint32_t conn);
  void TunnelDown(uint32_t conn);
  void OnAgentRestart();
  void OnDuplicateDial(uint32_t agent);

  // --- metrics (sim_engine_metrics.cc) ---
  void AdvanceStepsTo(SimTime t_us) {
    if (t_us >= step_end_us_) AdvanceStepsSlow(t_us);
  }
  void AdvanceStepsSlow(SimTime t_us);
  void CloseStep();
  void TouchNode(NodeState& node, SimTime t_us);
  void TouchAllocated(SimTime t_us);
  void TouchGateway(SimTime t_us);
  bool AgentCanDial(const Agent& agent) const;

  const SimulationConfig& config_;
  const LoadBalancerSetup* lb_ = nullptr;  // exactly one of lb_ / nat_config_
  const NatGatewayConfig* nat_config_ = nullptr;
  DestinationTable destinations_;
  SimTime end_us_ = 0;
  SimTime now_us_ = 0;
  SimTime now_key_ = 0;
  int64_t events_ = 0;
  std::vector<Event> outbox_;
  EventLanes lanes_;
  struct DelayLane {
    SimTime delay_us;
    Phase phase;
    uint32_t lane;
  };
  static constexpr size_t kMaxDelayLanes = 64;
  std::vector<DelayLane> delay_lanes_;

  std::vector<NodeState> nodes_;
  std::vector<GroupState> groups_;
  std::vector<SourceState> sources_;
  std::vector<IdleList> idle_lists_;  // [node][pooled source]
  int pooled_sources_ = 0;
  FlowTable flows_;

  std::vector<LbPortPool> lb_pools_;  // Load Balancer: one per simulated node
  int lb_ports_ = 0;
  // Re-tier epochs: a release scheduled in epoch e is stale if its port is at or above
  // min_ports_since_[e], the smallest allocation any later shrink left (its flow was killed).
  uint32_t lb_epoch_ = 0;
  std::vector<int> min_ports_since_{std::numeric_limits<int>::max()};
  std::unique_ptr<NatGatewayPorts> nat_;
  Rng nat_rng_;
  GatewayState gateway_;

  std::optional<TunnelState> tunnel_;
  Rng tunnel_rng_;

  // Metric steps.
  SimTime step_us_ = 0;
  SimTime step_end_us_ = 0;
  int64_t step_index_ = 0;
  double allocated_integral_ = 0;
  SimTime allocated_last_change_ = 0;
};

}  // namespace tunnelsim::snat::internal
