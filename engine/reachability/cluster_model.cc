#include "engine/reachability/cluster_model.h"

#include <map>

#include <fmt/format.h>

#include "engine/network/nsg_build.h"
#include "engine/scenario/nodes.h"
#include "engine/topology/topology.h"
#include "models/cpa/cluster_status.h"
#include "models/cpa/params.h"
#include "models/konnectivity/placement.h"

namespace tunnelsim {
namespace {

// Without a configmap in the scenario, AKS's documented default ladder applies (the article's
// example; reference/konnectivity-cpa.md §B); it gives 2 agents below 100 nodes, as the fixed
// count before the autoscaler did.
constexpr const char* kAksDefaultLadder =
    R"({"nodesToReplicas":[[1,2],[100,3],[250,4],[500,5],[1000,6],[5000,10]]})";

std::string AgentPodName(const konnectivity::TunnelEndpoint& endpoint, size_t i) {
  return fmt::format("{}-{}", endpoint.pod_name, i);
}

int AgentReplicas(const Scenario& s, const std::vector<NodeModel>& nodes, std::string* source,
                  Diagnostics* d) {
  const TunnelSettings& t = s.cluster.tunnel;
  if (t.kind.value != "konnectivity") {
    *source = fmt::format("{} runs a single tunnel pod", t.kind.value);
    return 1;
  }
  if (t.agent.replicas.value > 0) {
    *source = "fixed in cluster.tunnel.agent.replicas";
    return static_cast<int>(t.agent.replicas.value);
  }
  std::map<std::string, std::string> data;
  for (const auto& [key, value] : t.autoscaler) data[key.value] = value.value;
  bool assumed = data.empty();
  if (assumed) data["ladder"] = kAksDefaultLadder;
  auto params = cpa::ParseConfigMapData(data);
  if (!params.ok()) {
    d->Error(s.file, t.autoscaler_pos, params.status().message());
    return -1;
  }
  // Every node schedulable and Ready; allocatable CPU taken as the VM's vCPUs.
  std::vector<cpa::NodeState> states;
  states.reserve(nodes.size());
  for (const NodeModel& node : nodes) {
    const NodePool& pool = s.node_pools[node.pool];
    int64_t cores = pool.cores.value > 0 ? pool.cores.value : CoresOfVmSize(pool.vm_size.value);
    states.push_back({cores * 1000, false, true});
  }
  cpa::ClusterStatus status = cpa::ComputeClusterStatus(states, cpa::CpaVersion::kV1_9_0);
  int replicas = cpa::ExpectedReplicas(*params, status);
  *source = fmt::format("{} ({}) at {} nodes and {} cores",
                        assumed ? "AKS's default autoscaler ladder" : "autoscaler",
                        cpa::ModeName(*params), status.schedulable_nodes, status.schedulable_cores);
  return replicas;
}

}  // namespace

const nsg::CompiledNsg* ClusterModel::SubnetNsg(size_t node) const {
  int i = pools[nodes[node].pool].subnet_nsg;
  return i < 0 ? nullptr : &nsgs[static_cast<size_t>(i)];
}

const nsg::CompiledNsg* ClusterModel::NicNsg(size_t node) const {
  int i = pools[nodes[node].pool].nic_nsg;
  return i < 0 ? nullptr : &nsgs[static_cast<size_t>(i)];
}

int ClusterModel::NsgIndex(std::string_view name) const {
  for (size_t i = 0; i < nsg_specs.size(); ++i) {
    if (nsg_specs[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::unique_ptr<ClusterModel> ClusterModel::Build(const Scenario& s, Diagnostics* d) {
  auto m = std::make_unique<ClusterModel>();
  m->scenario = &s;
  size_t errors_before = d->error_count();
  m->tags = BuildServiceTagContext(s);
  Ipv4Prefix pod_cidr = *Ipv4Prefix::Parse(s.cluster.pod_cidr.value);
  // Pod ranges are routed inside the VNet, so they belong to VirtualNetwork too.
  m->tags.virtual_network.push_back(pod_cidr);

  for (const NetworkSecurityGroupSpec& spec : s.network.network_security_groups) {
    auto group = BuildNsg(spec, s.file, d);
    if (!group) return nullptr;
    m->nsg_specs.push_back(std::move(*group));
  }
  m->nsgs.reserve(m->nsg_specs.size());
  for (const auto& group : m->nsg_specs)
    m->nsgs.push_back(nsg::CompiledNsg::Compile(group, m->tags));

  std::map<std::string, const Subnet*> subnets;
  for (const VirtualNetwork& vnet : s.network.vnets) {
    for (const Subnet& subnet : vnet.subnets) subnets[subnet.name.value] = &subnet;
  }
  for (const NodePool& pool : s.node_pools) {
    PoolModel& p = m->pools.emplace_back();
    p.spec = &pool;
    const Subnet* subnet = subnets.at(pool.subnet.value);
    p.subnet_name = subnet->name.value;
    p.subnet_prefix = *Ipv4Prefix::Parse(subnet->address_prefix.value);
    p.subnet_nsg = m->NsgIndex(subnet->network_security_group.value);
    p.nic_nsg = m->NsgIndex(pool.network_security_group.value);
    p.firewall = HostFirewall::Build(s, pool, d);
    if (!p.firewall) return nullptr;
  }

  std::vector<NodeInstance> instances = ExpandNodes(s);
  m->nodes.reserve(instances.size());
  for (size_t i = 0; i < instances.size(); ++i) {
    NodeModel& node = m->nodes.emplace_back();
    node.name = std::move(instances[i].name);
    node.pool = instances[i].pool;
    node.address = instances[i].address;
    node.pod_range = Ipv4Prefix(Ipv4Address(pod_cidr.network().value() + (uint32_t(i) << 8)), 24);
    node.context.AddAddress("eth0", node.address, m->pools[node.pool].subnet_prefix.length());
    PoolModel& pool = m->pools[node.pool];
    node.firewall = pool.firewall.get();
    for (const HostCommand& command : pool.spec->host_commands) {
      if (command.node.value != node.name) continue;
      m->node_firewalls.push_back(HostFirewall::Build(s, *pool.spec, d, node.name));
      if (!m->node_firewalls.back()) return nullptr;
      node.firewall = m->node_firewalls.back().get();
      break;
    }
    if (pool.node_count == 0) pool.first_node = i;
    ++pool.node_count;
  }

  const TunnelSettings& t = s.cluster.tunnel;
  m->tunnel_kind = *konnectivity::ParseTunnelKind(t.kind.value);
  if (!t.proxy_strategies.empty()) {
    m->strategies.clear();
    for (const LString& name : t.proxy_strategies) {
      m->strategies.push_back(*konnectivity::ParseProxyStrategy(name.value));
    }
  }
  const ApiServer& api = s.cluster.api_server;
  if (api.access.value == "public") {
    m->api_address = *Ipv4Address::Parse(api.public_ip.value);
  } else if (!api.private_ip.value.empty()) {
    m->api_address = *Ipv4Address::Parse(api.private_ip.value);
  } else if (api.access.value == "private" && !m->pools.empty()) {
    // AKS puts the private endpoint in the first pool's subnet (reference/azure.md §5); without
    // a given address tunnelsim takes the subnet's last usable one, which nodes never get.
    Ipv4Range range = m->pools[0].subnet_prefix.Range();
    m->api_address = Ipv4Address(range.last.value() - 1);
  }

  if (api.access.value != "vnetIntegration") {
    int replicas = AgentReplicas(s, m->nodes, &m->agent_count_source, d);
    if (replicas < 0) return nullptr;
    auto endpoint = konnectivity::EndpointOf(m->tunnel_kind);
    if (!t.agent.nodes.empty()) {
      std::map<std::string, size_t> by_name;
      for (size_t i = 0; i < m->nodes.size(); ++i) by_name[m->nodes[i].name] = i;
      for (int i = 0; i < replicas; ++i) {
        const LString& pinned = t.agent.nodes[static_cast<size_t>(i) % t.agent.nodes.size()];
        m->agents.push_back({by_name.at(pinned.value), AgentPodName(endpoint, m->agents.size())});
      }
      m->agent_count_source += "; placed on the pinned nodes";
    } else {
      std::vector<size_t> counts;
      for (const PoolModel& pool : m->pools) counts.push_back(pool.node_count);
      for (const auto& ref : konnectivity::SpreadReplicas(static_cast<size_t>(replicas), counts)) {
        m->agents.push_back(
            {m->pools[ref.pool].first_node + ref.index, AgentPodName(endpoint, m->agents.size())});
      }
    }
  }
  if (d->error_count() != errors_before) return nullptr;
  m->topology = Topology::Build(*m);
  return m;
}

}  // namespace tunnelsim
