// Simulate(): the discrete-event SNAT simulation. Given node groups, outbound traffic, a
// SNAT provider (Azure Load Balancer with per-node allocation, or NAT Gateway shared by all
// nodes) and the tunnel agents, it plays every connection and returns per-step metrics per
// group, the first exhaustion time, and whether the tunnel could re-dial (sim_config.h and
// sim_result.h define both sides).
//
// Model (reference/azure.md §2-§4, DESIGN.md "SNAT simulation"):
//   Load Balancer: each simulated node owns an LbPortPool sized by the allocation (manual, or
//   the default table for the backend pool size, re-tiered when the pool size changes).
//   A new flow fails iff its destination already has all of the node's ports (per-destination
//   uniqueness). A flow holds its port from its start until its release: close + FIN/RST hold,
//   or last activity + idle timeout.
//   NAT Gateway: one NatGatewayPorts for all nodes; ports of closed flows cool down for their
//   destination (65 s FIN, 16 s RST, 65 s UDP after its 4 min idle timeout).
//   Failed allocation = failed connection (SYN dropped, client times out); nothing retries
//   except the tunnel agents.
//
// Determinism: a run is a pure function of the config (seed included): sources draw from
// their own Rng streams, events at one microsecond run in phases: port releases first, then
// closes and scale changes, then new connections (so a port freed at t is usable by a
// connection at t), and within one phase in a fixed order (the general queue's events FIFO,
// then the lanes' by lane number; event_lanes.h, README).
//
// Cost: O(1) event work per event: fixed-delay timers and arrivals in FIFO lanes
// (event_lanes.h), random delays in the timing wheel (O(log n) with the heap); and
// O(1) port work per event (O(allocated/4096) bitmap words on the Load Balancer); plus
// O(simulated nodes) per metric step, and per backend pool change O(pooled and tunnel
// connections + simulated nodes x destinations x ports reclaimed). Nothing scans nodes per
// second. About 2 events per connection (its arrival and its port release; 3 under NAT
// Gateway: close, then end of hold-down). Memory: 16 bytes per pending event, 32 per pooled or
// tunnel connection, and simulated nodes x destinations x allocated / 8 bytes of bitmaps.
#pragma once

#include "models/core/result.h"
#include "models/snat/sim_config.h"
#include "models/snat/sim_result.h"

namespace tunnelsim::snat {

// Errors: whatever ValidateSimulationConfig() reports (including the Load Balancer RP's
// capacity error for a manual allocation that does not fit).
Result<SimulationResult> Simulate(const SimulationConfig& config);

}  // namespace tunnelsim::snat
