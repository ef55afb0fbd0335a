// SnatAssumptions: the caller's values for the facts the reference leaves unconfirmed or calls
// subject to change (`tunnelsim snat --assume KEY=VALUE`), so a planner can see how much an
// answer rests on them. Unset fields keep the model's defaults (models/snat, README).
//
//   key                    default  where it comes from
//   lb-fin-hold            240s     LB port held after a FIN: 2020 docs only (azure.md §2.6, C4)
//   lb-rst-hold            15s      LB port held after a RST: 2020 docs only (§2.6, C4)
//   lb-ports-beyond-table  16       default ports per IP past 1,000 nodes, or `refuse` (§2.2)
//   nat-fin-hold           65s      NAT Gateway hold-down after FIN, "subject to change" (§4)
//   nat-rst-hold           16s      after RST (§4)
//   nat-udp-hold           65s      after a UDP flow's idle timeout (§4)
//   nat-idle-hold          0s       after a TCP idle timeout: undocumented (§4)
//   agent-duplicate-dial   10s      --sync-forever duplicate dials of a connected agent, or
//                                   `off` (version-sensitive, konnectivity-cpa.md C1)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/core/status.h"
#include "models/snat/sim_config.h"

namespace tunnelsim::snatsim {

struct SnatAssumptions {
  std::optional<double> lb_fin_hold_seconds;
  std::optional<double> lb_rst_hold_seconds;
  std::optional<std::optional<int>> lb_ports_beyond_table;  // inner nullopt: refuse
  std::optional<double> nat_fin_hold_seconds;
  std::optional<double> nat_rst_hold_seconds;
  std::optional<double> nat_udp_hold_seconds;
  std::optional<double> nat_idle_hold_seconds;
  std::optional<double> agent_duplicate_dial_seconds;  // 0: off
  std::vector<std::string> given;                      // "key=value" as given, in order
};

// Parses one KEY=VALUE into `out`. Errors name the key and say what was expected.
Status ParseAssumption(std::string_view key_value, SnatAssumptions* out);

// The keys and their defaults, for --help.
std::string AssumptionKeys();

void ApplyToLoadBalancer(const SnatAssumptions& a, snat::LoadBalancerSetup* lb);
void ApplyToNatGateway(const SnatAssumptions& a, snat::NatGatewayConfig* nat);
void ApplyToTunnel(const SnatAssumptions& a, snat::TunnelAgents* tunnel);

}  // namespace tunnelsim::snatsim
