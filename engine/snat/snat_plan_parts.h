// Internal to engine/snat: the node groups and traffic sources of a SnatPlan
// (snat_sources.cc), which BuildSnatPlan (snat_config.cc) assembles with the provider and the
// tunnel. The grouping rules are in snat_config.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/diagnostics/diagnostics.h"
#include "engine/scenario/scenario.h"
#include "engine/snat/snat_config.h"

namespace tunnelsim::snatsim {

struct GroupLayout {
  std::vector<std::vector<int>> groups_of_pool;  // per node pool: remaining nodes' group first
  std::vector<int> remaining_group;              // per node pool: its other nodes' group, or -1
  std::map<std::string, int> node_group;         // split-off node name -> its group

  // The group that holds node `name` of pool `pool`, or -1 when the pool has no group.
  int GroupOfNode(size_t pool, const std::string& name) const;
};

// Fills plan->configs[0].groups, pool_of_group and node_of_group, and notes each split-off
// node. Reports and returns nullopt when no pool has nodes, or when --simulated-nodes would
// sample a NAT Gateway's nodes.
std::optional<GroupLayout> BuildGroups(const Scenario& scenario, SnatPlan* plan,
                                       Diagnostics* diagnostics);

// Fills plan->configs[0].sources and source_rates from the traffic entries. Reports (and
// returns false) what the simulation cannot take, such as UDP closed by FIN.
bool BuildSources(const Scenario& scenario, const GroupLayout& layout, SnatPlan* plan,
                  Diagnostics* diagnostics);

}  // namespace tunnelsim::snatsim
