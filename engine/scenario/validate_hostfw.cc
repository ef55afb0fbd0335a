// Host firewalls: each pool's ufw rules, iptables text and host commands, parsed and replayed by
// the models that evaluate them; a node-specific command must name a node of its pool, and is
// replayed on that node's own copy of the pool's rules.
#include <set>

#include <fmt/format.h>

#include "engine/hostfw/host_firewall.h"
#include "engine/scenario/nodes.h"
#include "engine/scenario/validate_scenario.h"

namespace tunnelsim {

void ValidateHostFirewalls(const Scenario& scenario, Diagnostics* diagnostics) {
  for (const NodePool& pool : scenario.node_pools) {
    bool pool_ok = HostFirewall::Build(scenario, pool, diagnostics) != nullptr;
    std::set<std::string> checked;
    for (const HostCommand& command : pool.host_commands) {
      const std::string& node = command.node.value;
      if (node.empty() || !checked.insert(node).second) continue;
      std::optional<size_t> owner = PoolOfNode(scenario, node);
      if (!owner || &scenario.node_pools[*owner] != &pool) {
        const std::string& file = command.file.empty() ? scenario.file : command.file;
        diagnostics->Error(
            file, command.node.pos,
            fmt::format("node '{}' is not a node of pool '{}'; expected one of its {} nodes, "
                        "e.g. '{}' (`tunnelsim check --details` lists them)",
                        node, pool.name.value, pool.count.value,
                        AksNodeName(scenario.metadata.name.value, pool.name.value, 0)));
        continue;
      }
      // Pool-wide errors are already reported; only the node's own commands can add new ones.
      if (pool_ok) HostFirewall::Build(scenario, pool, diagnostics, node);
    }
  }
}

}  // namespace tunnelsim
