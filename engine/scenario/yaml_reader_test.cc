// Tests of YamlReader, MapFields and ClosestMatch: each typed read accepts exactly its forms,
// reports one error at the value's position otherwise, and never throws.
#include "engine/scenario/yaml_reader.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

namespace tunnelsim {
namespace {

class YamlReaderTest : public testing::Test {
 protected:
  // Parses `text` (one document) and keeps it alive for the test.
  YAML::Node Parse(const std::string& text) {
    doc_ = YAML::Load(text);
    return doc_;
  }
  // The value of `key: <text>`, so that positions are those of a value in a mapping.
  YAML::Node Value(const std::string& text) { return Parse("key: " + text)["key"]; }

  std::string OnlyMessage() const {
    EXPECT_EQ(diagnostics_.items().size(), 1u) << diagnostics_.Format();
    return diagnostics_.items().empty() ? "" : diagnostics_.items().front().message;
  }

  Diagnostics diagnostics_;
  YamlReader reader_{"test.yaml", &diagnostics_};
  YAML::Node doc_;
};

TEST_F(YamlReaderTest, PosOfIsOneBased) {
  YAML::Node root = Parse("a: 1\nbb:\n  - x\n");
  SourcePos a = YamlReader::PosOf(root["a"]);
  EXPECT_EQ(a.line, 1);
  EXPECT_EQ(a.column, 4);
  SourcePos x = YamlReader::PosOf(root["bb"][0]);
  EXPECT_EQ(x.line, 3);
  EXPECT_EQ(x.column, 5);
  EXPECT_FALSE(YamlReader::PosOf(YAML::Node(YAML::NodeType::Undefined)).known());
}

TEST_F(YamlReaderTest, ErrorCarriesFileAndPosition) {
  reader_.Error(Value("x"), "boom");
  ASSERT_EQ(diagnostics_.items().size(), 1u);
  EXPECT_EQ(FormatDiagnostic(diagnostics_.items()[0]), "test.yaml:1:6: error: boom");
}

TEST_F(YamlReaderTest, ReadStringAcceptsScalarsOnly) {
  Located<std::string> s;
  EXPECT_TRUE(reader_.ReadString(Value("hello world"), "'name'", &s));
  EXPECT_EQ(s.value, "hello world");
  EXPECT_EQ(s.pos.line, 1);
  EXPECT_EQ(s.pos.column, 6);
  EXPECT_TRUE(reader_.ReadString(Value("42"), "'name'", &s));
  EXPECT_EQ(s.value, "42");
  EXPECT_FALSE(diagnostics_.HasErrors());

  EXPECT_FALSE(reader_.ReadString(Value("{a: 1}"), "'name'", &s));
  EXPECT_EQ(OnlyMessage(), "'name' must be a string; got a mapping");
  EXPECT_EQ(s.value, "42");  // untouched on error
}

TEST_F(YamlReaderTest, ReadStringNamesListsAndNull) {
  Located<std::string> s;
  EXPECT_FALSE(reader_.ReadString(Value("[a, b]"), "'name'", &s));
  EXPECT_FALSE(reader_.ReadString(Value("~"), "'name'", &s));
  ASSERT_EQ(diagnostics_.items().size(), 2u);
  EXPECT_EQ(diagnostics_.items()[0].message, "'name' must be a string; got a list");
  EXPECT_EQ(diagnostics_.items()[1].message, "'name' must be a string; got null");
}

TEST_F(YamlReaderTest, ReadIntAcceptsWholeNumbersInRange) {
  Located<int64_t> v;
  EXPECT_TRUE(reader_.ReadInt(Value("100"), "'priority'", 100, 4096, &v));
  EXPECT_EQ(v.value, 100);
  EXPECT_TRUE(reader_.ReadInt(Value("4096"), "'priority'", 100, 4096, &v));
  EXPECT_EQ(v.value, 4096);
  EXPECT_TRUE(reader_.ReadInt(Value("-3"), "'n'", -5, 5, &v));
  EXPECT_EQ(v.value, -3);
  EXPECT_FALSE(diagnostics_.HasErrors());
}

TEST_F(YamlReaderTest, ReadIntReportsOutOfRangeAtTheValue) {
  Located<int64_t> v{7};
  EXPECT_FALSE(reader_.ReadInt(Value("99"), "'priority'", 100, 4096, &v));
  EXPECT_EQ(OnlyMessage(), "'priority' is 99, out of range; expected 100 to 4096");
  EXPECT_EQ(diagnostics_.items()[0].pos.column, 6);
  EXPECT_EQ(v.value, 7);
}

TEST_F(YamlReaderTest, ReadIntRejectsEveryNonIntegerForm) {
  Located<int64_t> v;
  for (const char* text : {"three", "2.5", "1e3", "0x10", "'+5'", "3 nodes", "[1]", "{a: 1}", "''",
                           "99999999999999999999"}) {
    Diagnostics d;
    YamlReader r("t.yaml", &d);
    EXPECT_FALSE(r.ReadInt(Value(text), "'count'", 0, 1000, &v)) << text;
    EXPECT_EQ(d.error_count(), 1u) << text;
  }
  EXPECT_FALSE(reader_.ReadInt(Value("three"), "'count'", 0, 1000, &v));
  EXPECT_EQ(OnlyMessage(), "'count' must be a whole number; expected 0 to 1000, got 'three'");
}

TEST_F(YamlReaderTest, ReadDoubleAcceptsFiniteNumbersOnly) {
  Located<double> v;
  EXPECT_TRUE(reader_.ReadDouble(Value("2.5"), "'cps'", 0, 10, &v));
  EXPECT_DOUBLE_EQ(v.value, 2.5);
  EXPECT_TRUE(reader_.ReadDouble(Value("1e1"), "'cps'", 0, 10, &v));
  EXPECT_DOUBLE_EQ(v.value, 10);
  EXPECT_FALSE(diagnostics_.HasErrors());
  for (const char* text : {".inf", "inf", "nan", "-.inf", "fast", "[1]"}) {
    Diagnostics d;
    YamlReader r("t.yaml", &d);
    EXPECT_FALSE(r.ReadDouble(Value(text), "'cps'", 0, 1e300, &v)) << text;
    EXPECT_EQ(d.error_count(), 1u) << text;
  }
  EXPECT_FALSE(reader_.ReadDouble(Value("11"), "'cps'", 0, 10, &v));
  EXPECT_EQ(OnlyMessage(), "'cps' is 11, out of range; expected 0 to 10");
}

TEST_F(YamlReaderTest, ReadBoolAcceptsTrueAndFalseSpellingsOnly) {
  Located<bool> b;
  for (const char* text : {"true", "True", "TRUE"}) {
    EXPECT_TRUE(reader_.ReadBool(Value(text), "'enabled'", &b)) << text;
    EXPECT_TRUE(b.value);
  }
  for (const char* text : {"false", "False", "FALSE"}) {
    EXPECT_TRUE(reader_.ReadBool(Value(text), "'enabled'", &b)) << text;
    EXPECT_FALSE(b.value);
  }
  EXPECT_FALSE(diagnostics_.HasErrors());
  // YAML 1.1 spellings are strings in YAML 1.2: refused rather than guessed.
  for (const char* text : {"yes", "no", "on", "off", "1", "0", "y", "[true]"}) {
    Diagnostics d;
    YamlReader r("t.yaml", &d);
    EXPECT_FALSE(r.ReadBool(Value(text), "'enabled'", &b)) << text;
    EXPECT_EQ(d.error_count(), 1u) << text;
  }
  EXPECT_FALSE(reader_.ReadBool(Value("yes"), "'enabled'", &b));
  EXPECT_EQ(OnlyMessage(), "'enabled' must be true or false; got 'yes'");
}

TEST_F(YamlReaderTest, ReadEnumMatchesCaseInsensitivelyAndStoresCanonicalSpelling) {
  Located<std::string> e;
  EXPECT_TRUE(reader_.ReadEnum(Value("inbound"), "'direction'", {"Inbound", "Outbound"}, &e));
  EXPECT_EQ(e.value, "Inbound");
  EXPECT_TRUE(reader_.ReadEnum(Value("OUTBOUND"), "'direction'", {"Inbound", "Outbound"}, &e));
  EXPECT_EQ(e.value, "Outbound");
  EXPECT_FALSE(diagnostics_.HasErrors());

  EXPECT_FALSE(reader_.ReadEnum(Value("In"), "'direction'", {"Inbound", "Outbound"}, &e));
  EXPECT_EQ(OnlyMessage(), "'direction' is 'In'; expected one of Inbound, Outbound");
  EXPECT_EQ(e.value, "Outbound");
}

TEST_F(YamlReaderTest, ReadEnumRejectsNonScalars) {
  Located<std::string> e;
  EXPECT_FALSE(reader_.ReadEnum(Value("[Allow]"), "'access'", {"Allow", "Deny"}, &e));
  EXPECT_EQ(OnlyMessage(), "'access' must be one of Allow, Deny; got a list");
}

TEST_F(YamlReaderTest, ReadStringListReadsEveryEntryWithItsPosition) {
  std::vector<Located<std::string>> list;
  EXPECT_TRUE(reader_.ReadStringList(Value("[a, bb, c]"), "'xs'", 3, &list));
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[1].value, "bb");
  EXPECT_EQ(list[1].pos.column, 10);
  EXPECT_FALSE(diagnostics_.HasErrors());
}

TEST_F(YamlReaderTest, ReadStringListReportsEachBadEntryAndKeepsTheGoodOnes) {
  std::vector<Located<std::string>> list;
  EXPECT_FALSE(reader_.ReadStringList(Value("[a, {b: 1}, c, ~]"), "'xs'", 10, &list));
  EXPECT_EQ(list.size(), 2u);
  ASSERT_EQ(diagnostics_.items().size(), 2u);
  EXPECT_EQ(diagnostics_.items()[0].message, "each entry of 'xs' must be a string; got a mapping");
  EXPECT_EQ(diagnostics_.items()[1].message, "each entry of 'xs' must be a string; got null");
}

TEST_F(YamlReaderTest, CheckSequenceReportsOneErrorForAnOverlongList) {
  EXPECT_TRUE(reader_.CheckSequence(Value("[1, 2, 3]"), "'xs'", 3));
  EXPECT_FALSE(diagnostics_.HasErrors());
  std::vector<Located<std::string>> list;
  EXPECT_FALSE(reader_.ReadStringList(Value("[1, 2, 3, 4]"), "'xs'", 3, &list));
  EXPECT_TRUE(list.empty());
  EXPECT_EQ(OnlyMessage(), "'xs' has 4 entries; at most 3 are allowed");
}

TEST_F(YamlReaderTest, CheckSequenceRejectsAScalar) {
  EXPECT_FALSE(reader_.CheckSequence(Value("10.0.0.0/8"), "'addressSpace'", 10));
  EXPECT_EQ(OnlyMessage(), "'addressSpace' must be a list; got '10.0.0.0/8'");
}

TEST_F(YamlReaderTest, ReadDurationAcceptsGoStyleDurationsAndPlainSeconds) {
  struct Case {
    const char* text;
    double seconds;
  };
  for (const Case& c : {Case{"500ms", 0.5}, Case{"2s", 2}, Case{"1m30s", 90}, Case{"2h", 7200},
                        Case{"1h30m", 5400}, Case{"1.5s", 1.5}, Case{"0", 0}, Case{"3", 3},
                        Case{"2.25", 2.25}, Case{"1h0m0s", 3600}, Case{"250ms", 0.25}}) {
    Located<double> v;
    EXPECT_TRUE(reader_.ReadDuration(Value(c.text), "'duration'", &v)) << c.text;
    EXPECT_DOUBLE_EQ(v.value, c.seconds) << c.text;
    EXPECT_EQ(v.pos.column, 6) << c.text;
  }
  EXPECT_FALSE(diagnostics_.HasErrors()) << diagnostics_.Format();
}

TEST_F(YamlReaderTest, ReadDurationRejectsBadFormsWithOneError) {
  for (const char* text : {"''", "2 s", "1m30", "-1s", "-5", "abc", "s", "ms", "5d", "2sec",
                           "1e400s", "nan", "inf", "9000h", "[2s]", "{s: 2}", "~"}) {
    Diagnostics d;
    YamlReader r("t.yaml", &d);
    Located<double> v{42};
    EXPECT_FALSE(r.ReadDuration(Value(text), "'duration'", &v)) << text;
    EXPECT_EQ(d.error_count(), 1u) << text;
    EXPECT_DOUBLE_EQ(v.value, 42) << text;
  }
  Located<double> v;
  EXPECT_FALSE(reader_.ReadDuration(Value("2 seconds"), "'duration'", &v));
  EXPECT_EQ(OnlyMessage(),
            "'duration' must be a duration such as 500ms, 2s, 5m or 1h30m; got '2 seconds'");
}

TEST_F(YamlReaderTest, MapFieldsTakesKnownKeysAndReportsTheRest) {
  YAML::Node root = Parse("name: a\nvmsize: b\ncolor: red\n");
  MapFields m(&reader_, root, "a node pool");
  ASSERT_TRUE(m.valid());
  EXPECT_EQ(m.Take("name").Scalar(), "a");
  EXPECT_FALSE(m.Take("vmSize").IsDefined());
  m.Finish();
  ASSERT_EQ(diagnostics_.items().size(), 2u);
  EXPECT_EQ(diagnostics_.items()[0].message,
            "unknown key 'vmsize' in a node pool; did you mean 'vmSize'?");
  EXPECT_EQ(diagnostics_.items()[0].pos.line, 2);
  EXPECT_EQ(diagnostics_.items()[0].pos.column, 1);
  EXPECT_EQ(diagnostics_.items()[1].message,
            "unknown key 'color' in a node pool; expected one of name, vmSize");
}

TEST_F(YamlReaderTest, MapFieldsTreatsNullAsAbsent) {
  YAML::Node root = Parse("a: null\nb: ~\nc:\n");
  MapFields m(&reader_, root, "x");
  EXPECT_FALSE(m.Take("a").IsDefined());
  EXPECT_FALSE(m.Take("b").IsDefined());
  EXPECT_FALSE(m.Take("c").IsDefined());
  m.Finish();
  EXPECT_FALSE(diagnostics_.HasErrors());
}

TEST_F(YamlReaderTest, MapFieldsRequireReportsAMissingKeyAtTheMapping) {
  YAML::Node root = Parse("other: 1\nname: ~\n");
  MapFields m(&reader_, root, "a subnet");
  m.Take("other");
  EXPECT_FALSE(m.Require("name").IsDefined());
  m.Finish();
  EXPECT_EQ(OnlyMessage(), "a subnet is missing the required key 'name'");
  EXPECT_EQ(diagnostics_.items()[0].pos.line, 1);
}

TEST_F(YamlReaderTest, MapFieldsReportsDuplicateKeysOnce) {
  YAML::Node root = Parse("count: 3\nsubnet: s\ncount: 5\ncount: 6\n");
  MapFields m(&reader_, root, "a node pool");
  EXPECT_EQ(m.Take("count").Scalar(), "3");  // the first occurrence
  m.Take("subnet");
  m.Finish();
  ASSERT_EQ(diagnostics_.items().size(), 2u);
  EXPECT_EQ(diagnostics_.items()[0].message, "duplicate key 'count' in a node pool");
  EXPECT_EQ(diagnostics_.items()[0].pos.line, 3);
  EXPECT_EQ(diagnostics_.items()[1].pos.line, 4);
}

TEST_F(YamlReaderTest, MapFieldsReportsNonStringKeys) {
  YAML::Node root = Parse("? [a, b]\n: 1\nname: x\n");
  MapFields m(&reader_, root, "'metadata'");
  m.Take("name");
  m.Finish();
  EXPECT_EQ(OnlyMessage(), "'metadata' has a key that is not a string");
}

TEST_F(YamlReaderTest, MapFieldsOnANonMappingReportsOnceAndTakesNothing) {
  YAML::Node root = Value("[a, b]");
  MapFields m(&reader_, root, "'apiServer'");
  EXPECT_FALSE(m.valid());
  EXPECT_FALSE(m.Take("access").IsDefined());
  EXPECT_FALSE(m.Require("publicIP").IsDefined());
  m.Finish();
  EXPECT_EQ(OnlyMessage(), "'apiServer' must be a mapping of keys to values; got a list");
}

TEST(ClosestMatchTest, SuggestsPlausibleTyposOnly) {
  std::vector<std::string> keys = {"name",   "count",         "vmSize",
                                   "subnet", "addressPrefix", "networkSecurityGroup"};
  EXPECT_EQ(ClosestMatch("vmsize", keys), "vmSize");  // case does not count
  EXPECT_EQ(ClosestMatch("adressPrefix", keys), "addressPrefix");
  EXPECT_EQ(ClosestMatch("networkSecurityGroups", keys), "networkSecurityGroup");
  EXPECT_EQ(ClosestMatch("cont", keys), "count");
  EXPECT_EQ(ClosestMatch("region", keys), "");
  EXPECT_EQ(ClosestMatch("zzzzzzzzzz", keys), "");
  EXPECT_EQ(ClosestMatch("name", {}), "");
}

TEST(ClosestMatchTest, PrefersTheNearestCandidate) {
  EXPECT_EQ(ClosestMatch("ladders", {"linear", "ladder"}), "ladder");
  EXPECT_EQ(ClosestMatch("nme", {"namespace", "name"}), "name");
}

TEST(ClosestMatchTest, AllowsMoreEditsForLongerWords) {
  // Up to max(2, len/3) edits: three edits in a 12-letter word are still a typo.
  EXPECT_EQ(ClosestMatch("adresPrefx", {"addressPrefix"}), "addressPrefix");
  EXPECT_EQ(ClosestMatch("abc", {"xyz"}), "");
}

}  // namespace
}  // namespace tunnelsim
