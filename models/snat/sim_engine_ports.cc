// SimEngine: how a flow ends and gives its port back (Load Balancer hold times, NAT Gateway
// closes and hold-downs). Plain flows have no record: their events name the port.
#include "models/snat/sim_engine.h"

namespace tunnelsim::snat::internal {

double SimEngine::IdleTimeoutSeconds(DestinationId dest) const {
  if (lb_) return 60.0 * lb_->rule.idle_timeout_minutes;
  if (destinations_.key(dest).protocol == IpProtocol::kUdp) return 60.0 * kNatUdpIdleTimeoutMinutes;
  return 60.0 * nat_config_->tcp_idle_timeout_minutes;
}

double SimEngine::LbHoldSeconds(CloseMode close) const {
  switch (close) {
    case CloseMode::kFin:
      return lb_->rule.fin_release_seconds;
    case CloseMode::kRst:
      return lb_->rule.rst_release_seconds;
    case CloseMode::kIdle:
      return 60.0 * lb_->rule.idle_timeout_minutes;
  }
  return 0;
}

SimTime SimEngine::EndDelayUs(DestinationId dest, CloseMode close, double duration_seconds) const {
  const SimTime active = ToMicros(duration_seconds);
  if (lb_) return active + ToMicros(LbHoldSeconds(close));
  return active + (close == CloseMode::kIdle ? ToMicros(IdleTimeoutSeconds(dest)) : 0);
}

void SimEngine::EndFlowAfter(uint32_t node, DestinationId dest, int port, CloseMode close,
                             double delay_seconds, uint32_t lane) {
  const SimTime delay = EndDelayUs(dest, close, delay_seconds);
  if (lane == kFindLane) lane = LaneFor(delay, lb_ ? kFreePhase : kClosePhase);
  ScheduleFlowEnd(node, dest, port, close, delay, lane);
}

void SimEngine::ScheduleFlowEnd(uint32_t node, DestinationId dest, int port, CloseMode close,
                                SimTime delay_us, uint32_t lane) {
  PortEvent e{node, dest, static_cast<uint32_t>(port), 0};
  if (lb_) {
    e.tag = lb_epoch_;
    ScheduleIn(lane, now_us_ + delay_us, kFreePhase, EncodePortEvent(EventKind::kLbPortRelease, e));
  } else {
    e.tag = static_cast<uint32_t>(close);
    ScheduleIn(lane, now_us_ + delay_us, kClosePhase, EncodePortEvent(EventKind::kNatPortClose, e));
  }
}

void SimEngine::OnLbPortRelease(const PortEvent& e) {
  // A shrink since this was scheduled killed the flow if its port was taken back.
  if (e.tag != lb_epoch_ && static_cast<int>(e.port) >= min_ports_since_[e.tag]) return;
  lb_pools_[e.node].Release(e.dest, static_cast<int>(e.port));
  SetUsed(e.node, lb_pools_[e.node].UsedPorts());
}

void SimEngine::OnNatPortClose(const PortEvent& e) {
  const CloseMode close = static_cast<CloseMode>(e.tag);
  double cooldown;
  if (close == CloseMode::kIdle) {
    ++gateway_.step.timed_out;
    cooldown = destinations_.key(e.dest).protocol == IpProtocol::kUdp
                   ? nat_config_->udp_cooldown_seconds
                   : nat_config_->tcp_idle_cooldown_seconds;
  } else {
    ++gateway_.step.closed;
    cooldown = close == CloseMode::kFin ? nat_config_->fin_cooldown_seconds
                                        : nat_config_->rst_cooldown_seconds;
  }
  ReleaseNatPort(e.node, e.dest, static_cast<int>(e.port), cooldown);
}

void SimEngine::ReleaseNatPort(uint32_t node, DestinationId dest, int ip, double cooldown_seconds) {
  TouchGateway(now_us_);
  if (cooldown_seconds > 0) {
    nat_->StartCooldown(dest, ip);
    ScheduleAfter(ToMicros(cooldown_seconds), kFreePhase,
                  EncodePortEvent(EventKind::kNatCooldownEnd,
                                  PortEvent{node, dest, static_cast<uint32_t>(ip), 0}));
  } else {
    nat_->Release(dest, ip);
  }
  SetUsed(node, nodes_[node].used - 1);
}
}  // namespace tunnelsim::snat::internal
