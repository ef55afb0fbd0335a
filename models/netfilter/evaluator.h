// Evaluates a packet's path through a node's filter and nat tables exactly as netfilter does
// (reference/netfilter-ufw.md §1-2): rules in order, the first terminating match decides, -j
// pushes a return point and -g does not, RETURN or the end of a user chain resumes after the
// latest -j, RETURN or the end of a built-in chain applies its policy, non-terminating targets
// (LOG, MARK, ...) continue. NAT runs only for the first packet of a connection (ct NEW) and
// filter sees the translated destination.
//
// Paths:
//   EvaluateInbound:  nat PREROUTING, then filter INPUT when the (translated) destination is
//                     one of the node's addresses, else filter FORWARD (Verdict::forwarded;
//                     net.ipv4.ip_forward=1 as on AKS). REQUIRES: `node` lists the node's
//                     addresses, or every packet looks forwarded.
//   EvaluateLocalOut: nat OUTPUT, filter OUTPUT and, when the destination is the node's own,
//                     filter INPUT as arriving on "lo" (§1: local traffic re-enters via lo).
//   EvaluateReply:    filter OUTPUT for the node's reply (conntrack ESTABLISHED); build the
//                     reply with ReplyTo(verdict.final_packet) of the inbound evaluation.
// -m conntrack --ctorig* see the connection's first packet before NAT; for a reply, the
// original direction is the reply reversed.
// REDIRECT sends an incoming packet to the first address NodeContext lists for its interface
// (the destination is kept when none is listed) and a locally generated one to 127.0.0.1.
// mangle/raw/security are not evaluated.
//
// Opaque matches: a rule whose modelled matches hold but which also has an opaque match is
// followed both ways (matched and not matched). If every way gives the same verdict the
// verdict is certain; otherwise it is kUncertain naming the first such rule. Rules whose target
// is side-effect free (LOG, NFLOG, no target) are skipped without branching.
//
// Cost: O(rules visited) per path, no allocation per rule and no string comparison; traversal
// uses an explicit stack (no recursion). Chains with many "-d a.b.c.d/32" rules are indexed so
// only rules that can match the destination are visited, in their original order.
// Thread safety: const methods may run concurrently.
#pragma once

#include <memory>

#include "models/netfilter/packet.h"
#include "models/netfilter/ruleset.h"
#include "models/netfilter/verdict.h"

namespace tunnelsim::netfilter {

struct EvalOptions {
  // Deeper -j nesting is an error verdict. iptables-nft refuses more than 16 levels at load
  // time; legacy iptables allows more, so the default is generous.
  int max_jump_depth = 64;
  // Rule visits per path before giving up (catches -g loops, which never grow the stack).
  int max_rule_visits = 1'000'000;
  // Ways explored when opaque matches branch the path; more gives kUncertain.
  int max_branches = 256;
  // Index long chains by exact destination (same verdicts; off only to measure the gain).
  bool index_long_chains = true;
};

class Evaluator {
 public:
  // REQUIRES: `ruleset` outlives the evaluator and is not modified while it is in use.
  // Builds the per-chain indexes: O(total rules).
  explicit Evaluator(const Ruleset& ruleset, EvalOptions options = {});
  ~Evaluator();
  Evaluator(Evaluator&&) noexcept;

  Verdict EvaluateInbound(const Packet& packet, const NodeContext& node) const;
  Verdict EvaluateLocalOut(const Packet& packet, const NodeContext& node) const;
  Verdict EvaluateReply(const Packet& packet, const NodeContext& node) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tunnelsim::netfilter
