// SimEngine: flows with records — connection pooling (sim_config.h describes the client's
// behaviour) and the helpers the tunnel shares.
#include "models/snat/sim_engine.h"

namespace tunnelsim::snat::internal {
namespace {

void PushFront(FlowTable& flows, IdleList& list, uint32_t id) {
  Flow& f = flows[id];
  f.prev = kNil;
  f.next = list.head;
  if (list.head != kNil) flows[list.head].prev = id;
  list.head = id;
  ++list.count;
}

}  // namespace

void UnlinkIdle(FlowTable& flows, IdleList& list, uint32_t id) {
  Flow& f = flows[id];
  if (f.prev != kNil) {
    flows[f.prev].next = f.next;
  } else {
    list.head = f.next;
  }
  if (f.next != kNil) flows[f.next].prev = f.prev;
  f.prev = f.next = kNil;
  --list.count;
}

uint32_t SimEngine::OpenFlow(uint32_t node, DestinationId dest, uint32_t owner) {
  const int port = AcquirePort(node, dest);
  if (port < 0) return kNil;
  const uint32_t id = flows_.Alloc();
  Flow& f = flows_[id];
  f.node = node;
  f.owner = owner;
  f.port = port;
  f.dest = static_cast<uint16_t>(dest);
  return id;
}

void SimEngine::RetireFlow(uint32_t id, CloseMode close) {
  const Flow& f = flows_[id];
  EndFlowAfter(f.node, f.dest, f.port, close, 0);
  flows_.Free(id);
}

void SimEngine::ReleaseFlowPort(Flow& f) {
  if (lb_) {
    lb_pools_[f.node].Release(f.dest, f.port);
    SetUsed(f.node, lb_pools_[f.node].UsedPorts());
  } else {  // dropped by the idle timeout
    ++gateway_.step.timed_out;
    ReleaseNatPort(f.node, f.dest, f.port,
                   destinations_.key(f.dest).protocol == IpProtocol::kUdp
                       ? nat_config_->udp_cooldown_seconds
                       : nat_config_->tcp_idle_cooldown_seconds);
  }
}

IdleList& SimEngine::IdleListOf(const Flow& f) {
  return idle_lists_[static_cast<size_t>(f.node) * pooled_sources_ + sources_[f.owner].pool_index];
}

void SimEngine::PooledRequest(uint32_t source, uint32_t node, double duration_seconds) {
  IdleList& list =
      idle_lists_[static_cast<size_t>(node) * pooled_sources_ + sources_[source].pool_index];
  uint32_t id = kNil;
  while (list.head != kNil) {
    const uint32_t candidate = list.head;
    UnlinkIdle(flows_, list, candidate);
    if (flows_[candidate].state == FlowState::kPoolDead) {
      // The provider dropped it silently; this request fails on it and the client moves on.
      ++groups_[nodes_[node].group].step_stale;
      ++groups_[nodes_[node].group].result.stale_pool_failures;
      flows_.Free(candidate);
      continue;
    }
    id = candidate;
    ++flows_[id].gen;  // cancels its idle-expiry event
    break;
  }
  if (id == kNil) {
    id = OpenFlow(node, sources_[source].dest, source);
    if (id == kNil) return;
    flows_[id].close = config_.sources[source].close;
  }
  Flow& f = flows_[id];
  f.state = FlowState::kPoolBusy;
  ScheduleIn(sources_[source].end_lane, now_us_ + ToMicros(duration_seconds), kClosePhase,
             EncodeEvent(EventKind::kRequestEnd, f.gen, id));
}

void SimEngine::OnRequestEnd(uint32_t id) {
  Flow& f = flows_[id];
  const TrafficSource& ts = config_.sources[f.owner];
  IdleList& list = IdleListOf(f);
  if (list.count >= ts.pool.size) {  // the pool is full: close this one
    RetireFlow(id, f.close);
    return;
  }
  f.state = FlowState::kPoolIdle;
  PushFront(flows_, list, id);
  if (!ts.pool.keepalive) {
    ScheduleAfter(ToMicros(IdleTimeoutSeconds(f.dest)), kFreePhase,
                  EncodeEvent(EventKind::kPoolExpiry, f.gen, id));
  }
}

void SimEngine::OnPoolExpiry(uint32_t id) {
  Flow& f = flows_[id];
  ReleaseFlowPort(f);
  const bool reset =
      lb_ && lb_->rule.enable_tcp_reset && destinations_.key(f.dest).protocol == IpProtocol::kTcp;
  if (reset) {  // both ends get a RST and close the socket (reference/azure.md §2.5)
    UnlinkIdle(flows_, IdleListOf(f), id);
    flows_.Free(id);
    return;
  }
  f.state = FlowState::kPoolDead;  // still in the client's pool until it is tried
}

}  // namespace tunnelsim::snat::internal
