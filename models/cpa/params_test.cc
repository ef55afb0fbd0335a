#include "models/cpa/params.h"

#include <gtest/gtest.h>

namespace tunnelsim::cpa {
namespace {

std::string Error(const std::map<std::string, std::string>& data) {
  Result<ScalerParams> r = ParseConfigMapData(data);
  return r.ok() ? "ok" : r.status().message();
}

TEST(ConfigMapData, UpstreamEnsureControllerTable) {
  EXPECT_EQ(Error({{"invalidmode", ""}}),
            "not a supported control mode: invalidmode; expected \"ladder\" or \"linear\"");
  EXPECT_EQ(Error({{"toomanyentries1", ""}, {"toomanyentries2", ""}}),
            "invalid configMap format, expected only one entry, got: "
            "map[toomanyentries1: toomanyentries2:]");
  Result<ScalerParams> ok = ParseConfigMapData({{"linear", R"({"nodesPerReplica":1})"}});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ModeName(*ok), "linear");
}

TEST(ConfigMapData, ExactlyOneEntry) {
  EXPECT_EQ(Error({}), "invalid configMap format, expected only one entry, got: map[]");
  EXPECT_EQ(Error({{"ladder", "{}"}, {"linear", "{\n}"}}),
            "invalid configMap format, expected only one entry, got: map[ladder:{} linear:{\\n}]");
}

TEST(ConfigMapData, ModeKeyIsCaseSensitive) {
  EXPECT_EQ(Error({{"Ladder", "{}"}}),
            "not a supported control mode: Ladder; expected \"ladder\" or \"linear\"");
  EXPECT_EQ(Error({{"linear ", "{}"}}),
            "not a supported control mode: linear ; expected \"ladder\" or \"linear\"");
}

TEST(ConfigMapData, ErrorsArePrefixedAsUpstreamLogsThem) {
  EXPECT_EQ(Error({{"ladder", ""}}),
            "error parsing ladder params: could not parse parameters (unexpected end of JSON "
            "input)");
  EXPECT_EQ(Error({{"linear", "null"}}),
            "error parsing linear params: should at least provide either CoresPerReplica or "
            "NodesPerReplica (Greater than 0)");
  EXPECT_EQ(Error({{"ladder", R"({"nodesToReplicas":[[1,-2]]})"}}),
            "error parsing ladder params: invalid negative values in entry [1 -2] in "
            "nodes_to_replicas_map");
}

TEST(ConfigMapData, AksLadderDrivesExpectedReplicas) {
  Result<ScalerParams> p = ParseConfigMapData(
      {{"ladder", R"({"nodesToReplicas":[[1,2],[100,3],[250,4],[500,5],[1000,6],[5000,10]]})"}});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(ModeName(*p), "ladder");
  EXPECT_EQ(ExpectedReplicas(*p, ClusterStatus{0, 0, 0, 0}), 2);
  EXPECT_EQ(ExpectedReplicas(*p, ClusterStatus{300, 300, 1200, 1200}), 4);
}

TEST(ConfigMapData, NullLadderMeansZeroReplicas) {
  Result<ScalerParams> p = ParseConfigMapData({{"ladder", "null"}});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(ExpectedReplicas(*p, ClusterStatus{10, 10, 40, 40}), 0);
}

TEST(ConfigMapData, LinearDrivesExpectedReplicas) {
  Result<ScalerParams> p =
      ParseConfigMapData({{"linear", R"({"coresPerReplica":256,"nodesPerReplica":16,"min":1,
                     "preventSinglePointFailure":true})"}});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(ExpectedReplicas(*p, ClusterStatus{3, 3, 12, 12}), 2);
  EXPECT_EQ(ExpectedReplicas(*p, ClusterStatus{100, 100, 400, 400}), 7);
}

TEST(ConfigMapData, LongValuesAreCutInTheMessage) {
  std::string message = Error({{"a", std::string(1000, 'x')}, {"b", "y"}});
  EXPECT_LT(message.size(), 200u);
  EXPECT_NE(message.find("x... b:y]"), std::string::npos);
}

}  // namespace
}  // namespace tunnelsim::cpa
