// SimEngine setup, event dispatch, and new connections (arrivals, port acquisition).
#include "models/snat/sim_engine.h"

#include <algorithm>

namespace tunnelsim::snat::internal {
namespace {

// Rng stream numbers past any source index.
constexpr uint64_t kNatStream = 1u << 20;
constexpr uint64_t kTunnelStream = (1u << 20) + 1;

}  // namespace

SimEngine::SimEngine(const SimulationConfig& config)
    : config_(config),
      lb_(std::get_if<LoadBalancerSetup>(&config.provider)),
      nat_config_(std::get_if<NatGatewayConfig>(&config.provider)),
      destinations_(lb_ ? SnatKeyKind::kLoadBalancer : SnatKeyKind::kNatGateway),
      nat_rng_(Rng::Stream(config.seed, kNatStream)),
      tunnel_rng_(Rng::Stream(config.seed, kTunnelStream)) {
  end_us_ = ToMicros(config.duration_seconds);
  step_us_ = std::max<SimTime>(1, ToMicros(config.step_seconds));
  step_end_us_ = std::min(step_us_, end_us_);

  // Nodes, group by group.
  for (size_t g = 0; g < config.groups.size(); ++g) {
    const NodeGroup& ng = config.groups[g];
    GroupState gs;
    gs.first_node = static_cast<uint32_t>(nodes_.size());
    gs.simulated = static_cast<uint32_t>(ng.simulated_nodes == 0 ? ng.nodes : ng.simulated_nodes);
    gs.result.name = ng.name;
    gs.result.nodes = ng.nodes;
    gs.result.simulated_nodes = static_cast<int>(gs.simulated);
    for (uint32_t i = 0; i < gs.simulated; ++i) nodes_.push_back(NodeState{static_cast<int>(g)});
    groups_.push_back(std::move(gs));
  }

  // Sources and their destinations.
  for (size_t s = 0; s < config.sources.size(); ++s) {
    const TrafficSource& ts = config.sources[s];
    SourceState ss;
    ss.dest = destinations_.Intern(ts.destination);
    ss.first_node = groups_[ts.group].first_node;
    ss.node_count = groups_[ts.group].simulated;
    ss.rng = Rng::Stream(config.seed, s);
    if (ts.pool.size > 0) ss.pool_index = pooled_sources_++;
    sources_.push_back(std::move(ss));
  }
  idle_lists_.resize(nodes_.size() * static_cast<size_t>(pooled_sources_));

  if (config.tunnel) {
    const TunnelAgents& ta = *config.tunnel;
    TunnelState ts;
    ts.dest = destinations_.Intern(ta.api_server);
    for (int a = 0; a < ta.agents; ++a) {
      ts.agents.push_back(Agent{groups_[ta.group].first_node + static_cast<uint32_t>(a), 0});
      for (int c = 0; c < ta.connections_per_agent; ++c) {
        TunnelConn conn;
        conn.agent = static_cast<uint32_t>(a);
        conn.backoff = DialBackoff(ta.backoff);
        ts.conns.push_back(conn);
      }
    }
    ts.result.agents = ta.agents;
    ts.result.connections_per_agent = ta.connections_per_agent;
    tunnel_ = std::move(ts);
  }
  const int dest_count = std::max<int>(1, static_cast<int>(destinations_.size()));

  if (lb_) {
    const int pool_size = lb_->backend_pool_size != 0 ? lb_->backend_pool_size : [&] {
      int n = 0;
      for (const NodeGroup& g : config.groups) n += g.nodes;
      return n;
    }();
    lb_ports_ = *PortsPerNode(lb_->rule.allocated_outbound_ports, pool_size, lb_->rule.frontend_ips,
                              lb_->rule.allocation);
    lb_pools_.assign(nodes_.size(), LbPortPool(lb_ports_, dest_count));
  } else {
    nat_ = std::make_unique<NatGatewayPorts>(*nat_config_, dest_count);
    gateway_.result.ports_per_destination = nat_->PortsPerDestination();
  }

  // Lanes (event_lanes.h): each source's arrival stream, and the end events of sources with
  // a fixed duration, which come due in the order the flows started.
  for (size_t s = 0; s < sources_.size(); ++s) {
    const TrafficSource& ts = config.sources[s];
    SourceState& ss = sources_[s];
    ss.arrival_lane = lanes_.AddLane();
    if (ts.duration_distribution != DurationDistribution::kFixed) continue;
    if (ts.pool.size > 0) {
      ss.end_lane = LaneFor(ToMicros(ts.duration_seconds), kClosePhase);
    } else {
      ss.end_delay_us = EndDelayUs(ss.dest, ts.close, ts.duration_seconds);
      ss.end_lane = LaneFor(ss.end_delay_us, lb_ ? kFreePhase : kClosePhase);
    }
  }
}

uint32_t SimEngine::LaneFor(SimTime delay_us, Phase phase) {
  for (const DelayLane& d : delay_lanes_) {
    if (d.delay_us == delay_us && d.phase == phase) return d.lane;
  }
  if (delay_lanes_.size() == kMaxDelayLanes) return kNil;
  delay_lanes_.push_back({delay_us, phase, lanes_.AddLane()});
  return delay_lanes_.back().lane;
}

void SimEngine::Schedule(SimTime t_us, Phase phase, uint64_t data) {
  if (t_us >= end_us_) return;  // never handled: the run ends first
  // An event due "now" in an earlier phase than the running one runs right after it.
  const SimTime key = std::max(t_us * kPhaseCount + phase, now_key_);
  outbox_.push_back({key, data});
}

void SimEngine::ScheduleIn(uint32_t lane, SimTime t_us, Phase phase, uint64_t data) {
  if (t_us >= end_us_) return;
  const SimTime key = std::max(t_us * kPhaseCount + phase, now_key_);
  if (lane == kNil || !lanes_.TryPush(lane, key, data)) outbox_.push_back({key, data});
}

void SimEngine::ScheduleSeconds(double t_seconds, Phase phase, uint64_t data, uint32_t lane) {
  if (!(t_seconds < config_.duration_seconds)) return;
  ScheduleIn(lane, ToMicros(t_seconds), phase, data);
}

void SimEngine::Start() {
  if (tunnel_) {  // dial first, so agents hold their ports before traffic starts
    for (uint32_t c = 0; c < tunnel_->conns.size(); ++c) {
      tunnel_->conns[c].dial_pending = true;
      Schedule(0, kStartPhase, EncodeEvent(EventKind::kTunnelDial, 0, c));
    }
    for (uint32_t r = 0; r < config_.tunnel->restart_at_seconds.size(); ++r) {
      ScheduleSeconds(config_.tunnel->restart_at_seconds[r], kClosePhase,
                      EncodeEvent(EventKind::kAgentRestart, 0, r));
    }
    const double interval = config_.tunnel->duplicate_dial_interval_seconds;
    if (interval > 0) {
      for (uint32_t a = 0; a < tunnel_->agents.size(); ++a) {
        ScheduleSeconds(interval * tunnel_rng_.Uniform(), kStartPhase,
                        EncodeEvent(EventKind::kDuplicateDial, 0, a));
      }
    }
  }
  if (lb_) {
    for (uint32_t i = 0; i < lb_->backend_pool_changes.size(); ++i) {
      ScheduleSeconds(lb_->backend_pool_changes[i].time_seconds, kClosePhase,
                      EncodeEvent(EventKind::kBackendPoolChange, 0, i));
    }
  }
  for (uint32_t s = 0; s < sources_.size(); ++s) {
    SourceState& ss = sources_[s];
    const TrafficSource& ts = config_.sources[s];
    if (ts.arrivals == ArrivalProcess::kPoisson) {
      ss.next_arrival = ts.rate.AdvanceByIntegral(0, ss.rng.Exponential(1.0 / ss.node_count));
      ScheduleSeconds(ss.next_arrival, kStartPhase, EncodeEvent(EventKind::kArrival, 0, s),
                      ss.arrival_lane);
    } else {  // evenly spaced per node, each node at its own random phase
      ss.next_per_node.resize(ss.node_count);
      std::vector<uint32_t> order(ss.node_count);
      for (uint32_t i = 0; i < ss.node_count; ++i) {
        ss.next_per_node[i] = ts.rate.AdvanceByIntegral(0, ss.rng.Uniform());
        order[i] = i;
      }
      // Filed in time order, the nodes' streams share one lane: each node's next arrival is
      // a non-decreasing function of its last one.
      std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        return ss.next_per_node[a] < ss.next_per_node[b];
      });
      for (uint32_t i : order) {
        ScheduleSeconds(ss.next_per_node[i], kStartPhase,
                        EncodeEvent(EventKind::kArrival, i + 1, s), ss.arrival_lane);
      }
    }
  }
}

bool SimEngine::Handle(const Event& event) {
  const SimTime t_us = event.time / kPhaseCount;
  if (t_us >= end_us_) return false;
  AdvanceStepsTo(t_us);
  now_us_ = t_us;
  now_key_ = event.time;
  ++events_;
  const uint64_t d = event.data;
  switch (KindOf(d)) {
    case EventKind::kArrival:
      OnArrival(IndexOf(d), AuxOf(d));
      break;
    case EventKind::kLbPortRelease:
      OnLbPortRelease(DecodePortEvent(d));
      break;
    case EventKind::kNatPortClose:
      OnNatPortClose(DecodePortEvent(d));
      break;
    case EventKind::kNatCooldownEnd: {
      const PortEvent e = DecodePortEvent(d);
      nat_->EndCooldown(e.dest, static_cast<int>(e.port));
      break;
    }
    case EventKind::kRequestEnd:
      if (flows_.Current(IndexOf(d), AuxOf(d))) OnRequestEnd(IndexOf(d));
      break;
    case EventKind::kPoolExpiry:
      if (flows_.Current(IndexOf(d), AuxOf(d))) OnPoolExpiry(IndexOf(d));
      break;
    case EventKind::kBackendPoolChange:
      OnBackendPoolChange(IndexOf(d));
      break;
    case EventKind::kTunnelDial:
      OnTunnelDial(IndexOf(d));
      break;
    case EventKind::kAgentRestart:
      OnAgentRestart();
      break;
    case EventKind::kDuplicateDial:
      OnDuplicateDial(IndexOf(d));
      break;
  }
  return true;
}

void SimEngine::OnArrival(uint32_t source, uint32_t aux) {
  SourceState& ss = sources_[source];
  const TrafficSource& ts = config_.sources[source];
  uint32_t node;
  if (aux == 0) {  // one Poisson stream for the group, thinned uniformly over its nodes
    node = ss.first_node +
           (ss.node_count == 1 ? 0 : static_cast<uint32_t>(ss.rng.Below(ss.node_count)));
    ss.next_arrival =
        ts.rate.AdvanceByIntegral(ss.next_arrival, ss.rng.Exponential(1.0 / ss.node_count));
    ScheduleSeconds(ss.next_arrival, kStartPhase, EncodeEvent(EventKind::kArrival, 0, source),
                    ss.arrival_lane);
  } else {
    const uint32_t local = aux - 1;
    node = ss.first_node + local;
    double& next = ss.next_per_node[local];
    next = ts.rate.AdvanceByIntegral(next, 1.0);
    ScheduleSeconds(next, kStartPhase, EncodeEvent(EventKind::kArrival, aux, source),
                    ss.arrival_lane);
  }
  Request(source, node);
}

void SimEngine::Request(uint32_t source, uint32_t node) {
  SourceState& ss = sources_[source];
  const TrafficSource& ts = config_.sources[source];
  ++groups_[nodes_[node].group].step_requests;
  const double duration = ts.duration_distribution == DurationDistribution::kFixed
                              ? ts.duration_seconds
                              : ss.rng.Exponential(ts.duration_seconds);
  if (ss.pool_index >= 0) {
    PooledRequest(source, node, duration);
    return;
  }
  const int port = AcquirePort(node, ss.dest);
  if (port < 0) return;
  if (ts.duration_distribution == DurationDistribution::kFixed) {
    ScheduleFlowEnd(node, ss.dest, port, ts.close, ss.end_delay_us, ss.end_lane);
  } else {
    EndFlowAfter(node, ss.dest, port, ts.close, duration, kNil);
  }
}

int SimEngine::AcquirePort(uint32_t node, DestinationId dest) {
  NodeState& ns = nodes_[node];
  GroupState& gs = groups_[ns.group];
  const int port = lb_ ? lb_pools_[node].Acquire(dest) : nat_->Acquire(dest, nat_rng_).ip;
  if (port < 0) {
    ++ns.step_failed;
    ++gs.result.failed;
    if (!gs.result.first_exhaustion_seconds) {
      gs.result.first_exhaustion_seconds = static_cast<double>(now_us_) / 1e6;
    }
    if (nat_) ++gateway_.step.failed;
    return -1;
  }
  ++ns.step_successful;
  ++gs.result.successful;
  if (lb_) {
    SetUsed(node, lb_pools_[node].UsedPorts());
  } else {
    TouchGateway(now_us_);
    ++gateway_.step.established;
    gateway_.step.connections_peak = std::max(gateway_.step.connections_peak, nat_->Connections());
    gateway_.step.busiest_destination_blocked_peak =
        std::max(gateway_.step.busiest_destination_blocked_peak,
                 nat_->InUse(dest) + nat_->CoolingDown(dest));
    SetUsed(node, ns.used + 1);
  }
  return port;
}

void SimEngine::SetUsed(uint32_t node, int used) {
  NodeState& ns = nodes_[node];
  TouchNode(ns, now_us_);
  ns.used = used;
  ns.step_peak = std::max(ns.step_peak, used);
}

}  // namespace tunnelsim::snat::internal
