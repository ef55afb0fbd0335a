// The grid the host-firewall differ evaluates (internal to models/netfilter, filter_diff.h):
// which source addresses and destination ports the rules of a ruleset can tell apart, cut into
// elementary intervals, and which of those to sample when the grid is too large.
// Collecting is O(rules); an Axis lookup is O(log intervals).
#pragma once

#include <cstdint>
#include <vector>

#include "models/netfilter/packet.h"
#include "models/netfilter/ruleset.h"

namespace tunnelsim::netfilter::internal {

struct ValueRange {
  uint32_t lo = 0;
  uint32_t hi = 0;
};

// The ranges rules test a new inbound packet's varying fields against.
struct Cuts {
  std::vector<ValueRange> sources;  // -s, --ctorigsrc
  std::vector<ValueRange> ports;    // --dport, multiport destination ports, --ctorigdport
  bool source_type_used = false;    // -m addrtype --src-type
};

// Adds the ranges of every rule of the evaluated tables (filter, nat).
void CollectCuts(const Ruleset& ruleset, Cuts* cuts);
void CollectCuts(const std::vector<const Rule*>& rules, Cuts* cuts);

// The rules of the evaluated tables that are not common to both rulesets, from either side.
// Per chain (by table and name), rules are paired by iptables-save text (k-th copy with k-th
// copy); the pairs whose order agrees on both sides (a longest increasing subsequence) are
// common, every other rule changed. So a packet that no changed rule matches meets the same
// matching rules in the same order on both sides. O(n log n) per chain.
struct RuleChanges {
  std::vector<const Rule*> rules;
  bool policies_differ = false;  // some built-in chain's policy (absent counts as ACCEPT)
};
RuleChanges FindRuleChanges(const Ruleset& before, const Ruleset& after);

// The address ranges -m addrtype --src-type can tell apart on `node` (packet.h: its own and
// broadcast addresses, 0/8, 127/8 on lo, 224/4, 255.255.255.255).
void AddAddressTypeCuts(const NodeContext& node, Cuts* cuts);

// One axis cut into elementary intervals [lo(i), hi(i)], i < size(), covering [0, max].
class Axis {
 public:
  Axis(const std::vector<ValueRange>& cuts, uint32_t max);

  size_t size() const { return starts_.size(); }
  uint32_t lo(size_t i) const { return starts_[i]; }
  uint32_t hi(size_t i) const { return i + 1 < starts_.size() ? starts_[i + 1] - 1 : max_; }
  size_t IndexOf(uint32_t value) const;

  // At most `budget` (>= 1) interval indices, sorted: those holding a value at or next to an
  // end of a range in `focus`, then evenly spread ones to fill the budget.
  std::vector<size_t> Sample(const std::vector<ValueRange>& focus, size_t budget) const;
  std::vector<size_t> All() const;

 private:
  std::vector<uint32_t> starts_;  // sorted, starts_[0] == 0
  uint32_t max_;
};

}  // namespace tunnelsim::netfilter::internal
