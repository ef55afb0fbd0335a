// Host-firewall differencing on iptables and ufw rulesets: known edits, NAT, address types,
// opaque matches and the cell bound. The randomized comparison against the evaluator is in
// filter_diff_property_test.cc.
#include "models/netfilter/filter_diff.h"

#include <gtest/gtest.h>

#include "models/netfilter/iptables_command.h"
#include "models/netfilter/test_util.h"

namespace tunnelsim::netfilter {
namespace {

using testing::Filter;
using testing::Ip;
using testing::MustParse;
using testing::ReadTestdata;

NodeContext AksNode() {
  NodeContext node;
  node.AddAddress("eth0", Ip("10.224.0.4"), 16);
  return node;
}

HostDiff Diff(const Ruleset& before, const Ruleset& after, const HostDiffOptions& options = {}) {
  auto diff = DiffHostInput(before, after, AksNode(), options);
  EXPECT_TRUE(diff.ok()) << diff.status().message();
  return diff.ok() ? *diff : HostDiff{};
}

// Every example lies in its region and gets the stated verdicts from both rulesets.
void ExpectExamplesHold(const HostDiff& diff, const Ruleset& before, const Ruleset& after) {
  for (const HostFlowDelta& d : diff.deltas) {
    Verdict b = Evaluator(before).EvaluateInbound(d.example, AksNode());
    Verdict a = Evaluator(after).EvaluateInbound(d.example, AksNode());
    EXPECT_EQ(b.kind, d.before.kind) << FormatHostRegion(d);
    EXPECT_EQ(a.kind, d.after.kind) << FormatHostRegion(d);
    if (b.kind != VerdictKind::kUncertain) {
      EXPECT_EQ(b.decided_by.text, d.before.rule.text);
    }
    if (a.kind != VerdictKind::kUncertain) {
      EXPECT_EQ(a.decided_by.text, d.after.rule.text);
    }
  }
}

Ruleset Apply(Ruleset rs, std::string_view command) {
  auto parsed = ParseIptablesCommand(command);
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  if (parsed.ok()) {
    Status s = ApplyIptablesCommand(*parsed, rs);
    EXPECT_TRUE(s.ok()) << s.message();
  }
  return rs;
}

// The ufw ruleset of reference/netfilter-ufw.md §4.2 with user rules appended.
Ruleset Ufw(std::string_view user_rules) {
  std::string text = ReadTestdata("ufw-enable-defaults.rules");
  size_t commit = text.rfind("COMMIT");
  return MustParse(text.substr(0, commit) + std::string(user_rules) + "COMMIT\n");
}

TEST(FilterDiffTest, DeletingTheArticlesDropOpensExactlyOneSourceToKubelet) {
  Ruleset before =
      MustParse(Filter("-A INPUT -i lo -j ACCEPT\n"
                       "-A INPUT -s 10.224.0.5/32 -p tcp --dport 10250 -j DROP\n"
                       "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"));
  Ruleset after = Apply(before, "iptables -D INPUT -s 10.224.0.5/32 -p tcp --dport 10250 -j DROP");
  HostDiff diff = Diff(before, after);
  EXPECT_TRUE(diff.exhaustive);
  // Only the deleted rule's one cell (tcp, 10.224.0.5, 10250) can change: one evaluation.
  EXPECT_EQ(diff.cells_evaluated, 1u);
  EXPECT_GT(diff.cells, 1u);
  ASSERT_EQ(diff.deltas.size(), 1u);
  const HostFlowDelta& d = diff.deltas[0];
  EXPECT_EQ(FormatHostRegion(d), "tcp 10.224.0.5 -> :10250");
  EXPECT_EQ(d.change, HostChange::kOpened);
  EXPECT_EQ(FormatHostVerdict(d.before),
            "DROP by filter INPUT rule 2: -A INPUT -s 10.224.0.5/32 -p tcp --dport 10250 -j DROP");
  EXPECT_EQ(FormatHostVerdict(d.after), "ACCEPT by filter INPUT policy ACCEPT");
  EXPECT_EQ(d.example.src, Ip("10.224.0.5"));
  EXPECT_EQ(d.example.dst, Ip("10.224.0.4"));
  EXPECT_EQ(d.example.dport, 10250);
  EXPECT_EQ(d.example.sport, kDefaultEphemeralSourcePort);
  ExpectExamplesHold(diff, before, after);
  EXPECT_TRUE(Diff(before, before).deltas.empty());
}

TEST(FilterDiffTest, UfwAllowFromASubnetOpensOnlyThatSubnetAndPort) {
  Ruleset before = Ufw("-A ufw-user-input -p tcp -m tcp --dport 22 -j ACCEPT\n");
  Ruleset after =
      Ufw("-A ufw-user-input -p tcp -m tcp --dport 22 -j ACCEPT\n"
          "-A ufw-user-input -s 10.224.0.0/16 -p tcp -m tcp --dport 10250 -j ACCEPT\n");
  HostDiff diff = Diff(before, after);
  ASSERT_EQ(diff.deltas.size(), 1u);
  const HostFlowDelta& d = diff.deltas[0];
  EXPECT_EQ(FormatHostRegion(d), "tcp 10.224.0.0/16 -> :10250");
  EXPECT_EQ(d.change, HostChange::kOpened);
  EXPECT_EQ(FormatHostVerdict(d.before), "DROP by filter INPUT policy DROP");
  EXPECT_EQ(d.after.rule.chain, "ufw-user-input");
  EXPECT_EQ(d.after.rule.rule_number, 2);
  EXPECT_EQ(d.example.src, Ip("10.224.0.1"));  // not the subnet's .0
  ExpectExamplesHold(diff, before, after);
}

TEST(FilterDiffTest, UfwInsertedDenyClosesSshButLeavesPingAndDroppedPortsAlone) {
  Ruleset before = Ufw("-A ufw-user-input -p tcp -m tcp --dport 22 -j ACCEPT\n");
  Ruleset after =
      Ufw("-A ufw-user-input -s 203.0.113.0/24 -j DROP\n"
          "-A ufw-user-input -p tcp -m tcp --dport 22 -j ACCEPT\n");
  HostDiff diff = Diff(before, after);
  ASSERT_EQ(diff.deltas.size(), 1u);
  EXPECT_EQ(FormatHostRegion(diff.deltas[0]), "tcp 203.0.113.0/24 -> :22");
  EXPECT_EQ(diff.deltas[0].change, HostChange::kClosed);
  ExpectExamplesHold(diff, before, after);
  // Asking for rule changes too: the rest of TCP and UDP from there is now dropped by the new
  // rule instead of by the policy or ufw's skip chain (ICMP echo is accepted by
  // ufw-before-input first).
  HostDiffOptions options;
  options.report_rule_changes = true;
  HostDiff changes = Diff(before, after, options);
  std::vector<std::string> regions;
  for (const HostFlowDelta& d : changes.deltas) {
    regions.push_back(FormatHostRegion(d));
    EXPECT_EQ(d.after.rule.text, "-A ufw-user-input -s 203.0.113.0/24 -j DROP");
    EXPECT_EQ(d.change, regions.size() == 1 ? HostChange::kClosed : HostChange::kChanged);
  }
  // ufw-after-input sends NetBIOS and DHCP ports to ufw-skip-to-policy-input, which drops.
  EXPECT_EQ(regions, (std::vector<std::string>{
                         "tcp 203.0.113.0/24 -> :22",
                         "tcp 203.0.113.0/24 -> :0-21,23-138,140-444,446-65535",
                         "udp 203.0.113.0/24 -> :0-66,69-136,139-65535",
                         "tcp 203.0.113.0/24 -> :139,445",
                         "udp 203.0.113.0/24 -> :67-68,137-138",
                     }));
  ExpectExamplesHold(changes, before, after);
}

TEST(FilterDiffTest, ReorderingThatDecidesTheSameChangesNothing) {
  Ruleset before = MustParse(Filter(
      "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n-A INPUT -p udp -m udp --dport 53 -j ACCEPT\n",
      "DROP"));
  Ruleset after = MustParse(Filter(
      "-A INPUT -p udp -m udp --dport 53 -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n",
      "DROP"));
  EXPECT_TRUE(Diff(before, after).deltas.empty());
}

TEST(FilterDiffTest, PolicyChangeShowsEverythingNoRuleDecides) {
  Ruleset before = MustParse(Filter("-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"));
  Ruleset after = MustParse(Filter("-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n", "DROP"));
  HostDiff diff = Diff(before, after);
  ASSERT_EQ(diff.deltas.size(), 2u);
  EXPECT_EQ(FormatHostRegion(diff.deltas[0]), "tcp * -> :0-21,23-65535");
  EXPECT_EQ(FormatHostRegion(diff.deltas[1]), "udp,icmp * -> :*");
  EXPECT_EQ(diff.deltas[1].change, HostChange::kClosed);
  ExpectExamplesHold(diff, before, after);
}

TEST(FilterDiffTest, SourceAddressTypeFollowsTheNodesAddresses) {
  Ruleset before = MustParse(Filter("-A INPUT -m addrtype --src-type LOCAL -j ACCEPT\n", "DROP"));
  Ruleset after = MustParse(Filter("", "DROP"));
  HostDiff diff = Diff(before, after);
  ASSERT_EQ(diff.deltas.size(), 1u);
  // 10.224.0.4 is the node's eth0 address; 127.0.0.0/8 is local on lo except its broadcast
  // address (packet.h: broadcast is decided first).
  EXPECT_EQ(FormatHostRegion(diff.deltas[0]),
            "tcp,udp,icmp 10.224.0.4,127.0.0.0-127.255.255.254 -> :*");
  EXPECT_EQ(diff.deltas[0].change, HostChange::kClosed);
  ExpectExamplesHold(diff, before, after);
}

TEST(FilterDiffTest, DnatToAPodMovesTheDecisionToForward) {
  Ruleset before = MustParse(Filter("", "ACCEPT"));
  Ruleset after = MustParse(
      "*nat\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
      "-A PREROUTING -p tcp -m tcp --dport 30080 -j DNAT --to-destination 10.244.1.7:80\n"
      "COMMIT\n" +
      Filter("", "ACCEPT"));
  HostDiff diff = Diff(before, after);
  ASSERT_EQ(diff.deltas.size(), 1u);
  EXPECT_EQ(FormatHostRegion(diff.deltas[0]), "tcp * -> :30080");
  EXPECT_EQ(diff.deltas[0].change, HostChange::kChanged);
  EXPECT_TRUE(diff.deltas[0].after.forwarded);
  EXPECT_EQ(FormatHostVerdict(diff.deltas[0].after),
            "ACCEPT (forwarded) by filter FORWARD policy ACCEPT");
}

TEST(FilterDiffTest, ARedirectedPortChangesWithTheRuleForItsNewPort) {
  const std::string nat =
      "*nat\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
      "-A PREROUTING -p tcp -m tcp --dport 8080 -j REDIRECT --to-ports 10250\n"
      "COMMIT\n";
  Ruleset before = MustParse(nat + Filter("-A INPUT -p tcp -m tcp --dport 10250 -j DROP\n"));
  Ruleset after = MustParse(nat + Filter(""));
  HostDiff diff = Diff(before, after);
  ASSERT_EQ(diff.deltas.size(), 1u);
  // Port 8080 is filtered as 10250 after the REDIRECT, so it opens too.
  EXPECT_EQ(FormatHostRegion(diff.deltas[0]), "tcp * -> :8080,10250");
  ExpectExamplesHold(diff, before, after);
}

TEST(FilterDiffTest, OpaqueMatchesAreReportedAsUncertainNotAsChanges) {
  Ruleset before = MustParse(Filter("-A INPUT -p tcp -m tcp --dport 10250 -j ACCEPT\n", "DROP"));
  Ruleset after = MustParse(
      Filter("-A INPUT -p tcp -m tcp --dport 10250 -m recent --rcheck --name scanners -j DROP\n"
             "-A INPUT -p tcp -m tcp --dport 10250 -j ACCEPT\n",
             "DROP"));
  HostDiff diff = Diff(before, after);
  ASSERT_EQ(diff.deltas.size(), 1u);
  EXPECT_EQ(FormatHostRegion(diff.deltas[0]), "tcp * -> :10250");
  EXPECT_EQ(diff.deltas[0].change, HostChange::kUncertain);
  EXPECT_EQ(diff.deltas[0].after.kind, VerdictKind::kUncertain);
  EXPECT_EQ(diff.deltas[0].after.rule.rule_number, 1);
  EXPECT_EQ(HostChangeName(diff.deltas[0].change), "uncertain");
}

TEST(FilterDiffTest, OverTheCellBoundOnlyCellsAroundChangedRulesAreEvaluated) {
  std::string rules;
  for (int port = 1000; port < 1100; ++port) {
    rules += "-A INPUT -s 10.9." + std::to_string(port % 250) + ".0/24 -p tcp -m tcp --dport " +
             std::to_string(port) + " -j ACCEPT\n";
  }
  Ruleset before = MustParse(Filter("-A INPUT -p tcp -m tcp --dport 10250 -j DROP\n" + rules));
  Ruleset after = MustParse(Filter(rules));
  HostDiffOptions options;
  options.max_cells = 50;  // the dropped port has one cell per source interval, ~200
  HostDiff diff = Diff(before, after, options);
  EXPECT_FALSE(diff.exhaustive);
  EXPECT_LE(diff.cells_evaluated, options.max_cells);
  ASSERT_FALSE(diff.deltas.empty());
  for (const HostFlowDelta& d : diff.deltas) {
    EXPECT_EQ(d.destination_ports, std::vector<PortRange>{PortRange::Single(10250)});
    EXPECT_EQ(d.change, HostChange::kOpened);
  }
  ExpectExamplesHold(diff, before, after);
  HostDiff whole = Diff(before, after);  // the default bound holds all of it
  EXPECT_TRUE(whole.exhaustive);
  ASSERT_EQ(whole.deltas.size(), 1u);
  EXPECT_EQ(FormatHostRegion(whole.deltas[0]), "tcp * -> :10250");
}

TEST(FilterDiffTest, NeedsADestination) {
  Ruleset rs = MustParse(Filter(""));
  HostDiffOptions options;
  options.in_interface = "eth1";
  auto diff = DiffHostInput(rs, rs, AksNode(), options);
  ASSERT_FALSE(diff.ok());
  EXPECT_EQ(diff.status().message(),
            "the node has no address on 'eth1'; expected one there or "
            "HostDiffOptions::destination");
  options.destination = Ip("10.224.0.4");
  EXPECT_TRUE(DiffHostInput(rs, rs, AksNode(), options).ok());
}

}  // namespace
}  // namespace tunnelsim::netfilter
