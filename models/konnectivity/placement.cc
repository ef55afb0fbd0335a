#include "models/konnectivity/placement.h"

#include <algorithm>

namespace tunnelsim::konnectivity {

std::vector<NodeRef> SpreadReplicas(size_t replicas, const std::vector<size_t>& nodes_per_pool) {
  std::vector<NodeRef> order;
  size_t deepest =
      nodes_per_pool.empty() ? 0 : *std::max_element(nodes_per_pool.begin(), nodes_per_pool.end());
  // Round-robin over pools: node 0 of every pool, then node 1 of every pool, ... but only as
  // far as `replicas` needs, so the cost is O(replicas + pools).
  for (size_t index = 0; index < deepest && order.size() < replicas; ++index) {
    for (size_t pool = 0; pool < nodes_per_pool.size() && order.size() < replicas; ++pool) {
      if (index < nodes_per_pool[pool]) order.push_back({pool, index});
    }
  }
  if (order.empty()) return {};
  std::vector<NodeRef> placement;
  placement.reserve(replicas);
  for (size_t i = 0; i < replicas; ++i) placement.push_back(order[i % order.size()]);
  return placement;
}

}  // namespace tunnelsim::konnectivity
