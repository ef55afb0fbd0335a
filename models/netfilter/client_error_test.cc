// reference/netfilter-ufw.md §3: verdict -> wire reply -> Go error.
#include "models/netfilter/client_error.h"

#include <gtest/gtest.h>

namespace tunnelsim::netfilter {
namespace {

Packet TcpProbe() {
  Packet p;
  p.src = *Ipv4Address::Parse("10.250.0.1");
  p.dst = *Ipv4Address::Parse("10.250.0.2");
  p.sport = 42798;
  p.dport = 10250;
  return p;
}

TEST(ClientErrorTest, DropIsATimeoutAndAcceptConnects) {
  ClientSymptom drop =
      SymptomOf(VerdictKind::kDrop, RejectType::kIcmpPortUnreachable, IpProtocol::kTcp);
  EXPECT_EQ(drop.outcome, ClientOutcome::kTimeout);
  EXPECT_EQ(drop.wire, "none");
  EXPECT_EQ(GoClientError(drop, TcpProbe()), "dial tcp 10.250.0.2:10250: i/o timeout");
  ClientSymptom ok =
      SymptomOf(VerdictKind::kAccept, RejectType::kIcmpPortUnreachable, IpProtocol::kTcp);
  EXPECT_EQ(ok.outcome, ClientOutcome::kConnected);
  EXPECT_EQ(ok.wire, "syn-ack");
  EXPECT_EQ(GoClientError(ok, TcpProbe()), "");
  ClientSymptom closed = SymptomOf(VerdictKind::kAccept, RejectType::kIcmpPortUnreachable,
                                   IpProtocol::kTcp, /*listener_present=*/false);
  EXPECT_EQ(closed.outcome, ClientOutcome::kRefused);
  EXPECT_EQ(closed.wire, "rst");
  EXPECT_EQ(GoClientError(closed, TcpProbe()),
            "dial tcp 10.250.0.2:10250: connect: connection refused");
}

TEST(ClientErrorTest, EveryRejectTypeMapsToItsObservedError) {
  struct Row {
    RejectType type;
    ClientOutcome outcome;
    std::string_view wire;
    std::string_view error;
  };
  const Row rows[] = {
      {RejectType::kIcmpPortUnreachable, ClientOutcome::kRefused, "icmp 3/3 port-unreachable",
       "connect: connection refused"},
      {RejectType::kTcpReset, ClientOutcome::kRefused, "rst", "connect: connection refused"},
      {RejectType::kIcmpNetUnreachable, ClientOutcome::kUnreachable, "icmp 3/0 net-unreachable",
       "connect: network is unreachable"},
      {RejectType::kIcmpHostUnreachable, ClientOutcome::kUnreachable, "icmp 3/1 host-unreachable",
       "connect: no route to host"},
      {RejectType::kIcmpProtoUnreachable, ClientOutcome::kUnreachable,
       "icmp 3/2 protocol-unreachable", "connect: protocol not available"},
      {RejectType::kIcmpNetProhibited, ClientOutcome::kUnreachable, "icmp 3/9 net-prohibited",
       "connect: network is unreachable"},
      {RejectType::kIcmpHostProhibited, ClientOutcome::kUnreachable, "icmp 3/10 host-prohibited",
       "connect: no route to host"},
      {RejectType::kIcmpAdminProhibited, ClientOutcome::kUnreachable, "icmp 3/13 admin-prohibited",
       "connect: no route to host"},
  };
  for (const Row& row : rows) {
    ClientSymptom s = SymptomOf(VerdictKind::kReject, row.type, IpProtocol::kTcp);
    EXPECT_EQ(s.outcome, row.outcome) << RejectTypeName(row.type);
    EXPECT_EQ(s.wire, row.wire);
    EXPECT_EQ(s.error, row.error);
  }
}

TEST(ClientErrorTest, UdpErrorsComeFromTheRead) {
  Packet p = TcpProbe();
  p.protocol = IpProtocol::kUdp;
  p.dport = 53;
  EXPECT_EQ(
      GoClientError(
          SymptomOf(VerdictKind::kDrop, RejectType::kIcmpPortUnreachable, IpProtocol::kUdp), p),
      "read udp 10.250.0.1:42798->10.250.0.2:53: i/o timeout");
  p.dport = 54;
  p.sport = 39801;
  EXPECT_EQ(
      GoClientError(
          SymptomOf(VerdictKind::kReject, RejectType::kIcmpPortUnreachable, IpProtocol::kUdp), p),
      "read udp 10.250.0.1:39801->10.250.0.2:54: recvfrom: connection refused");
  EXPECT_EQ(
      SymptomOf(VerdictKind::kAccept, RejectType::kIcmpPortUnreachable, IpProtocol::kUdp, false)
          .error,
      "recvfrom: connection refused");
}

TEST(ClientErrorTest, UncertainVerdictsHaveNoClaimedError) {
  ClientSymptom s =
      SymptomOf(VerdictKind::kUncertain, RejectType::kIcmpPortUnreachable, IpProtocol::kTcp);
  EXPECT_EQ(s.outcome, ClientOutcome::kUnknown);
  EXPECT_EQ(GoClientError(s, TcpProbe()), "");
  EXPECT_EQ(ClientOutcomeName(ClientOutcome::kUnreachable), "unreachable");
}

}  // namespace
}  // namespace tunnelsim::netfilter
