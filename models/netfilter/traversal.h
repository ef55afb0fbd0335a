// Internal to the evaluator: the state of one way through a path of (table, hook) passes and
// the loop that walks chains with an explicit call stack. Positions are indices (table, chain,
// rule), turned into names and texts only when the Verdict is assembled.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/netfilter/evaluator.h"
#include "models/netfilter/rule_match.h"

namespace tunnelsim::netfilter {

inline constexpr int kMaxJumpDepthLimit = 128;

// A rule (rule >= 0) or the policy of a built-in chain (rule == -1).
struct Loc {
  TableId table = TableId::kFilter;
  int chain = -1;
  int rule = -1;
  bool operator==(const Loc&) const = default;
};

enum class End : uint8_t { kAccept, kDrop, kReject, kUncertain, kError };

// Why a way ended uncertain or in error.
enum class Why : uint8_t {
  kNone,
  kOpaqueTarget,     // NFQUEUE & co decide outside iptables
  kNatRange,         // DNAT/REDIRECT to a range picks one of several destinations
  kLoop,             // a jump or goto re-enters a chain that is still active
  kTooDeep,          // more -j nesting than EvalOptions::max_jump_depth
  kTooManyVisits,    // more rule visits than EvalOptions::max_rule_visits
  kTooManyBranches,  // more opaque branches than EvalOptions::max_branches
};

enum class PathKind : uint8_t { kInbound, kLocalOut, kReply };

struct NatRecord {
  bool applied = false;
  TargetKind kind = TargetKind::kDnat;
  uint32_t original_dst = 0;
  uint16_t original_dport = 0;
  uint32_t new_dst = 0;
  uint16_t new_dport = 0;
  Loc by;
};

struct StepRecord {
  TableId table = TableId::kFilter;
  int hook = -1;
  End end = End::kAccept;
  Loc by;
};

struct PathState {
  // Position.
  int pass = 0;  // next pass to start
  bool in_pass = false;
  bool finished = false;
  bool forwarded = false;  // routed to FORWARD instead of INPUT
  TableId table = TableId::kFilter;
  int hook = -1;   // built-in chain of the current pass
  int chain = -1;  // chain being walked
  uint32_t next = 0;
  int depth = 0;
  struct Frame {
    int chain;
    uint32_t next;
  };
  std::array<Frame, kMaxJumpDepthLimit> frames;
  int visits = 0;
  // Packet as it is now (marks, translated destination).
  PacketState pkt;
  std::string_view routed_out;  // the caller's out interface, for non-local destinations
  // Outcome.
  End end = End::kAccept;
  RejectType reject = RejectType::kIcmpPortUnreachable;
  Loc by;
  Why why = Why::kNone;
  NatRecord nat;
  std::array<StepRecord, 3> steps;
  int step_count = 0;
  bool branched = false;
  Loc first_branch;         // the first rule whose opaque match split the path
  std::vector<Loc> opaque;  // allocated only when an opaque match is met
};

// Per chain: when a chain is long, the rules that need an exact destination ("-d X/32"
// without "!") are grouped by X, so a walk visits only rules that can match the packet's
// destination plus the others, still in rule order.
struct ChainIndex {
  bool indexed = false;
  std::vector<uint32_t> other_rules;
  std::unordered_map<uint32_t, std::vector<uint32_t>> by_destination;
};

struct CompiledTable {
  const Table* table = nullptr;
  std::vector<ChainIndex> chains;
};

// Walks the current pass of `st` until it ends (st.in_pass false) or the way finishes.
// Branches for opaque matches are appended to `pending`.
void WalkPass(const CompiledTable& compiled, PathKind kind, const EvalOptions& options,
              const NodeContext& node, PathState& st, std::vector<PathState>& pending,
              int& branches);

// Builds the index of every long chain of `table` (none when `index` is false).
CompiledTable CompileTable(const Table& table, bool index);

}  // namespace tunnelsim::netfilter
