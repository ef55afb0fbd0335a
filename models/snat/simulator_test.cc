#include "models/snat/simulator.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tunnelsim::snat {
namespace {

const Destination kDest{Ipv4Address(0x0a000001), 443, IpProtocol::kTcp};

TrafficSource Source(double rate, double duration, CloseMode close,
                     ArrivalProcess arrivals = ArrivalProcess::kDeterministic) {
  TrafficSource s;
  s.name = "app";
  s.destination = kDest;
  s.rate = RateProfile::Constant(rate);
  s.arrivals = arrivals;
  s.duration_seconds = duration;
  s.close = close;
  return s;
}

// One node with `ports` manual ports on a plain Standard LB (idle timeout 4 min).
SimulationConfig OneNode(int ports, TrafficSource source, double duration_seconds = 300,
                         double step = 1) {
  SimulationConfig c;
  c.groups = {{"pool", 1, 0}};
  c.sources = {source};
  LoadBalancerSetup lb;
  lb.rule = LbOutboundRule::PlainStandard();
  lb.rule.allocated_outbound_ports = ports;
  c.provider = lb;
  c.duration_seconds = duration_seconds;
  c.step_seconds = step;
  return c;
}

const GroupResult& Group(const Result<SimulationResult>& r) {
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r->groups[0];
}

TEST(Simulator, IdleFlowsAreReclaimedExactlyAtTheIdleTimeout) {
  // 1 flow per second, left open: each holds its port for exactly 240 s.
  Result<SimulationResult> r = Simulate(OneNode(8, Source(1, 0, CloseMode::kIdle)));
  const GroupResult& g = Group(r);
  ASSERT_EQ(g.steps.size(), 300u);
  for (int s = 0; s < 8; ++s) EXPECT_EQ(g.steps[s].successful_max_node, 1) << s;
  EXPECT_EQ(g.steps[8].failed_max_node, 1);
  EXPECT_EQ(g.steps[239].failed_max_node, 1);
  EXPECT_EQ(g.steps[240].successful_max_node, 1);  // the port of the flow from t=0 is back
  EXPECT_EQ(g.steps[247].successful_max_node, 1);
  EXPECT_EQ(g.steps[248].failed_max_node, 1);
  ASSERT_TRUE(g.first_exhaustion_seconds);
  EXPECT_GE(*g.first_exhaustion_seconds, 8);
  EXPECT_LT(*g.first_exhaustion_seconds, 9);
  EXPECT_EQ(g.successful, 16);
  EXPECT_EQ(g.failed, 300 - 16);
  EXPECT_EQ(g.peak_used_ports, 8);
  EXPECT_EQ(g.steps[100].allocated_ports, 8);
  EXPECT_EQ(g.steps[100].used_ports_mean, 8);
}

TEST(Simulator, ActiveTimeCountsBeforeTheIdleTimeout) {
  // Active 0.5 s, then idle: reclaimed at 240.5 s, so the arrival at 240 s still fails.
  Result<SimulationResult> r = Simulate(OneNode(8, Source(1, 0.5, CloseMode::kIdle)));
  const GroupResult& g = Group(r);
  EXPECT_EQ(g.steps[240].failed_max_node, 1);
  EXPECT_EQ(g.steps[241].successful_max_node, 1);
}

TEST(Simulator, FinAndRstHoldTimes) {
  // RST: 15 s hold -> 8 of every 15 arrivals succeed.
  Result<SimulationResult> rst = Simulate(OneNode(8, Source(1, 0, CloseMode::kRst)));
  EXPECT_EQ(Group(rst).successful, 20 * 8);
  // FIN: 240 s hold (historical default) -> 8 in the first 240 s, 8 more after.
  Result<SimulationResult> fin = Simulate(OneNode(8, Source(1, 0, CloseMode::kFin)));
  EXPECT_EQ(Group(fin).successful, 16);
  // The historical figure is only a default.
  SimulationConfig c = OneNode(8, Source(1, 0, CloseMode::kFin));
  std::get<LoadBalancerSetup>(c.provider).rule.fin_release_seconds = 100;
  Result<SimulationResult> fin100 = Simulate(c);
  EXPECT_EQ(Group(fin100).successful, 24);
  EXPECT_FALSE(fin100->assumptions.empty());
}

TEST(Simulator, PortsAreSharedAcrossDestinations) {
  SimulationConfig c = OneNode(8, Source(1, 0, CloseMode::kIdle), 60, 60);
  TrafficSource other = Source(1, 0, CloseMode::kIdle);
  other.destination.port = 80;  // same IP, other port: another TCP destination
  c.sources.push_back(other);
  Result<SimulationResult> r = Simulate(c);
  const GroupResult& g = Group(r);
  EXPECT_EQ(g.successful, 16);      // 8 per destination
  EXPECT_EQ(g.peak_used_ports, 8);  // the same 8 port numbers serve both

  // UDP to one IP: the destination port does not matter (§2.4), so both share 8 ports.
  SimulationConfig u = c;
  u.sources[0].destination.protocol = IpProtocol::kUdp;
  u.sources[0].destination.port = 53;
  u.sources[1].destination.protocol = IpProtocol::kUdp;
  u.sources[1].destination.port = 123;
  Result<SimulationResult> ru = Simulate(u);
  EXPECT_EQ(Group(ru).successful, 8);
}

TEST(Simulator, UdpCannotCloseWithFin) {
  TrafficSource s = Source(1, 0, CloseMode::kFin);
  s.destination.protocol = IpProtocol::kUdp;
  Result<SimulationResult> r = Simulate(OneNode(8, s));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("expected close: idle"), std::string::npos);
}

TEST(Simulator, CapacityErrorComesFromTheResourceProvider) {
  SimulationConfig c = OneNode(8000, Source(1, 0, CloseMode::kFin));
  c.groups[0].nodes = 9;
  Result<SimulationResult> r = Simulate(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "Load balancer profile allocated ports 8000 is not in an allowable range given the "
            "number of nodes and IPs provisioned. Total node count 9 requires 72000 ports but "
            "only 64000 ports are available given 1 outbound public IPs.");
  // Surge nodes count: 8 nodes fit, 8 + 1 surge do not.
  c.groups[0].nodes = 8;
  EXPECT_TRUE(Simulate(c).ok());
  std::get<LoadBalancerSetup>(c.provider).capacity_check_nodes = 9;
  EXPECT_FALSE(Simulate(c).ok());
}

SimulationConfig Retiering(int frontend_ips) {
  SimulationConfig c;
  c.groups = {{"pool", 48, 2}};
  c.sources = {Source(10, 0, CloseMode::kIdle)};
  LoadBalancerSetup lb;  // AKS: default table, idle 30 min
  lb.rule.frontend_ips = frontend_ips;
  lb.backend_pool_changes = {{100, 52}};  // another pool adds 4 nodes: 48 -> 52
  c.provider = lb;
  c.duration_seconds = 180;
  c.step_seconds = 60;
  return c;
}

TEST(Simulator, CrossingFiftyNodesReTiersAndKillsFlows) {
  Result<SimulationResult> r = Simulate(Retiering(1));
  const GroupResult& g = Group(r);
  // 1000 flows per node by t=100 on ports 0..999; 1024 -> 512 kills ports 512..999.
  EXPECT_EQ(g.reclaimed_flows, 2 * 488);
  EXPECT_EQ(g.steps[1].reclaimed_flows, 2 * 488);
  EXPECT_EQ(g.steps[0].allocated_ports, 1024);
  EXPECT_NEAR(g.steps[1].allocated_ports, (40 * 1024 + 20 * 512) / 60.0, 1e-6);
  EXPECT_EQ(g.steps[2].allocated_ports, 512);
  EXPECT_EQ(g.steps[2].used_ports_mean, 512);
  EXPECT_EQ(g.steps[2].successful_mean, 0);
  EXPECT_EQ(g.steps[2].failed_mean, 600);
  ASSERT_TRUE(g.first_exhaustion_seconds);
  EXPECT_GE(*g.first_exhaustion_seconds, 100);
  // Totals scale from 2 simulated nodes to 48.
  EXPECT_DOUBLE_EQ(g.failed_estimate, g.failed * 24.0);
  EXPECT_FALSE(r->assumptions.empty());
}

TEST(Simulator, TwoIpsHideTheFiftyNodeBoundary) {
  Result<SimulationResult> r = Simulate(Retiering(2));  // min(512 x 2, 1024) = 1024
  const GroupResult& g = Group(r);
  EXPECT_EQ(g.reclaimed_flows, 0);
  EXPECT_EQ(g.steps[2].allocated_ports, 1024);
}

SimulationConfig PoissonRun(uint64_t seed, EventQueueKind queue = EventQueueKind::kTimingWheel) {
  SimulationConfig c;
  c.groups = {{"a", 20, 0}, {"b", 50, 10}};
  TrafficSource s = Source(5, 1, CloseMode::kFin, ArrivalProcess::kPoisson);
  s.duration_distribution = DurationDistribution::kExponential;
  TrafficSource t = s;
  t.group = 1;
  t.close = CloseMode::kRst;
  t.rate = *RateProfile::PiecewiseLinear({{0, 1}, {600, 20}});
  c.sources = {s, t};
  c.duration_seconds = 900;
  c.seed = seed;
  c.queue = queue;
  return c;
}

bool SameSeries(const SimulationResult& a, const SimulationResult& b) {
  for (size_t g = 0; g < a.groups.size(); ++g) {
    for (size_t i = 0; i < a.groups[g].steps.size(); ++i) {
      const StepMetrics& x = a.groups[g].steps[i];
      const StepMetrics& y = b.groups[g].steps[i];
      if (x.successful_mean != y.successful_mean || x.failed_mean != y.failed_mean ||
          x.used_ports_mean != y.used_ports_mean ||
          x.used_ports_max_node != y.used_ports_max_node) {
        return false;
      }
    }
  }
  return true;
}

TEST(Simulator, SameSeedSameSeriesDifferentSeedDifferent) {
  Result<SimulationResult> a = Simulate(PoissonRun(1));
  Result<SimulationResult> b = Simulate(PoissonRun(1));
  Result<SimulationResult> c = Simulate(PoissonRun(2));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_TRUE(SameSeries(*a, *b));
  EXPECT_FALSE(SameSeries(*a, *c));
  EXPECT_EQ(a->events, b->events);
  // Both queues give the identical run: ties are broken the same way.
  Result<SimulationResult> heap = Simulate(PoissonRun(1, EventQueueKind::kBinaryHeap));
  EXPECT_TRUE(SameSeries(*a, *heap));
  // 70 nodes in the backend pool -> 512 ports. Group a needs 5/s x 241 s ~ 1205: exhausted;
  // group b at most 20/s x 16 s ~ 320: never.
  EXPECT_GT(a->groups[0].failed, 0);
  EXPECT_EQ(a->groups[1].failed, 0);
}

TEST(Simulator, PoissonCountsFollowTheRate) {
  Result<SimulationResult> r = Simulate(PoissonRun(3));
  ASSERT_TRUE(r.ok());
  // Group a: 20 nodes x 5/s x 900 s = 90,000 requests (sd 300).
  EXPECT_NEAR(static_cast<double>(r->groups[0].requests), 90000, 1200);
  // Group b ramps 1 -> 20 over 600 s then holds: per node 6300 + 6000; 10 nodes.
  EXPECT_NEAR(static_cast<double>(r->groups[1].requests), 123000, 1400);
  EXPECT_LT(r->groups[1].steps[0].requests, r->groups[1].steps[9].requests);
}

}  // namespace
}  // namespace tunnelsim::snat
