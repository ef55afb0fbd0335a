#include <gtest/gtest.h>

#include "models/konnectivity/backend_selection.h"
#include "models/konnectivity/placement.h"
#include "models/konnectivity/tunnel.h"

namespace tunnelsim::konnectivity {
namespace {

Ipv4Address Ip(const char* text) { return *Ipv4Address::Parse(text); }

TEST(TunnelTest, EndpointsFollowTheArticle) {
  EXPECT_EQ(EndpointOf(TunnelKind::kKonnectivity).port, 443);
  EXPECT_EQ(EndpointOf(TunnelKind::kTunnelFront).port, 9000);
  EXPECT_EQ(EndpointOf(TunnelKind::kTunnelFront).protocol, IpProtocol::kTcp);
  EXPECT_EQ(EndpointOf(TunnelKind::kAksLink).port, 1194);
  EXPECT_EQ(EndpointOf(TunnelKind::kAksLink).protocol, IpProtocol::kUdp);
  EXPECT_EQ(ParseTunnelKind("aks-link"), TunnelKind::kAksLink);
  EXPECT_FALSE(ParseTunnelKind("Konnectivity").has_value());
}

TEST(BackendSelectionTest, DefaultIsUniformOverConnectedAgents) {
  std::vector<Agent> agents = {{Ip("10.0.0.4")}, {Ip("10.0.0.5")}, {Ip("10.0.0.6")}};
  agents[1].connected = false;
  Selection s = SelectBackend({ProxyStrategy::kDefault}, agents, Ip("10.0.0.9"));
  ASSERT_EQ(s.candidates.size(), 2u);
  EXPECT_EQ(s.candidates[0].agent, 0u);
  EXPECT_EQ(s.candidates[1].agent, 2u);
  EXPECT_DOUBLE_EQ(s.candidates[0].probability, 0.5);
  EXPECT_EQ(s.strategy, ProxyStrategy::kDefault);
}

TEST(BackendSelectionTest, NoConnectedAgentMeansNoAgentAvailable) {
  std::vector<Agent> agents = {{Ip("10.0.0.4")}};
  agents[0].connected = false;
  EXPECT_TRUE(SelectBackend({ProxyStrategy::kDefault}, agents, Ip("10.0.0.4")).candidates.empty());
  EXPECT_TRUE(SelectBackend({ProxyStrategy::kDefault}, {}, Ip("10.0.0.4")).candidates.empty());
}

TEST(BackendSelectionTest, DestHostNeedsAdvertisedAddressesThenFallsThrough) {
  std::vector<Agent> agents = {{Ip("10.0.0.4")}, {Ip("10.0.0.5")}};
  // AKS agents advertise default-route only: destHost never matches, defaultRoute decides.
  Selection aks = SelectBackend({ProxyStrategy::kDestHost, ProxyStrategy::kDefaultRoute}, agents,
                                Ip("10.0.0.5"));
  ASSERT_EQ(aks.candidates.size(), 2u);
  EXPECT_EQ(aks.strategy, ProxyStrategy::kDefaultRoute);
  // With advertised node IPs the agent on the destination node is chosen deterministically,
  // the earliest registered one first.
  agents.push_back({Ip("10.0.0.5")});
  for (Agent& a : agents) a.advertises_node_ip = true;
  Selection pinned = SelectBackend({ProxyStrategy::kDestHost, ProxyStrategy::kDefaultRoute}, agents,
                                   Ip("10.0.0.5"));
  ASSERT_EQ(pinned.candidates.size(), 1u);
  EXPECT_EQ(pinned.candidates[0].agent, 1u);
  EXPECT_DOUBLE_EQ(pinned.candidates[0].probability, 1.0);
  EXPECT_EQ(pinned.strategy, ProxyStrategy::kDestHost);
}

TEST(BackendSelectionTest, DefaultRouteSkipsAgentsWithoutTheIdentifier) {
  std::vector<Agent> agents = {{Ip("10.0.0.4")}, {Ip("10.0.0.5")}};
  agents[0].advertises_default_route = false;
  Selection s = SelectBackend({ProxyStrategy::kDefaultRoute}, agents, Ip("10.0.0.4"));
  ASSERT_EQ(s.candidates.size(), 1u);
  EXPECT_EQ(s.candidates[0].agent, 1u);
  // `default` registers every agent regardless.
  EXPECT_EQ(SelectBackend({ProxyStrategy::kDefault}, agents, Ip("10.0.0.4")).candidates.size(), 2u);
}

TEST(BackendSelectionTest, StrategyNamesAreCaseSensitive) {
  EXPECT_TRUE(ParseProxyStrategy("destHost").ok());
  EXPECT_FALSE(ParseProxyStrategy("desthost").ok());
  EXPECT_FALSE(ParseProxyStrategy("Default").ok());
  EXPECT_EQ(ProxyStrategyName(ProxyStrategy::kDefaultRoute), "defaultRoute");
}

TEST(PlacementTest, OnePerNodeRoundRobinOverPools) {
  auto p = SpreadReplicas(3, {2, 5});
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0], (NodeRef{0, 0}));
  EXPECT_EQ(p[1], (NodeRef{1, 0}));
  EXPECT_EQ(p[2], (NodeRef{0, 1}));
}

TEST(PlacementTest, StacksWhenReplicasOutnumberNodes) {
  auto p = SpreadReplicas(3, {2});
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[2], (NodeRef{0, 0}));
  EXPECT_TRUE(SpreadReplicas(2, {}).empty());
  EXPECT_TRUE(SpreadReplicas(2, {0, 0}).empty());
  EXPECT_TRUE(SpreadReplicas(0, {3}).empty());
}

}  // namespace
}  // namespace tunnelsim::konnectivity
