// The writers (snat_output.h): formats, CSV/JSON shapes, SVG structure, advice.
#include "engine/snat/snat_output.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/snat/snat_testing.h"
#include "models/snat/analytic.h"

namespace tunnelsim::snatsim {
namespace {

using snattest::BuildPlan;
using snattest::ScenarioText;

TEST(SnatOutputTest, Formats) {
  EXPECT_EQ(Clock(0.0), "00:00:00");
  EXPECT_EQ(Clock(512.9), "00:08:32");
  EXPECT_EQ(Clock(3600 * 25 + 61.0), "25:01:01");
  EXPECT_EQ(Clock(std::nullopt), "never");
  EXPECT_EQ(Thousands(0), "0");
  EXPECT_EQ(Thousands(999), "999");
  EXPECT_EQ(Thousands(1000), "1,000");
  EXPECT_EQ(Thousands(155432), "155,432");
  EXPECT_EQ(Thousands(-1234567), "-1,234,567");
  EXPECT_EQ(HumanDuration(3600), "1h");
  EXPECT_EQ(HumanDuration(60), "1m");
  EXPECT_EQ(HumanDuration(5400), "1h30m");
  EXPECT_EQ(HumanDuration(3661), "1h1m1s");
  EXPECT_EQ(HumanDuration(45), "45s");
  EXPECT_EQ(HumanDuration(0.5), "0.5s");
}

struct Fixture {
  std::unique_ptr<snattest::PlanFixture> plan;
  std::optional<SnatReport> report;
};

// Two pools, the second without traffic; ports run out in the first within minutes.
Fixture RunSmall(const std::string& outbound) {
  SnatOptions options;
  options.duration_seconds = 600;
  Fixture f;
  f.plan = BuildPlan(ScenarioText("nodePools:\n"
                                  "  - {name: busy, count: 6, cores: 4, subnet: s}\n"
                                  "  - {name: quiet, count: 2, cores: 4, subnet: s}\n" +
                                  outbound +
                                  "traffic:\n  - {name: t, from: {nodePool: busy}, destination: "
                                  "{address: 52.1.2.3}, connectionsPerSecond: 0.5, "
                                  "duration: 1s, close: idle}\n"),
                     options);
  EXPECT_TRUE(f.plan->plan) << f.plan->diagnostics.Format();
  if (!f.plan->plan) return f;
  Result<SnatReport> r = RunSnat(*f.plan->plan);
  EXPECT_TRUE(r.ok());
  if (r.ok()) f.report = std::move(r).value();
  return f;
}

constexpr const char* kSmallLb = "outbound:\n  loadBalancer: {allocatedOutboundPorts: 64}\n";

TEST(SnatOutputTest, CsvHasOneRowPerStepAndPoolNamedLikeAzureMetrics) {
  Fixture f = RunSmall(kSmallLb);
  ASSERT_TRUE(f.report);
  const std::string csv = FormatSnatCsv(*f.report);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "time,seconds,pool,SnatConnectionCount_successful,SnatConnectionCount_failed,"
            "AllocatedSnatPorts,UsedSnatPorts,UsedSnatPorts_max");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 10 * 2);  // 10 minutes x 2 pools
  EXPECT_NE(csv.find("\n00:00:00,0,busy,"), std::string::npos);
  // quiet has no traffic; its agent's duplicate dials are its only connections.
  const size_t quiet = csv.find("\n00:09:00,540,quiet,");
  ASSERT_NE(quiet, std::string::npos);
  const std::string row = csv.substr(quiet + 1, csv.find('\n', quiet + 1) - quiet - 1);
  EXPECT_NE(row.find(",0,64,"), std::string::npos) << row;  // failed 0, allocated 64
  // Successful plus failed over the rows of a pool is the pool's total.
  int64_t total = 0;
  size_t at = 0;
  while ((at = csv.find(",busy,", at)) != std::string::npos) {
    at += 6;
    const size_t comma = csv.find(',', at);
    total += std::stoll(csv.substr(at, comma - at));
    total += std::stoll(csv.substr(comma + 1, csv.find(',', comma + 1) - comma - 1));
  }
  const snat::GroupResult& busy = f.report->first.groups[0];
  EXPECT_EQ(total, busy.successful + busy.failed);
}

TEST(SnatOutputTest, JsonCarriesTheSchemaPoolsTunnelAndSeries) {
  Fixture f = RunSmall(kSmallLb);
  ASSERT_TRUE(f.report);
  const nlohmann::json j = nlohmann::json::parse(FormatSnatJson(*f.report));
  EXPECT_EQ(j["schema"], "tunnelsim.snat/v1");
  EXPECT_EQ(j["provider"]["portsPerNode"], 64);
  ASSERT_EQ(j["pools"].size(), 2u);
  EXPECT_EQ(j["pools"][0]["pool"], "busy");
  EXPECT_EQ(j["pools"][0]["steps"].size(), 10u);
  EXPECT_TRUE(j["pools"][0]["firstExhaustionSeconds"].is_number());
  EXPECT_TRUE(j["pools"][1]["firstExhaustionSeconds"].is_null());
  EXPECT_EQ(j["tunnel"]["endpoint"], "20.61.10.5:443/tcp");
  EXPECT_EQ(j["tunnel"]["agents"].size(), 2u);
  EXPECT_EQ(j["connectionsFailed"], true);
  EXPECT_EQ(j["tunnelLost"], false);
  EXPECT_EQ(j["analytic"]["estimates"][0]["holdingSeconds"], 1801.0);
}

TEST(SnatOutputTest, TableNamesWhatRanOutAndWhatHelps) {
  Fixture f = RunSmall(kSmallLb);
  ASSERT_TRUE(f.report);
  const std::string table = FormatSnatTable(*f.report);
  EXPECT_NE(table.find("POOL   NODES  PORTS/NODE  PEAK USED  FIRST EXHAUSTION"), std::string::npos)
      << table;
  EXPECT_NE(table.find("quiet  2      64          "), std::string::npos) << table;
  EXPECT_NE(table.find("never"), std::string::npos);
  EXPECT_NE(table.find("5a: reuse connections"), std::string::npos);
  EXPECT_NE(table.find("5b: busy: about"), std::string::npos);
  EXPECT_NE(table.find("5c: a NAT Gateway"), std::string::npos);
}

TEST(SnatOutputTest, NatGatewayTableHasNoPerNodeAllocation) {
  Fixture f = RunSmall("outbound: {type: managedNATGateway}\n");
  ASSERT_TRUE(f.report);
  const std::string table = FormatSnatTable(*f.report);
  EXPECT_NE(table.find("NAT Gateway (managedNATGateway), 1 public IP, 64,512 ports"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("Result: no connection failed"), std::string::npos);
  const std::string csv = FormatSnatCsv(*f.report);
  EXPECT_NE(csv.find("\n00:00:00,0,quiet,0,0,,"), std::string::npos) << csv;
}

TEST(SnatOutputTest, SvgIsCompleteAndDeterministic) {
  Fixture f = RunSmall(kSmallLb);
  ASSERT_TRUE(f.report);
  const std::string svg = FormatSnatSvg(*f.report);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_NE(svg.find("SNAT ports and failed connections: t (Azure Load Balancer"),
            std::string::npos);
  EXPECT_NE(svg.find("pool busy: 6 nodes, 64 ports allocated per node"), std::string::npos);
  EXPECT_NE(svg.find("pool quiet: 2 nodes"), std::string::npos);
  EXPECT_NE(svg.find("minutes since start"), std::string::npos);
  EXPECT_NE(svg.find("AllocatedSnatPorts (per node)"), std::string::npos);
  EXPECT_NE(svg.find("first exhaustion"), std::string::npos);
  EXPECT_EQ(std::count(svg.begin(), svg.end(), '<'), std::count(svg.begin(), svg.end(), '>'));
  EXPECT_EQ(svg, FormatSnatSvg(*f.report));
}

TEST(SnatOutputTest, PortAdviceMeetsTheLossTarget) {
  Fixture f = RunSmall(kSmallLb);
  ASSERT_TRUE(f.report);
  const std::optional<PortAdvice> advice = AdvisePorts(*f.report, 0, 0.001);
  ASSERT_TRUE(advice.has_value());
  const double offered = 0.5 * 1801;
  EXPECT_EQ(advice->ports_per_node % 8, 0);
  EXPECT_LE(snat::ErlangB(advice->ports_per_node, offered), 0.001);
  EXPECT_GT(snat::ErlangB(advice->ports_per_node - 8, offered), 0.001);
  // 8 nodes in the capacity check.
  EXPECT_EQ(advice->ips_needed, (8 * advice->ports_per_node + 63999) / 64000);
  EXPECT_FALSE(AdvisePorts(*f.report, 1, 0.001).has_value());  // no traffic from quiet
  const NatAdvice nat = AdviseNatGateway(*f.report);
  EXPECT_DOUBLE_EQ(nat.ports, 0.5 * 6 * (1 + 240));  // 4-minute idle timeout, no hold-down
  EXPECT_EQ(nat.ips_needed, 1);
}

}  // namespace
}  // namespace tunnelsim::snatsim
