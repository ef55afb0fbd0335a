// Monte Carlo runs (snat_run.h): quantiles, determinism by seed and thread count, and the
// analytic cross-check's agreement with the simulation.
#include "engine/snat/snat_run.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "engine/snat/snat_output.h"
#include "engine/snat/snat_testing.h"
#include "models/snat/analytic.h"

namespace tunnelsim::snatsim {
namespace {

using snattest::BuildPlan;
using snattest::ScenarioText;

TEST(SnatRunTest, NearestRankQuantiles) {
  EXPECT_EQ(NearestRankQuantile(std::vector<double>{4, 1, 3, 2}, 0.5), 2);
  EXPECT_EQ(NearestRankQuantile(std::vector<double>{4, 1, 3, 2}, 0.95), 4);
  EXPECT_EQ(NearestRankQuantile(std::vector<double>{7}, 0.5), 7);
  std::vector<double> twenty;
  for (int i = 20; i >= 1; --i) twenty.push_back(i);
  EXPECT_EQ(NearestRankQuantile(twenty, 0.5), 10);
  EXPECT_EQ(NearestRankQuantile(twenty, 0.95), 19);
  // "Never" sorts after every time.
  using Times = std::vector<std::optional<double>>;
  EXPECT_EQ(NearestRankQuantile(Times{std::nullopt, 30.0, 10.0, std::nullopt}, 0.5), 30.0);
  EXPECT_EQ(NearestRankQuantile(Times{std::nullopt, 30.0, 10.0, std::nullopt}, 0.95), std::nullopt);
  EXPECT_EQ(NearestRankQuantile(Times{std::nullopt}, 0.5), std::nullopt);
}

// 20 nodes at 0.2 new connections/s, never closed, 4-minute idle timeout: about 48 ports in
// use per node against 64 allocated, so some runs exhaust and some do not.
std::string SmallExhaustion() {
  return ScenarioText(R"(nodePools:
  - {name: p, count: 20, cores: 4, subnet: s}
outbound:
  loadBalancer: {allocatedOutboundPorts: 64, idleTimeoutInMinutes: 4}
traffic:
  - {name: t, from: {nodePool: p}, destination: {address: 20.61.10.5}, connectionsPerSecond: 0.2, duration: 1s, close: idle}
)");
}

TEST(SnatRunTest, SameSeedSameRunAndThreadCountDoesNotMatter) {
  SnatOptions options;
  options.duration_seconds = 1800;
  options.runs = 6;
  options.seed = 7;
  options.agent_restarts_seconds = {900};
  auto f = BuildPlan(SmallExhaustion(), options);
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  RunControl one_thread;
  one_thread.threads = 1;
  RunControl four_threads;
  four_threads.threads = 4;
  Result<SnatReport> a = RunSnat(*f->plan, one_thread);
  Result<SnatReport> b = RunSnat(*f->plan, four_threads);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->threads, 1);
  EXPECT_EQ(b->threads, 4);
  EXPECT_EQ(FormatSnatJson(*a), FormatSnatJson(*b));
  EXPECT_EQ(FormatSnatTable(*a), FormatSnatTable(*b));
  EXPECT_EQ(a->events, b->events);

  // The first run is the plan's seed; another seed gives another run.
  Result<snat::SimulationResult> same = SimulatePlan(*f->plan, 7);
  Result<snat::SimulationResult> other = SimulatePlan(*f->plan, 8);
  ASSERT_TRUE(same.ok() && other.ok());
  EXPECT_EQ(same->groups[0].failed, a->first.groups[0].failed);
  EXPECT_EQ(same->groups[0].successful, a->first.groups[0].successful);
  EXPECT_EQ(same->events, a->first.events);
  EXPECT_NE(other->groups[0].successful, same->groups[0].successful);
}

TEST(SnatRunTest, QuantilesAreOverTheRunsSeeds) {
  SnatOptions options;
  options.duration_seconds = 1800;
  options.runs = 5;
  options.seed = 100;
  auto f = BuildPlan(SmallExhaustion(), options);
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  Result<SnatReport> report = RunSnat(*f->plan);
  ASSERT_TRUE(report.ok());
  std::vector<std::optional<double>> exhaustion;
  std::vector<double> failed, peak;
  bool any_failed = false;
  for (uint64_t i = 0; i < 5; ++i) {
    Result<snat::SimulationResult> r = SimulatePlan(*f->plan, 100 + i);
    ASSERT_TRUE(r.ok());
    exhaustion.push_back(r->groups[0].first_exhaustion_seconds);
    failed.push_back(r->groups[0].failed_estimate);
    peak.push_back(r->groups[0].peak_used_ports);
    any_failed = any_failed || r->groups[0].failed > 0;
  }
  const GroupRunStats& s = report->groups[0];
  std::vector<double> sorted = failed;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(s.failed.p50, sorted[2]);  // rank ceil(0.5 x 5) = 3
  EXPECT_EQ(s.failed.p95, sorted[4]);  // rank ceil(0.95 x 5) = 5
  EXPECT_EQ(s.peak_used_ports.p50, NearestRankQuantile(peak, 0.5));
  EXPECT_EQ(s.first_exhaustion_seconds.p50, NearestRankQuantile(exhaustion, 0.5));
  EXPECT_EQ(s.first_exhaustion_seconds.p95, NearestRankQuantile(exhaustion, 0.95));
  EXPECT_EQ(s.exhausted_runs, std::count_if(exhaustion.begin(), exhaustion.end(),
                                            [](const auto& t) { return t.has_value(); }));
  EXPECT_EQ(report->any_failed_connection, any_failed);
}

TEST(SnatRunTest, TunnelReDialFailsWhenItsNodeHasNoPort) {
  // Every port to the API server is held by leaked connections when the agents restart.
  SnatOptions options;
  options.duration_seconds = 1200;
  options.agent_restarts_seconds = {600};
  auto f = BuildPlan(ScenarioText(R"(nodePools:
  - {name: p, count: 4, cores: 4, subnet: s}
outbound:
  loadBalancer: {allocatedOutboundPorts: 32}
traffic:
  - {name: t, from: {nodePool: p}, destination: {address: 20.61.10.5}, connectionsPerSecond: 1, duration: 1s, close: idle}
)"),
                     options);
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  Result<SnatReport> report = RunSnat(*f->plan);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->tunnel_lost);
  ASSERT_TRUE(report->first.tunnel.has_value());
  EXPECT_EQ(report->first.tunnel->first_failed_dial_seconds, 600.0);
  const std::optional<TunnelFate> fate = DescribeTunnel(*report);
  ASSERT_TRUE(fate.has_value());
  EXPECT_EQ(fate->failed_parts, std::vector<size_t>{0});
  // No port frees up before the old connections' FIN hold ends at 840 s (§2.6), so no agent
  // is connected at the ends of the steps from 660 to 840 s.
  EXPECT_EQ(fate->first_all_down_seconds, 660.0);
  EXPECT_GE(fate->steps_all_down, 4);
  EXPECT_GE(fate->longest_outage_seconds, 240.0);
  EXPECT_TRUE(fate->first_without_port_seconds.has_value());
  EXPECT_LE(*fate->first_without_port_seconds, 600.0);
}

// With Poisson arrivals, ports in use at one node form an M/G/c/c system: the simulated loss
// after the warm-up must agree with Erlang B (models/snat/analytic.h).
TEST(SnatRunTest, SimulationAgreesWithErlangB) {
  SnatOptions options;
  options.duration_seconds = 12000;
  options.step_seconds = 120;
  auto f = BuildPlan(ScenarioText(R"(nodePools:
  - {name: p, count: 40, subnet: s}
outbound:
  loadBalancer: {allocatedOutboundPorts: 16}
traffic:
  - {name: t, from: {nodePool: p}, destination: {address: 52.1.2.3}, connectionsPerSecond: 0.75, duration: 1s, close: rst}
)",
                                  "private"),
                     options);
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  Result<SnatReport> report = RunSnat(*f->plan);
  ASSERT_TRUE(report.ok());
  const AnalyticComparison& a = report->analytic;
  ASSERT_EQ(a.estimates.size(), 1u);
  const AnalyticEstimate& e = a.estimates[0];
  EXPECT_EQ(e.destination, "52.1.2.3:443/tcp");
  EXPECT_DOUBLE_EQ(e.rate_per_second, 0.75);
  EXPECT_DOUBLE_EQ(e.holding_seconds, 16);  // 1 s active + the RST hold of 15 s (§2.6)
  EXPECT_DOUBLE_EQ(e.offered_ports, 12);
  EXPECT_EQ(e.ports, 16);
  EXPECT_DOUBLE_EQ(e.loss, snat::ErlangB(16, 12));
  EXPECT_FALSE(e.fill_seconds.has_value());  // a < c: the ports never simply run out
  ASSERT_EQ(a.checks.size(), 1u);
  const AnalyticComparison::Check& c = a.checks[0];
  ASSERT_TRUE(c.simulated_loss.has_value());
  // About 360,000 attempts: the loss is known to well under a percentage point.
  EXPECT_NEAR(*c.simulated_loss, c.expected_loss, 0.006);
  EXPECT_GT(c.expected_loss, 0.04);
  ASSERT_TRUE(c.simulated_used_ports && c.expected_used_ports);
  EXPECT_NEAR(*c.simulated_used_ports, *c.expected_used_ports, 0.2);
}

TEST(SnatRunTest, PooledTrafficIsExcludedFromTheCrossCheck) {
  SnatOptions options;
  options.duration_seconds = 600;
  auto f = BuildPlan(ScenarioText(R"(nodePools:
  - {name: p, count: 2, subnet: s}
  - {name: q, count: 2, subnet: s}
traffic:
  - {name: plain, from: {nodePool: p}, destination: {address: 52.1.2.3}, connectionsPerSecond: 1, duration: 1s}
  - {name: pooled, from: {nodePool: p}, destination: {address: 52.1.2.4}, connectionsPerSecond: 1, pool: {size: 2}}
  - {name: alone, from: {nodePool: q}, destination: {address: 52.1.2.3}, connectionsPerSecond: 1, duration: 1s}
)",
                                  "private"),
                     options);
  ASSERT_TRUE(f->plan) << f->diagnostics.Format();
  Result<SnatReport> report = RunSnat(*f->plan);
  ASSERT_TRUE(report.ok());
  const AnalyticComparison& a = report->analytic;
  ASSERT_EQ(a.excluded.size(), 1u);
  EXPECT_NE(a.excluded[0].find("'pooled'"), std::string::npos);
  ASSERT_EQ(a.estimates.size(), 2u);                      // plain on p, alone on q
  EXPECT_DOUBLE_EQ(a.estimates[0].holding_seconds, 241);  // 1 s + the FIN hold of 240 s
  ASSERT_EQ(a.checks.size(), 2u);
  EXPECT_TRUE(a.checks[0].mixed_with_pooled);
  EXPECT_FALSE(a.checks[0].simulated_loss.has_value());
  EXPECT_FALSE(a.checks[1].mixed_with_pooled);
  EXPECT_TRUE(a.checks[1].simulated_loss.has_value());
}

}  // namespace
}  // namespace tunnelsim::snatsim
