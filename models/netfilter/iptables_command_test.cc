// iptables commands applied to a ruleset. Each error text is what iptables 1.8.9 (nf_tables)
// printed for the same command in a scratch network namespace, without its version banner.
#include "models/netfilter/iptables_command.h"

#include <gtest/gtest.h>

#include "models/netfilter/rule_format.h"
#include "models/netfilter/test_util.h"

namespace tunnelsim::netfilter {
namespace {

using testing::MustParse;

Status RunCommand(Ruleset& rs, std::string_view line) {
  auto cmd = ParseIptablesCommand(line);
  if (!cmd.ok()) return cmd.status();
  return ApplyIptablesCommand(*cmd, rs);
}

std::vector<std::string> Rules(const Ruleset& rs, std::string_view chain,
                               TableId table = TableId::kFilter) {
  const Table& t = *rs.table(table);
  std::vector<std::string> out;
  for (const Rule& r : t.chain(t.FindChain(chain)).rules) out.push_back(FormatRuleSpec(r));
  return out;
}

Ruleset ArticleNode() {
  return MustParse(
      testing::Filter("-A INPUT -i lo -j ACCEPT\n"
                      "-A INPUT -s 10.224.0.5/32 -p tcp -m tcp --dport 10250 -j DROP\n"
                      "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"));
}

TEST(IptablesCommandTest, ArticleDeleteBySpecification) {
  Ruleset rs = ArticleNode();
  // Solution 3 of the article, with the long options and without -m tcp or /32.
  std::string command =
      "iptables --delete INPUT --jump DROP --protocol tcp --source 10.224.0.5 "
      "--destination-port 10250";
  Status s = RunCommand(rs, command);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(Rules(rs, "INPUT"),
            (std::vector<std::string>{"-i lo -j ACCEPT", "-p tcp -m tcp --dport 22 -j ACCEPT"}));
  EXPECT_EQ(RunCommand(rs, command).message(),
            "iptables: Bad rule (does a matching rule exist in that chain?).");
}

TEST(IptablesCommandTest, ArticleDeleteByNumber) {
  Ruleset rs = ArticleNode();
  ASSERT_TRUE(RunCommand(rs, "iptables --delete INPUT 3").ok());
  EXPECT_EQ(Rules(rs, "INPUT"),
            (std::vector<std::string>{"-i lo -j ACCEPT",
                                      "-s 10.224.0.5/32 -p tcp -m tcp --dport 10250 -j DROP"}));
  EXPECT_EQ(rs.table(TableId::kFilter)->chain(0).rules[1].rule_number, 2);
  EXPECT_EQ(RunCommand(rs, "iptables --delete INPUT 3").message(),
            "iptables: Index of deletion too big.");
  EXPECT_EQ(RunCommand(rs, "iptables -D INPUT 0").message(),
            "column 19: Invalid rule number `0'; expected a rule number 1 or more");
  EXPECT_EQ(RunCommand(rs, "iptables -D INPUT 1 -j ACCEPT").message(),
            "column 21: Illegal option `-j' with this command; expected no rule options");
}

TEST(IptablesCommandTest, DeleteBySpecificationComparesTheWholeNormalisedRule) {
  Ruleset rs = MustParse(
      testing::Filter("-A INPUT -p tcp -m tcp --dport 22 -m comment --comment x -j ACCEPT\n"
                      "-A INPUT -j LOG --log-prefix x\n"
                      "-A INPUT -p tcp -m multiport --dports 22,23 -j ACCEPT\n"
                      "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
                      "-A INPUT -j ACCEPT\n-A INPUT -j ACCEPT\n"));
  std::string bad = "iptables: Bad rule (does a matching rule exist in that chain?).";
  // The comment is a match: leaving it out, or giving it in another position, differs.
  EXPECT_EQ(RunCommand(rs, "iptables -D INPUT -p tcp --dport 22 -j ACCEPT").message(), bad);
  EXPECT_EQ(RunCommand(rs, "iptables -D INPUT -p tcp -m comment --comment x --dport 22 -j ACCEPT")
                .message(),
            bad);
  EXPECT_TRUE(
      RunCommand(rs, "iptables -D INPUT -p tcp --dport 22 -m comment --comment x -j ACCEPT").ok());
  EXPECT_TRUE(RunCommand(rs, "iptables -D INPUT -j LOG --log-prefix x --log-level 4").ok());
  EXPECT_TRUE(
      RunCommand(rs, "iptables -D INPUT -p tcp -m multiport --destination-ports 22,23 -j ACCEPT")
          .ok());
  EXPECT_TRUE(
      RunCommand(rs, "iptables -D INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT")
          .ok());
  // Only the first of two equal rules goes.
  EXPECT_TRUE(RunCommand(rs, "iptables -D INPUT -j ACCEPT").ok());
  EXPECT_EQ(Rules(rs, "INPUT"), (std::vector<std::string>{"-j ACCEPT"}));
}

TEST(IptablesCommandTest, InsertAppendReplace) {
  Ruleset rs = MustParse(testing::Filter("-A INPUT -p tcp -m tcp --dport 10250 -j ACCEPT\n"));
  ASSERT_TRUE(RunCommand(rs, "iptables -I INPUT -p tcp --dport 10250 -j DROP").ok());  // goes first
  ASSERT_TRUE(RunCommand(rs, "iptables -A INPUT -j REJECT").ok());
  EXPECT_EQ(Rules(rs, "INPUT"),
            (std::vector<std::string>{"-p tcp -m tcp --dport 10250 -j DROP",
                                      "-p tcp -m tcp --dport 10250 -j ACCEPT",
                                      "-j REJECT --reject-with icmp-port-unreachable"}));
  const Rule& added = rs.table(TableId::kFilter)->chain(0).rules[0];
  EXPECT_EQ(added.text, "-A INPUT -p tcp -m tcp --dport 10250 -j DROP");
  EXPECT_EQ(added.source_line, 0);
  EXPECT_EQ(RunCommand(rs, "iptables -I INPUT 5 -j ACCEPT").message(),
            "iptables: Index of insertion too big.");
  ASSERT_TRUE(RunCommand(rs, "iptables -I INPUT 4 -j ACCEPT").ok());  // one past the end appends
  ASSERT_TRUE(RunCommand(rs, "iptables -R INPUT 1 -p tcp --dport 10250 -j ACCEPT").ok());
  EXPECT_EQ(Rules(rs, "INPUT")[0], "-p tcp -m tcp --dport 10250 -j ACCEPT");
  EXPECT_EQ(RunCommand(rs, "iptables -R INPUT 9 -j ACCEPT").message(),
            "iptables: Index of replacement too big.");
  // Address lists expand to one rule per address; -I puts each at the same position in turn.
  ASSERT_TRUE(RunCommand(rs, "iptables -I INPUT 2 -s 7.7.7.7,8.8.8.8").ok());
  EXPECT_EQ(Rules(rs, "INPUT")[1], "-s 8.8.8.8/32");
  EXPECT_EQ(Rules(rs, "INPUT")[2], "-s 7.7.7.7/32");
  EXPECT_EQ(RunCommand(rs, "iptables -R INPUT 1 -s 1.1.1.1,2.2.2.2 -j ACCEPT").message(),
            "column 10: Replacement rule does not specify a unique address");
}

TEST(IptablesCommandTest, ChainCommandsAndTheirRefusals) {
  Ruleset rs = MustParse(testing::Filter(""));
  EXPECT_EQ(RunCommand(rs, "iptables -A NOPE -j ACCEPT").message(),
            "iptables: No chain/target/match by that name.");
  EXPECT_EQ(RunCommand(rs, "iptables -A INPUT -j NOPE").message(),
            "iptables: Chain 'NOPE' does not exist");
  EXPECT_EQ(RunCommand(rs, "iptables -A INPUT -j OUTPUT").message(),
            "iptables: RULE_APPEND failed (No such file or directory): rule in chain INPUT");
  EXPECT_EQ(RunCommand(rs, "iptables -N INPUT").message(), "iptables: Chain already exists.");
  ASSERT_TRUE(RunCommand(rs, "iptables -N A").ok());
  EXPECT_EQ(RunCommand(rs, "iptables -N A").message(), "iptables: Chain already exists.");
  EXPECT_EQ(RunCommand(rs, "iptables -N LOG").message(),
            "column 13: chain name may not clash with target name (LOG); expected another name");
  EXPECT_EQ(RunCommand(rs, "iptables -N abcdefghijklmnopqrstuvwxyz0123").message(),
            "column 13: chain name `abcdefghijklmnopqrstuvwxyz0123' too long (must be under 29 "
            "chars)");
  ASSERT_TRUE(RunCommand(rs, "iptables -A A -j ACCEPT").ok());
  EXPECT_EQ(RunCommand(rs, "iptables -X A").message(),
            "iptables: CHAIN_DEL failed (Device or resource busy): chain A");
  ASSERT_TRUE(RunCommand(rs, "iptables -F A").ok());
  ASSERT_TRUE(RunCommand(rs, "iptables -A INPUT -j A").ok());
  EXPECT_EQ(RunCommand(rs, "iptables -X A").message(),
            "iptables: CHAIN_DEL failed (Device or resource busy): chain A");
  EXPECT_EQ(RunCommand(rs, "iptables -X INPUT").message(),
            "iptables: CHAIN_DEL failed (Device or resource busy): chain INPUT");
  EXPECT_EQ(RunCommand(rs, "iptables -P A DROP").message(), "iptables: Bad built-in chain name.");
  EXPECT_EQ(RunCommand(rs, "iptables -P INPUT REJECT").message(), "iptables: Bad policy name.");
  ASSERT_TRUE(RunCommand(rs, "iptables -P INPUT DROP").ok());
  EXPECT_EQ(rs.table(TableId::kFilter)->chain(0).policy, Policy::kDrop);
  ASSERT_TRUE(RunCommand(rs, "iptables -N B").ok());
  EXPECT_EQ(RunCommand(rs, "iptables -E A B").message(), "iptables: File exists.");
  ASSERT_TRUE(RunCommand(rs, "iptables -E A C").ok());
  EXPECT_EQ(Rules(rs, "INPUT"), (std::vector<std::string>{"-j C"}));
  ASSERT_TRUE(RunCommand(rs, "iptables -F").ok());
  ASSERT_TRUE(RunCommand(rs, "iptables -X").ok());
  EXPECT_EQ(rs.table(TableId::kFilter)->chains().size(), 3u);
  EXPECT_EQ(RunCommand(rs, "iptables -F NOPE").message(),
            "iptables: No chain/target/match by that name.");
}

TEST(IptablesCommandTest, LoopsAreRefusedAndLeaveTheRulesetUnchanged) {
  Ruleset rs = MustParse(testing::Filter(""));
  for (std::string_view c :
       {"iptables -N A", "iptables -N B", "iptables -A INPUT -j A", "iptables -A A -j B"}) {
    ASSERT_TRUE(RunCommand(rs, c).ok()) << c;
  }
  EXPECT_EQ(RunCommand(rs, "iptables -A B -j A").message(),
            "iptables: RULE_APPEND failed (Too many links): rule in chain B");
  EXPECT_TRUE(Rules(rs, "B").empty());
  // Not reachable from a built-in chain: iptables accepts it.
  ASSERT_TRUE(RunCommand(rs, "iptables -N C").ok());
  EXPECT_TRUE(RunCommand(rs, "iptables -A C -j C").ok());
}

TEST(IptablesCommandTest, ParsingCommandLines) {
  Ruleset rs = MustParse(testing::Filter(""));
  EXPECT_TRUE(
      RunCommand(rs, "sudo /usr/sbin/iptables -w 5 -v -A INPUT -p tcp --dport 22 -j ACCEPT").ok());
  EXPECT_TRUE(RunCommand(rs, "-A INPUT -j ACCEPT").ok());  // the program name may be left out
  EXPECT_EQ(RunCommand(rs, "ufw allow 10250").message(),
            "column 1: 'ufw' is not iptables; expected a command starting with iptables");
  EXPECT_EQ(RunCommand(rs, "iptables -p tcp").message(),
            "column 10: no command specified; expected -A, -I, -D, -R, -P, -N, -F, -X or -E");
  EXPECT_EQ(RunCommand(rs, "iptables -A INPUT -D INPUT").message(),
            "column 19: Cannot use -D with -A; expected one command");
  EXPECT_EQ(RunCommand(rs, "iptables -P INPUT DROP -p tcp").message(),
            "column 24: Illegal option `-p' with this command; expected no rule options");
  EXPECT_EQ(RunCommand(rs, "iptables -t foo -A INPUT -j ACCEPT").message(),
            "column 13: table 'foo' does not exist; expected filter, nat, mangle, raw or security");
  EXPECT_EQ(RunCommand(rs, "iptables -A INPUT --dport 80 -p tcp -j ACCEPT").message(),
            "column 19: unknown option \"--dport\"; expected an option of the loaded modules (-p, "
            "-m) or of the target (-j)");
  EXPECT_EQ(RunCommand(rs, "iptables -A OUTPUT -i eth0 -j ACCEPT").message(),
            "iptables: Can't use -i with OUTPUT");
  auto list = ParseIptablesCommand("iptables --list --line-numbers");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), Status::Code::kUnsupported);
  // nat: the table comes from -t wherever it is given.
  ASSERT_TRUE(RunCommand(rs,
                         "iptables -A PREROUTING -p tcp --dport 10250 -j REDIRECT --to-ports 8080 "
                         "-t nat")
                  .ok());
  EXPECT_EQ(Rules(rs, "PREROUTING", TableId::kNat),
            (std::vector<std::string>{"-p tcp -m tcp --dport 10250 -j REDIRECT --to-ports 8080"}));
  EXPECT_EQ(RunCommand(rs, "iptables -t nat -P PREROUTING DROP").message(),
            "iptables: The \"nat\" table is not intended for filtering, the use of DROP is "
            "therefore inhibited.");
}

}  // namespace
}  // namespace tunnelsim::netfilter
