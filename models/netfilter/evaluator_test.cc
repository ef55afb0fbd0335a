// Traversal semantics of reference/netfilter-ufw.md §1-2, opaque matches, loops and NAT.
// The observed lab cases of §9 are in observed_cases_test.cc.
#include "models/netfilter/evaluator.h"

#include <gtest/gtest.h>

#include "models/netfilter/test_util.h"

namespace tunnelsim::netfilter {
namespace {

using testing::Filter;
using testing::Inbound;
using testing::KubeletProbe;
using testing::LocalOut;
using testing::MustParse;

TEST(EvaluatorTest, FirstMatchingTerminatingRuleDecidesAndNamesTheRule) {
  Ruleset rs =
      MustParse(Filter("-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
                       "-A INPUT -p tcp -m tcp --dport 10250 -j LOG --log-prefix x\n"
                       "-A INPUT -p tcp -m tcp --dport 10250 -j DROP\n"
                       "-A INPUT -p tcp -m tcp --dport 10250 -j ACCEPT\n"));
  Verdict v = Inbound(rs, KubeletProbe());
  EXPECT_EQ(v.kind, VerdictKind::kDrop);
  EXPECT_EQ(v.decided_by.table, TableId::kFilter);
  EXPECT_EQ(v.decided_by.chain, "INPUT");
  EXPECT_EQ(v.decided_by.rule_number, 3);
  EXPECT_EQ(v.decided_by.source_line, 7);
  EXPECT_EQ(v.decided_by.text, "-A INPUT -p tcp -m tcp --dport 10250 -j DROP");
  EXPECT_FALSE(v.forwarded);
  ASSERT_EQ(v.steps.size(), 1u);  // no nat table: only filter INPUT ran
  EXPECT_EQ(v.steps[0].hook, "INPUT");
}

TEST(EvaluatorTest, PolicyDecidesWhenNoRuleDoes) {
  Verdict v = Inbound(MustParse(Filter("", "DROP")), KubeletProbe());
  EXPECT_EQ(v.kind, VerdictKind::kDrop);
  EXPECT_TRUE(v.decided_by.is_policy());
  EXPECT_EQ(v.decided_by.chain, "INPUT");
  EXPECT_EQ(v.decided_by.text, "policy DROP");
  EXPECT_EQ(Inbound(MustParse(Filter("")), KubeletProbe()).decided_by.text, "policy ACCEPT");
}

TEST(EvaluatorTest, ReturnAndFallingOffUserChainsResumeAfterTheLatestJump) {
  // INPUT -j A; A -j B; B -g C; C falls off: resumes in A after "-j B", not in B.
  Ruleset rs =
      MustParse(Filter(":A - [0:0]\n:B - [0:0]\n:C - [0:0]\n"
                       "-A INPUT -j A\n-A INPUT -j REJECT\n"
                       "-A A -j B\n-A A -j DROP\n"
                       "-A B -g C\n-A B -j ACCEPT\n"
                       "-A C -p tcp -m tcp --dport 22 -j RETURN\n",
                       "ACCEPT"));
  Verdict v = Inbound(rs, KubeletProbe());
  EXPECT_EQ(v.kind, VerdictKind::kDrop);
  EXPECT_EQ(v.decided_by.chain, "A");
  EXPECT_EQ(v.decided_by.rule_number, 2);
  // RETURN from C (reached by goto) also resumes in A.
  EXPECT_EQ(Inbound(rs, KubeletProbe(22)).decided_by.chain, "A");
}

TEST(EvaluatorTest, GotoFromABuiltinChainEndsInItsPolicy) {
  Ruleset rs =
      MustParse(Filter(":B - [0:0]\n-A INPUT -g B\n-A INPUT -j ACCEPT\n"
                       "-A B -p tcp -m tcp --dport 10250 -j RETURN\n",
                       "DROP"));
  EXPECT_EQ(Inbound(rs, KubeletProbe()).kind, VerdictKind::kDrop);
  EXPECT_EQ(Inbound(rs, KubeletProbe()).decided_by.text, "policy DROP");
  EXPECT_EQ(Inbound(rs, KubeletProbe(22)).decided_by.text, "policy DROP");  // falls off B
}

TEST(EvaluatorTest, AcceptInAUserChainEndsTheTableButNotThePath) {
  Ruleset rs = MustParse(
      "*nat\n:PREROUTING ACCEPT [0:0]\n:N - [0:0]\n-A PREROUTING -j N\n-A N -j ACCEPT\n"
      "-A PREROUTING -j MARK --set-xmark 0x1/0xffffffff\nCOMMIT\n" +
      Filter("-A INPUT -m mark --mark 0x1 -j DROP\n"));
  Verdict v = Inbound(rs, KubeletProbe());
  EXPECT_EQ(v.kind, VerdictKind::kAccept);  // the MARK after ACCEPT in nat never ran
  ASSERT_EQ(v.steps.size(), 2u);
  EXPECT_EQ(v.steps[0].table, TableId::kNat);
  EXPECT_EQ(v.steps[0].decided_by.chain, "N");
  EXPECT_EQ(v.steps[1].decided_by.text, "policy ACCEPT");
}

TEST(EvaluatorTest, MarksSetInNatAreSeenByFilter) {
  // Old kube-proxy's KUBE-MARK-DROP: nat marks, filter drops marked packets.
  Ruleset rs = MustParse(
      "*nat\n-A PREROUTING -p tcp -m tcp --dport 10250 -j MARK --set-xmark 0x8000/0x8000\n"
      "COMMIT\n" +
      Filter("-A INPUT -m mark --mark 0x8000/0x8000 -j DROP\n"));
  Verdict v = Inbound(rs, KubeletProbe());
  EXPECT_EQ(v.kind, VerdictKind::kDrop);
  EXPECT_EQ(v.final_packet.mark, 0x8000u);
  EXPECT_EQ(Inbound(rs, KubeletProbe(10251)).kind, VerdictKind::kAccept);
}

TEST(EvaluatorTest, OpaqueMatchThatDecidesGivesUncertainNamingTheRule) {
  Ruleset rs = MustParse(
      Filter("-A INPUT -p tcp -m tcp --dport 10250 -m set --match-set allowed src -j ACCEPT\n"
             "-A INPUT -p tcp -m tcp --dport 10250 -j DROP\n"));
  Verdict v = Inbound(rs, KubeletProbe());
  EXPECT_EQ(v.kind, VerdictKind::kUncertain);
  ASSERT_TRUE(v.uncertain_at.has_value());
  EXPECT_EQ(v.uncertain_at->chain, "INPUT");
  EXPECT_EQ(v.uncertain_at->rule_number, 1);
  EXPECT_EQ(v.uncertain_at->source_line, 5);
  EXPECT_EQ(v.reason,
            "the outcome depends on the opaque match of filter INPUT rule 1 (-A INPUT -p tcp -m "
            "tcp --dport 10250 -m set --match-set allowed src -j ACCEPT): ACCEPT, DROP are "
            "possible");
  // A modelled condition that fails makes the opaque match irrelevant.
  EXPECT_EQ(Inbound(rs, KubeletProbe(22)).kind, VerdictKind::kAccept);
  EXPECT_TRUE(Inbound(rs, KubeletProbe(22)).opaque_rules.empty());
}

TEST(EvaluatorTest, OpaqueMatchesThatCannotChangeTheOutcomeKeepTheVerdictCertain) {
  // ufw's rate-limited LOG, and a rate-limited jump to a chain that only logs and returns.
  Ruleset rs =
      MustParse(Filter(":L - [0:0]\n"
                       "-A INPUT -m limit --limit 3/min -j LOG --log-prefix x\n"
                       "-A INPUT -m limit --limit 3/min -j L\n"
                       "-A INPUT -j DROP\n"
                       "-A L -j LOG\n-A L -j RETURN\n"));
  Verdict v = Inbound(rs, KubeletProbe());
  EXPECT_EQ(v.kind, VerdictKind::kDrop);
  EXPECT_EQ(v.decided_by.rule_number, 3);
  ASSERT_EQ(v.opaque_rules.size(), 2u);
  EXPECT_EQ(v.opaque_rules[0].rule_number, 1);
  EXPECT_EQ(v.opaque_rules[1].rule_number, 2);
  EXPECT_FALSE(v.uncertain_at.has_value());
}

TEST(EvaluatorTest, OpaqueTargetsAndNatRangesAreUncertain) {
  Ruleset queue = MustParse(Filter("-A INPUT -p tcp -j NFQUEUE --queue-num 1\n"));
  Verdict v = Inbound(queue, KubeletProbe());
  EXPECT_EQ(v.kind, VerdictKind::kUncertain);
  EXPECT_EQ(v.uncertain_at->rule_number, 1);
  EXPECT_EQ(v.reason,
            "filter INPUT rule 1 (-A INPUT -p tcp -j NFQUEUE --queue-num 1) hands the "
            "packet to a target the model cannot follow");
  Ruleset range = MustParse(
      "*nat\n-A PREROUTING -p tcp -j DNAT --to-destination 10.250.0.2:8080-8081\nCOMMIT\n");
  EXPECT_EQ(Inbound(range, KubeletProbe()).kind, VerdictKind::kUncertain);
}

TEST(EvaluatorTest, JumpLoopsAndExcessiveDepthGiveAnErrorVerdict) {
  // iptables refuses reachable loops, so build one behind its back.
  Ruleset rs = MustParse("*filter\n:A - [0:0]\n:B - [0:0]\n-A A -j B\n-A B -j A\nCOMMIT\n");
  Table& t = *rs.mutable_table(TableId::kFilter);
  Rule jump = t.chain(t.FindChain("B")).rules[0];  // "-j A"
  t.InsertRule(t.FindChain("INPUT"), 0, jump);
  Verdict v = Inbound(rs, KubeletProbe());
  EXPECT_EQ(v.kind, VerdictKind::kError);
  EXPECT_EQ(v.reason,
            "jump loop: filter B rule 1 (-A B -j A) re-enters a chain that is still "
            "being traversed");

  // A goto loop never grows the stack; the visit limit stops it.
  Ruleset gotos = MustParse("*filter\n:A - [0:0]\n:B - [0:0]\n-A A -g B\n-A B -g A\nCOMMIT\n");
  Table& g = *gotos.mutable_table(TableId::kFilter);
  g.InsertRule(g.FindChain("INPUT"), 0, g.chain(g.FindChain("B")).rules[0]);
  EvalOptions small;
  small.max_rule_visits = 1000;
  v = Evaluator(gotos, small).EvaluateInbound(KubeletProbe(), testing::LabNode());
  EXPECT_EQ(v.kind, VerdictKind::kError);
  EXPECT_EQ(v.decided_by.chain, "B");  // where the 1001st visit happened
  EXPECT_NE(v.reason.find("too many rules"), std::string::npos) << v.reason;

  // 70 chains deep: beyond the default depth of 64.
  std::string body;
  for (int i = 0; i < 70; ++i) body += ":C" + std::to_string(i) + " - [0:0]\n";
  body += "-A INPUT -j C0\n";
  for (int i = 0; i + 1 < 70; ++i) {
    body += "-A C" + std::to_string(i) + " -j C" + std::to_string(i + 1) + "\n";
  }
  v = Inbound(MustParse(Filter(body)), KubeletProbe());
  EXPECT_EQ(v.kind, VerdictKind::kError);
  EXPECT_EQ(v.reason, "too many nested jumps at filter C63 rule 1 (-A C63 -j C64)");
}

TEST(EvaluatorTest, NatOnlyForTheFirstPacketAndFilterSeesTheTranslation) {
  Ruleset rs = MustParse(
      "*nat\n-A PREROUTING -p tcp -m tcp --dport 10250 -j REDIRECT --to-ports 8080\nCOMMIT\n" +
      Filter("-A INPUT -p tcp -m tcp --dport 8080 -m conntrack --ctstate DNAT -j ACCEPT\n",
             "DROP"));
  Verdict v = Inbound(rs, KubeletProbe());
  EXPECT_EQ(v.kind, VerdictKind::kAccept);
  ASSERT_TRUE(v.nat.has_value());
  EXPECT_EQ(v.nat->kind, TargetKind::kRedirect);
  EXPECT_EQ(v.nat->original_dport, 10250);
  EXPECT_EQ(v.nat->new_dport, 8080);
  EXPECT_EQ(v.nat->new_dst.ToString(), "10.250.0.2");  // eth0's primary address
  EXPECT_EQ(v.nat->rule.text,
            "-A PREROUTING -p tcp -m tcp --dport 10250 -j REDIRECT --to-ports 8080");
  EXPECT_EQ(v.final_packet.dport, 8080);
  EXPECT_NE(v.final_packet.ct_state & kCtDnat, 0);
  Packet later = KubeletProbe();
  later.ct_state = kCtEstablished;
  later.tcp_flags = kTcpAck;
  EXPECT_EQ(Inbound(rs, later).kind, VerdictKind::kDrop);  // no NAT for a later packet
}

TEST(EvaluatorTest, DnatToAnotherHostIsForwarded) {
  Ruleset rs = MustParse(
      "*nat\n-A PREROUTING -d 10.0.120.15/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination "
      "10.244.1.7:8080\nCOMMIT\n" +
      Filter("-A FORWARD -d 10.244.1.7/32 -j REJECT --reject-with icmp-host-prohibited\n"));
  Verdict v = Inbound(rs, testing::Probe("10.250.0.1", "10.0.120.15", 80));
  EXPECT_TRUE(v.forwarded);
  EXPECT_EQ(v.kind, VerdictKind::kReject);
  EXPECT_EQ(v.reject, RejectType::kIcmpHostProhibited);
  EXPECT_EQ(v.steps[1].hook, "FORWARD");
}

TEST(EvaluatorTest, LocallyGeneratedTrafficUsesNatOutputThenReentersViaLo) {
  Ruleset rs = MustParse(
      "*nat\n-A OUTPUT -p tcp -m tcp --dport 10250 -j REDIRECT --to-ports 8080\n"
      "-A PREROUTING -p tcp -m tcp --dport 10251 -j REDIRECT --to-ports 9999\nCOMMIT\n" +
      Filter("-A INPUT -i lo -p tcp -m tcp --dport 8080 -j DROP\n"
             "-A OUTPUT -o lo -p tcp -m tcp --dport 10251 -j REJECT\n"));
  Verdict v = LocalOut(rs, testing::LocalProbe("10.250.0.2", 10250));
  EXPECT_EQ(v.kind, VerdictKind::kDrop);  // OUTPUT REDIRECT goes to 127.0.0.1:8080, in via lo
  EXPECT_EQ(v.nat->new_dst.ToString(), "127.0.0.1");
  ASSERT_EQ(v.steps.size(), 3u);
  EXPECT_EQ(v.steps[2].hook, "INPUT");
  // nat PREROUTING does not see locally generated packets; filter OUTPUT sees -o lo.
  v = LocalOut(rs, testing::LocalProbe("10.250.0.2", 10251));
  EXPECT_EQ(v.kind, VerdictKind::kReject);
  EXPECT_FALSE(v.nat.has_value());
  EXPECT_EQ(v.decided_by.chain, "OUTPUT");
}

TEST(EvaluatorTest, RepliesAreEstablishedAndOnlySeeFilterOutput) {
  Ruleset rs =
      MustParse(Filter("-A OUTPUT -m conntrack --ctstate NEW -j DROP\n"
                       "-A OUTPUT -p tcp -m tcp --sport 10250 -m conntrack --ctorigdstport "
                       "10250 -j REJECT --reject-with tcp-reset\n"));
  Evaluator ev(rs);
  Verdict v = ev.EvaluateReply(ReplyTo(KubeletProbe()), testing::LabNode());
  EXPECT_EQ(v.kind, VerdictKind::kReject);  // not NEW; the original direction went to 10250
  EXPECT_EQ(v.decided_by.rule_number, 2);
  EXPECT_EQ(ev.EvaluateReply(ReplyTo(KubeletProbe(22)), testing::LabNode()).kind,
            VerdictKind::kAccept);
}

TEST(EvaluatorTest, AddrtypeFollowsTheNodesAddresses) {
  Ruleset rs = MustParse(Filter(
      "-A INPUT -m addrtype --dst-type BROADCAST -j REJECT --reject-with icmp-net-prohibited\n"
      "-A INPUT -m addrtype --dst-type MULTICAST -j REJECT --reject-with icmp-host-prohibited\n"
      "-A INPUT -m addrtype --src-type LOCAL -j REJECT --reject-with icmp-admin-prohibited\n"
      "-A INPUT -m addrtype ! --dst-type LOCAL --limit-iface-in -j DROP\n"));
  NodeContext node = testing::LabNode();
  node.AddAddress("eth1", testing::Ip("192.168.5.1"), 24);
  Evaluator ev(rs);
  auto verdict = [&](std::string_view src, std::string_view dst, std::string_view iface = "eth0") {
    Packet p = testing::Probe(src, dst, 10250);
    p.in_interface = std::string(iface);
    return ev.EvaluateInbound(p, node);
  };
  EXPECT_EQ(verdict("10.250.0.1", "10.250.0.255").reject, RejectType::kIcmpNetProhibited);
  EXPECT_EQ(verdict("10.250.0.1", "255.255.255.255").reject, RejectType::kIcmpNetProhibited);
  EXPECT_EQ(verdict("10.250.0.1", "224.0.0.251").reject, RejectType::kIcmpHostProhibited);
  EXPECT_EQ(verdict("10.250.0.2", "10.250.0.2").reject, RejectType::kIcmpAdminProhibited);
  EXPECT_EQ(verdict("10.250.0.1", "10.250.0.2").kind, VerdictKind::kAccept);
  // 192.168.5.1 is local, but not on eth0: with --limit-iface-in it is not LOCAL there.
  EXPECT_EQ(verdict("10.250.0.1", "192.168.5.1").kind, VerdictKind::kDrop);
  EXPECT_EQ(verdict("192.168.5.9", "192.168.5.1", "eth1").kind, VerdictKind::kAccept);
}

TEST(EvaluatorTest, IndexedLongChainsKeepFirstMatchOrder) {
  // 100 "-d X/32" rules with rules that match any destination in between.
  std::string body = ":BIG - [0:0]\n-A FORWARD -j BIG\n";
  for (int i = 0; i < 100; ++i) {
    if (i == 50) body += "-A BIG -p tcp -m tcp --dport 80 -j REJECT\n";
    if (i == 75) body += "-A BIG ! -d 10.0.0.80/32 -j DROP\n";
    body += "-A BIG -d 10.0.0." + std::to_string(i) + "/32 -p tcp -m tcp --dport 80 -j ACCEPT\n";
  }
  Ruleset rs = MustParse(Filter(body));
  auto verdict = [&](int host) {
    return Inbound(rs, testing::Probe("10.250.0.1", "10.0.0." + std::to_string(host), 80));
  };
  EXPECT_EQ(verdict(20).kind, VerdictKind::kAccept);
  EXPECT_EQ(verdict(20).decided_by.rule_number, 21);
  EXPECT_EQ(verdict(70).kind, VerdictKind::kReject);  // the REJECT at 51 comes first
  EXPECT_EQ(verdict(70).decided_by.rule_number, 51);
  EXPECT_EQ(verdict(200).decided_by.rule_number, 51);
  Packet other = testing::Probe("10.250.0.1", "10.0.0.90", 81);
  EXPECT_EQ(Inbound(rs, other).decided_by.rule_number, 77);  // "! -d 10.0.0.80/32 -j DROP"
  other.dst = testing::Ip("10.0.0.80");
  EXPECT_EQ(Inbound(rs, other).kind, VerdictKind::kAccept);  // falls off BIG
}

}  // namespace
}  // namespace tunnelsim::netfilter
