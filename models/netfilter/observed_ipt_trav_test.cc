// Ground truth from reference/netfilter-ufw.md §9, ipt-* and trav-* cases: each test is one lab
// case, named after it, with the probes' observed outcome and Go error. Where §9 gives only the
// case name and its probes, the ruleset is reconstructed from them (and from §2's description).
#include <gtest/gtest.h>

#include "models/netfilter/iptables_command.h"
#include "models/netfilter/observed_probe.h"

namespace tunnelsim::netfilter {
namespace {

using testing::Dial;
using testing::ExpectProbe;
using testing::Filter;
using testing::kConnected;
using testing::kRefused;
using testing::kTimeout;
using testing::KubeletProbe;
using testing::kUnreachable;
using testing::LocalProbe;
using testing::MustParse;
using testing::Observation;
using testing::Observe;
using testing::Probe;

TEST(ObservedCasesTest, IptBaselineNoRules) {
  Ruleset rs = MustParse(Filter(""));
  ExpectProbe(rs, KubeletProbe(), kConnected);
  ExpectProbe(rs, KubeletProbe(10251), kRefused, Dial(10251, "connect: connection refused"),
              /*listener=*/false);
}

TEST(ObservedCasesTest, IptInputDropAndRejects) {
  Ruleset drop = MustParse(Filter("-A INPUT -p tcp -m tcp --dport 10250 -j DROP\n"));
  ExpectProbe(drop, KubeletProbe(), kTimeout, Dial(10250, "i/o timeout"));
  ExpectProbe(drop, KubeletProbe(22), kConnected);
  Ruleset reject = MustParse(Filter("-A INPUT -p tcp -m tcp --dport 10250 -j REJECT\n"));
  ExpectProbe(reject, KubeletProbe(), kRefused, Dial(10250, "connect: connection refused"));
  ExpectProbe(reject, KubeletProbe(22), kConnected);
  Ruleset reset =
      MustParse(Filter("-A INPUT -p tcp -m tcp --dport 10250 -j REJECT --reject-with tcp-reset\n"));
  Observation o = Observe(reset, KubeletProbe());
  EXPECT_EQ(o.outcome, kRefused);
  EXPECT_EQ(SymptomOf(o.verdict, IpProtocol::kTcp).wire, "rst");
}

TEST(ObservedCasesTest, IptRejectVariants) {
  const char* types[] = {"icmp-net-unreachable",  "icmp-host-unreachable",
                         "icmp-port-unreachable", "icmp-proto-unreachable",
                         "icmp-net-prohibited",   "icmp-host-prohibited",
                         "icmp-admin-prohibited", "tcp-reset"};
  std::string body;
  for (int i = 0; i < 8; ++i) {
    body += "-A INPUT -p tcp -m tcp --dport " + std::to_string(10001 + i) +
            " -j REJECT --reject-with " + types[i] + "\n";
  }
  Ruleset rs = MustParse(Filter(body));
  ExpectProbe(rs, KubeletProbe(10001), kUnreachable,
              Dial(10001, "connect: network is unreachable"));
  ExpectProbe(rs, KubeletProbe(10002), kUnreachable, Dial(10002, "connect: no route to host"));
  ExpectProbe(rs, KubeletProbe(10003), kRefused, Dial(10003, "connect: connection refused"));
  ExpectProbe(rs, KubeletProbe(10004), kUnreachable,
              Dial(10004, "connect: protocol not available"));
  ExpectProbe(rs, KubeletProbe(10005), kUnreachable,
              Dial(10005, "connect: network is unreachable"));
  ExpectProbe(rs, KubeletProbe(10006), kUnreachable, Dial(10006, "connect: no route to host"));
  ExpectProbe(rs, KubeletProbe(10007), kUnreachable, Dial(10007, "connect: no route to host"));
  ExpectProbe(rs, KubeletProbe(10008), kRefused, Dial(10008, "connect: connection refused"));
}

TEST(ObservedCasesTest, IptPolicyDrop) {
  Ruleset empty = MustParse(Filter("", "DROP"));
  ExpectProbe(empty, KubeletProbe(), kTimeout, Dial(10250, "i/o timeout"));
  ExpectProbe(empty, KubeletProbe(22), kTimeout, Dial(22, "i/o timeout"));
  ExpectProbe(empty, LocalProbe("127.0.0.1", 10250), kTimeout,
              Dial(10250, "i/o timeout", "127.0.0.1"), true, /*from_node=*/true);
  Ruleset allow = MustParse(Filter("-A INPUT -p tcp -m tcp --dport 10250 -j ACCEPT\n", "DROP"));
  ExpectProbe(allow, KubeletProbe(), kConnected);
  ExpectProbe(allow, KubeletProbe(22), kTimeout, Dial(22, "i/o timeout"));
}

TEST(ObservedCasesTest, IptPolicyDropNewOnly) {
  // TCP connects (the SYN is NEW) but every later packet is ESTABLISHED and dropped, so the
  // TLS handshake times out (§2): the engine must tell "TCP connect" from "application works".
  Ruleset rs = MustParse(Filter(
      "-A INPUT -p tcp -m tcp --dport 10250 -m conntrack --ctstate NEW -j ACCEPT\n", "DROP"));
  ExpectProbe(rs, KubeletProbe(), kConnected);
  Packet later = KubeletProbe();
  later.ct_state = kCtEstablished;
  later.tcp_flags = kTcpAck;
  EXPECT_EQ(testing::Inbound(rs, later).kind, VerdictKind::kDrop);
}

TEST(ObservedCasesTest, IptOutputDropSynackAndForwardIrrelevant) {
  Ruleset synack = MustParse(Filter("-A OUTPUT -p tcp -m tcp --sport 10250 -j DROP\n"));
  ExpectProbe(synack, KubeletProbe(), kTimeout, Dial(10250, "i/o timeout"));
  ExpectProbe(synack, KubeletProbe(22), kConnected);
  Ruleset forward = MustParse(Filter("-A FORWARD -j DROP\n"));
  ExpectProbe(forward, KubeletProbe(), kConnected);
}

TEST(ObservedCasesTest, TravUserChainReturnContinues) {
  Ruleset rs =
      MustParse(Filter(":A - [0:0]\n-A INPUT -j A\n"
                       "-A INPUT -p tcp -m tcp --dport 10250 -j REJECT --reject-with "
                       "tcp-reset\n"
                       "-A A -p tcp -m tcp --dport 10250 -j RETURN\n"
                       "-A A -p tcp -m tcp --dport 22 -j DROP\n"));
  ExpectProbe(rs, KubeletProbe(), kRefused, Dial(10250, "connect: connection refused"));
  ExpectProbe(rs, KubeletProbe(22), kTimeout, Dial(22, "i/o timeout"));
  ExpectProbe(rs, KubeletProbe(8080), kConnected);
}

std::string JumpOrGoto(std::string_view flag) {
  return Filter(":B - [0:0]\n-A INPUT " + std::string(flag) +
                    " B\n"
                    "-A INPUT -p tcp -m tcp --dport 10250 -j ACCEPT\n"
                    "-A B -p tcp -m tcp --dport 10250 -j RETURN\n"
                    "-A B -p tcp -m tcp --dport 8080 -j ACCEPT\n",
                "DROP");
}

TEST(ObservedCasesTest, TravGotoReturnAppliesPolicy) {
  Ruleset rs = MustParse(JumpOrGoto("-g"));
  ExpectProbe(rs, KubeletProbe(), kTimeout, Dial(10250, "i/o timeout"));
  ExpectProbe(rs, KubeletProbe(8080), kConnected);
  ExpectProbe(rs, KubeletProbe(22), kTimeout, Dial(22, "i/o timeout"));
}

TEST(ObservedCasesTest, TravJumpReturnSameRules) {
  Ruleset rs = MustParse(JumpOrGoto("-j"));
  ExpectProbe(rs, KubeletProbe(), kConnected);
  ExpectProbe(rs, KubeletProbe(8080), kConnected);
  ExpectProbe(rs, KubeletProbe(22), kTimeout, Dial(22, "i/o timeout"));
}

TEST(ObservedCasesTest, TravGotoInsideUserChain) {
  Ruleset rs =
      MustParse(Filter(":A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n"
                       "-A INPUT -p tcp -m tcp --dport 10250 -j REJECT --reject-with "
                       "tcp-reset\n"
                       "-A A -g B\n-A A -j DROP\n-A B -j RETURN\n"));
  ExpectProbe(rs, KubeletProbe(), kRefused, Dial(10250, "connect: connection refused"));
}

TEST(ObservedCasesTest, TravBuiltinReturnPolicy) {
  Ruleset accept =
      MustParse(Filter("-A INPUT -p tcp -m tcp --dport 10250 -j RETURN\n"
                       "-A INPUT -j REJECT\n"));
  ExpectProbe(accept, KubeletProbe(), kConnected);
  ExpectProbe(accept, KubeletProbe(22), kRefused, Dial(22, "connect: connection refused"));
  Ruleset drop =
      MustParse(Filter("-A INPUT -p tcp -m tcp --dport 10250 -j RETURN\n"
                       "-A INPUT -j ACCEPT\n",
                       "DROP"));
  ExpectProbe(drop, KubeletProbe(), kTimeout, Dial(10250, "i/o timeout"));
  ExpectProbe(drop, KubeletProbe(22), kConnected);
}

TEST(ObservedCasesTest, TravLogFirstMatchAndInsert) {
  ExpectProbe(MustParse(Filter("-A INPUT -p tcp -m tcp --dport 10250 -j LOG --log-prefix x\n"
                               "-A INPUT -p tcp -m tcp --dport 10250 -j DROP\n")),
              KubeletProbe(), kTimeout, Dial(10250, "i/o timeout"));
  ExpectProbe(MustParse(Filter("-A INPUT -p tcp -m tcp --dport 10250 -j ACCEPT\n"
                               "-A INPUT -p tcp -m tcp --dport 10250 -j DROP\n")),
              KubeletProbe(), kConnected);
  ExpectProbe(MustParse(Filter("-A INPUT -p tcp -m tcp --dport 10250 -j DROP\n"
                               "-A INPUT -p tcp -m tcp --dport 10250 -j ACCEPT\n")),
              KubeletProbe(), kTimeout, Dial(10250, "i/o timeout"));
  // trav-insert-goes-first: the lab appended an ACCEPT, then inserted a DROP.
  Ruleset rs = MustParse(Filter(""));
  for (std::string_view c : {"iptables -A INPUT -p tcp --dport 10250 -j ACCEPT",
                             "iptables -I INPUT -p tcp --dport 10250 -j DROP"}) {
    auto cmd = ParseIptablesCommand(c);
    ASSERT_TRUE(cmd.ok());
    ASSERT_TRUE(ApplyIptablesCommand(*cmd, rs).ok());
  }
  ExpectProbe(rs, KubeletProbe(), kTimeout, Dial(10250, "i/o timeout"));
}

}  // namespace
}  // namespace tunnelsim::netfilter
