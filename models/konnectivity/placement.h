// Where the tunnel's agent replicas run. AKS does not publish the konnectivity-agent's
// affinity or spread settings (reference/konnectivity-cpa.md §G), so tunnelsim places replica
// i on the i-th schedulable node, one replica per node, round-robin over the pools in the
// scenario's order (the system pool comes first in AKS clusters). Scenarios that know the real
// placement pin it (cluster.tunnel.agent.nodes). More replicas than nodes stack up again from
// the first node, as a scheduler without anti-affinity would.
#pragma once

#include <cstddef>
#include <vector>

namespace tunnelsim::konnectivity {

// `nodes_per_pool[p]` is the node count of pool p; returns (pool, index in pool) per replica.
struct NodeRef {
  size_t pool = 0;
  size_t index = 0;
  bool operator==(const NodeRef&) const = default;
};

std::vector<NodeRef> SpreadReplicas(size_t replicas, const std::vector<size_t>& nodes_per_pool);

}  // namespace tunnelsim::konnectivity
