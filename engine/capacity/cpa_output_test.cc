// The cpa writers: structure and the numbers they carry (full outputs are golden files under
// tests/golden/cpa-*).
#include "engine/capacity/cpa_output.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/capacity/cpa_format.h"
#include "engine/capacity/cpa_test_util.h"

namespace tunnelsim::capacity {
namespace {

using testing::ScenarioYaml;
using testing::SetupOrFail;

constexpr const char* kShort = R"(    agent:
      resources:
        limits: {memory: 100Mi}
    load: {streamsPerNode: 1, baseMemory: 20Mi, memoryPerStream: 1Mi}
    autoscaler:
      ladder: '{"nodesToReplicas":[[1,2]]}'
)";

struct Fixture {
  CpaSetup setup = SetupOrFail(ScenarioYaml(kShort));
  CpaReport report = AnalyzeCpa(setup, {{1, 200}, {50}, {{0, 10}, {3600, 170}}}).value();
};

TEST(CpaFormatTest, Helpers) {
  EXPECT_EQ(format::Thousands(0), "0");
  EXPECT_EQ(format::Thousands(999), "999");
  EXPECT_EQ(format::Thousands(1000), "1,000");
  EXPECT_EQ(format::Thousands(-1234567), "-1,234,567");
  EXPECT_EQ(format::Mib(131072000), "125.0 MiB");
  EXPECT_EQ(format::Mib(-cpa::kMiB / 2), "-0.5 MiB");
  EXPECT_EQ(format::Trimmed(2.50, 2), "2.5");
  EXPECT_EQ(format::Trimmed(3.0, 2), "3");
  EXPECT_EQ(format::Duration(0), "0s");
  EXPECT_EQ(format::Duration(5400), "1h30m");
  EXPECT_EQ(format::Duration(86401), "1d1s");
}

TEST(CpaOutputTest, JsonCarriesTheFigures) {
  Fixture f;
  nlohmann::json j = nlohmann::json::parse(FormatCpaJson(f.setup, f.report));
  EXPECT_EQ(j["schema"], "tunnelsim.cpa/v1");
  EXPECT_EQ(j["setup"]["autoscaler"]["source"], "configMap");
  EXPECT_EQ(j["setup"]["memory"]["limitBytes"], 100 * cpa::kMiB);
  EXPECT_EQ(j["firstUnderProvisioned"]["nodes"], 161);
  EXPECT_EQ(j["firstUnderProvisioned"]["headroomBytes"], -cpa::kMiB);
  EXPECT_EQ(j["steps"].size(), 1u);
  EXPECT_EQ(j["steps"][0]["underProvisionedFrom"], 161);
  EXPECT_EQ(j["at"][0]["nodes"], 50);
  EXPECT_EQ(j["timeline"][1]["pollTimeSeconds"], 3600);
  EXPECT_EQ(j["timeline"][1]["previousSnatPortsPerNode"], 1024);
  EXPECT_EQ(j["timeline"][1]["peak"]["snatPortsPerNode"], 256);
  EXPECT_EQ(j["oomPredicted"], true);
  EXPECT_EQ(j["sweep"]["axis"], "nodes");
  EXPECT_EQ(j["oomModel"]["backOff"]["maxSeconds"], 300);
  EXPECT_EQ(j["firstUnderProvisioned"]["oomKills"]["trigger"], "overLimit");
  EXPECT_EQ(j["firstUnderProvisioned"]["oomKills"]["cascade"], true);
  EXPECT_EQ(j["firstUnderProvisioned"]["oomKills"]["settledSeconds"], nullptr);
  EXPECT_EQ(j["at"][0]["oomKills"]["trigger"], "oneReplicaLost");
  EXPECT_EQ(j["at"][0]["oomKills"]["streamBreaks"], 25);
}

TEST(CpaOutputTest, CsvHasOneRowPerNodeCount) {
  Fixture f;
  std::string csv = FormatCpaCsv(f.setup, f.report);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "nodes,replicas,memory_per_replica_bytes,headroom_bytes,oom,oom_replicas_killed,"
            "oom_cascade,oom_stream_breaks,oom_restarts,oom_redial_snat_ports,one_lost_cascade");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 201);
  // 80 nodes: one replica lost, the other holds 80 streams; 160 nodes: 80 streams each, 100
  // MiB exactly (not over), but one replica lost leaves 160 on the other.
  EXPECT_NE(csv.find("\n80,2,62914560,41943040,false,0,false,0,0,0,false\n"), std::string::npos);
  EXPECT_NE(csv.find("\n160,2,104857600,0,false,0,false,0,0,0,true\n"), std::string::npos);
  // 161: one MiB over; both replicas crash-loop: 7 rounds of 81 + 161 broken streams.
  EXPECT_NE(csv.find("\n161,2,105906176,-1048576,true,2,true,1694,12,12,\n"), std::string::npos);
}

TEST(CpaOutputTest, TableStatesTheVerdictAndTheRemedy) {
  Fixture f;
  std::string table = FormatCpaTable(f.setup, f.report);
  EXPECT_NE(table.find("Verdict: OOM predicted at 161 nodes: 2 replicas carry 81 streams each"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("raise the replicas to at least 3 at 161 nodes"), std::string::npos);
  EXPECT_NE(table.find("first OOM"), std::string::npos);
  EXPECT_NE(
      table.find(R"(over 1..200 nodes (at least 2 replicas): {"nodesToReplicas":[[1,2],[161,3]]})"),
      std::string::npos);
  EXPECT_NE(table.find("At 161 nodes in the first 10m: 2 of 2 replicas OOM-killed in a cascade, "
                       "1,694 stream breaks, 12 restarts, still in CrashLoopBackOff at the end, "
                       "12 SNAT ports for re-dials."),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("OOM kills over the first 10m"), std::string::npos);
  EXPECT_NE(table.find("lost connection to pod"), std::string::npos);
}

TEST(CpaOutputTest, CoreSweepNamesItsAxis) {
  CpaSetup setup = SetupOrFail(ScenarioYaml(kShort));
  CpaQuery q;
  q.axis = SweepAxis::kCores;
  q.range = {8, 12};
  q.fixed_nodes = 100;
  CpaReport r = AnalyzeCpa(setup, q).value();
  std::string csv = FormatCpaCsv(setup, r);
  EXPECT_EQ(csv.substr(0, 6), "cores,");
  EXPECT_NE(csv.find("\n12,2,73400320,"), std::string::npos) << csv;  // 20 + 50 MiB
  nlohmann::json j = nlohmann::json::parse(FormatCpaJson(setup, r));
  EXPECT_EQ(j["sweep"]["axis"], "cores");
  EXPECT_EQ(j["sweep"]["heldNodes"], 100);
  EXPECT_EQ(j["steps"][0]["fromCores"], 8);
  EXPECT_EQ(j["steps"][0]["toCores"], 12);
  std::string table = FormatCpaTable(setup, r);
  EXPECT_NE(table.find("Replica steps over 8..12 cores on 100 nodes"), std::string::npos);
  EXPECT_NE(FormatCpaSvg(setup, r).find("cores on 100 nodes"), std::string::npos);
}

TEST(CpaOutputTest, SvgIsSelfContainedAndDeterministic) {
  Fixture f;
  std::string svg = FormatCpaSvg(f.setup, f.report);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_NE(svg.find("first OOM: 161 nodes"), std::string::npos);
  EXPECT_NE(svg.find("limit 100.0 MiB"), std::string::npos);
  EXPECT_NE(svg.find("nodes (log scale)"), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos);  // nothing external
  EXPECT_EQ(svg, FormatCpaSvg(f.setup, f.report));
}

}  // namespace
}  // namespace tunnelsim::capacity
