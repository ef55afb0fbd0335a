#include "models/snat/analytic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/snat/simulator.h"

namespace tunnelsim::snat {
namespace {

TEST(Analytic, ErlangBKnownValues) {
  EXPECT_DOUBLE_EQ(ErlangB(0, 3.0), 1.0);
  EXPECT_DOUBLE_EQ(ErlangB(1, 1.0), 0.5);
  EXPECT_DOUBLE_EQ(ErlangB(2, 1.0), 0.2);
  EXPECT_NEAR(ErlangB(10, 5.0), 0.0183845703, 1e-9);
  EXPECT_EQ(ErlangB(5, 0.0), 0.0);
  // Large systems stay finite and sensible (no factorial overflow).
  const double b = ErlangB(64000, 60000.0);
  EXPECT_TRUE(std::isfinite(b));
  EXPECT_GT(b, 0.0);
  EXPECT_LT(b, 0.01);
  EXPECT_GT(ErlangB(1024, 1100.0), 0.06);  // overloaded: loses at least 1 - 1024/1100
}

TEST(Analytic, CarriedLoadAndPortsForTarget) {
  EXPECT_NEAR(CarriedLoad(16, 11.0), 11.0 * (1 - ErlangB(16, 11.0)), 1e-12);
  const int64_t c = PortsForLossTarget(11.0, 0.01);
  EXPECT_LE(ErlangB(c, 11.0), 0.01);
  EXPECT_GT(ErlangB(c - 1, 11.0), 0.01);
  EXPECT_DOUBLE_EQ(OfferedLoad(10, 242), 2420);
}

TEST(Analytic, PoissonTail) {
  EXPECT_NEAR(PoissonTailAtLeast(1, 2.0), 1 - std::exp(-2.0), 1e-12);
  EXPECT_EQ(PoissonTailAtLeast(0, 2.0), 1.0);
  EXPECT_EQ(PoissonTailAtLeast(3, 0.0), 0.0);
  // Far tail: P(N >= 1100 | 1000) is small but not zero (about 8e-4).
  const double t = PoissonTailAtLeast(1100, 1000.0);
  EXPECT_GT(t, 5e-4);
  EXPECT_LT(t, 1.2e-3);
  EXPECT_NEAR(PoissonTailAtLeast(1000, 1000.0), 0.5, 0.02);
}

// One node per simulated node is one M/G/c/c system: Poisson arrivals, holding time =
// active duration + RST hold, c = allocated ports. Compare the simulated loss fraction and
// mean ports in use with Erlang B, using batch means over metric steps for the error bar.
struct Agreement {
  double loss_mean, loss_se, used_mean, used_se;
};

Agreement RunErlang(DurationDistribution durations, int ports, double rate, uint64_t seed) {
  SimulationConfig config;
  config.groups = {{"pool", 40, 0}};
  TrafficSource s;
  s.name = "erlang";
  s.destination = {Ipv4Address(0x01020304), 443, IpProtocol::kTcp};
  s.rate = RateProfile::Constant(rate);
  s.duration_seconds = 1.0;
  s.duration_distribution = durations;
  s.close = CloseMode::kRst;
  config.sources = {s};
  LoadBalancerSetup lb;
  lb.rule.allocated_outbound_ports = ports;
  lb.rule.rst_release_seconds = 10;  // holding time h = 1 + 10 s
  config.provider = lb;
  config.duration_seconds = 12000;
  config.step_seconds = 120;
  config.seed = seed;
  Result<SimulationResult> r = Simulate(config);
  EXPECT_TRUE(r.ok()) << r.status().message();
  const std::vector<StepMetrics>& steps = r->groups[0].steps;
  std::vector<double> loss, used;
  for (size_t i = 2; i < steps.size(); ++i) {  // skip the warm-up from empty
    const double attempts = steps[i].successful_mean + steps[i].failed_mean;
    loss.push_back(steps[i].failed_mean / attempts);
    used.push_back(steps[i].used_ports_mean);
  }
  auto mean_se = [](const std::vector<double>& x) {
    double m = 0;
    for (double v : x) m += v;
    m /= static_cast<double>(x.size());
    double var = 0;
    for (double v : x) var += (v - m) * (v - m);
    var /= static_cast<double>(x.size() - 1);
    return std::pair{m, std::sqrt(var / static_cast<double>(x.size()))};
  };
  auto [lm, ls] = mean_se(loss);
  auto [um, us] = mean_se(used);
  return {lm, ls, um, us};
}

TEST(Analytic, SimulationAgreesWithErlangB) {
  const double a = OfferedLoad(1.0, 11.0);  // 11 Erlangs
  const double b = ErlangB(16, a);          // about 0.039
  for (DurationDistribution d :
       {DurationDistribution::kExponential, DurationDistribution::kFixed}) {
    const Agreement g = RunErlang(d, 16, 1.0, 2024);
    EXPECT_NEAR(g.loss_mean, b, 3 * g.loss_se) << "loss, se " << g.loss_se;
    EXPECT_NEAR(g.used_mean, CarriedLoad(16, a), 3 * g.used_se) << "used, se " << g.used_se;
    EXPECT_LT(g.loss_se, 0.1 * b);  // the check is tight enough to mean something
  }
}

TEST(Analytic, UncappedPortsInUseArePoissonMean) {
  // 1024 ports never bind at a = 5 x 11 = 55: M/G/infinity, mean lambda h.
  const Agreement g = RunErlang(DurationDistribution::kExponential, 1024, 5.0, 7);
  EXPECT_EQ(g.loss_mean, 0.0);
  EXPECT_NEAR(g.used_mean, 55.0, 3 * g.used_se);
  EXPECT_LT(g.used_se, 1.0);
}

}  // namespace
}  // namespace tunnelsim::snat
