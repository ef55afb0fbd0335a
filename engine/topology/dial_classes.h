// DialClasses: nodes that are interchangeable as the target of a dial from another node.
// Two nodes share a class when they are in one pool (so behind the same NIC and subnet NSGs),
// use the same host firewall object, and no address condition anywhere in the model tells
// their addresses apart: the NSG rules' prefixes and resolved service tags, the platform
// addresses, and every firewall's -s / -d and conntrack --ctorigsrc / --ctorigdst conditions
// (all tables, ufw's generated chains included). The address types a node's tables can test
// (-m addrtype) are kept apart too: loopback, 0.0.0.0/8, broadcast, and each subnet's first and
// last address. Then every filter on a dial from a node S to either member sees packets that
// differ only in the member's own address, which no rule distinguishes, so every hop has the
// same verdict and rule; only the names and addresses printed in the hops differ.
// REQUIRES for that guarantee: the dial's source is neither member (a dial to the own node
// goes through lo, not through the NSGs).
// Cost: Build is O(rules of the NSGs and distinct firewalls + nodes) plus a sort of the
// address boundaries; of() is O(1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/core/ipv4.h"

namespace tunnelsim {

struct ClusterModel;

class DialClasses {
 public:
  static DialClasses Build(const ClusterModel& model);

  uint32_t of(size_t node) const { return class_of_[node]; }
  size_t count() const { return first_node_.size(); }
  size_t first_node(uint32_t dial_class) const { return first_node_[dial_class]; }
  // Where the address space is cut: an address's interval is the number of cuts <= it.
  const std::vector<uint32_t>& cuts() const { return cuts_; }
  size_t IntervalOf(Ipv4Address address) const;

 private:
  std::vector<uint32_t> cuts_;  // sorted, unique interval starts (0 implied)
  std::vector<uint32_t> class_of_;
  std::vector<size_t> first_node_;
};

}  // namespace tunnelsim
