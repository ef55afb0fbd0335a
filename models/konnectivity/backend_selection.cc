#include "models/konnectivity/backend_selection.h"

#include <fmt/format.h>

namespace tunnelsim::konnectivity {

Result<ProxyStrategy> ParseProxyStrategy(std::string_view text) {
  if (text == "default") return ProxyStrategy::kDefault;
  if (text == "destHost") return ProxyStrategy::kDestHost;
  if (text == "defaultRoute") return ProxyStrategy::kDefaultRoute;
  return Status::InvalidArgument(
      fmt::format("unknown proxy strategy '{}'; expected default, destHost or defaultRoute", text));
}

std::string_view ProxyStrategyName(ProxyStrategy strategy) {
  switch (strategy) {
    case ProxyStrategy::kDefault:
      return "default";
    case ProxyStrategy::kDestHost:
      return "destHost";
    case ProxyStrategy::kDefaultRoute:
      return "defaultRoute";
  }
  return "default";
}

namespace {

Selection Uniform(const std::vector<Agent>& agents, ProxyStrategy strategy, bool need_route) {
  Selection s;
  for (size_t i = 0; i < agents.size(); ++i) {
    if (agents[i].connected && (!need_route || agents[i].advertises_default_route)) {
      s.candidates.push_back({i, 0});
    }
  }
  for (Candidate& c : s.candidates) c.probability = 1.0 / static_cast<double>(s.candidates.size());
  if (!s.candidates.empty()) s.strategy = strategy;
  return s;
}

}  // namespace

Selection SelectBackend(const std::vector<ProxyStrategy>& strategies,
                        const std::vector<Agent>& agents, Ipv4Address destination_host) {
  for (ProxyStrategy strategy : strategies) {
    Selection s;
    switch (strategy) {
      case ProxyStrategy::kDefault:
        s = Uniform(agents, strategy, /*need_route=*/false);
        break;
      case ProxyStrategy::kDefaultRoute:
        s = Uniform(agents, strategy, /*need_route=*/true);
        break;
      case ProxyStrategy::kDestHost:
        // The earliest registered agent for that host; agents are given in registration order.
        for (size_t i = 0; i < agents.size(); ++i) {
          if (agents[i].connected && agents[i].advertises_node_ip &&
              agents[i].node_address == destination_host) {
            s.candidates.push_back({i, 1.0});
            s.strategy = strategy;
            break;
          }
        }
        break;
    }
    if (!s.candidates.empty()) return s;
  }
  return {};
}

}  // namespace tunnelsim::konnectivity
