// The topology graph, the walks on it, its DOT drawing and the dial classes, on small
// scenarios written inline.
#include "engine/topology/topology.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "engine/reachability/check.h"
#include "engine/scenario/load_scenario.h"
#include "engine/topology/dial_classes.h"
#include "engine/topology/dot.h"
#include "engine/topology/placement.h"
#include "engine/topology/walk.h"

namespace tunnelsim {
namespace {

// Two subnets: `a` with a subnet NSG, `b` without; pool p (3 nodes) in a with a NIC NSG,
// pool q (2 nodes) in b; two agents spread by the scheduler.
std::string Scenario2(std::string_view api = "{access: public, publicIP: 20.61.10.5}",
                      std::string_view outbound = "loadBalancer", int p_count = 3) {
  return fmt::format(R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {{name: t}}
cluster:
  apiServer: {}
  tunnel:
    kind: konnectivity
    agent: {{replicas: 2}}
network:
  vnets:
    - name: v
      addressSpace: [10.224.0.0/12]
      subnets:
        - {{name: a, addressPrefix: 10.224.0.0/16, networkSecurityGroup: subnet-nsg}}
        - {{name: b, addressPrefix: 10.225.0.0/16}}
  networkSecurityGroups:
    - name: subnet-nsg
      securityRules: []
    - name: nic-nsg
      securityRules: []
nodePools:
  - {{name: p, count: {}, cores: 4, subnet: a, networkSecurityGroup: nic-nsg}}
  - {{name: q, count: 2, cores: 4, subnet: b}}
webhooks:
  - {{name: hook, namespace: n, service: s, targetPort: 8443, replicas: 3, nodePool: q}}
outbound: {{type: {}}}
)",
                     api, p_count, outbound);
}

struct Loaded {
  Scenario scenario;
  std::unique_ptr<ClusterModel> model;
  const Topology& topology() const { return *model->topology; }
};

std::unique_ptr<Loaded> Load(const std::string& text) {
  auto f = std::make_unique<Loaded>();
  Diagnostics d;
  auto scenario = LoadScenarioText(text, "t.yaml", ".", &d);
  EXPECT_TRUE(scenario.has_value()) << d.Format();
  if (!scenario) return nullptr;
  f->scenario = std::move(*scenario);
  f->model = ClusterModel::Build(f->scenario, &d);
  EXPECT_NE(f->model, nullptr) << d.Format();
  if (!f->model) return nullptr;
  return f;
}

// "host-output(eth0) nic-nsg(out) ..." for compact expectations.
std::string Describe(const std::vector<Crossing>& crossings) {
  std::string out;
  for (const Crossing& c : crossings) {
    if (!out.empty()) out += ' ';
    out += CrossingKindName(c.kind);
    if (c.kind == CrossingKind::kNicNsg || c.kind == CrossingKind::kSubnetNsg) {
      out += c.inbound ? "(in)" : "(out)";
    } else if (c.kind == CrossingKind::kHostOutput) {
      out += fmt::format("({})", c.out_interface);
    } else if (c.kind == CrossingKind::kHostInput) {
      out += fmt::format("({})", c.in_interface);
    } else if (c.kind == CrossingKind::kHostForward) {
      out += fmt::format("({}>{})", c.in_interface, c.out_interface);
    }
  }
  return out;
}

TEST(TopologyTest, FourVerticesPerNodePlusPodsAndFixedParts) {
  auto small = Load(Scenario2("{access: public, publicIP: 20.61.10.5}", "loadBalancer", 3));
  auto large = Load(Scenario2("{access: public, publicIP: 20.61.10.5}", "loadBalancer", 103));
  ASSERT_TRUE(small && large);
  const TopologyGraph& g = small->topology().graph();
  // API server, tunnel server, 1 VNet, 2 NSGs, 2 subnets, the load balancer = 8;
  // 5 nodes x 4; 2 agents; 3 webhook pods.
  EXPECT_EQ(boost::num_vertices(g), 8u + 20u + 2u + 3u);
  EXPECT_EQ(boost::num_vertices(large->topology().graph()) - boost::num_vertices(g), 400u);
  EXPECT_EQ(small->topology().info(small->topology().kubelet(4)).kind, VertexKind::kKubelet);
  EXPECT_EQ(small->topology().info(small->topology().nic(4)).index, 4u);
  EXPECT_EQ(small->topology().Label(small->topology().nic(0)),
            "NIC of " + small->model->nodes[0].name);
}

TEST(TopologyTest, TunnelCrossesNicThenSubnetNsgThenTheLoadBalancer) {
  auto f = Load(Scenario2());
  ASSERT_TRUE(f);
  const Topology& t = f->topology();
  std::vector<TopologyVertex> route = t.Route(t.node(0), t.tunnel_server());
  ASSERT_EQ(route.size(), 7u);  // node NIC subnet VNet LB API tunnel
  EXPECT_EQ(t.info(route[4]).kind, VertexKind::kLoadBalancer);
  EXPECT_EQ(Describe(CrossingsAlong(t, route, WalkDirection::kRequest)),
            "host-output(eth0) nic-nsg(out) subnet-nsg(out) egress authorized-ranges");
  EXPECT_EQ(Describe(CrossingsAlong(t, route, WalkDirection::kReply)), "host-input(eth0)");
  // Pool q has neither NSG.
  EXPECT_EQ(Describe(Walk(t, t.node(3), t.tunnel_server(), WalkDirection::kRequest)),
            "host-output(eth0) egress authorized-ranges");
}

TEST(TopologyTest, DialAcrossSubnetsCrossesBothSidesInAzureOrder) {
  auto f = Load(Scenario2());
  ASSERT_TRUE(f);
  const Topology& t = f->topology();
  std::vector<TopologyVertex> route = t.Route(t.node(3), t.kubelet(1));
  EXPECT_EQ(route.size(), 8u);  // node NIC b VNet a NIC node kubelet
  EXPECT_EQ(Describe(CrossingsAlong(t, route, WalkDirection::kRequest)),
            "host-output(eth0) subnet-nsg(in) nic-nsg(in) host-input(eth0)");
  EXPECT_EQ(Describe(CrossingsAlong(t, route, WalkDirection::kReply)),
            "host-output(eth0) host-input(eth0)");
  // Within subnet a: out through the source's NIC then subnet, in through subnet then NIC.
  std::vector<Crossing> same = Walk(t, t.node(0), t.kubelet(2), WalkDirection::kRequest);
  EXPECT_EQ(Describe(same),
            "host-output(eth0) nic-nsg(out) subnet-nsg(out) subnet-nsg(in) nic-nsg(in) "
            "host-input(eth0)");
  EXPECT_EQ(same[1].node, 0u);
  EXPECT_EQ(same[4].node, 2u);
  EXPECT_EQ(same[4].nsg, 1);
  EXPECT_EQ(same[2].nsg, 0);
}

TEST(TopologyTest, NsgEdgesAreNeverARoute) {
  auto f = Load(Scenario2());
  ASSERT_TRUE(f);
  const Topology& t = f->topology();
  // Both NICs point at nic-nsg; the route still goes through the subnet.
  std::vector<TopologyVertex> route = t.Route(t.nic(0), t.nic(1));
  ASSERT_EQ(route.size(), 3u);
  EXPECT_EQ(t.info(route[1]).kind, VertexKind::kSubnet);
}

TEST(TopologyTest, LocalDialsGoThroughLoopbackOrThePodBridge) {
  auto f = Load(Scenario2());
  ASSERT_TRUE(f);
  const Topology& t = f->topology();
  EXPECT_EQ(Describe(Walk(t, t.node(0), t.kubelet(0), WalkDirection::kRequest)),
            "host-output(lo) host-input(lo)");
  EXPECT_EQ(Describe(Walk(t, t.node(0), t.node(0), WalkDirection::kRequest)),
            "host-output(lo) host-input(lo)");
  EXPECT_EQ(Describe(Walk(t, t.node(0), t.pod_network(0), WalkDirection::kRequest)),
            "host-output(azv0)");
  EXPECT_EQ(Describe(Walk(t, t.node(0), t.pod_network(0), WalkDirection::kReply)),
            "host-input(azv0)");
  EXPECT_EQ(Describe(Walk(t, t.agent(0), t.kubelet(0), WalkDirection::kRequest)),
            "host-output(lo) host-input(lo)");
}

TEST(TopologyTest, PodsAreForwardedByTheirNode) {
  auto f = Load(Scenario2());
  ASSERT_TRUE(f);
  const Topology& t = f->topology();
  EXPECT_EQ(Describe(Walk(t, t.node(3), t.pod_network(4), WalkDirection::kRequest)),
            "host-output(eth0) host-forward(eth0>azv0)");
  EXPECT_EQ(Describe(Walk(t, t.node(3), t.pod_network(4), WalkDirection::kReply)),
            "host-forward(azv0>eth0) host-input(eth0)");
}

TEST(TopologyTest, PrivateClusterReachesTheApiServerThroughItsEndpoint) {
  auto f = Load(Scenario2("{access: private, privateIP: 10.224.255.250}"));
  ASSERT_TRUE(f);
  const Topology& t = f->topology();
  std::vector<TopologyVertex> route = t.Route(t.node(3), t.tunnel_server());
  // node NIC b VNet a endpoint API tunnel: the endpoint sits in the first pool's subnet.
  ASSERT_EQ(route.size(), 8u);
  EXPECT_EQ(t.info(route[5]).kind, VertexKind::kPrivateEndpoint);
  EXPECT_EQ(Describe(CrossingsAlong(t, route, WalkDirection::kRequest)),
            "host-output(eth0) egress");
  EXPECT_EQ(t.Label(route[5]), "private endpoint 10.224.255.250");
  // The load balancer still carries other egress, but does not reach the API server.
  EXPECT_EQ(t.info(t.egress_device()).kind, VertexKind::kLoadBalancer);
}

TEST(TopologyTest, OutboundTypePicksTheEgressDevice) {
  for (auto [type, kind] : {std::pair{"userDefinedRouting", VertexKind::kEgressFirewall},
                            std::pair{"none", VertexKind::kNoEgress},
                            std::pair{"managedNATGateway", VertexKind::kNatGateway}}) {
    auto f = Load(Scenario2("{access: public, publicIP: 20.61.10.5}", type));
    ASSERT_TRUE(f);
    const Topology& t = f->topology();
    std::vector<TopologyVertex> route = t.Route(t.node(0), t.tunnel_server());
    ASSERT_EQ(route.size(), 7u) << type;
    EXPECT_EQ(t.info(route[4]).kind, kind) << type;
  }
}

TEST(TopologyTest, VnetIntegrationHasNoTunnelAndTheApiServerDialsIntoTheVnet) {
  auto f = Load(Scenario2("{access: vnetIntegration}"));
  ASSERT_TRUE(f);
  const Topology& t = f->topology();
  EXPECT_FALSE(t.has_tunnel_server());
  EXPECT_EQ(Describe(Walk(t, t.api_server(), t.kubelet(1), WalkDirection::kRequest)),
            "subnet-nsg(in) nic-nsg(in) host-input(eth0)");
  EXPECT_EQ(Describe(Walk(t, t.api_server(), t.kubelet(1), WalkDirection::kReply)),
            "host-output(eth0)");
}

TEST(TopologyTest, RouteFromAnySourceMatchesThePrecomputedOnes) {
  auto f = Load(Scenario2());
  ASSERT_TRUE(f);
  const Topology& t = f->topology();
  // A node without an agent is searched on demand, an agent's node was searched at Build.
  size_t agent_node = f->model->agents[0].node;
  size_t other = agent_node == 1 ? 2 : 1;
  std::vector<TopologyVertex> fresh = t.Route(t.node(other), t.kubelet(agent_node));
  std::vector<TopologyVertex> back = t.Route(t.node(agent_node), t.kubelet(other));
  ASSERT_EQ(fresh.size(), back.size());
  EXPECT_EQ(fresh.front(), t.node(other));
  EXPECT_EQ(fresh.back(), t.kubelet(agent_node));
  for (size_t i = 0; i < fresh.size(); ++i) EXPECT_EQ(t.info(fresh[i]).kind, t.info(back[i]).kind);
  EXPECT_EQ(t.Route(t.node(1), t.node(1)), std::vector<TopologyVertex>{t.node(1)});
  // Nothing leads back out of the API server into the VNet on a public cluster.
  EXPECT_TRUE(t.Route(t.api_server(), t.kubelet(0)).empty());
}

TEST(TopologyTest, WebhookPodsArePlacedAsTheCheckPlacesThem) {
  auto f = Load(Scenario2());
  ASSERT_TRUE(f);
  CheckReport report = RunCheck(*f->model);
  ASSERT_EQ(report.webhooks.size(), 1u);
  EXPECT_EQ(PlaceWebhookPods(*f->model, f->scenario.webhooks[0]), report.webhooks[0].pod_nodes);
  const Topology& t = f->topology();
  size_t pods = 0;
  for (TopologyVertex v = 0; v < boost::num_vertices(t.graph()); ++v) {
    if (t.info(v).kind != VertexKind::kWebhookPod) continue;
    ++pods;
    std::vector<TopologyVertex> route = t.Route(t.node(3), v);
    ASSERT_GE(route.size(), 2u);
    EXPECT_EQ(t.info(route[route.size() - 2]).kind, VertexKind::kPodNetwork);
  }
  EXPECT_EQ(pods, 3u);
}

}  // namespace
}  // namespace tunnelsim

namespace tunnelsim {
namespace {

size_t CountOf(const std::string& text, std::string_view needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(TopologyDotTest, PoolsCollapseIntoOneVertexEach) {
  auto f = Load(Scenario2());
  ASSERT_TRUE(f);
  std::string dot = TopologyToDot(f->topology());
  EXPECT_TRUE(dot.starts_with("digraph topology {\n"));
  EXPECT_TRUE(dot.ends_with("}\n"));
  EXPECT_NE(dot.find("label=\"p x 3\\n10.224.0.4 - 10.224.0.6\", shape=box3d"), std::string::npos)
      << dot;
  EXPECT_NE(dot.find("label=\"q x 2\\n10.225.0.4 - 10.225.0.5\""), std::string::npos);
  EXPECT_NE(dot.find("label=\"NICs x 3\""), std::string::npos);
  EXPECT_NE(dot.find("label=\"NSG subnet-nsg\", shape=octagon"), std::string::npos);
  EXPECT_NE(dot.find("label=\"NSG nic-nsg\""), std::string::npos);
  EXPECT_NE(dot.find("label=\"load balancer outbound SNAT\", shape=diamond"), std::string::npos);
  EXPECT_NE(dot.find("label=\"konnectivity server :443\""), std::string::npos);
  EXPECT_NE(dot.find("label=\"konnectivity-agent-1\""), std::string::npos);
  EXPECT_EQ(CountOf(dot, "label=\"webhook hook pod "), 3u);
  // API, tunnel, VNet, 2 NSGs, 2 subnets, LB; 2 groups x 4; 2 agents; 3 webhook pods.
  EXPECT_EQ(CountOf(dot, "shape="), 8u + 8u + 2u + 3u);
  // One filtered-by edge per NIC group and one for the subnet; links drawn once.
  EXPECT_EQ(CountOf(dot, "[label=\"filtered-by\", style=dashed, arrowhead=none]"), 2u);
  EXPECT_EQ(CountOf(dot, "[label=\"routes-via\"]"), 2u);  // VNet -> LB -> API server
  EXPECT_EQ(CountOf(dot, "[label=\"hosts\", dir=both]"), 1u + 2u * 2u + 2u + 3u);
}

TEST(TopologyDotTest, WithoutCollapsingEveryNodeIsDrawn) {
  auto f = Load(Scenario2());
  ASSERT_TRUE(f);
  std::string dot = TopologyToDot(f->topology(), {.collapse_pools = false});
  for (const NodeModel& node : f->model->nodes) {
    EXPECT_NE(dot.find(fmt::format("label=\"{}\\n{}\"", node.name, node.address.ToString())),
              std::string::npos);
  }
  EXPECT_EQ(CountOf(dot, "shape="), 8u + 20u + 2u + 3u);
  EXPECT_EQ(CountOf(dot, "x 3"), 0u);
}

TEST(TopologyDotTest, ANodeWithItsOwnFirewallIsDrawnApart) {
  auto first = Load(Scenario2());
  ASSERT_TRUE(first);
  std::string name = first->model->nodes[1].name;
  std::string text = Scenario2();
  text.replace(text.find("networkSecurityGroup: nic-nsg}"), 30,
               "networkSecurityGroup: nic-nsg, hostFirewall: {commands: [{command: 'ufw enable', "
               "node: " +
                   name + "}]}}");
  auto f = Load(text);
  ASSERT_TRUE(f);
  ASSERT_NE(&f->model->Firewall(1), &f->model->Firewall(0));
  std::string dot = TopologyToDot(f->topology());
  EXPECT_NE(dot.find("label=\"p x 2\\n10.224.0.4 - 10.224.0.6\""), std::string::npos) << dot;
  EXPECT_NE(dot.find(fmt::format("label=\"{}\\n10.224.0.5\"", name)), std::string::npos);
  EXPECT_EQ(CountOf(dot, "shape="), 8u + 12u + 2u + 3u);
}

}  // namespace
}  // namespace tunnelsim

namespace tunnelsim {
namespace {

// Pools p (subnet a, 10.224.0.4-8) and q (subnet b, 10.225.0.4-8), with `rules` in the subnet
// NSG and `iptables` on pool p.
std::string ClassScenario(std::string_view rules, std::string_view iptables) {
  std::string text = fmt::format(R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {{name: c}}
cluster:
  apiServer: {{access: public, publicIP: 20.61.10.5}}
  tunnel: {{kind: konnectivity, agent: {{replicas: 3}}}}
network:
  vnets:
    - name: v
      addressSpace: [10.224.0.0/12]
      subnets:
        - {{name: a, addressPrefix: 10.224.0.0/16, networkSecurityGroup: g}}
        - {{name: b, addressPrefix: 10.225.0.0/16, networkSecurityGroup: g}}
  networkSecurityGroups:
    - name: g
      securityRules: [{}]
nodePools:
  - name: p
    count: 5
    cores: 4
    subnet: a
)",
                                 rules);
  if (!iptables.empty()) {
    text += "    hostFirewall:\n      iptables: |\n";
    for (std::string_view line :
         {"*filter", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]"}) {
      text += fmt::format("        {}\n", line);
    }
    text += fmt::format("        {}\n        COMMIT\n", iptables);
  }
  return text + "  - {name: q, count: 5, cores: 4, subnet: b}\n";
}

std::vector<uint32_t> ClassesOf(const ClusterModel& m) {
  DialClasses classes = DialClasses::Build(m);
  std::vector<uint32_t> out;
  for (size_t i = 0; i < m.nodes.size(); ++i) out.push_back(classes.of(i));
  return out;
}

TEST(DialClassesTest, PoolsAreClassesWhenNoRuleNamesANode) {
  auto f =
      Load(ClassScenario("{name: r, priority: 100, direction: Inbound, access: Deny, "
                         "protocol: Tcp, sourceAddressPrefix: 10.100.0.0/16, "
                         "destinationAddressPrefix: '*', destinationPortRange: '10250'}",
                         "-A INPUT -s 10.224.0.0/16 -p tcp --dport 10250 -j ACCEPT"));
  ASSERT_TRUE(f);
  EXPECT_EQ(ClassesOf(*f->model), (std::vector<uint32_t>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));
  EXPECT_EQ(DialClasses::Build(*f->model).count(), 2u);
}

TEST(DialClassesTest, ARuleNamingOneAddressSplitsTheClassThere) {
  // 10.224.0.6 is node 2; the addresses below and above it land in separate intervals.
  auto f =
      Load(ClassScenario("{name: r, priority: 100, direction: Inbound, access: Deny, "
                         "protocol: Tcp, sourceAddressPrefix: '*', "
                         "destinationAddressPrefix: 10.224.0.6, destinationPortRange: '*'}",
                         ""));
  ASSERT_TRUE(f);
  std::vector<uint32_t> c = ClassesOf(*f->model);
  EXPECT_EQ(c[0], c[1]);
  EXPECT_NE(c[1], c[2]);
  EXPECT_NE(c[2], c[3]);
  EXPECT_EQ(c[3], c[4]);
  EXPECT_EQ(c[5], c[9]);
  // The same from an iptables source match on pool p: it cuts q's addresses too.
  auto g =
      Load(ClassScenario("{name: r, priority: 100, direction: Inbound, access: Allow, "
                         "protocol: Tcp, sourceAddressPrefix: '*', "
                         "destinationAddressPrefix: '*', destinationPortRange: '22'}",
                         "-A INPUT -s 10.225.0.7/32 -j DROP"));
  ASSERT_TRUE(g);
  c = ClassesOf(*g->model);
  EXPECT_EQ(c[0], c[4]);
  EXPECT_EQ(c[5], c[7]);
  EXPECT_NE(c[7], c[8]);
}

// The guarantee itself: from any source, members of one class get hop-for-hop the same
// verdicts and deciding rules, on rules that name single nodes on both layers.
TEST(DialClassesTest, MembersOfAClassGetTheSameVerdictsFromEverySource) {
  auto f = Load(ClassScenario(
      "{name: r, priority: 100, direction: Inbound, access: Deny, protocol: Tcp, "
      "sourceAddressPrefix: 10.225.0.5, destinationAddressPrefix: '*', destinationPortRange: "
      "'10250'}",
      "-A INPUT -s 10.224.0.7 -p tcp --dport 10250 -j REJECT --reject-with tcp-reset"));
  ASSERT_TRUE(f);
  const ClusterModel& m = *f->model;
  DialClasses classes = DialClasses::Build(m);
  size_t pairs = 0, failing = 0;
  for (size_t s = 0; s < m.nodes.size(); ++s) {
    for (size_t a = 0; a < m.nodes.size(); ++a) {
      for (size_t b = a + 1; b < m.nodes.size(); ++b) {
        if (s == a || s == b || classes.of(a) != classes.of(b)) continue;
        PathResult pa = DialPath(m, s, a, m.nodes[a].address, 10250, false);
        PathResult pb = DialPath(m, s, b, m.nodes[b].address, 10250, false);
        ASSERT_EQ(pa.hops.size(), pb.hops.size());
        for (size_t h = 0; h < pa.hops.size(); ++h) {
          EXPECT_EQ(pa.hops[h].outcome, pb.hops[h].outcome) << s << " " << a << " " << b;
          EXPECT_EQ(pa.hops[h].decided_by, pb.hops[h].decided_by);
          EXPECT_EQ(pa.hops[h].where_class, pb.hops[h].where_class);
        }
        ++pairs;
        failing += pa.ok() ? 0 : 1;
      }
    }
  }
  EXPECT_GT(pairs, 20u);
  EXPECT_GT(failing, 0u);  // the rules do decide some of these dials
  // ... and the nodes those rules name are apart from their neighbours.
  EXPECT_NE(classes.of(3), classes.of(4));  // 10.224.0.7 (source of the REJECT)
  EXPECT_NE(classes.of(6), classes.of(7));  // 10.225.0.5 (source of the NSG deny)
}

}  // namespace
}  // namespace tunnelsim
