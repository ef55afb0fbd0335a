#include "engine/topology/placement.h"

#include "engine/reachability/cluster_model.h"

namespace tunnelsim {

std::vector<size_t> PlaceWebhookPods(const ClusterModel& m, const Webhook& webhook) {
  std::vector<size_t> candidates;
  if (!webhook.nodes.empty()) {
    for (const LString& name : webhook.nodes) {
      for (size_t i = 0; i < m.nodes.size(); ++i) {
        if (m.nodes[i].name == name.value) candidates.push_back(i);
      }
    }
  } else {
    for (const PoolModel& pool : m.pools) {
      if (pool.spec->name.value != webhook.node_pool.value) continue;
      for (size_t i = 0; i < pool.node_count; ++i) candidates.push_back(pool.first_node + i);
    }
  }
  std::vector<size_t> placement;
  if (candidates.empty()) return placement;
  for (int64_t i = 0; i < webhook.replicas.value; ++i) {
    placement.push_back(candidates[static_cast<size_t>(i) % candidates.size()]);
  }
  return placement;
}

}  // namespace tunnelsim
