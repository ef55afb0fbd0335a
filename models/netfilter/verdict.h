// The result of evaluating one packet's path through a node's iptables tables: what happens to
// the packet, which rule or policy decided it, which NAT translation applied, and, when the
// outcome depends on something the model cannot evaluate (an opaque match such as -m recent or
// -m statistic, an NFQUEUE target), the rule responsible instead of a guess.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/netfilter/packet.h"
#include "models/netfilter/ruleset.h"
#include "models/netfilter/target.h"

namespace tunnelsim::netfilter {

enum class VerdictKind : uint8_t {
  kAccept,  // every table on the path let the packet through
  kDrop,
  kReject,     // see Verdict::reject
  kUncertain,  // depends on an opaque match or target; see uncertain_at
  kError,      // the ruleset cannot be traversed (jump loop, too deep); see reason
};
std::string_view VerdictKindName(VerdictKind kind);  // "ACCEPT", "DROP", ...

// A rule, or a chain's policy (rule_number 0, text "policy DROP").
struct RuleRef {
  TableId table = TableId::kFilter;
  std::string chain;
  int rule_number = 0;
  std::string text;
  int source_line = 0;
  bool is_policy() const { return rule_number == 0; }
};

struct NatTranslation {
  TargetKind kind = TargetKind::kDnat;  // kDnat or kRedirect
  Ipv4Address original_dst;
  uint16_t original_dport = 0;
  Ipv4Address new_dst;
  uint16_t new_dport = 0;
  RuleRef rule;
};

// What one table did at one hook ("nat PREROUTING: ACCEPT by policy", "filter INPUT: DROP by
// rule 3").
struct TableStep {
  TableId table = TableId::kFilter;
  std::string hook;  // the built-in chain
  VerdictKind kind = VerdictKind::kAccept;
  RuleRef decided_by;
};

struct Verdict {
  VerdictKind kind = VerdictKind::kAccept;
  RejectType reject = RejectType::kIcmpPortUnreachable;  // for kReject
  RuleRef decided_by;  // the rule or policy that ended the last table evaluated
  std::vector<TableStep> steps;
  std::optional<NatTranslation> nat;
  Packet final_packet;     // as the last chain saw it (translated destination, marks)
  bool forwarded = false;  // inbound: the destination was not the node's, so filter FORWARD ran
  // kUncertain: the first rule whose opaque match (or target) could change the outcome.
  std::optional<RuleRef> uncertain_at;
  // Rules with opaque matches met on the path whose outcome could not be decided. When the
  // verdict is certain anyway, both outcomes were followed and led to the same verdict.
  std::vector<RuleRef> opaque_rules;
  // Other translations that are possible depending on opaque matches (e.g. kube-proxy's
  // -m statistic endpoint choice): the verdict holds for each of them.
  std::vector<NatTranslation> other_nat;
  std::string reason;  // kUncertain / kError: one line saying why
};

}  // namespace tunnelsim::netfilter
