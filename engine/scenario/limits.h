// Bounds on what a scenario may contain. Scenarios arrive in pull requests, so every list and
// every text has a ceiling; the numbers follow Azure's own limits where Azure has one.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tunnelsim {

struct ScenarioLimits {
  size_t max_file_bytes = 16u << 20;         // the scenario or change set itself
  size_t max_iptables_bytes = 16u << 20;     // one node pool's iptables-save text
  int64_t max_nodes = 5000;                  // AKS: nodes per cluster
  int64_t max_nodes_per_pool = 1000;         // AKS: nodes per node pool
  size_t max_node_pools = 100;               // AKS: node pools per cluster
  size_t max_rules_per_nsg = 1000;           // reference/azure.md §1.6
  size_t max_prefixes_per_rule_side = 4000;  // reference/azure.md §1.6
  size_t max_nsgs = 500;
  size_t max_vnets = 100;
  size_t max_subnets_per_vnet = 3000;
  size_t max_authorized_ip_ranges = 200;  // reference/azure.md §5
  size_t max_workloads = 10000;
  int64_t max_replicas = 250000;
  size_t max_ufw_rules = 1000;
  size_t max_rate_points = 1000;  // points (or steps) of one traffic rate profile
  size_t max_list_items = 10000;  // any other list
  size_t max_changes = 10000;     // entries of one change set
};

}  // namespace tunnelsim
