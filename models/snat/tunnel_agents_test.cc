#include "models/snat/tunnel_agents.h"

#include <gtest/gtest.h>

#include "models/snat/simulator.h"

namespace tunnelsim::snat {
namespace {

TEST(DialBackoff, KonnectivitySequence) {
  DialBackoffPolicy policy;
  policy.jitter = 0;
  DialBackoff b(policy);
  Rng rng(1);
  const double expected[] = {1, 1.5, 2.25, 3.375, 5.0625, 7.59375, 10, 10, 10};
  for (double e : expected) EXPECT_DOUBLE_EQ(b.Next(rng), e);
  b.Reset();
  EXPECT_DOUBLE_EQ(b.Next(rng), 1);
}

TEST(DialBackoff, JitterStretchesByUpToTenPercent) {
  DialBackoff b;  // jitter 0.1
  Rng rng(2);
  double base = 1;
  for (int i = 0; i < 20; ++i) {
    const double w = b.Next(rng);
    EXPECT_GE(w, base);
    EXPECT_LT(w, base * 1.1);
    base = std::min(base * 1.5, 10.0);
  }
}

const Destination kApi{Ipv4Address(0x34000001), 443, IpProtocol::kTcp};

// One node, 8 manual ports, traffic that fills them towards the API server's IP:443.
SimulationConfig Crowded() {
  SimulationConfig c;
  c.groups = {{"sys", 1, 0}};
  TrafficSource s;
  s.name = "pods-calling-the-api";
  s.destination = kApi;
  s.rate = RateProfile::Constant(1);
  s.arrivals = ArrivalProcess::kDeterministic;
  s.duration_seconds = 0;
  s.close = CloseMode::kFin;
  c.sources = {s};
  LoadBalancerSetup lb;
  lb.rule.allocated_outbound_ports = 8;
  lb.rule.fin_release_seconds = 100;
  c.provider = lb;
  TunnelAgents t;
  t.group = 0;
  t.agents = 1;
  t.connections_per_agent = 2;
  t.api_server = kApi;
  t.duplicate_dial_interval_seconds = 0;
  c.tunnel = t;
  c.duration_seconds = 300;
  c.step_seconds = 10;
  return c;
}

TEST(TunnelAgents, ConnectedAgentsKeepTheirPorts) {
  Result<SimulationResult> r = Simulate(Crowded());
  ASSERT_TRUE(r.ok()) << r.status().message();
  const TunnelResult& t = *r->tunnel;
  EXPECT_EQ(t.dials, 2);  // dialled at t=0 before traffic, never lost
  EXPECT_EQ(t.failed_dials, 0);
  EXPECT_FALSE(t.first_failed_dial_seconds);
  EXPECT_EQ(t.connections_down_at_end, 0);
  // Traffic got the other 6 ports; from then on no new dial could succeed.
  EXPECT_EQ(r->groups[0].successful, 2 + 6 + 6 * 2);  // tunnel + first 6 + re-use after 100 s
  EXPECT_EQ(t.steps.back().agents_without_port, 1);
}

TEST(TunnelAgents, RestartOnAFullNodeFailsToRedial) {
  SimulationConfig c = Crowded();
  c.tunnel->restart_at_seconds = {50};
  Result<SimulationResult> r = Simulate(c);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const TunnelResult& t = *r->tunnel;
  ASSERT_TRUE(t.first_failed_dial_seconds);
  EXPECT_DOUBLE_EQ(*t.first_failed_dial_seconds, 50);  // the query's answer
  ASSERT_TRUE(t.first_agent_disconnected_seconds);
  EXPECT_DOUBLE_EQ(*t.first_agent_disconnected_seconds, 50);
  EXPECT_GT(t.failed_dials, 2);  // retried with backoff, traffic keeps winning the ports
  EXPECT_EQ(t.steps[4].connections_down, 0);  // [40, 50): before the restart
  EXPECT_EQ(t.steps[5].connections_down, 2);
}

TEST(TunnelAgents, RestartWithFreePortsSucceeds) {
  SimulationConfig c = Crowded();
  c.sources.clear();
  c.tunnel->restart_at_seconds = {50, 120};
  Result<SimulationResult> r = Simulate(c);
  ASSERT_TRUE(r.ok());
  const TunnelResult& t = *r->tunnel;
  EXPECT_EQ(t.dials, 6);
  EXPECT_EQ(t.failed_dials, 0);
  EXPECT_EQ(t.longest_outage_seconds, 0);
  // The old connections keep their ports for the FIN hold (100 s): 2 + 2, then 2 + 2 + 2.
  EXPECT_EQ(r->groups[0].steps[6].used_ports_max_node, 4);
  EXPECT_EQ(r->groups[0].steps[12].used_ports_max_node, 6);
  EXPECT_EQ(r->groups[0].steps[16].used_ports_max_node, 4);  // the first pair released at 150
}

TEST(TunnelAgents, DuplicateDialsCostPorts) {
  SimulationConfig c = Crowded();
  c.sources.clear();
  c.tunnel->duplicate_dial_interval_seconds = 10;
  c.tunnel->connections_per_agent = 1;
  LoadBalancerSetup lb;
  lb.rule.allocated_outbound_ports = 64;
  c.provider = lb;  // FIN hold 240 s
  c.duration_seconds = 600;
  Result<SimulationResult> r = Simulate(c);
  ASSERT_TRUE(r.ok());
  // About one dial per 10.5 s held 240 s: ~23 ports plus the tunnel's own.
  const int used = r->groups[0].steps.back().used_ports_max_node;
  EXPECT_GE(used, 21);
  EXPECT_LE(used, 27);
  EXPECT_GT(r->tunnel->duplicate_dials, 50);
  EXPECT_EQ(r->tunnel->failed_duplicate_dials, 0);
}

}  // namespace
}  // namespace tunnelsim::snat
