// Topology: the cluster as a Boost.Graph, built once from a ClusterModel. Vertices are the
// things a packet of the tunnel passes or ends at: the API server and its tunnel server, agent
// pods, nodes, their NICs, kubelets and pod networks, webhook pods, subnets, VNets, NSGs and
// the egress device (load balancer, NAT gateway, egress firewall for user-defined routing, a
// blackhole for outbound type none, the private endpoint of a private cluster).
//
// Edges carry what a packet may follow: two-way links (a node hosts a pod, a NIC is attached
// to its node and its subnet, peered VNets) are stored as two directed edges, the second marked
// `mirror`; routes-via edges are one-way (a VNet's default route goes to the egress device,
// nothing comes back through it unasked); filtered-by edges tie a subnet or NIC to its NSG and
// are never followed: the NSG filters the NIC-subnet link, it is not a place on the way.
//
// Route() finds a packet's way by breadth-first search over the followable edges. The graph is
// built so that the shortest route is the real one (pods reach the wire only through their
// node, subnets meet in their VNet, the API server is reached only through the egress device or
// the private endpoint). Cost: Build is O(nodes + pods of webhooks + agents + subnets + NSGs),
// four vertices per node; it also runs one search per distinct agent node and one from the API
// server, so Route from those sources is O(route length); from any other source O(V + E).
// Immutable after Build; safe to share across threads. Holds a pointer to the model: the model
// must outlive the topology.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "models/core/ipv4.h"

namespace tunnelsim {

struct ClusterModel;

enum class VertexKind : uint8_t {
  kApiServer,
  kTunnelServer,  // konnectivity-server, or the legacy tunnel-front / aks-link endpoint
  kAgentPod,      // a tunnel agent (host network: it dials from its node's address)
  kNode,
  kNic,
  kKubelet,     // the node's kubelet (host network, port 10250)
  kPodNetwork,  // the node's pod range behind its bridge (pods dialled on their own address)
  kWebhookPod,
  kSubnet,
  kVnet,
  kNsg,
  kLoadBalancer,
  kNatGateway,
  kEgressFirewall,  // user-defined routing through a firewall
  kNoEgress,        // outbound type none: the route exists, nothing passes
  kPrivateEndpoint,
};
std::string_view VertexKindName(VertexKind kind);  // "api-server", "nic", "egress-firewall", ...
bool IsEgressDevice(VertexKind kind);              // load balancer ... private endpoint

enum class EdgeKind : uint8_t {
  kHosts,       // node -> agent pod, kubelet, pod network; pod network -> webhook pod;
                // API server -> tunnel server
  kAttachedTo,  // node -> NIC, NIC -> subnet, subnet -> VNet, API server -> VNet (integration)
  kPeeredWith,  // VNet -> VNet
  kRoutesVia,   // one-way: VNet -> egress device, subnet -> private endpoint, device -> API server
  kFilteredBy,  // subnet or NIC -> its NSG; never followed by a route
};
std::string_view EdgeKindName(EdgeKind kind);  // "hosts", "attached-to", ...

struct VertexInfo {
  VertexKind kind = VertexKind::kNode;
  // Node, NIC, kubelet, pod network: index into ClusterModel::nodes; agent pod: into agents;
  // subnet, VNet: into Topology::subnets() / vnets(); NSG: into ClusterModel::nsg_specs;
  // webhook pod: into Scenario::webhooks.
  uint32_t index = 0;
  uint32_t replica = 0;  // webhook pod: its replica number
};

struct EdgeInfo {
  EdgeKind kind = EdgeKind::kHosts;
  bool mirror = false;  // the return direction of a two-way link
};

using TopologyGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, VertexInfo, EdgeInfo>;
using TopologyVertex = TopologyGraph::vertex_descriptor;

struct TopologySubnet {
  std::string name;
  Ipv4Prefix prefix;
  int nsg = -1;  // index into ClusterModel::nsg_specs, -1 for none
  size_t vnet = 0;
};

struct TopologyVnet {
  std::string name;
  std::vector<std::string> address_space;
};

class Topology {
 public:
  // REQUIRES: `model` is complete (nodes, pools, agents, API address); it must outlive this.
  static std::shared_ptr<const Topology> Build(const ClusterModel& model);
  ~Topology();
  Topology(const Topology&) = delete;
  Topology& operator=(const Topology&) = delete;

  const TopologyGraph& graph() const { return graph_; }
  const ClusterModel& model() const { return *model_; }
  const VertexInfo& info(TopologyVertex v) const { return graph_[v]; }
  const std::vector<TopologySubnet>& subnets() const { return subnets_; }
  const std::vector<TopologyVnet>& vnets() const { return vnets_; }

  TopologyVertex api_server() const { return api_server_; }
  bool has_tunnel_server() const { return has_tunnel_server_; }
  TopologyVertex tunnel_server() const { return tunnel_server_; }  // REQUIRES has_tunnel_server
  TopologyVertex egress_device() const { return egress_device_; }
  TopologyVertex node(size_t i) const { return node_first_ + kPerNode * i; }
  TopologyVertex nic(size_t i) const { return node(i) + 1; }
  TopologyVertex kubelet(size_t i) const { return node(i) + 2; }
  TopologyVertex pod_network(size_t i) const { return node(i) + 3; }
  TopologyVertex agent(size_t i) const { return agent_first_ + i; }
  TopologyVertex subnet(size_t i) const { return subnet_first_ + i; }
  size_t subnet_of_node(size_t i) const;  // index into subnets()

  // The vertices from `from` to `to` inclusive along the fewest followable edges; {from} when
  // equal, empty when `to` cannot be reached.
  std::vector<TopologyVertex> Route(TopologyVertex from, TopologyVertex to) const;

  // A human-readable name of a vertex: the node's name, "NIC of <node>", "NSG <name>", ...
  std::string Label(TopologyVertex v) const;

 private:
  Topology() = default;
  static constexpr size_t kPerNode = 4;  // node, NIC, kubelet, pod network
  struct SearchTree {
    TopologyVertex source;
    std::vector<uint32_t> predecessor;  // kUnreached when not reached; source is its own
  };
  static constexpr uint32_t kUnreached = UINT32_MAX;

  SearchTree Search(TopologyVertex source) const;
  TopologyVertex AddVertex(VertexKind kind, uint32_t index, uint32_t replica = 0);
  void Link(TopologyVertex a, TopologyVertex b, EdgeKind kind);  // two-way
  void OneWay(TopologyVertex a, TopologyVertex b, EdgeKind kind);

  const ClusterModel* model_ = nullptr;
  TopologyGraph graph_;
  std::vector<TopologySubnet> subnets_;
  std::vector<TopologyVnet> vnets_;
  std::vector<size_t> pool_subnet_;  // per pool: index into subnets_
  TopologyVertex api_server_ = 0;
  TopologyVertex tunnel_server_ = 0;
  bool has_tunnel_server_ = false;
  TopologyVertex egress_device_ = 0;
  TopologyVertex node_first_ = 0;
  TopologyVertex agent_first_ = 0;
  TopologyVertex subnet_first_ = 0;
  std::vector<SearchTree> trees_;  // searches done at Build, for the frequent sources
};

}  // namespace tunnelsim
