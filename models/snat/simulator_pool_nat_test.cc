// Simulator: connection pooling and NAT Gateway.
#include <gtest/gtest.h>

#include "models/snat/simulator.h"

namespace tunnelsim::snat {
namespace {

const Destination kDest{Ipv4Address(0x14000001), 443, IpProtocol::kTcp};

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

SimulationConfig Lb(TrafficSource source, double duration_seconds, LbOutboundRule rule) {
  SimulationConfig c;
  c.groups = {{"pool", 1, 0}};
  c.sources = {source};
  LoadBalancerSetup lb;
  lb.rule = rule;
  c.provider = lb;
  c.duration_seconds = duration_seconds;
  return c;
}

SimulationConfig Nat(TrafficSource source, double duration_seconds, int ips = 1) {
  SimulationConfig c;
  c.groups = {{"pool", 1, 0}};
  c.sources = {source};
  NatGatewayConfig nat;
  nat.public_ips = ips;
  c.provider = nat;
  c.duration_seconds = duration_seconds;
  c.step_seconds = 10;
  return c;
}

TEST(SimulatorPooling, PoolingAvoidsExhaustion) {
  TrafficSource s = Source(10, 0.1, CloseMode::kFin, ArrivalProcess::kPoisson);
  Result<SimulationResult> plain = Simulate(Lb(s, 600, LbOutboundRule::Aks()));
  ASSERT_TRUE(plain.ok());
  EXPECT_GT(plain->groups[0].failed, 1000);  // 10/s x 240 s FIN hold >> 1024 ports

  s.pool.size = 8;
  Result<SimulationResult> pooled = Simulate(Lb(s, 600, LbOutboundRule::Aks()));
  ASSERT_TRUE(pooled.ok());
  const GroupResult& g = pooled->groups[0];
  EXPECT_EQ(g.failed, 0);
  EXPECT_LT(g.successful, 30);  // new SNAT flows: only when every pooled one is busy
  EXPECT_NEAR(static_cast<double>(g.requests), 6000, 350);
  EXPECT_EQ(g.stale_pool_failures, 0);
}

TEST(SimulatorPooling, SilentIdleReclaimBreaksPooledConnections) {
  // One request every 300 s; pooled connections idle 300 s > the 4-minute idle timeout.
  TrafficSource s = Source(1.0 / 300, 0.1, CloseMode::kFin);
  s.pool = {1, /*keepalive=*/false};
  LbOutboundRule silent = LbOutboundRule::PlainStandard();  // no TCP reset
  Result<SimulationResult> r = Simulate(Lb(s, 3000, silent));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->groups[0].requests, 10);
  EXPECT_EQ(r->groups[0].stale_pool_failures, 9);  // every reuse hits a dead connection
  EXPECT_EQ(r->groups[0].successful, 10);

  LbOutboundRule reset = silent;
  reset.enable_tcp_reset = true;  // the client learns at once and just dials again
  r = Simulate(Lb(s, 3000, reset));
  EXPECT_EQ(r->groups[0].stale_pool_failures, 0);
  EXPECT_EQ(r->groups[0].successful, 10);

  s.pool.keepalive = true;  // keepalives below the idle timeout: one connection serves all
  r = Simulate(Lb(s, 3000, silent));
  EXPECT_EQ(r->groups[0].stale_pool_failures, 0);
  EXPECT_EQ(r->groups[0].successful, 1);

  // NAT Gateway resets only when traffic hits the dropped flow: stale like the silent LB.
  s.pool.keepalive = false;
  r = Simulate(Nat(s, 3000));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->groups[0].stale_pool_failures, 9);
  EXPECT_EQ(r->gateway->steps.size(), 300u);
}

TEST(SimulatorNat, FinHoldDownExhaustsOneDestination) {
  // 1000 flows/s to one endpoint, closed at once: each port is barred from that endpoint for
  // 65 s, so 64,512 ports last 64.512 s.
  Result<SimulationResult> r = Simulate(Nat(Source(1000, 0, CloseMode::kFin), 100));
  ASSERT_TRUE(r.ok()) << r.status().message();
  const GroupResult& g = r->groups[0];
  ASSERT_TRUE(g.first_exhaustion_seconds);
  EXPECT_GE(*g.first_exhaustion_seconds, 64.512);
  EXPECT_LT(*g.first_exhaustion_seconds, 64.514);
  EXPECT_GT(g.successful, 64512 + 30000);  // ports come back after 65 s
  EXPECT_LE(g.successful, 64512 + 35001);
  int64_t established = 0, closed = 0, blocked_peak = 0;
  for (const GatewayStep& s : r->gateway->steps) {
    established += s.established;
    closed += s.closed;
    blocked_peak = std::max<int64_t>(blocked_peak, s.busiest_destination_blocked_peak);
  }
  EXPECT_EQ(established, g.successful);
  EXPECT_EQ(closed, g.successful);
  EXPECT_EQ(blocked_peak, 64512);
  EXPECT_EQ(r->gateway->ports_per_destination, 64512);
  EXPECT_EQ(g.steps[5].allocated_ports, 0);  // no per-node preallocation
}

TEST(SimulatorNat, RstHoldDownIsShorter) {
  Result<SimulationResult> r = Simulate(Nat(Source(1000, 0, CloseMode::kRst), 100));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->groups[0].first_exhaustion_seconds);  // 16,000 blocked at most
  EXPECT_EQ(r->groups[0].failed, 0);
}

TEST(SimulatorNat, FiftyThousandConnectionsPerIpToOneDestination) {
  Result<SimulationResult> r = Simulate(Nat(Source(1000, 100, CloseMode::kRst), 80));
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->groups[0].first_exhaustion_seconds);
  EXPECT_GE(*r->groups[0].first_exhaustion_seconds, 50.0);
  EXPECT_LT(*r->groups[0].first_exhaustion_seconds, 50.002);
  EXPECT_EQ(r->groups[0].peak_used_ports, 50000);
  Result<SimulationResult> two = Simulate(Nat(Source(1000, 100, CloseMode::kRst), 80, 2));
  EXPECT_EQ(two->groups[0].failed, 0);
}

TEST(SimulatorNat, UdpIdleTimeoutIsFixedAtFourMinutes) {
  TrafficSource s = Source(100, 0, CloseMode::kIdle);
  s.destination.protocol = IpProtocol::kUdp;
  SimulationConfig c = Nat(s, 400);
  std::get<NatGatewayConfig>(c.provider).tcp_idle_timeout_minutes = 120;  // TCP only
  Result<SimulationResult> r = Simulate(c);
  ASSERT_TRUE(r.ok());
  int64_t timed_out = 0;
  for (const GatewayStep& st : r->gateway->steps) timed_out += st.timed_out;
  // Flows from [0, 160) time out within the run (160 s x 100/s).
  EXPECT_NEAR(static_cast<double>(timed_out), 16000, 1);
  // Peak open flows: 240 s x 100/s.
  EXPECT_NEAR(static_cast<double>(r->groups[0].peak_used_ports), 24000, 1);
}

TEST(SimulatorNat, PortsAreSharedByAllNodes) {
  SimulationConfig c;
  c.groups = {{"a", 10, 0}, {"b", 10, 0}};
  TrafficSource s = Source(50, 0, CloseMode::kFin, ArrivalProcess::kPoisson);
  TrafficSource t = s;
  t.group = 1;
  c.sources = {s, t};
  c.provider = NatGatewayConfig{};
  c.duration_seconds = 80;
  Result<SimulationResult> r = Simulate(c);
  ASSERT_TRUE(r.ok());
  // 20 nodes x 50/s = 1000/s into one inventory: exhausted near 64.5 s, in both groups.
  for (const GroupResult& g : r->groups) {
    ASSERT_TRUE(g.first_exhaustion_seconds);
    EXPECT_GT(*g.first_exhaustion_seconds, 60);
    EXPECT_LT(*g.first_exhaustion_seconds, 70);
  }
  // Node sampling cannot represent a shared inventory.
  c.groups[0].simulated_nodes = 2;
  EXPECT_EQ(Simulate(c).status().code(), Status::Code::kUnsupported);
}

}  // namespace
}  // namespace tunnelsim::snat
