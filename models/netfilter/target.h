// The target of an iptables rule (-j / -g): what happens when all its matches hold.
// Built-in verdicts, jumps to user chains (resolved to a chain index when the rule is added to
// a table), NAT translations and the non-terminating targets that change the packet (MARK,
// CONNMARK) are modelled; other extension targets are kept by name and options and classified
// as "continue" (LOG-like) or "opaque verdict" (NFQUEUE-like, which the evaluator cannot decide).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/core/ipv4.h"

namespace tunnelsim::netfilter {

enum class TargetKind : uint8_t {
  kNone,  // no -j: the rule only counts packets
  kAccept,
  kDrop,
  kReject,
  kReturn,
  kJump,  // -j USER-CHAIN
  kGoto,  // -g USER-CHAIN
  kDnat,
  kRedirect,
  kSnat,
  kMasquerade,
  kMark,           // changes nfmark, continues
  kConnmark,       // changes ctmark or restores nfmark from it, continues
  kLog,            // continues
  kContinue,       // another extension target that never decides (NFLOG, CT, TCPMSS, ...)
  kOpaqueVerdict,  // an extension target that decides in a way the model cannot (NFQUEUE, ...)
};

// --reject-with types (reference/netfilter-ufw.md §3 lists the client-visible result of each).
enum class RejectType : uint8_t {
  kIcmpNetUnreachable,
  kIcmpHostUnreachable,
  kIcmpPortUnreachable,  // the default
  kIcmpProtoUnreachable,
  kIcmpNetProhibited,
  kIcmpHostProhibited,
  kIcmpAdminProhibited,
  kTcpReset,
};
// Accepts the canonical names and iptables' aliases ("port-unreach", "tcp-rst", ...).
std::optional<RejectType> ParseRejectType(std::string_view name);
std::string_view RejectTypeName(RejectType type);  // canonical, as iptables-save prints it

// A NAT destination/source range: --to-destination [A[-B]][:P[-Q]], --to-ports P[-Q].
struct NatRange {
  bool has_address = false;
  Ipv4Address min_address;
  Ipv4Address max_address;
  bool has_ports = false;
  uint16_t min_port = 0;
  uint16_t max_port = 0;
  // One translation result, not a choice the kernel makes per connection.
  bool IsSingle() const { return min_address == max_address && min_port == max_port; }
  std::string ToString() const;  // "10.0.0.1:80", "10.0.0.1-10.0.0.3:80-81", ":81", "8080"
};

struct Target {
  TargetKind kind = TargetKind::kNone;
  std::string name;  // as written after -j/-g ("ACCEPT", "KUBE-SVC-X", "NFQUEUE"); empty for kNone
  int chain = -1;    // kJump/kGoto: index of the chain in the rule's table
  RejectType reject = RejectType::kIcmpPortUnreachable;
  NatRange nat;  // kDnat/kSnat: --to-*; kRedirect/kMasquerade: --to-ports only
  // kMark: nfmark = (nfmark & ~mark_mask) ^ mark_value (every MARK form reduces to this).
  // kConnmark: the same on ctmark, unless connmark_save/connmark_restore.
  uint32_t mark_value = 0;
  uint32_t mark_mask = 0;
  bool connmark_save = false;     // ctmark = (ctmark & ~ctmask) ^ (nfmark & nfmask)
  bool connmark_restore = false;  // nfmark = (nfmark & ~nfmask) ^ (ctmark & ctmask)
  uint32_t nfmask = 0xffffffffu;
  uint32_t ctmask = 0xffffffffu;
  // Options other than the fields above, one element per option with its arguments, in
  // iptables-save's order and quoting ("--log-prefix \"[UFW BLOCK] \"", "--random-fully",
  // "--set-xmark 0x4000/0x4000"). Part of rule equality.
  std::vector<std::string> options;
};

// Classifies a -j/-g name that is not a user chain. Empty when the name is not a target iptables
// knows, which then must be a chain of the rule's table.
std::optional<TargetKind> TargetKindForName(std::string_view name);

// True for the targets that end traversal of the current table when they fire.
bool IsTerminating(TargetKind kind);

}  // namespace tunnelsim::netfilter
