// Which agent the konnectivity server hands a dial to, as apiserver-network-proxy v0.32.1 (what
// AKS ships) decides (reference/konnectivity-cpa.md §C2):
//  - strategies are tried in order; the first that has a backend for the dial's host wins;
//  - `default` and `defaultRoute` pick uniformly at random among distinct connected agents
//    (`defaultRoute` only among agents advertising default-route=true), so the outcome of a
//    dial is a probability distribution over agents;
//  - `destHost` picks deterministically the earliest-registered agent that advertised the
//    dial's host (its node IP) and applies only to agents that advertise addresses; AKS's
//    agents advertise default-route only.
// A legacy tunnel (tunnel-front, aks-link) has one tunnel pod: every dial goes through it.
// Pure; cost O(strategies x agents).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "models/core/ipv4.h"
#include "models/core/result.h"

namespace tunnelsim::konnectivity {

enum class ProxyStrategy : uint8_t { kDefault, kDestHost, kDefaultRoute };

// Parses --proxy-strategies entries; names are case-sensitive as in the server's flag.
Result<ProxyStrategy> ParseProxyStrategy(std::string_view text);
std::string_view ProxyStrategyName(ProxyStrategy strategy);

struct Agent {
  Ipv4Address node_address;         // agents run on the host network: they dial from the node IP
  bool connected = true;            // the agent's tunnel to this server is up
  bool advertises_node_ip = false;  // --agent-identifiers=ipv4=<node IP>
  bool advertises_default_route = true;  // --agent-identifiers=default-route=true (AKS)
};

struct Candidate {
  size_t agent = 0;  // index into the agents given
  double probability = 0;
};

struct Selection {
  // Empty means no strategy had a backend: the dial fails with "No agent available".
  std::vector<Candidate> candidates;
  std::optional<ProxyStrategy> strategy;  // the strategy that chose
};

// Which agents a dial to `destination_host` may go to, and with what probability.
// REQUIRES: `strategies` is non-empty.
Selection SelectBackend(const std::vector<ProxyStrategy>& strategies,
                        const std::vector<Agent>& agents, Ipv4Address destination_host);

// The error the API server relays when no agent is connected (reference/konnectivity-cpa.md
// §C2: DIAL_RSP "No agent available").
inline constexpr std::string_view kNoAgentError = "No agent available";

}  // namespace tunnelsim::konnectivity
