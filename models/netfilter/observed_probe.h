// Test helper for the §9 observed cases: runs a probe through a ruleset the way the lab's
// client saw it (inbound verdict, then the node's SYN-ACK through filter OUTPUT) and compares
// the outcome and Go error.
#pragma once

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "models/netfilter/client_error.h"
#include "models/netfilter/test_util.h"

namespace tunnelsim::netfilter::testing {

constexpr auto kConnected = ClientOutcome::kConnected;
constexpr auto kRefused = ClientOutcome::kRefused;
constexpr auto kTimeout = ClientOutcome::kTimeout;
constexpr auto kUnreachable = ClientOutcome::kUnreachable;

struct Observation {
  ClientOutcome outcome;
  std::string error;  // Go's error line, "" when connected
  Verdict verdict;    // of the inbound (or local) path
};

// `listener`: whether something listens where the packet ends up (§9 "served by").
inline Observation Observe(const Ruleset& rs, const Packet& probe, bool listener = true,
                           bool from_node = false) {
  Evaluator ev(rs);
  NodeContext node = LabNode();
  Verdict v = from_node ? ev.EvaluateLocalOut(probe, node) : ev.EvaluateInbound(probe, node);
  VerdictKind kind = v.kind;
  RejectType reject = v.reject;
  if (kind == VerdictKind::kAccept && listener && probe.protocol == IpProtocol::kTcp) {
    Packet reply = ReplyTo(v.final_packet);
    Verdict r = from_node ? ev.EvaluateLocalOut(reply, node) : ev.EvaluateReply(reply, node);
    kind = r.kind;
    reject = r.reject;
  }
  ClientSymptom s = SymptomOf(kind, reject, probe.protocol, listener);
  return {s.outcome, GoClientError(s, probe), v};
}

inline void ExpectProbe(const Ruleset& rs, const Packet& probe, ClientOutcome outcome,
                        std::string_view error = "", bool listener = true, bool from_node = false) {
  Observation o = Observe(rs, probe, listener, from_node);
  EXPECT_EQ(ClientOutcomeName(o.outcome), ClientOutcomeName(outcome))
      << probe.dst.ToString() << ":" << probe.dport << " " << o.verdict.reason;
  if (!error.empty() || outcome == kConnected) {
    EXPECT_EQ(o.error, error);
  }
}

inline std::string Dial(uint16_t port, std::string_view what, std::string_view dst = "10.250.0.2") {
  return "dial tcp " + std::string(dst) + ":" + std::to_string(port) + ": " + std::string(what);
}

}  // namespace tunnelsim::netfilter::testing
