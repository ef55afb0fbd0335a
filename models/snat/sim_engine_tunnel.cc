// SimEngine: backend pool re-tiering and the tunnel agents' connections (tunnel_agents.h).
#include <algorithm>

#include "models/snat/sim_engine.h"

namespace tunnelsim::snat::internal {

void SimEngine::OnBackendPoolChange(uint32_t index) {
  const BackendPoolChange& change = lb_->backend_pool_changes[index];
  const int ports = *PortsPerNode(lb_->rule.allocated_outbound_ports, change.backend_pool_size,
                                  lb_->rule.frontend_ips, lb_->rule.allocation);
  if (ports == lb_ports_) return;
  // reference/azure.md §2.2: the reclaimed half's flows time out and close.
  if (ports < lb_ports_) KillFlowsAtOrAbove(ports);
  TouchAllocated(now_us_);
  for (LbPortPool& pool : lb_pools_) pool.SetAllocatedPorts(ports);
  lb_ports_ = ports;
}

void SimEngine::KillFlowsAtOrAbove(int port) {
  // Flows with records first (O(records)): pooled and tunnel connections react.
  for (uint32_t id = 0; id < flows_.size(); ++id) {
    Flow& f = flows_[id];
    if (f.port < port || f.state == FlowState::kFree || f.state == FlowState::kPoolDead) continue;
    ReleaseFlowPort(f);
    GroupState& gs = groups_[nodes_[f.node].group];
    ++gs.step_reclaimed;
    ++gs.result.reclaimed_flows;
    if (f.state == FlowState::kPoolIdle) UnlinkIdle(flows_, IdleListOf(f), id);
    if (f.state == FlowState::kTunnel) {
      const uint32_t conn = f.owner;
      TunnelDown(conn);
      TunnelConn& c = tunnel_->conns[conn];
      if (!c.dial_pending) {
        c.dial_pending = true;
        Schedule(now_us_, kStartPhase, EncodeEvent(EventKind::kTunnelDial, 0, conn));
      }
    }
    flows_.Free(id);  // its pending events become stale
  }
  // Then every other flow on a reclaimed port (O(nodes x destinations x ports reclaimed)).
  // Their release events are recognised as stale by the epoch (OnLbPortRelease).
  for (uint32_t node = 0; node < nodes_.size(); ++node) {
    const int killed = lb_pools_[node].ReleaseAllAtOrAbove(port);
    if (killed == 0) continue;
    GroupState& gs = groups_[nodes_[node].group];
    gs.step_reclaimed += killed;
    gs.result.reclaimed_flows += killed;
    SetUsed(node, lb_pools_[node].UsedPorts());
  }
  for (int& min_ports : min_ports_since_) min_ports = std::min(min_ports, port);
  min_ports_since_.push_back(std::numeric_limits<int>::max());
  ++lb_epoch_;
}

void SimEngine::TunnelDown(uint32_t conn) {
  TunnelConn& c = tunnel_->conns[conn];
  c.flow = kNil;
  c.down_since_seconds = static_cast<double>(now_us_) / 1e6;
  --tunnel_->agents[c.agent].up;
}

void SimEngine::OnTunnelDial(uint32_t conn) {
  TunnelConn& c = tunnel_->conns[conn];
  TunnelResult& r = tunnel_->result;
  c.dial_pending = false;
  if (c.flow != kNil) return;
  Agent& agent = tunnel_->agents[c.agent];
  ++r.dials;
  const double now = static_cast<double>(now_us_) / 1e6;
  const uint32_t id = OpenFlow(agent.node, tunnel_->dest, conn);
  if (id == kNil) {
    ++r.failed_dials;
    if (!r.first_failed_dial_seconds) r.first_failed_dial_seconds = now;
    if (agent.up == 0 && !r.first_agent_disconnected_seconds) {
      r.first_agent_disconnected_seconds = now;
    }
    c.dial_pending = true;
    ScheduleSeconds(now + c.backoff.Next(tunnel_rng_), kStartPhase,
                    EncodeEvent(EventKind::kTunnelDial, 0, conn));
    return;
  }
  flows_[id].state = FlowState::kTunnel;
  c.flow = id;
  c.backoff.Reset();
  ++agent.up;
  const double outage = now - c.down_since_seconds;
  r.longest_outage_seconds = std::max(r.longest_outage_seconds, outage);
  r.connection_down_seconds += outage;
}

void SimEngine::OnAgentRestart() {
  // Every agent closes its connections (FIN) and dials again at once, as a new process.
  for (uint32_t conn = 0; conn < tunnel_->conns.size(); ++conn) {
    TunnelConn& c = tunnel_->conns[conn];
    c.backoff.Reset();
    if (c.flow != kNil) {
      const uint32_t id = c.flow;
      TunnelDown(conn);
      RetireFlow(id, CloseMode::kFin);  // the old port stays held (LB) or cools down (NAT)
    }
    if (!c.dial_pending) {
      c.dial_pending = true;
      Schedule(now_us_, kStartPhase, EncodeEvent(EventKind::kTunnelDial, 0, conn));
    }
  }
}

void SimEngine::OnDuplicateDial(uint32_t agent_index) {
  const Agent& agent = tunnel_->agents[agent_index];
  TunnelResult& r = tunnel_->result;
  ++r.duplicate_dials;
  const int port = AcquirePort(agent.node, tunnel_->dest);
  if (port < 0) {
    ++r.failed_duplicate_dials;
  } else {  // the server is a duplicate: the agent closes the connection at once
    EndFlowAfter(agent.node, tunnel_->dest, port, CloseMode::kFin, 0);
  }
  const double interval = config_.tunnel->duplicate_dial_interval_seconds;
  const double jitter = config_.tunnel->backoff.jitter;
  ScheduleSeconds(
      static_cast<double>(now_us_) / 1e6 + interval * (1 + tunnel_rng_.Uniform() * jitter),
      kStartPhase, EncodeEvent(EventKind::kDuplicateDial, 0, agent_index));
}

bool SimEngine::AgentCanDial(const Agent& agent) const {
  if (lb_) return lb_pools_[agent.node].CanAcquire(tunnel_->dest);
  return nat_->AvailableFor(tunnel_->dest) > 0;
}

}  // namespace tunnelsim::snat::internal
