// Expected values and messages were checked against Go 1.19 encoding/json decoding into
// copies of upstream's ladderParams / linearParams structs.
#include "models/cpa/go_json.h"

#include <string>

#include <gtest/gtest.h>

#include "models/cpa/json_dom.h"

namespace tunnelsim::cpa {
namespace {

using Entries = std::vector<LadderEntry>;

LadderJson Ladder(std::string_view json) {
  Result<LadderJson> r = DecodeLadderJson(json);
  EXPECT_TRUE(r.ok()) << json << " -> " << r.status().message();
  return r.ok() ? *r : LadderJson{};
}

LinearJson Linear(std::string_view json) {
  Result<LinearJson> r = DecodeLinearJson(json);
  EXPECT_TRUE(r.ok()) << json << " -> " << r.status().message();
  return r.ok() ? *r : LinearJson{};
}

std::string LadderError(std::string_view json) {
  Result<LadderJson> r = DecodeLadderJson(json);
  return r.ok() ? "ok" : r.status().message();
}

std::string LinearError(std::string_view json) {
  Result<LinearJson> r = DecodeLinearJson(json);
  return r.ok() ? "ok" : r.status().message();
}

TEST(GoJson, DecodesTheAksLadder) {
  LadderJson l =
      Ladder(R"({"nodesToReplicas": [[1,2],[100,3],[250,4],[500,5],[1000,6],[5000,10]]})");
  EXPECT_EQ(l.nodes_to_replicas,
            (Entries{{1, 2}, {100, 3}, {250, 4}, {500, 5}, {1000, 6}, {5000, 10}}));
  EXPECT_TRUE(l.cores_to_replicas.empty());
  EXPECT_FALSE(l.include_unschedulable_nodes);
}

TEST(GoJson, KeysMatchCaseInsensitivelyWithGoFolding) {
  EXPECT_EQ(Ladder(R"({"CORESTOREPLICAS":[[1,2]]})").cores_to_replicas, (Entries{{1, 2}}));
  EXPECT_EQ(Ladder(R"({"NodesToReplicas":[[1,2]]})").nodes_to_replicas, (Entries{{1, 2}}));
  // U+017F LATIN SMALL LETTER LONG S folds to 's' in Go; escapes are decoded first.
  EXPECT_EQ(Ladder("{\"core\xC5\xBFToReplicas\":[[1,2]]}").cores_to_replicas, (Entries{{1, 2}}));
  EXPECT_EQ(Ladder(R"({"\u006eodesToReplicas":[[1,2]]})").nodes_to_replicas, (Entries{{1, 2}}));
  EXPECT_EQ(Linear(R"({"MIN":3,"nodesPerReplica":1})").min, 3);
  // Not a match: a trailing space, or a rune that folds to no ASCII letter.
  EXPECT_TRUE(Ladder(R"({"nodesToReplicas ":[[1,2]]})").nodes_to_replicas.empty());
  EXPECT_TRUE(Ladder(R"({"nodesToReplica\u00df":[[1,2]]})").nodes_to_replicas.empty());
}

TEST(GoJson, UnknownKeysAreIgnoredWhateverTheirValue) {
  LadderJson l = Ladder(R"({"x":{"y":[1,"z",null]},"nodesToReplicas":[[1,2]],"min":"q"})");
  EXPECT_EQ(l.nodes_to_replicas, (Entries{{1, 2}}));
}

TEST(GoJson, LastDuplicateWinsAndNullKeepsScalars) {
  EXPECT_EQ(Ladder(R"({"nodesToReplicas":[[1,2]],"nodesToReplicas":[[3,4]]})").nodes_to_replicas,
            (Entries{{3, 4}}));
  LinearJson p = Linear(R"({"min":5,"min":null,"max":7,"MAX":8,"nodesPerReplica":1})");
  EXPECT_EQ(p.min, 5);  // null is a no-op for an int
  EXPECT_EQ(p.max, 8);
  EXPECT_TRUE(Ladder(R"({"includeUnschedulableNodes":true,"includeUnschedulableNodes":null})")
                  .include_unschedulable_nodes);
  // null and [] reset a ladder.
  EXPECT_TRUE(
      Ladder(R"({"nodesToReplicas":[[1,2]],"nodesToReplicas":null})").nodes_to_replicas.empty());
  EXPECT_TRUE(
      Ladder(R"({"nodesToReplicas":[[1,2]],"nodesToReplicas":[]})").nodes_to_replicas.empty());
}

TEST(GoJson, RedecodedLadderReusesElementsInPlace) {
  // Go decodes into the existing slice: a null element keeps the earlier value there,
  // even one beyond the length a middle occurrence truncated to.
  EXPECT_EQ(
      Ladder(R"({"nodesToReplicas":[[1,2],[3,4]],"nodesToReplicas":[[null,5]]})").nodes_to_replicas,
      (Entries{{1, 5}}));
  EXPECT_EQ(Ladder(R"({"nodesToReplicas":[[1,2],[3,4],[5,6]],"nodesToReplicas":[[7,8]],)"
                   R"("nodesToReplicas":[[9,9],[null,null]]})")
                .nodes_to_replicas,
            (Entries{{9, 9}, {3, 4}}));
  EXPECT_EQ(Ladder(R"({"nodesToReplicas":[[1,2],[3,4]],"nodesToReplicas":[[9]],)"
                   R"("nodesToReplicas":[[8],[null]]})")
                .nodes_to_replicas,
            (Entries{{8, 0}, {3, 0}}));
}

TEST(GoJson, EntriesAreGoTwoElementArrays) {
  EXPECT_EQ(Ladder(R"({"coresToReplicas":[[5]]})").cores_to_replicas, (Entries{{5, 0}}));
  EXPECT_EQ(Ladder(R"({"coresToReplicas":[[]]})").cores_to_replicas, (Entries{{0, 0}}));
  EXPECT_EQ(Ladder(R"({"coresToReplicas":[[1,2,3]]})").cores_to_replicas, (Entries{{1, 2}}));
  // Elements past the second are skipped without a type check.
  EXPECT_EQ(Ladder(R"({"coresToReplicas":[[1,2,"x",1.5,{}]]})").cores_to_replicas,
            (Entries{{1, 2}}));
  EXPECT_EQ(Ladder(R"({"coresToReplicas":[null,[null,3]]})").cores_to_replicas,
            (Entries{{0, 0}, {0, 3}}));
}

TEST(GoJson, NullOrMissingGivesZeroValues) {
  LadderJson l = Ladder("null");
  EXPECT_TRUE(l.cores_to_replicas.empty() && l.nodes_to_replicas.empty());
  LinearJson p = Linear("{}");
  EXPECT_EQ(p.cores_per_replica, 0);
  EXPECT_EQ(p.min, 0);
  EXPECT_FALSE(p.prevent_single_point_failure);
  EXPECT_EQ(Linear("  null \n").max, 0);
}

TEST(GoJson, IntegerFieldsAreStrict) {
  EXPECT_EQ(LinearError(R"({"min":1.0})"),
            "json: cannot unmarshal number 1.0 into Go struct field linearParams.min of type int");
  EXPECT_EQ(LinearError(R"({"max":1e2})"),
            "json: cannot unmarshal number 1e2 into Go struct field linearParams.max of type int");
  EXPECT_EQ(LinearError(R"({"min":"1"})"),
            "json: cannot unmarshal string into Go struct field linearParams.min of type int");
  EXPECT_EQ(LinearError(R"({"min":9223372036854775808})"),
            "json: cannot unmarshal number 9223372036854775808 into Go struct field "
            "linearParams.min of type int");
  EXPECT_EQ(Linear(R"({"min":-9223372036854775808})").min, INT64_MIN);
  EXPECT_EQ(Linear(R"({"min":-0})").min, 0);
  EXPECT_EQ(LadderError(R"({"coresToReplicas":[[1.5,2]]})"),
            "json: cannot unmarshal number 1.5 into Go struct field ladderParams.coresToReplicas "
            "of type int");
  EXPECT_EQ(LadderError(R"({"coresToReplicas":[[1,[2]]]})"),
            "json: cannot unmarshal array into Go struct field ladderParams.coresToReplicas of "
            "type int");
}

TEST(GoJson, FloatFieldsAcceptAnyNumberThatFits) {
  EXPECT_EQ(Linear(R"({"coresPerReplica":1e1})").cores_per_replica, 10.0);
  EXPECT_EQ(Linear(R"({"nodesPerReplica":0.7})").nodes_per_replica, 0.7);
  EXPECT_EQ(Linear(R"({"nodesPerReplica":1e-400})").nodes_per_replica, 0.0);  // underflow
  EXPECT_EQ(Linear(R"({"nodesPerReplica":4e-324})").nodes_per_replica, 4.9406564584124654e-324);
  EXPECT_EQ(LinearError(R"({"nodesPerReplica":1e400})"),
            "json: cannot unmarshal number 1e400 into Go struct field "
            "linearParams.nodesPerReplica of type float64");
  EXPECT_EQ(LinearError(R"({"coresPerReplica":"1"})"),
            "json: cannot unmarshal string into Go struct field linearParams.coresPerReplica of "
            "type float64");
}

TEST(GoJson, BoolsAreOnlyTrueOrFalse) {
  EXPECT_TRUE(Linear(R"({"preventSinglePointFailure":true})").prevent_single_point_failure);
  EXPECT_EQ(LinearError(R"({"preventSinglePointFailure":1})"),
            "json: cannot unmarshal number into Go struct field "
            "linearParams.preventSinglePointFailure of type bool");
  EXPECT_EQ(LinearError(R"({"preventSinglePointFailure":"true"})"),
            "json: cannot unmarshal string into Go struct field "
            "linearParams.preventSinglePointFailure of type bool");
}

TEST(GoJson, WrongShapesNameTheGoType) {
  EXPECT_EQ(LadderError(R"({"coresToReplicas":"x"})"),
            "json: cannot unmarshal string into Go struct field ladderParams.coresToReplicas of "
            "type laddercontroller.paramEntries");
  EXPECT_EQ(LadderError(R"({"coresToReplicas":[{"a":1}]})"),
            "json: cannot unmarshal object into Go struct field ladderParams.coresToReplicas of "
            "type laddercontroller.paramEntry");
  EXPECT_EQ(LadderError("[1]"),
            "json: cannot unmarshal array into Go value of type laddercontroller.ladderParams");
  EXPECT_EQ(LinearError("1"),
            "json: cannot unmarshal number into Go value of type linearcontroller.linearParams");
}

TEST(GoJson, FirstTypeErrorInDocumentOrderIsReported) {
  EXPECT_EQ(LinearError(R"({"max":"a","min":1.5})"),
            "json: cannot unmarshal string into Go struct field linearParams.max of type int");
}

TEST(GoJson, SyntaxErrorsUseGoMessagesAndBeatTypeErrors) {
  EXPECT_EQ(LinearError(R"({"min":1.0,})"),
            "invalid character '}' looking for beginning of object key string");
  EXPECT_EQ(LadderError(R"({"coresToReplicas":[[1,2],]})"),
            "invalid character ']' looking for beginning of value");
  EXPECT_EQ(LadderError(R"({ "coresToReplicas" : {{ 1:1 } })"),
            "invalid character '{' looking for beginning of object key string");
  EXPECT_EQ(LadderError(R"({ "coresToReplicas" : [[ "1, "a"]] })"),
            "invalid character 'a' after array element");
  EXPECT_EQ(LinearError(R"({"preventSinglePointFailure": invalid})"),
            "invalid character 'i' looking for beginning of value");
  EXPECT_EQ(LinearError(""), "unexpected end of JSON input");
  EXPECT_EQ(LinearError(R"({"min":1)"), "unexpected end of JSON input");
  EXPECT_EQ(LinearError("{\"min\"\t1}"), "invalid character '1' after object key");
  EXPECT_EQ(LinearError(R"({"min":1 "max":2})"),
            "invalid character '\"' after object key:value pair");
  EXPECT_EQ(LinearError(R"({"min":01})"), "invalid character '1' after object key:value pair");
  EXPECT_EQ(LinearError("{} x"), "invalid character 'x' after top-level value");
  EXPECT_EQ(LinearError("{\"a\":\"\x01\"}"), "invalid character '\\x01' in string literal");
  EXPECT_EQ(LinearError(R"({"a\q":1})"), "invalid character 'q' in string escape code");
  EXPECT_EQ(LinearError(R"({"\u12G4":1})"),
            "invalid character 'G' in \\u hexadecimal character escape");
  EXPECT_EQ(LinearError("{\"min\":tru}"), "invalid character '}' in literal true (expecting 'e')");
  EXPECT_EQ(LinearError("{\"min\":1.}"),
            "invalid character '}' after decimal point in numeric literal");
  EXPECT_EQ(LinearError("{\"min\":-}"), "invalid character '}' in numeric literal");
  EXPECT_EQ(LinearError("{\"min\":1e}"), "invalid character '}' in exponent of numeric literal");
  EXPECT_EQ(LinearError("{\"min\":\xC3}"),
            "invalid character '\xC3\x83' looking for beginning of value");
}

TEST(GoJson, EndOfInputInsideATokenIsReportedAsASpace) {
  // Go's scanner feeds one space at the end of input.
  EXPECT_EQ(LinearError("nul"), "invalid character ' ' in literal null (expecting 'l')");
  EXPECT_EQ(LinearError("-"), "invalid character ' ' in numeric literal");
  EXPECT_EQ(LinearError("1."), "invalid character ' ' after decimal point in numeric literal");
  EXPECT_EQ(LinearError("1e+"), "invalid character ' ' in exponent of numeric literal");
  EXPECT_EQ(LinearError(R"("\)"), "invalid character ' ' in string escape code");
  EXPECT_EQ(LinearError(R"("\u12)"), "invalid character ' ' in \\u hexadecimal character escape");
  EXPECT_EQ(LinearError(R"({"a)"), "unexpected end of JSON input");
  EXPECT_EQ(LinearError("[1"), "unexpected end of JSON input");
}

TEST(GoJson, UntrustedInputIsBounded) {
  std::string deep = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_EQ(LadderError(deep),
            "json: cannot unmarshal array into Go value of type laddercontroller.ladderParams");
  std::string too_deep = "[" + deep + "]";
  EXPECT_EQ(DecodeLadderJson(too_deep).status().code(), Status::Code::kOutOfRange);
  std::string big = R"({"x":")" + std::string(kMaxJsonBytes, 'a') + R"("})";
  Result<LadderJson> r = DecodeLadderJson(big);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kOutOfRange);
  EXPECT_NE(r.status().message().find("1 MiB"), std::string::npos);
}

TEST(GoJson, StringDecodingFollowsGoUnquote) {
  auto decode = [](std::string_view literal) { return DecodeJsonString(literal); };
  EXPECT_EQ(decode(R"("a\u00e9\n")"), (std::vector<char32_t>{'a', 0xE9, '\n'}));
  EXPECT_EQ(decode(R"("\ud83d\ude00")"), (std::vector<char32_t>{0x1F600}));
  EXPECT_EQ(decode(R"("\ud800x")"), (std::vector<char32_t>{0xFFFD, 'x'}));
  EXPECT_EQ(decode("\"\xFF\xC5\xBF\""), (std::vector<char32_t>{0xFFFD, 0x17F}));
}

}  // namespace
}  // namespace tunnelsim::cpa
