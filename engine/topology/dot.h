// TopologyToDot: the topology as a Graphviz digraph, for `tunnelsim graph`. Vertices are
// labelled with what a reader looks for (node names and addresses, subnet prefixes, NSG names,
// the egress device); filtered-by edges are dashed, two-way links drawn once with arrows at
// both ends. With collapse_pools, the nodes of a pool that share the pool's host firewall are
// drawn as one vertex "aks-nodepool1 x 3" (and their NICs, kubelets and pod networks likewise);
// a node with a firewall of its own stays a vertex of its own. Agent and webhook pods are
// always drawn one by one.
// Cost: O(V + E) of the topology; the text is O(pools + agents + webhook pods) when collapsed.
#pragma once

#include <string>

#include "engine/topology/topology.h"

namespace tunnelsim {

struct DotOptions {
  bool collapse_pools = true;
};

std::string TopologyToDot(const Topology& topology, const DotOptions& options = {});

}  // namespace tunnelsim
