#include "models/snat/simulator.h"

#include <fmt/format.h>

#include "models/snat/binary_heap_queue.h"
#include "models/snat/sim_engine.h"
#include "models/snat/timing_wheel_queue.h"

namespace tunnelsim::snat {
namespace {

// The run loop, specialised per queue type so Push and Pop inline. Events come from the
// general queue (variable delays) and the engine's lanes (fixed delays, arrival streams);
// at equal keys the queue's go first.
template <typename Queue>
SimulationResult Run(internal::SimEngine& engine) {
  Queue queue;
  std::vector<Event>& outbox = engine.outbox();
  EventLanes& lanes = engine.lanes();
  engine.Start();
  for (;;) {
    for (const Event& e : outbox) queue.Push(e.time, e.data);
    outbox.clear();
    Event next;
    if (!queue.Empty() && (lanes.Empty() || queue.PeekTime() <= lanes.MinKey())) {
      next = queue.Pop();
    } else if (!lanes.Empty()) {
      next = lanes.Pop();
    } else {
      break;
    }
    if (!engine.Handle(next)) break;
  }
  return engine.Finish();
}

bool AnySource(const SimulationConfig& config, auto predicate) {
  for (const TrafficSource& s : config.sources) {
    if (predicate(s)) return true;
  }
  return false;
}

// The unconfirmed or version-sensitive facts this run depends on, for the report.
std::vector<std::string> Assumptions(const SimulationConfig& config) {
  std::vector<std::string> out;
  if (const auto* lb = std::get_if<LoadBalancerSetup>(&config.provider)) {
    if (config.tunnel ||
        AnySource(config, [](const TrafficSource& s) { return s.close != CloseMode::kIdle; })) {
      const bool documented = lb->rule.fin_release_seconds == kHistoricalLbFinReleaseSeconds &&
                              lb->rule.rst_release_seconds == kHistoricalLbRstReleaseSeconds;
      out.push_back(fmt::format(
          "Load Balancer keeps a port {}s after FIN and {}s after RST: {}; current docs give "
          "none (reference/azure.md §2.6)",
          lb->rule.fin_release_seconds, lb->rule.rst_release_seconds,
          documented
              ? "figures from the 2020 docs"
              : fmt::format("set for this run (the 2020 docs said {}s and {}s)",
                            kHistoricalLbFinReleaseSeconds, kHistoricalLbRstReleaseSeconds)));
    }
    if (lb->rule.allocated_outbound_ports == 0) {
      int largest = lb->backend_pool_size;
      int group_nodes = 0;
      for (const NodeGroup& g : config.groups) group_nodes += g.nodes;
      largest = std::max(largest, group_nodes);
      for (const BackendPoolChange& c : lb->backend_pool_changes) {
        largest = std::max(largest, c.backend_pool_size);
      }
      if (largest > kDefaultAllocationTable.back().max_pool_size) {
        out.push_back(fmt::format(
            "default allocation past 1,000 instances assumed {} ports per IP (undocumented, "
            "reference/azure.md §2.2)",
            lb->rule.allocation.ports_beyond_table.value_or(0)));
      }
      if (!lb->backend_pool_changes.empty()) {
        out.push_back(
            "re-tiering takes back the top of each node's port range; which ports Azure "
            "reclaims is undocumented");
      }
    }
  } else {
    const auto& nat = std::get<NatGatewayConfig>(config.provider);
    const bool documented = nat.fin_cooldown_seconds == kNatFinCooldownSeconds &&
                            nat.rst_cooldown_seconds == kNatRstCooldownSeconds &&
                            nat.udp_cooldown_seconds == kNatUdpCooldownSeconds;
    out.push_back(fmt::format(
        "NAT Gateway hold-downs FIN {}s, RST {}s, UDP {}s {}", nat.fin_cooldown_seconds,
        nat.rst_cooldown_seconds, nat.udp_cooldown_seconds,
        documented
            ? "are documented as subject to change"
            : fmt::format("are set for this run (documented: {}s, {}s, {}s, subject to "
                          "change)",
                          kNatFinCooldownSeconds, kNatRstCooldownSeconds, kNatUdpCooldownSeconds)));
    if (AnySource(config, [](const TrafficSource& s) {
          return s.destination.protocol == IpProtocol::kTcp &&
                 (s.close == CloseMode::kIdle || (s.pool.size > 0 && !s.pool.keepalive));
        })) {
      out.push_back(fmt::format(
          "a NAT Gateway TCP flow dropped by the idle timeout holds its port {}s for its "
          "destination (undocumented)",
          nat.tcp_idle_cooldown_seconds));
    }
  }
  if (config.tunnel && config.tunnel->duplicate_dial_interval_seconds > 0) {
    out.push_back(
        fmt::format("connected agents dial again every ~{}s (--sync-forever, konnectivity v0.32.1; "
                    "version-sensitive, reference/konnectivity-cpa.md C1)",
                    config.tunnel->duplicate_dial_interval_seconds));
  }
  for (const NodeGroup& g : config.groups) {
    if (g.simulated_nodes != 0 && g.simulated_nodes != g.nodes) {
      out.push_back(fmt::format(
          "group '{}': {} of {} nodes simulated; totals scaled by {}/{}, max-node values are "
          "over the simulated nodes",
          g.name, g.simulated_nodes, g.nodes, g.nodes, g.simulated_nodes));
    }
  }
  return out;
}

}  // namespace

Result<SimulationResult> Simulate(const SimulationConfig& config) {
  if (Status s = ValidateSimulationConfig(config); !s.ok()) return s;
  internal::SimEngine engine(config);
  SimulationResult result = config.queue == EventQueueKind::kBinaryHeap
                                ? Run<BinaryHeapQueue>(engine)
                                : Run<TimingWheelQueue>(engine);
  result.assumptions = Assumptions(config);
  return result;
}

}  // namespace tunnelsim::snat
