#include "engine/topology/topology.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>

#include "engine/reachability/cluster_model.h"
#include "engine/topology/placement.h"

namespace tunnelsim {
namespace {

// Routes never pass through an NSG: it filters the link it is tied to.
struct Followable {
  const TopologyGraph* graph = nullptr;
  bool operator()(TopologyGraph::edge_descriptor e) const {
    return (*graph)[e].kind != EdgeKind::kFilteredBy;
  }
};

class RecordPredecessor : public boost::default_bfs_visitor {
 public:
  explicit RecordPredecessor(std::vector<uint32_t>* predecessor) : predecessor_(predecessor) {}
  template <typename Edge, typename Graph>
  void tree_edge(Edge e, const Graph& g) const {
    (*predecessor_)[boost::target(e, g)] = static_cast<uint32_t>(boost::source(e, g));
  }

 private:
  std::vector<uint32_t>* predecessor_;
};

// What carries traffic out of the VNet, by outbound type (reference/azure.md §3, §4): anything
// that is not the load balancer, UDR or none is one of the NAT gateway types.
VertexKind EgressKindOf(const std::string& outbound_type) {
  if (outbound_type == "userDefinedRouting") return VertexKind::kEgressFirewall;
  if (outbound_type == "none") return VertexKind::kNoEgress;
  if (outbound_type == "loadBalancer") return VertexKind::kLoadBalancer;
  return VertexKind::kNatGateway;
}

int NsgIndexByName(const ClusterModel& m, const std::string& name) {
  if (name.empty()) return -1;
  for (size_t i = 0; i < m.nsg_specs.size(); ++i) {
    if (m.nsg_specs[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

std::string_view VertexKindName(VertexKind kind) {
  switch (kind) {
    case VertexKind::kApiServer:
      return "api-server";
    case VertexKind::kTunnelServer:
      return "tunnel-server";
    case VertexKind::kAgentPod:
      return "agent-pod";
    case VertexKind::kNode:
      return "node";
    case VertexKind::kNic:
      return "nic";
    case VertexKind::kKubelet:
      return "kubelet";
    case VertexKind::kPodNetwork:
      return "pod-network";
    case VertexKind::kWebhookPod:
      return "webhook-pod";
    case VertexKind::kSubnet:
      return "subnet";
    case VertexKind::kVnet:
      return "vnet";
    case VertexKind::kNsg:
      return "nsg";
    case VertexKind::kLoadBalancer:
      return "load-balancer";
    case VertexKind::kNatGateway:
      return "nat-gateway";
    case VertexKind::kEgressFirewall:
      return "egress-firewall";
    case VertexKind::kNoEgress:
      return "no-egress";
    case VertexKind::kPrivateEndpoint:
      return "private-endpoint";
  }
  return "?";
}

bool IsEgressDevice(VertexKind kind) {
  return kind == VertexKind::kLoadBalancer || kind == VertexKind::kNatGateway ||
         kind == VertexKind::kEgressFirewall || kind == VertexKind::kNoEgress ||
         kind == VertexKind::kPrivateEndpoint;
}

std::string_view EdgeKindName(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::kHosts:
      return "hosts";
    case EdgeKind::kAttachedTo:
      return "attached-to";
    case EdgeKind::kPeeredWith:
      return "peered-with";
    case EdgeKind::kRoutesVia:
      return "routes-via";
    case EdgeKind::kFilteredBy:
      return "filtered-by";
  }
  return "?";
}

TopologyVertex Topology::AddVertex(VertexKind kind, uint32_t index, uint32_t replica) {
  return boost::add_vertex(VertexInfo{kind, index, replica}, graph_);
}

void Topology::Link(TopologyVertex a, TopologyVertex b, EdgeKind kind) {
  boost::add_edge(a, b, EdgeInfo{kind, false}, graph_);
  boost::add_edge(b, a, EdgeInfo{kind, true}, graph_);
}

void Topology::OneWay(TopologyVertex a, TopologyVertex b, EdgeKind kind) {
  boost::add_edge(a, b, EdgeInfo{kind, false}, graph_);
}

size_t Topology::subnet_of_node(size_t i) const { return pool_subnet_[model_->nodes[i].pool]; }

Topology::~Topology() = default;

std::shared_ptr<const Topology> Topology::Build(const ClusterModel& m) {
  std::shared_ptr<Topology> shared(new Topology());
  Topology& t = *shared;
  t.model_ = &m;
  const Scenario& s = *m.scenario;
  const std::string& access = s.cluster.api_server.access.value;
  t.api_server_ = t.AddVertex(VertexKind::kApiServer, 0);
  // With API Server VNet Integration there is no tunnel: the API server sits in the VNet.
  if (access != "vnetIntegration") {
    t.tunnel_server_ = t.AddVertex(VertexKind::kTunnelServer, 0);
    t.has_tunnel_server_ = true;
    t.Link(t.api_server_, t.tunnel_server_, EdgeKind::kHosts);
  }

  std::map<std::string, size_t> subnet_by_name;
  for (const VirtualNetwork& vnet : s.network.vnets) {
    TopologyVnet& v = t.vnets_.emplace_back();
    v.name = vnet.name.value;
    for (const LString& cidr : vnet.address_space) v.address_space.push_back(cidr.value);
    for (const Subnet& subnet : vnet.subnets) {
      subnet_by_name[subnet.name.value] = t.subnets_.size();
      t.subnets_.push_back({subnet.name.value, *Ipv4Prefix::Parse(subnet.address_prefix.value),
                            NsgIndexByName(m, subnet.network_security_group.value),
                            t.vnets_.size() - 1});
    }
  }
  TopologyVertex vnet_first = boost::num_vertices(t.graph_);
  for (size_t i = 0; i < t.vnets_.size(); ++i) t.AddVertex(VertexKind::kVnet, uint32_t(i));
  // The VNets of one scenario form one cluster network, as the reachability model always took
  // them: each pair is peered.
  for (size_t i = 0; i < t.vnets_.size(); ++i) {
    for (size_t j = i + 1; j < t.vnets_.size(); ++j)
      t.Link(vnet_first + i, vnet_first + j, EdgeKind::kPeeredWith);
  }
  TopologyVertex nsg_first = boost::num_vertices(t.graph_);
  for (size_t i = 0; i < m.nsg_specs.size(); ++i) t.AddVertex(VertexKind::kNsg, uint32_t(i));
  t.subnet_first_ = boost::num_vertices(t.graph_);
  for (size_t i = 0; i < t.subnets_.size(); ++i) {
    TopologyVertex v = t.AddVertex(VertexKind::kSubnet, uint32_t(i));
    t.Link(v, vnet_first + t.subnets_[i].vnet, EdgeKind::kAttachedTo);
    if (t.subnets_[i].nsg >= 0)
      t.OneWay(v, nsg_first + size_t(t.subnets_[i].nsg), EdgeKind::kFilteredBy);
  }
  for (const PoolModel& pool : m.pools)
    t.pool_subnet_.push_back(subnet_by_name.at(pool.subnet_name));

  // Every VNet's default route leads to the egress device; only a public API server is
  // reached through it (a private one through its private endpoint, reference/azure.md §5).
  t.egress_device_ = t.AddVertex(EgressKindOf(s.outbound.type.value), 0);
  for (size_t i = 0; i < t.vnets_.size(); ++i)
    t.OneWay(vnet_first + i, t.egress_device_, EdgeKind::kRoutesVia);
  if (access == "public") t.OneWay(t.egress_device_, t.api_server_, EdgeKind::kRoutesVia);
  if (access == "private" && !m.pools.empty()) {
    // AKS puts the private endpoint in the first pool's subnet (reference/azure.md §5).
    TopologyVertex endpoint = t.AddVertex(VertexKind::kPrivateEndpoint, 0);
    t.OneWay(t.subnet(t.pool_subnet_[0]), endpoint, EdgeKind::kRoutesVia);
    t.OneWay(endpoint, t.api_server_, EdgeKind::kRoutesVia);
  }
  if (access == "vnetIntegration" && !m.pools.empty()) {
    t.Link(t.api_server_, vnet_first + t.subnets_[t.pool_subnet_[0]].vnet, EdgeKind::kAttachedTo);
  }

  t.node_first_ = boost::num_vertices(t.graph_);
  for (size_t i = 0; i < m.nodes.size(); ++i) {
    const PoolModel& pool = m.pools[m.nodes[i].pool];
    TopologyVertex node = t.AddVertex(VertexKind::kNode, uint32_t(i));
    TopologyVertex nic = t.AddVertex(VertexKind::kNic, uint32_t(i));
    TopologyVertex kubelet = t.AddVertex(VertexKind::kKubelet, uint32_t(i));
    TopologyVertex pods = t.AddVertex(VertexKind::kPodNetwork, uint32_t(i));
    t.Link(node, nic, EdgeKind::kAttachedTo);
    t.Link(nic, t.subnet(t.pool_subnet_[m.nodes[i].pool]), EdgeKind::kAttachedTo);
    if (pool.nic_nsg >= 0) t.OneWay(nic, nsg_first + size_t(pool.nic_nsg), EdgeKind::kFilteredBy);
    t.Link(node, kubelet, EdgeKind::kHosts);
    t.Link(node, pods, EdgeKind::kHosts);
  }
  t.agent_first_ = boost::num_vertices(t.graph_);
  for (size_t i = 0; i < m.agents.size(); ++i) {
    TopologyVertex agent = t.AddVertex(VertexKind::kAgentPod, uint32_t(i));
    t.Link(t.node(m.agents[i].node), agent, EdgeKind::kHosts);
  }
  for (size_t w = 0; w < s.webhooks.size(); ++w) {
    std::vector<size_t> placement = PlaceWebhookPods(m, s.webhooks[w]);
    for (size_t r = 0; r < placement.size(); ++r) {
      TopologyVertex pod = t.AddVertex(VertexKind::kWebhookPod, uint32_t(w), uint32_t(r));
      t.Link(t.pod_network(placement[r]), pod, EdgeKind::kHosts);
    }
  }

  // The sources `check` routes from: the API server (VNet integration) and every agent's node.
  t.trees_.push_back(t.Search(t.api_server_));
  for (const AgentModel& agent : m.agents) {
    TopologyVertex source = t.node(agent.node);
    bool known = std::any_of(t.trees_.begin(), t.trees_.end(),
                             [&](const SearchTree& tree) { return tree.source == source; });
    if (!known) t.trees_.push_back(t.Search(source));
  }
  return shared;
}

Topology::SearchTree Topology::Search(TopologyVertex source) const {
  SearchTree tree{source, std::vector<uint32_t>(boost::num_vertices(graph_), kUnreached)};
  tree.predecessor[source] = static_cast<uint32_t>(source);
  boost::filtered_graph<TopologyGraph, Followable> followable(graph_, Followable{&graph_});
  boost::breadth_first_search(followable, source,
                              boost::visitor(RecordPredecessor(&tree.predecessor)));
  return tree;
}

std::vector<TopologyVertex> Topology::Route(TopologyVertex from, TopologyVertex to) const {
  const SearchTree* tree = nullptr;
  for (const SearchTree& t : trees_) {
    if (t.source == from) tree = &t;
  }
  SearchTree fresh;
  if (!tree) {
    fresh = Search(from);
    tree = &fresh;
  }
  std::vector<TopologyVertex> route;
  if (tree->predecessor[to] == kUnreached) return route;
  for (TopologyVertex v = to; v != from; v = tree->predecessor[v]) route.push_back(v);
  route.push_back(from);
  std::reverse(route.begin(), route.end());
  return route;
}

std::string Topology::Label(TopologyVertex v) const {
  const ClusterModel& m = *model_;
  const VertexInfo& info = graph_[v];
  const Scenario& s = *m.scenario;
  switch (info.kind) {
    case VertexKind::kApiServer:
      return fmt::format("API server ({}) {}", s.cluster.api_server.access.value,
                         m.api_address ? m.api_address->ToString() : "in the VNet");
    case VertexKind::kTunnelServer: {
      auto endpoint = konnectivity::EndpointOf(m.tunnel_kind);
      return fmt::format("{} server :{}", konnectivity::TunnelKindName(m.tunnel_kind),
                         endpoint.port);
    }
    case VertexKind::kAgentPod:
      return m.agents[info.index].pod_name;
    case VertexKind::kNode:
      return m.nodes[info.index].name;
    case VertexKind::kNic:
      return "NIC of " + m.nodes[info.index].name;
    case VertexKind::kKubelet:
      return fmt::format("kubelet {}:{}", m.nodes[info.index].address.ToString(),
                         konnectivity::kKubeletPort);
    case VertexKind::kPodNetwork:
      return "pods " + m.nodes[info.index].pod_range.ToString();
    case VertexKind::kWebhookPod:
      return fmt::format("webhook {} pod {}", s.webhooks[info.index].name.value, info.replica);
    case VertexKind::kSubnet:
      return fmt::format("subnet {} {}", subnets_[info.index].name,
                         subnets_[info.index].prefix.ToString());
    case VertexKind::kVnet:
      return "VNet " + vnets_[info.index].name;
    case VertexKind::kNsg:
      return "NSG " + m.nsg_specs[info.index].name;
    case VertexKind::kLoadBalancer:
      return "load balancer outbound SNAT";
    case VertexKind::kNatGateway:
      return "NAT gateway SNAT";
    case VertexKind::kEgressFirewall:
      return "egress firewall (user-defined routing)";
    case VertexKind::kNoEgress:
      return "outbound type none";
    case VertexKind::kPrivateEndpoint:
      return "private endpoint " + (m.api_address ? m.api_address->ToString() : std::string());
  }
  return "?";
}

}  // namespace tunnelsim
