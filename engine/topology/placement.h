// Where a webhook's replicas run: round-robin over its pinned nodes, or over its pool's nodes,
// as a scheduler without other constraints would. The same rule RunCheck applies to workloads
// and webhooks (engine/reachability/check.cc); topology_test checks the two agree.
// Cost: O(replicas + nodes of the pool), O(pinned x nodes) for pinned nodes.
#pragma once

#include <cstddef>
#include <vector>

#include "engine/scenario/scenario.h"

namespace tunnelsim {

struct ClusterModel;

// Node indices (into ClusterModel::nodes), one per replica; empty when no node qualifies.
std::vector<size_t> PlaceWebhookPods(const ClusterModel& model, const Webhook& webhook);

}  // namespace tunnelsim
