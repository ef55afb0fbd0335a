// kubectl patch of the konnectivity-agent-autoscaler configmap -> SetAutoscaler.
#include "engine/changeset/command_test_util.h"

namespace tunnelsim {
namespace {

using testing::Col;
using testing::Error;
using testing::ExpectPos;
using testing::kAt;
using testing::Parse;

TEST(KubectlPatchTest, MergePatchOfTheLadderBecomesAutoscalerData) {
  std::string line =
      "kubectl patch configmap konnectivity-agent-autoscaler -n kube-system --type merge "
      R"(-p '{"data":{"ladder":"{\"nodesToReplicas\":[[1,2],[100,3]]}"}}')";
  auto p = Parse(line);
  ASSERT_TRUE(p.ok) << p.errors();
  const auto& autoscaler = p.Only<SetAutoscaler>();
  ASSERT_EQ(autoscaler.data.size(), 1u);
  EXPECT_EQ(autoscaler.data[0].first.value, "ladder");
  EXPECT_EQ(autoscaler.data[0].second.value, R"({"nodesToReplicas":[[1,2],[100,3]]})");
  // Positions inside the patch: the key's and the value's opening quotes.
  ExpectPos(autoscaler.data[0].first.pos, kAt.line, Col(line, "\"ladder\""));
  ExpectPos(autoscaler.data[0].second.pos, kAt.line, Col(line, R"("{\")"));
  ExpectPos(autoscaler.pos, kAt.line, Col(line, R"({"ladder")"));
}

TEST(KubectlPatchTest, KubectlsOtherSpellingsWork) {
  const char* lines[] = {
      // strategic (kubectl's default) merges a configmap's data the same way
      R"(kubectl patch cm konnectivity-agent-autoscaler --namespace kube-system --patch '{"data":{"linear":"{\"nodesPerReplica\":16}"}}')",
      R"(kubectl patch configmap/konnectivity-agent-autoscaler --namespace=kube-system --type=strategic -p='{"data":{"linear":"x"}}')",
      R"(kubectl -nkube-system patch ConfigMaps konnectivity-agent-autoscaler -p "{\"data\":{\"linear\":\"x\"}}" --context prod -o yaml)",
      R"(sudo kubectl patch configmaps/konnectivity-agent-autoscaler -n=kube-system -p '{"data": {"linear": "x"}}')",
  };
  for (const char* line : lines) {
    auto p = Parse(line);
    ASSERT_TRUE(p.ok) << line << "\n" << p.errors();
    EXPECT_EQ(p.Only<SetAutoscaler>().data[0].first.value, "linear") << line;
  }
}

TEST(KubectlPatchTest, DataValuesMustBeStrings) {
  std::string line =
      R"(kubectl patch cm konnectivity-agent-autoscaler -n kube-system -p '{"data":{"ladder":{"nodesToReplicas":[[1,2]]}}}')";
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, R"({"nodesToReplicas")"),
                  "'data.ladder' is an object; configmap data values are strings, so the ladder "
                  R"(JSON must be quoted as one ("{\"nodesToReplicas\":[[1,2]]}"))"));
  line =
      R"(kubectl patch cm konnectivity-agent-autoscaler -n kube-system -p '{"data":{"linear":null}}')";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "null"),
                                        "'data.linear' is null, which deletes the key; "
                                        "tunnelsim's autoscaler change cannot delete keys (give "
                                        "the whole data with an autoscaler: change)"));
}

TEST(KubectlPatchTest, PatchShapeIsChecked) {
  std::string base = "kubectl patch cm konnectivity-agent-autoscaler -n kube-system ";
  std::string line = base + R"(-p '{"metadata":{"labels":{"a":"b"}}}')";
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "\"metadata\""),
                  "the patch changes 'metadata'; tunnelsim reads only the configmap's data, "
                  "expected {\"data\": {...}}"));
  line = base + R"(-p '{"data":{}}')";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "{}"),
                                        "the patch sets no configmap data; expected a key such as "
                                        "ladder"));
  line = base + R"(-p '{"data":{"ladder":"a",}}')";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "{\"data"),
                                        "the patch is not valid JSON: invalid character '}' "
                                        "looking for beginning of object key string"));
  line = base + "-p 'data: {ladder: x}'";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "data:"),
                                        "the patch is not a JSON object; expected {\"data\": "
                                        "{\"ladder\": \"...\"}} (kubectl also takes YAML patches; "
                                        "tunnelsim reads JSON)"));
  line = base;
  line.pop_back();
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "patch"),
                                        "must specify --patch or --patch-file containing the "
                                        "contents of the patch"));
}

TEST(KubectlPatchTest, OnlyTheAutoscalerConfigmapInKubeSystem) {
  std::string patch = R"( -p '{"data":{"ladder":"x"}}')";
  std::string line = "kubectl patch configmap coredns -n kube-system" + patch;
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "coredns"),
                                        "configmap 'coredns' is not modelled; expected "
                                        "konnectivity-agent-autoscaler (the konnectivity agent's "
                                        "cluster-proportional autoscaler)"));
  line = "kubectl patch configmap konnectivity-agent-autoscaler" + patch;
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "patch"),
                  "configmap konnectivity-agent-autoscaler is in kube-system; without -n kubectl "
                  "looks in the context's namespace (usually default), where it is not found; "
                  "expected -n kube-system"));
  line = "kubectl patch configmap konnectivity-agent-autoscaler -n default" + patch;
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "default"),
                                        "configmaps \"konnectivity-agent-autoscaler\" not found "
                                        "in namespace 'default'; expected -n kube-system"));
  line = "kubectl patch deployment konnectivity-agent -n kube-system" + patch;
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "deployment"),
                  "kubectl patch deployment: tunnelsim models the configmap "
                  "konnectivity-agent-autoscaler in kube-system only (the agent deployment's "
                  "resources are an agentResources: change)"));
  line = "kubectl patch cm konnectivity-agent-autoscaler -n kube-system --type json" + patch;
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "json"),
                                        "--type json is a JSON Patch (a list of operations); "
                                        "tunnelsim reads merge and strategic patches of the "
                                        "configmap's data, expected --type merge"));
  line = "kubectl patch cm konnectivity-agent-autoscaler -n kube-system --type apply" + patch;
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "apply"),
                                        "--type must be one of [json merge strategic], not "
                                        "\"apply\""));
}

TEST(KubectlPatchTest, FlagErrorsAreKubectls) {
  std::string patch = R"( -p '{"data":{"ladder":"x"}}')";
  std::string line =
      "kubectl patch cm konnectivity-agent-autoscaler -n kube-system --force" + patch;
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "--force"), "unknown flag: --force"));
  line = "kubectl patch cm konnectivity-agent-autoscaler -n kube-system -x" + patch;
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "-x"), "unknown shorthand flag: 'x' in -x"));
  line = "kubectl patch cm konnectivity-agent-autoscaler -p '{}' -n";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "-n"), "flag needs an argument: 'n' in -n"));
  line = "kubectl patch cm konnectivity-agent-autoscaler -n kube-system --dry-run=client" + patch;
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "--dry-run"),
                                        "--dry-run changes nothing in the cluster; expected a "
                                        "command that does"));
}

TEST(KubectlPatchTest, OtherKubectlCommandsAreRefused) {
  // The article edits the configmap interactively.
  std::string line = "kubectl edit configmap konnectivity-agent-autoscaler -n kube-system";
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "edit"),
                  "kubectl edit opens an editor; expected the change written as kubectl patch "
                  "configmap konnectivity-agent-autoscaler -n kube-system --type merge -p "
                  "'{\"data\":{\"ladder\":\"...\"}}'"));
  line = "kubectl top nodes";
  EXPECT_EQ(Parse(line).errors(),
            Error(Col(line, "top"),
                  "'kubectl top' is not a change tunnelsim models; expected "
                  "kubectl patch configmap konnectivity-agent-autoscaler -n "
                  "kube-system --type merge -p '{\"data\":{\"ladder\":\"...\"}}'"));
}

}  // namespace
}  // namespace tunnelsim
