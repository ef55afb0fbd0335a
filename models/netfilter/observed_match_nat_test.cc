// Ground truth from reference/netfilter-ufw.md §9, match-* and nat-* cases: each test is one lab
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

TEST(ObservedCasesTest, MatchPortsAndAddresses) {
  Ruleset multiport =
      MustParse(Filter("-A INPUT -p tcp -m multiport --dports 22,10250:10255 -j DROP\n"));
  for (uint16_t port : {22, 10250, 10255}) {
    ExpectProbe(multiport, KubeletProbe(port), kTimeout, Dial(port, "i/o timeout"));
  }
  ExpectProbe(multiport, KubeletProbe(10256), kConnected);
  Ruleset range = MustParse(Filter("-A INPUT -p tcp -m tcp --dport 10000:10300 -j REJECT\n"));
  ExpectProbe(range, KubeletProbe(10000), kRefused, Dial(10000, "connect: connection refused"));
  ExpectProbe(range, KubeletProbe(10250), kRefused, Dial(10250, "connect: connection refused"));
  ExpectProbe(range, KubeletProbe(10301), kConnected);
  Ruleset negation =
      MustParse(Filter("-A INPUT ! -s 10.250.0.0/29 -p tcp -m tcp --dport 10250 -j DROP\n"));
  ExpectProbe(negation, KubeletProbe(), kConnected);
  ExpectProbe(negation, Probe("10.250.0.9", "10.250.0.2", 10250), kTimeout,
              Dial(10250, "i/o timeout"));
  ExpectProbe(negation, Probe("192.168.77.5", "10.250.0.2", 10250), kTimeout);
  Ruleset cidr = MustParse(Filter("-A INPUT -s 10.0.0.0/8 -j ACCEPT\n", "DROP"));
  ExpectProbe(cidr, KubeletProbe(), kConnected);
  ExpectProbe(cidr, Probe("192.168.77.5", "10.250.0.2", 10250), kTimeout);
  Ruleset dst =
      MustParse(Filter("-A INPUT -d 10.250.0.2/32 -p tcp -m tcp --dport 10250 -j DROP\n"));
  ExpectProbe(dst, KubeletProbe(), kTimeout, Dial(10250, "i/o timeout"));
  ExpectProbe(dst, Probe("10.250.0.1", "10.250.0.3", 10250), kConnected);
  // match-sport: the client's ephemeral port is high.
  Ruleset sport =
      MustParse(Filter("-A INPUT -p tcp -m tcp --sport 0:1023 --dport 10250 -j DROP\n"
                       "-A INPUT -p tcp -m tcp --sport 1024:65535 --dport 10251 -j DROP\n"));
  ExpectProbe(sport, KubeletProbe(), kConnected);
  ExpectProbe(sport, KubeletProbe(10251), kTimeout, Dial(10251, "i/o timeout"));
}

TEST(ObservedCasesTest, MatchConntrackStates) {
  Ruleset drop_new = MustParse(
      Filter("-A INPUT -p tcp -m tcp --dport 10250 -m conntrack --ctstate NEW -j DROP\n"
             "-A INPUT -p tcp -m tcp --dport 10251 -m conntrack --ctstate INVALID -j DROP\n"));
  ExpectProbe(drop_new, KubeletProbe(), kTimeout, Dial(10250, "i/o timeout"));
  ExpectProbe(drop_new, KubeletProbe(10251), kConnected);
  Ruleset established =
      MustParse(Filter("-A INPUT -i lo -j ACCEPT\n"
                       "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
                       "-A INPUT -p tcp -m tcp --dport 10250 -j ACCEPT\n"
                       "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n",
                       "DROP"));
  ExpectProbe(established, KubeletProbe(), kConnected);
  ExpectProbe(established, KubeletProbe(22), kConnected);
  ExpectProbe(established, KubeletProbe(8080), kTimeout, Dial(8080, "i/o timeout"));
  ExpectProbe(established, LocalProbe("127.0.0.1", 8080), kConnected, "", true, true);
}

TEST(ObservedCasesTest, MatchInterfaces) {
  Ruleset rs =
      MustParse(Filter("-A INPUT -i eth0 -p tcp -m tcp --dport 10250 -j DROP\n"
                       "-A INPUT -i eth1 -p tcp -m tcp --dport 10251 -j DROP\n"
                       "-A INPUT ! -i lo -p tcp -m tcp --dport 10252 -j DROP\n"
                       "-A INPUT -i eth+ -p tcp -m tcp --dport 10253 -j DROP\n"
                       "-A INPUT -i lo -p tcp -m tcp --dport 10254 -j DROP\n"));
  ExpectProbe(rs, KubeletProbe(), kTimeout, Dial(10250, "i/o timeout"));
  ExpectProbe(rs, KubeletProbe(10251), kConnected);
  ExpectProbe(rs, KubeletProbe(10252), kTimeout);
  ExpectProbe(rs, KubeletProbe(10253), kTimeout);
  ExpectProbe(rs, KubeletProbe(10254), kConnected);
  ExpectProbe(rs, LocalProbe("10.250.0.2", 10250), kConnected, "", true, true);
  ExpectProbe(rs, LocalProbe("10.250.0.2", 10254), kTimeout, Dial(10254, "i/o timeout"), true,
              true);
}

TEST(ObservedCasesTest, MatchAddrtypeCommentMark) {
  Ruleset addrtype = MustParse(
      Filter("-A INPUT -p tcp -m addrtype --dst-type LOCAL -m tcp --dport 10250 -j DROP\n"
             "-A INPUT -p tcp -m addrtype --dst-type BROADCAST -m tcp --dport 10251 -j DROP\n"));
  ExpectProbe(addrtype, KubeletProbe(), kTimeout, Dial(10250, "i/o timeout"));
  ExpectProbe(addrtype, KubeletProbe(10251), kConnected);
  ExpectProbe(MustParse(Filter("-A INPUT -p tcp -m tcp --dport 10250 -m comment --comment "
                               "\"block kubelet\" -j DROP\n")),
              KubeletProbe(), kTimeout, Dial(10250, "i/o timeout"));
  // match-mark, as old kube-proxy's KUBE-MARK-DROP: nat marks, filter drops the mark.
  Ruleset mark = MustParse(
      "*nat\n-A PREROUTING -p tcp -m tcp --dport 10250 -j MARK --set-xmark 0x8000/0x8000\n"
      "COMMIT\n" +
      Filter("-A INPUT -m mark --mark 0x8000/0x8000 -j DROP\n"));
  ExpectProbe(mark, KubeletProbe(), kTimeout, Dial(10250, "i/o timeout"));
  ExpectProbe(mark, KubeletProbe(10251), kConnected);
}

TEST(ObservedCasesTest, MatchIpsetIsUncertainNotGuessed) {
  // The lab saw in-set -> connected and not-in-set -> timeout; set membership is not in the
  // ruleset, so the model names the rule instead.
  Ruleset rs = MustParse(Filter(
      "-A INPUT -p tcp -m tcp --dport 10250 -m set --match-set kubelet-clients src -j ACCEPT\n"
      "-A INPUT -p tcp -m tcp --dport 10250 -j DROP\n"));
  Observation o = Observe(rs, KubeletProbe());
  EXPECT_EQ(o.outcome, ClientOutcome::kUnknown);
  EXPECT_EQ(o.verdict.kind, VerdictKind::kUncertain);
  EXPECT_EQ(o.verdict.uncertain_at->rule_number, 1);
}

TEST(ObservedCasesTest, MatchUdp) {
  Ruleset rs = MustParse(Filter("-A INPUT -p udp -m udp --dport 53 -j DROP\n"));
  Packet dns = Probe("10.250.0.1", "10.250.0.2", 53, IpProtocol::kUdp);
  ExpectProbe(rs, dns, kTimeout, "read udp 10.250.0.1:42798->10.250.0.2:53: i/o timeout");
  Packet closed = Probe("10.250.0.1", "10.250.0.2", 54, IpProtocol::kUdp);
  closed.sport = 39801;
  ExpectProbe(rs, closed, kRefused,
              "read udp 10.250.0.1:39801->10.250.0.2:54: recvfrom: connection refused",
              /*listener=*/false);
  ExpectProbe(rs, Probe("10.250.0.1", "10.250.0.2", 5353, IpProtocol::kUdp), kConnected);
  ExpectProbe(rs, KubeletProbe(53), kConnected);
}

TEST(ObservedCasesTest, NatRedirectAndDnatToHttp8080) {
  Ruleset redirect = MustParse(
      "*nat\n-A PREROUTING -p tcp -m tcp --dport 10250 -j REDIRECT --to-ports 8080\nCOMMIT\n");
  Observation o = Observe(redirect, KubeletProbe());
  EXPECT_EQ(o.outcome, kConnected);
  ASSERT_TRUE(o.verdict.nat.has_value());  // served by http:8080 (orig 10.250.0.2:10250)
  EXPECT_EQ(o.verdict.nat->new_dst.ToString(), "10.250.0.2");
  EXPECT_EQ(o.verdict.nat->new_dport, 8080);
  // node-local-not-redirected: nat PREROUTING never sees the node's own connections.
  o = Observe(redirect, LocalProbe("10.250.0.2", 10250), true, true);
  EXPECT_EQ(o.outcome, kConnected);
  EXPECT_FALSE(o.verdict.nat.has_value());
  Ruleset dnat = MustParse(
      "*nat\n-A PREROUTING -p tcp -m tcp --dport 10250 -j DNAT "
      "--to-destination 10.250.0.2:8080\nCOMMIT\n");
  o = Observe(dnat, KubeletProbe());
  EXPECT_EQ(o.verdict.nat->kind, TargetKind::kDnat);
  EXPECT_EQ(o.verdict.nat->new_dport, 8080);
  // nat-redirect-to-closed-port: nothing on 8081 -> RST -> refused.
  Ruleset closed = MustParse(
      "*nat\n-A PREROUTING -p tcp -m tcp --dport 10250 -j REDIRECT --to-ports 8081\nCOMMIT\n");
  ExpectProbe(closed, KubeletProbe(), kRefused, Dial(10250, "connect: connection refused"),
              /*listener=*/false);
}

TEST(ObservedCasesTest, NatRedirectFilterSeesNewPort) {
  Ruleset rs = MustParse(
      "*nat\n-A PREROUTING -p tcp -m tcp --dport 10250 -j REDIRECT --to-ports 8080\n"
      "-A PREROUTING -p tcp -m tcp --dport 10251 -j REDIRECT --to-ports 8080\nCOMMIT\n" +
      Filter("-A INPUT -p tcp -m tcp --dport 10250 -j ACCEPT\n"
             "-A INPUT -p tcp -m conntrack --ctorigdstport 10251 -j ACCEPT\n",
             "DROP"));
  ExpectProbe(rs, KubeletProbe(), kTimeout, Dial(10250, "i/o timeout"));
  ExpectProbe(rs, KubeletProbe(10251), kConnected);
}

}  // namespace
}  // namespace tunnelsim::netfilter
