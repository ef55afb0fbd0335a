// The nodes a scenario implies: each pool's `count` instances with AKS-shaped names and
// addresses from the pool's subnet. Deterministic: the same scenario always yields the same
// names and addresses, so reports and golden files are stable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scenario/scenario.h"
#include "models/core/ipv4.h"

namespace tunnelsim {

struct NodeInstance {
  std::string name;  // aks-<pool>-<8 digits>-vmss<6 base-36 digits>
  size_t pool = 0;   // index into Scenario::node_pools
  size_t index = 0;  // instance number within the pool
  Ipv4Address address;
};

// Azure keeps the first four addresses of a subnet and the last one (network, gateway, two
// DNS, broadcast), so a /24 holds 251 nodes.
inline constexpr uint64_t kAzureReservedAddressesPerSubnet = 5;

// The VMSS instance name AKS gives instance `index` of `pool`. The 8 digits stand for the hash
// AKS derives per cluster and pool; tunnelsim derives them from both names, stably.
std::string AksNodeName(std::string_view cluster, std::string_view pool, size_t index);

// The index of the pool one of whose `count` instances is named `name`, or nullopt. Needs only
// the names and counts, so it works on scenarios that are not validated yet. O(nodes).
std::optional<size_t> PoolOfNode(const Scenario& scenario, std::string_view name);

// REQUIRES: `scenario` passed ValidateScenario (subnets exist, prefixes parse, nodes fit).
std::vector<NodeInstance> ExpandNodes(const Scenario& scenario);

// The vCPU count Azure's size name implies ("Standard_D4s_v5" -> 4), or 0 when the name does
// not say it (older sizes such as Standard_DS3_v2 whose number is not the vCPU count are in a
// small table).
int CoresOfVmSize(std::string_view vm_size);

}  // namespace tunnelsim
