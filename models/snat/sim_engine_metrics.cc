// SimEngine: per-step metrics (O(simulated nodes) per step) and the final result.
#include <algorithm>

#include "models/snat/sim_engine.h"

namespace tunnelsim::snat::internal {

void SimEngine::TouchNode(NodeState& node, SimTime t_us) {
  node.used_integral +=
      static_cast<double>(node.used) * static_cast<double>(t_us - node.last_change_us);
  node.last_change_us = t_us;
}

void SimEngine::TouchAllocated(SimTime t_us) {
  allocated_integral_ +=
      static_cast<double>(lb_ports_) * static_cast<double>(t_us - allocated_last_change_);
  allocated_last_change_ = t_us;
}

void SimEngine::TouchGateway(SimTime t_us) {
  gateway_.connections_integral += static_cast<double>(nat_->Connections()) *
                                   static_cast<double>(t_us - gateway_.last_change_us);
  gateway_.last_change_us = t_us;
}

void SimEngine::AdvanceStepsSlow(SimTime t_us) {
  while (t_us >= step_end_us_ && step_index_ * step_us_ < end_us_) CloseStep();
}

void SimEngine::CloseStep() {
  const SimTime start = step_index_ * step_us_;
  const SimTime end = step_end_us_;
  const double length = static_cast<double>(end - start);
  const double start_seconds = static_cast<double>(start) / 1e6;
  if (lb_) TouchAllocated(end);
  for (GroupState& gs : groups_) {
    StepMetrics m;
    m.start_seconds = start_seconds;
    double integral = 0;
    int64_t successful = 0;
    int64_t failed = 0;
    for (uint32_t n = gs.first_node; n < gs.first_node + gs.simulated; ++n) {
      NodeState& ns = nodes_[n];
      TouchNode(ns, end);
      integral += ns.used_integral;
      successful += ns.step_successful;
      failed += ns.step_failed;
      m.successful_max_node = std::max(m.successful_max_node, ns.step_successful);
      m.failed_max_node = std::max(m.failed_max_node, ns.step_failed);
      m.used_ports_max_node = std::max(m.used_ports_max_node, ns.step_peak);
      ns.used_integral = 0;
      ns.step_successful = ns.step_failed = 0;
      ns.step_peak = ns.used;  // the level carried into the next step
    }
    const double nodes = static_cast<double>(gs.simulated);
    m.successful_mean = static_cast<double>(successful) / nodes;
    m.failed_mean = static_cast<double>(failed) / nodes;
    m.used_ports_mean = integral / (nodes * length);
    m.allocated_ports = lb_ ? allocated_integral_ / length : 0;
    m.requests = gs.step_requests;
    m.stale_pool_failures = gs.step_stale;
    m.reclaimed_flows = gs.step_reclaimed;
    gs.step_requests = gs.step_stale = gs.step_reclaimed = 0;
    gs.result.requests += m.requests;
    gs.result.peak_used_ports = std::max(gs.result.peak_used_ports, m.used_ports_max_node);
    gs.result.steps.push_back(m);
  }
  allocated_integral_ = 0;
  if (nat_) {
    TouchGateway(end);
    GatewayStep g = gateway_.step;
    g.start_seconds = start_seconds;
    g.connections_mean = gateway_.connections_integral / length;
    g.connections_peak = std::max(g.connections_peak, nat_->Connections());
    gateway_.result.steps.push_back(g);
    gateway_.step = GatewayStep{};
    gateway_.step.connections_peak = nat_->Connections();
    gateway_.connections_integral = 0;
  }
  if (tunnel_) {
    TunnelStep ts;
    ts.start_seconds = start_seconds;
    for (const Agent& a : tunnel_->agents) ts.agents_without_port += AgentCanDial(a) ? 0 : 1;
    for (const TunnelConn& c : tunnel_->conns) ts.connections_down += c.flow == kNil ? 1 : 0;
    tunnel_->result.steps.push_back(ts);
  }
  ++step_index_;
  step_end_us_ = std::min((step_index_ + 1) * step_us_, end_us_);
}

SimulationResult SimEngine::Finish() {
  AdvanceStepsTo(end_us_);
  SimulationResult out;
  out.events = events_;
  for (GroupState& gs : groups_) {
    GroupResult& r = gs.result;
    const double scale = static_cast<double>(r.nodes) / r.simulated_nodes;
    r.successful_estimate = static_cast<double>(r.successful) * scale;
    r.failed_estimate = static_cast<double>(r.failed) * scale;
    r.reclaimed_flows_estimate = static_cast<double>(r.reclaimed_flows) * scale;
    out.groups.push_back(std::move(r));
  }
  if (nat_) out.gateway = std::move(gateway_.result);
  if (tunnel_) {
    TunnelResult& r = tunnel_->result;
    const double end = static_cast<double>(end_us_) / 1e6;
    for (const TunnelConn& c : tunnel_->conns) {
      if (c.flow != kNil) continue;
      ++r.connections_down_at_end;
      r.longest_outage_seconds = std::max(r.longest_outage_seconds, end - c.down_since_seconds);
      r.connection_down_seconds += end - c.down_since_seconds;
    }
    out.tunnel = std::move(r);
  }
  return out;
}

}  // namespace tunnelsim::snat::internal
