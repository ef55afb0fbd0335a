// ClusterModel: a validated scenario compiled for analysis: every NSG compiled once, every
// pool's host firewall built once (pools are the equivalence classes of host rules), the nodes
// with their addresses, pod ranges and netfilter contexts, and where the tunnel's agents run.
// Built by Build() from a scenario that passed ValidateScenario; immutable afterwards, so
// analyses may share it across threads. Holds a pointer to the scenario: the scenario must
// outlive the model.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/diagnostics/diagnostics.h"
#include "engine/hostfw/host_firewall.h"
#include "engine/scenario/scenario.h"
#include "models/konnectivity/backend_selection.h"
#include "models/konnectivity/tunnel.h"
#include "models/netfilter/packet.h"
#include "models/nsg/evaluator.h"
#include "models/nsg/service_tags.h"

namespace tunnelsim {

class Topology;  // engine/topology/topology.h

struct PoolModel {
  const NodePool* spec = nullptr;
  std::string subnet_name;
  Ipv4Prefix subnet_prefix;
  int subnet_nsg = -1;  // index into ClusterModel::nsgs, -1 for none
  int nic_nsg = -1;
  std::unique_ptr<HostFirewall> firewall;
  size_t first_node = 0;  // nodes of pool p are nodes[first_node, first_node + count)
  size_t node_count = 0;
};

struct NodeModel {
  std::string name;
  size_t pool = 0;
  Ipv4Address address;
  Ipv4Prefix pod_range;  // this node's /24 of the pod CIDR
  netfilter::NodeContext context;
  const HostFirewall* firewall = nullptr;  // the pool's, or the node's own (host commands)
};

struct AgentModel {
  size_t node = 0;  // index into nodes
  std::string pod_name;
};

struct ClusterModel {
  const Scenario* scenario = nullptr;
  nsg::ServiceTagContext tags;
  std::vector<nsg::NetworkSecurityGroup> nsg_specs;
  std::vector<nsg::CompiledNsg> nsgs;
  std::vector<PoolModel> pools;
  std::vector<NodeModel> nodes;
  // Firewalls of nodes that host commands changed on their own (HostCommand::node).
  std::vector<std::unique_ptr<HostFirewall>> node_firewalls;

  konnectivity::TunnelKind tunnel_kind = konnectivity::TunnelKind::kKonnectivity;
  std::vector<konnectivity::ProxyStrategy> strategies{konnectivity::ProxyStrategy::kDefault};
  std::vector<AgentModel> agents;
  // Where the replica count came from ("autoscaler ladder at 3 nodes", "fixed", ...).
  std::string agent_count_source;
  // What agents dial: the public IP, the private endpoint, or nothing (vnetIntegration).
  std::optional<Ipv4Address> api_address;
  // The model as a graph; the paths (path.h) walk it. Built last by Build().
  std::shared_ptr<const Topology> topology;

  // nullptr when the pool or node has none.
  const nsg::CompiledNsg* SubnetNsg(size_t node) const;
  const nsg::CompiledNsg* NicNsg(size_t node) const;
  const HostFirewall& Firewall(size_t node) const { return *nodes[node].firewall; }
  int NsgIndex(std::string_view name) const;

  // REQUIRES: `scenario` passed ValidateScenario. nullptr (with diagnostics) on problems the
  // validator cannot see alone, such as an invalid autoscaler configmap.
  static std::unique_ptr<ClusterModel> Build(const Scenario& scenario, Diagnostics* diagnostics);
};

}  // namespace tunnelsim
