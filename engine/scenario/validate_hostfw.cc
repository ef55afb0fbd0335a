// Host firewalls: each pool's ufw rules and iptables text, parsed by the models that evaluate them.
#include "engine/hostfw/host_firewall.h"
#include "engine/scenario/validate_scenario.h"

namespace tunnelsim {

void ValidateHostFirewalls(const Scenario& scenario, Diagnostics* diagnostics) {
  for (const NodePool& pool : scenario.node_pools) HostFirewall::Build(scenario, pool, diagnostics);
}

}  // namespace tunnelsim
