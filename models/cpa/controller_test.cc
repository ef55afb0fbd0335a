#include "models/cpa/controller.h"

#include <gtest/gtest.h>

namespace tunnelsim::cpa {
namespace {

const char kAksLadder[] =
    R"({"nodesToReplicas":[[1,2],[100,3],[250,4],[500,5],[1000,6],[5000,10]]})";

ConfigMap Ladder(std::string version, std::string json = kAksLadder) {
  return ConfigMap{std::move(version), {{"ladder", std::move(json)}}};
}

ClusterStatus Nodes(int32_t n) { return ClusterStatus{n, n, n * 4, n * 4}; }

TEST(Autoscaler, WritesOnlyWhenTheCountChanges) {
  Autoscaler a(ControllerOptions{}, 2);
  PollResult first = a.Poll(0, Ladder("1"), Nodes(50));
  EXPECT_EQ(first.outcome, PollOutcome::kUnchanged);
  EXPECT_EQ(first.replicas_after, 2);
  PollResult grown = a.Poll(10'000, Ladder("1"), Nodes(120));
  EXPECT_EQ(grown.outcome, PollOutcome::kScaled);
  EXPECT_EQ(grown.replicas_before, 2);
  EXPECT_EQ(grown.replicas_after, 3);
  EXPECT_EQ(a.Poll(20'000, Ladder("1"), Nodes(130)).outcome, PollOutcome::kUnchanged);
}

TEST(Autoscaler, InvalidConfigKeepsReplicasAndRetriesEveryPoll) {
  Autoscaler a(ControllerOptions{}, 2);
  EXPECT_EQ(a.Poll(0, Ladder("1"), Nodes(120)).replicas_after, 3);
  ConfigMap broken = Ladder("2", R"({"nodesToReplicas":[[1,2],]})");
  for (int64_t t : {10'000, 20'000}) {
    PollResult r = a.Poll(t, broken, Nodes(600));
    EXPECT_EQ(r.outcome, PollOutcome::kInvalidConfig);
    EXPECT_EQ(r.replicas_after, 3);  // not 5: nothing is written
    EXPECT_EQ(r.error,
              "error parsing ladder params: could not parse parameters (invalid character ']' "
              "looking for beginning of value)");
    EXPECT_FALSE(a.has_controller());
  }
  PollResult fixed = a.Poll(30'000, Ladder("3"), Nodes(600));
  EXPECT_EQ(fixed.outcome, PollOutcome::kScaled);
  EXPECT_EQ(fixed.replicas_after, 5);
}

TEST(Autoscaler, ReparsesOnlyWhenTheResourceVersionChanges) {
  Autoscaler a(ControllerOptions{}, 0);
  EXPECT_EQ(a.Poll(0, Ladder("7"), Nodes(10)).replicas_after, 2);
  // Same version, different data: the controller is kept as it was.
  EXPECT_EQ(a.Poll(10'000, Ladder("7", R"({"nodesToReplicas":[[1,9]]})"), Nodes(10)).replicas_after,
            2);
  EXPECT_EQ(a.Poll(20'000, Ladder("8", R"({"nodesToReplicas":[[1,9]]})"), Nodes(10)).replicas_after,
            9);
}

TEST(Autoscaler, MissingConfigMapWithoutDefaultsFailsButKeepsTheController) {
  Autoscaler a(ControllerOptions{}, 2);
  a.Poll(0, Ladder("1"), Nodes(10));
  PollResult r = a.Poll(10'000, std::nullopt, Nodes(600));
  EXPECT_EQ(r.outcome, PollOutcome::kConfigMapMissing);
  EXPECT_EQ(r.replicas_after, 2);
  EXPECT_TRUE(a.has_controller());
}

TEST(Autoscaler, MissingConfigMapIsCreatedFromDefaultParams) {
  ControllerOptions options;
  options.default_params = std::map<std::string, std::string>{{"ladder", kAksLadder}};
  Autoscaler a(options, 1);
  EXPECT_EQ(a.Poll(0, std::nullopt, Nodes(10)).replicas_after, 2);
  EXPECT_EQ(a.Poll(10'000, std::nullopt, Nodes(300)).replicas_after, 4);
  // A user ConfigMap replaces the created one.
  EXPECT_EQ(
      a.Poll(20'000, Ladder("u1", R"({"nodesToReplicas":[[1,7]]})"), Nodes(300)).replicas_after, 7);
  EXPECT_EQ(a.Poll(30'000, std::nullopt, Nodes(300)).replicas_after, 4);  // deleted: re-created
}

TEST(Autoscaler, MaxSyncFailuresMakesTheProcessExit) {
  ControllerOptions options;
  options.max_sync_failures = 3;
  Autoscaler a(options, 2);
  a.Poll(0, Ladder("1"), Nodes(10));
  EXPECT_FALSE(a.Poll(10'000, std::nullopt, Nodes(10)).process_exits);
  EXPECT_FALSE(a.Poll(20'000, std::nullopt, Nodes(10)).process_exits);
  EXPECT_TRUE(a.Poll(30'000, std::nullopt, Nodes(10)).process_exits);
  EXPECT_FALSE(a.has_controller());  // the restarted process starts without one
  EXPECT_FALSE(a.Poll(40'000, std::nullopt, Nodes(10)).process_exits);  // count restarts
  // A successful poll resets the count.
  EXPECT_EQ(a.Poll(50'000, Ladder("1"), Nodes(10)).outcome, PollOutcome::kUnchanged);
  EXPECT_FALSE(a.Poll(60'000, std::nullopt, Nodes(10)).process_exits);
  EXPECT_FALSE(a.Poll(70'000, std::nullopt, Nodes(10)).process_exits);
}

TEST(SimulatePolls, PollsEveryPeriodAgainstTheCurrentObservation) {
  std::vector<Observation> timeline = {
      {0, Ladder("1"), Nodes(50)},
      {15'000, Ladder("1"), Nodes(120)},  // seen by the poll at 20 s, not 10 s
      {25'000, Ladder("2", "{"), Nodes(300)},
      {41'000, Ladder("3"), Nodes(300)},
  };
  Result<std::vector<PollResult>> polls =
      SimulatePolls(timeline, ControllerOptions{}, 2, 0, 50'000);
  ASSERT_TRUE(polls.ok());
  std::vector<std::pair<int64_t, int32_t>> got;
  for (const PollResult& p : *polls) got.push_back({p.time_ms, p.replicas_after});
  EXPECT_EQ(got, (std::vector<std::pair<int64_t, int32_t>>{
                     {0, 2}, {10'000, 2}, {20'000, 3}, {30'000, 3}, {40'000, 3}, {50'000, 4}}));
  EXPECT_EQ((*polls)[3].outcome, PollOutcome::kInvalidConfig);
  EXPECT_EQ((*polls)[5].outcome, PollOutcome::kScaled);
}

TEST(SimulatePolls, CustomPeriodAndValidation) {
  std::vector<Observation> timeline = {{0, Ladder("1"), Nodes(50)}};
  ControllerOptions options;
  options.poll_period_ms = 30'000;
  EXPECT_EQ(SimulatePolls(timeline, options, 2, 0, 60'000)->size(), 3u);
  options.poll_period_ms = 999;
  EXPECT_FALSE(SimulatePolls(timeline, options, 2, 0, 60'000).ok());
  EXPECT_FALSE(SimulatePolls(timeline, ControllerOptions{}, 2, -1, 60'000).ok());
  EXPECT_FALSE(SimulatePolls({}, ControllerOptions{}, 2, 0, 60'000).ok());
  std::vector<Observation> unordered = {{0, Ladder("1"), Nodes(1)}, {-5, Ladder("1"), Nodes(1)}};
  EXPECT_FALSE(SimulatePolls(unordered, ControllerOptions{}, 2, 0, 60'000).ok());
  EXPECT_EQ(SimulatePolls(timeline, ControllerOptions{}, 2, 0, int64_t{1} << 62).status().code(),
            Status::Code::kOutOfRange);
}

}  // namespace
}  // namespace tunnelsim::cpa
