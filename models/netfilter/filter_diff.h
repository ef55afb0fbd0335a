// Exact differencing of a node's host firewall (iptables, ufw's chains included) for new
// connections arriving at the node: which (protocol, source address, destination port) get a
// different verdict after a change, as a few regions with an example packet each and the rule
// that decides before and after, as Evaluator::EvaluateInbound reports them (nat PREROUTING,
// then filter INPUT, or FORWARD when a DNAT sends the packet elsewhere).
//
// The flow space: TCP, UDP and ICMP (echo request by default) x every source address x every
// destination port, arriving on `in_interface` at the node's address, conntrack NEW, from one
// ephemeral source port.
// Design note. Only a few things about such a packet vary, and a rule tests them only against
// prefixes and port ranges: -s, --ctorigsrc, --dport, multiport destination ports,
// --ctorigdport, and -m addrtype --src-type (which depends on the node's own addresses). So
// every boundary of those in either ruleset (and of the node's addresses) cuts the source axis
// and the port axis into elementary intervals, and within one cell (protocol x source
// interval x port interval) every packet takes the same path through both rulesets. One
// representative per cell is evaluated under both; runs of cells with the same pair of
// verdicts are joined into rectangles row by row, then rectangles that differ in one dimension
// only are merged. Only cells that some changed rule may match are evaluated at all: a packet
// no changed rule matches meets the same matching rules in the same order on both sides
// (host_cells.h RuleChanges, host_prune.h), so its verdict cannot change. A changed built-in
// policy turns this off. (The one thing it ignores: EvalOptions::max_rule_visits counts
// visits of non-matching rules too, so an edit could in theory tip a path over that limit.)
// Opaque matches (-m set, recent, ...) are the evaluator's business: they give kUncertain
// verdicts, which are reported as such (HostChange::kUncertain), never as a change.
// Work: at most sources x (2 x ports + 1) cells, two evaluations each. When more than
// `max_cells` would need evaluating, only the cells around the boundaries of the changed rules
// (plus evenly spread ones) within that bound are, and the result says exhaustive = false.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "models/core/ipv4.h"
#include "models/core/port_range.h"
#include "models/core/protocol.h"
#include "models/core/result.h"
#include "models/netfilter/evaluator.h"

namespace tunnelsim::netfilter {

// Inside Linux's default ephemeral range, net.ipv4.ip_local_port_range = 32768 60999.
inline constexpr uint16_t kDefaultEphemeralSourcePort = 40000;

struct HostDiffOptions {
  // Where the flows arrive; by default NodeContext::PrimaryAddress(in_interface).
  std::optional<Ipv4Address> destination;
  std::string in_interface = "eth0";
  uint16_t source_port = kDefaultEphemeralSourcePort;
  uint8_t icmp_type = 8;  // echo request, as ping sends
  size_t max_cells = 2'000'000;
  // Also report cells whose outcome stays but whose deciding rule changes.
  bool report_rule_changes = false;
  EvalOptions eval;
};

// What one ruleset does with a cell's packets.
struct HostVerdict {
  VerdictKind kind = VerdictKind::kAccept;
  RejectType reject = RejectType::kIcmpPortUnreachable;  // kReject only
  // The deciding rule or policy; for kUncertain the rule whose opaque match decides.
  RuleRef rule;
  bool forwarded = false;  // a DNAT sent the packet through FORWARD instead of INPUT
  std::string reason;      // kUncertain / kError
};

enum class HostChange : uint8_t {
  kOpened,     // not accepted before, accepted after
  kClosed,     // accepted before, not after
  kChanged,    // another way of not accepting (DROP <-> REJECT), or another deciding rule
  kUncertain,  // a side's verdict depends on what the model cannot evaluate
};
std::string_view HostChangeName(HostChange change);  // "opened", "closed", ...

// Packets whose verdict differs: the product of the three lists, destination fixed.
struct HostFlowDelta {
  std::vector<IpProtocol> protocols;  // tcp, udp, icmp order
  std::vector<Ipv4Range> sources;     // sorted, disjoint
  // Sorted, disjoint; 0-65535 when no protocol of the delta has ports.
  std::vector<PortRange> destination_ports;
  // A packet of the region: TCP when possible, the lowest destination port (not 0 unless
  // alone), a source outside 0/8, 127/8 and 224/3 not ending in .0 or .255 when there is one.
  Packet example;
  HostVerdict before;
  HostVerdict after;
  HostChange change = HostChange::kChanged;
};

struct HostDiff {
  std::vector<HostFlowDelta> deltas;  // ordered by change, then verdicts, then region
  bool exhaustive = true;
  size_t cells = 0;            // of the whole grid
  size_t cells_evaluated = 0;  // those a changed rule may reach (or the sample), each twice
};

// Fails only when no destination is known (no HostDiffOptions::destination and no address on
// `in_interface`). REQUIRES: `node` is the node both rulesets belong to.
Result<HostDiff> DiffHostInput(const Ruleset& before, const Ruleset& after, const NodeContext& node,
                               const HostDiffOptions& options = {});

// "tcp 10.224.0.5 -> :10250", "tcp,udp * except 10.0.0.0/8 -> :1000-2000,3000",
// "icmp 10.224.0.0/16 ->". Address lists as nsg's FormatRegion prints them.
std::string FormatHostRegion(const HostFlowDelta& delta);
// "DROP by filter INPUT rule 3: -A INPUT -s 10.224.0.5/32 ... -j DROP", "ACCEPT by filter
// INPUT policy ACCEPT", "UNCERTAIN at filter INPUT rule 2: ...".
std::string FormatHostVerdict(const HostVerdict& verdict);

}  // namespace tunnelsim::netfilter
