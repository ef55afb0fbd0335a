#include "engine/scenario/nodes.h"

#include <array>
#include <map>
#include <utility>

#include <fmt/format.h>

namespace tunnelsim {
namespace {

uint64_t Fnv1a(std::string_view a, std::string_view b) {
  uint64_t h = 1469598103934665603ull;
  for (std::string_view part : {a, std::string_view("/"), b}) {
    for (char c : part) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
  }
  return h;
}

// VMSS computer names end in the instance id in base 36, six characters wide.
std::string Base36(size_t value, int width) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out(static_cast<size_t>(width), '0');
  for (int i = width - 1; i >= 0 && value > 0; --i) {
    out[static_cast<size_t>(i)] = kDigits[value % 36];
    value /= 36;
  }
  return out;
}

}  // namespace

std::string AksNodeName(std::string_view cluster, std::string_view pool, size_t index) {
  return fmt::format("aks-{}-{:08d}-vmss{}", pool, Fnv1a(cluster, pool) % 100000000ull,
                     Base36(index, 6));
}

std::optional<size_t> PoolOfNode(const Scenario& scenario, std::string_view name) {
  for (size_t p = 0; p < scenario.node_pools.size(); ++p) {
    const NodePool& pool = scenario.node_pools[p];
    for (int64_t i = 0; i < pool.count.value; ++i) {
      if (AksNodeName(scenario.metadata.name.value, pool.name.value, static_cast<size_t>(i)) ==
          name) {
        return p;
      }
    }
  }
  return std::nullopt;
}

std::vector<NodeInstance> ExpandNodes(const Scenario& scenario) {
  std::map<std::string, Ipv4Prefix> subnet_prefix;
  for (const VirtualNetwork& vnet : scenario.network.vnets) {
    for (const Subnet& subnet : vnet.subnets) {
      auto prefix = Ipv4Prefix::Parse(subnet.address_prefix.value);
      if (prefix.ok()) subnet_prefix[subnet.name.value] = *prefix;
    }
  }
  // Pools that share a subnet take addresses one after the other, in pool order.
  std::map<std::string, uint32_t> next_offset;
  std::vector<NodeInstance> nodes;
  for (size_t p = 0; p < scenario.node_pools.size(); ++p) {
    const NodePool& pool = scenario.node_pools[p];
    auto it = subnet_prefix.find(pool.subnet.value);
    if (it == subnet_prefix.end()) continue;
    uint32_t& offset = next_offset.try_emplace(pool.subnet.value, 4).first->second;
    for (int64_t i = 0; i < pool.count.value; ++i) {
      NodeInstance node;
      node.name =
          AksNodeName(scenario.metadata.name.value, pool.name.value, static_cast<size_t>(i));
      node.pool = p;
      node.index = static_cast<size_t>(i);
      node.address = Ipv4Address(it->second.network().value() + offset++);
      nodes.push_back(std::move(node));
    }
  }
  return nodes;
}

int CoresOfVmSize(std::string_view vm_size) {
  // Sizes whose digits are a model number rather than the vCPU count.
  static const std::map<std::string_view, int> kLegacy = {
      {"Standard_DS1_v2", 1},  {"Standard_DS2_v2", 2},   {"Standard_DS3_v2", 4},
      {"Standard_DS4_v2", 8},  {"Standard_DS5_v2", 16},  {"Standard_D1_v2", 1},
      {"Standard_D2_v2", 2},   {"Standard_D3_v2", 4},    {"Standard_D4_v2", 8},
      {"Standard_D5_v2", 16},  {"Standard_DS11_v2", 2},  {"Standard_DS12_v2", 4},
      {"Standard_DS13_v2", 8}, {"Standard_DS14_v2", 16}, {"Standard_D11_v2", 2},
      {"Standard_D12_v2", 4},  {"Standard_D13_v2", 8},   {"Standard_D14_v2", 16},
  };
  if (auto it = kLegacy.find(vm_size); it != kLegacy.end()) return it->second;
  // Current names: Standard_<family letters><vCPUs><feature letters>[_v<N>], e.g. D4s_v5,
  // E16ds_v5, B2ms, F8s_v2 (F-series v2 numbers are vCPUs too).
  std::string_view s = vm_size;
  if (!s.starts_with("Standard_")) return 0;
  s.remove_prefix(9);
  size_t i = 0;
  while (i < s.size() && s[i] >= 'A' && s[i] <= 'Z') ++i;
  if (i == 0) return 0;
  int cores = 0;
  size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 4) {
    cores = cores * 10 + (s[i] - '0');
    ++i;
    ++digits;
  }
  return digits == 0 ? 0 : cores;
}

}  // namespace tunnelsim
