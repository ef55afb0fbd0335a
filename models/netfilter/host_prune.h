// Which cells of the host-firewall differ's grid a set of changed rules can reach (internal to
// models/netfilter, filter_diff.h). A packet that no changed rule (host_cells.h RuleChanges)
// matches takes the same path through both rulesets, so only cells where some changed rule
// may match need evaluating. "May match" over-approximates: only conditions that hold all
// along the path are tested (protocol, source address, the fixed source port, the original
// destination port; the current destination port too when no NAT rule of either ruleset
// rewrites ports); every other condition is assumed to hold.
// Cost: O(changed rules) per row and per cell.
#pragma once

#include <cstdint>
#include <vector>

#include "models/core/protocol.h"
#include "models/netfilter/ruleset.h"

namespace tunnelsim::netfilter::internal {

// Whether any DNAT/REDIRECT of the nat tables of `a` or `b` sets a destination port.
bool NatRewritesPorts(const Ruleset& a, const Ruleset& b);

class CellFilter {
 public:
  // REQUIRES: `rules` outlive the filter.
  CellFilter(std::vector<const Rule*> rules, bool ports_stable, uint16_t source_port);

  // The changed rules (indices) that may match a packet of `protocol` from `source`.
  void RulesForRow(IpProtocol protocol, uint32_t source, std::vector<int>* out) const;
  // Whether one of `rules` may also match destination port `port` (0 for ICMP).
  bool AnyMatchesPort(const std::vector<int>& rules, IpProtocol protocol, uint16_t port) const;

 private:
  std::vector<const Rule*> rules_;
  bool ports_stable_;
  uint16_t source_port_;
};

}  // namespace tunnelsim::netfilter::internal
