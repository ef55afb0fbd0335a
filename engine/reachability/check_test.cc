// End-to-end semantics of the check analysis on small scenarios written inline.
#include "engine/reachability/check.h"

#include <gtest/gtest.h>

#include "engine/scenario/load_scenario.h"

namespace tunnelsim {
namespace {

constexpr const char* kBase = R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: t}
cluster:
  apiServer: {access: public, publicIP: 20.61.10.5}
  tunnel: {kind: konnectivity}
network:
  vnets:
    - name: v
      addressSpace: [10.224.0.0/12]
      subnets:
        - {name: s, addressPrefix: 10.224.0.0/16, networkSecurityGroup: nsg}
  networkSecurityGroups:
    - name: nsg
      securityRules:
        - {name: deny-kubelet, priority: 200, direction: Inbound, access: Deny, protocol: Tcp, sourceAddressPrefix: '*', destinationAddressPrefix: '*', destinationPortRange: '10250'}
nodePools:
  - name: p
    count: 4
    cores: 4
    subnet: s
)";

struct Fixture {
  Scenario scenario;
  std::unique_ptr<ClusterModel> model;
  CheckReport report;
};

std::unique_ptr<Fixture> Check(const std::string& extra) {
  auto f = std::make_unique<Fixture>();
  Diagnostics d;
  auto scenario = LoadScenarioText(std::string(kBase) + extra, "t.yaml", ".", &d);
  EXPECT_TRUE(scenario.has_value()) << d.Format();
  if (!scenario) return nullptr;
  f->scenario = std::move(*scenario);
  f->model = ClusterModel::Build(f->scenario, &d);
  EXPECT_NE(f->model, nullptr) << d.Format();
  if (!f->model) return nullptr;
  f->report = RunCheck(*f->model);
  return f;
}

constexpr const char* kWorkload =
    "workloads:\n  - {namespace: n, name: w, replicas: 4, nodePool: p}\n";

TEST(CheckTest, NsgBlockBetweenNodesLeavesOnlyTheLocalAgent) {
  auto f = Check(kWorkload);
  ASSERT_TRUE(f);
  // Two agents on nodes 0 and 1; the NSG blocks node-to-node 10250 but not lo.
  ASSERT_EQ(f->report.agents.size(), 2u);
  EXPECT_DOUBLE_EQ(f->report.kubelet[0].probability, 0.5);
  EXPECT_DOUBLE_EQ(f->report.kubelet[1].probability, 0.5);
  EXPECT_DOUBLE_EQ(f->report.kubelet[2].probability, 0.0);
  EXPECT_EQ(f->report.kubelet[2].cause_text, "dial tcp 10.224.0.6:10250: i/o timeout");
  EXPECT_EQ(f->report.kubelet[2].remedy.cause, 1);
  EXPECT_FALSE(f->report.AllWork());
}

TEST(CheckTest, DestHostWithAdvertisedAddressesPicksTheLocalAgent) {
  Diagnostics d;
  std::string text = std::string(kBase) + kWorkload;
  text.replace(text.find("tunnel: {kind: konnectivity}"), 28,
               "tunnel: {kind: konnectivity, proxyStrategies: [destHost, default], agent: "
               "{advertiseNodeIP: true}}");
  auto scenario = LoadScenarioText(text, "t.yaml", ".", &d);
  ASSERT_TRUE(scenario) << d.Format();
  auto model = ClusterModel::Build(*scenario, &d);
  CheckReport r = RunCheck(*model);
  EXPECT_DOUBLE_EQ(r.kubelet[0].probability, 1.0);
  EXPECT_DOUBLE_EQ(r.kubelet[2].probability, 0.0);  // no agent there: falls back to default
}

TEST(CheckTest, ReplyDroppedByInputPolicyTakesTheTunnelDown) {
  // INPUT policy DROP without an ESTABLISHED rule drops the API server's SYN-ACK.
  std::string text = std::string(kBase);
  text.replace(text.find("    subnet: s\n"), 14, R"(    subnet: s
    hostFirewall:
      iptables: |
        *filter
        :INPUT DROP [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        -A INPUT -p tcp -m tcp --dport 10250 -j ACCEPT
        COMMIT
)");
  Diagnostics d;
  auto scenario = LoadScenarioText(text + kWorkload, "t.yaml", ".", &d);
  ASSERT_TRUE(scenario) << d.Format();
  auto model = ClusterModel::Build(*scenario, &d);
  CheckReport r = RunCheck(*model);
  ASSERT_FALSE(r.agents.empty());
  EXPECT_FALSE(r.agents[0].up());
  EXPECT_TRUE(r.agents[0].path.first_block()->is_reply);
  EXPECT_TRUE(r.kubelet[3].no_agent);
  EXPECT_EQ(r.kubelet[3].cause_text, "No agent available");
}

TEST(CheckTest, AcceptingOnlyNewStallsTls) {
  std::string text = std::string(kBase);
  text.replace(text.find("    subnet: s\n"), 14, R"(    subnet: s
    hostFirewall:
      iptables: |
        *filter
        :INPUT DROP [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        -A INPUT -p tcp -m tcp --sport 443 -m conntrack --ctstate ESTABLISHED -j ACCEPT
        -A INPUT -p tcp -m tcp --sport 10250 -m conntrack --ctstate ESTABLISHED -j ACCEPT
        -A INPUT -i lo -j ACCEPT
        -A INPUT -p tcp -m tcp --dport 10250 -m conntrack --ctstate NEW -j ACCEPT
        COMMIT
)");
  text.replace(text.find("priority: 200, direction: Inbound, access: Deny"), 47,
               "priority: 200, direction: Inbound, access: Allow");
  Diagnostics d;
  auto scenario = LoadScenarioText(text + kWorkload, "t.yaml", ".", &d);
  ASSERT_TRUE(scenario) << d.Format();
  auto model = ClusterModel::Build(*scenario, &d);
  CheckReport r = RunCheck(*model);
  EXPECT_TRUE(r.agents[0].up());
  EXPECT_DOUBLE_EQ(r.kubelet[3].probability, 0.0);
  EXPECT_EQ(r.kubelet[3].cause_text, "net/http: TLS handshake timeout");
}

TEST(CheckTest, PrivateClusterTunnelNeedsNoEgress) {
  std::string text = std::string(kBase);
  text.replace(text.find("{access: public, publicIP: 20.61.10.5}"), 38, "{access: private}");
  text += "outbound: {type: none}\n";
  Diagnostics d;
  auto scenario = LoadScenarioText(text + kWorkload, "t.yaml", ".", &d);
  ASSERT_TRUE(scenario) << d.Format();
  auto model = ClusterModel::Build(*scenario, &d);
  ASSERT_TRUE(model->api_address.has_value());
  EXPECT_EQ(model->api_address->ToString(), "10.224.255.254");
  CheckReport r = RunCheck(*model);
  EXPECT_TRUE(r.agents[0].up());
}

TEST(CheckTest, OutboundTypeNoneTakesAPublicTunnelDown) {
  auto f = Check(std::string(kWorkload) + "outbound: {type: none}\n");
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->report.agents[0].up());
  EXPECT_TRUE(f->report.kubelet[0].no_agent);
  EXPECT_EQ(f->report.kubelet[0].remedy.cause, 4);
}

TEST(CheckTest, AuthorizedRangesMustHoldTheEgressIp) {
  std::string text = std::string(kBase);
  text.replace(text.find("{access: public, publicIP: 20.61.10.5}"), 38,
               "{access: public, publicIP: 20.61.10.5, authorizedIPRanges: [203.0.113.0/24]}");
  Diagnostics d;
  auto blocked =
      LoadScenarioText(text + kWorkload + "outbound: {publicIPs: [52.1.2.3]}\n", "t.yaml", ".", &d);
  ASSERT_TRUE(blocked) << d.Format();
  auto model = ClusterModel::Build(*blocked, &d);
  EXPECT_FALSE(RunCheck(*model).agents[0].up());
  auto allowed = LoadScenarioText(text + kWorkload + "outbound: {publicIPs: [203.0.113.9]}\n",
                                  "t.yaml", ".", &d);
  auto model2 = ClusterModel::Build(*allowed, &d);
  EXPECT_TRUE(RunCheck(*model2).agents[0].up());
}

TEST(CheckTest, EgressRulesResolveAzureCloudFromTheScenario) {
  std::string text = std::string(kBase);
  text.replace(text.find("  networkSecurityGroups:"), 0,
               "  serviceTags:\n    azureCloudRegions: {westeurope: [51.0.0.0/8]}\n");
  std::string egress =
      "outbound:\n  type: userDefinedRouting\n  egressFirewall:\n    rules:\n      - {name: api, "
      "protocol: Tcp, destinationAddresses: [AzureCloud.westeurope], destinationPorts: ['443'], "
      "action: Allow}\n";
  Diagnostics d;
  auto scenario = LoadScenarioText(text + kWorkload + egress, "t.yaml", ".", &d);
  ASSERT_TRUE(scenario) << d.Format();
  auto model = ClusterModel::Build(*scenario, &d);
  // 20.61.10.5 is not in the region's prefixes: the firewall's default deny applies.
  EXPECT_FALSE(RunCheck(*model).agents[0].up());
  text.replace(text.find("51.0.0.0/8"), 10, "20.61.0.0/16");
  auto inside = LoadScenarioText(text + kWorkload + egress, "t.yaml", ".", &d);
  ASSERT_TRUE(inside) << d.Format();
  auto model2 = ClusterModel::Build(*inside, &d);
  EXPECT_TRUE(RunCheck(*model2).agents[0].up());
}

TEST(CheckTest, VnetIntegrationDialsDirectly) {
  std::string text = std::string(kBase);
  text.replace(text.find("{access: public, publicIP: 20.61.10.5}"), 38,
               "{access: vnetIntegration, privateIP: 10.225.0.4}");
  Diagnostics d;
  auto scenario = LoadScenarioText(text + kWorkload, "t.yaml", ".", &d);
  ASSERT_TRUE(scenario) << d.Format();
  auto model = ClusterModel::Build(*scenario, &d);
  CheckReport r = RunCheck(*model);
  EXPECT_TRUE(r.direct);
  EXPECT_TRUE(r.agents.empty());
  // The NSG denies 10250 from anywhere: every node fails, with certainty.
  EXPECT_DOUBLE_EQ(r.kubelet[0].probability, 0.0);
}

TEST(CheckTest, WebhookProbabilityAveragesOverEndpointsAndAgents) {
  // Endpoints on nodes 0 and 1, agents on nodes 0 and 1; the NSG denies TCP 10250 between
  // nodes, so only the agent that shares the chosen endpoint's node gets through: 1/2.
  auto f = Check(std::string(kWorkload) +
                 "webhooks:\n  - {name: wh, namespace: n, service: s, targetPort: 10250, "
                 "replicas: 2, nodePool: p, failurePolicy: Ignore}\n");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->report.webhooks.size(), 1u);
  EXPECT_DOUBLE_EQ(f->report.webhooks[0].verdict.probability, 0.5);
  EXPECT_NE(f->report.AdmissionError(f->report.webhooks[0]).find("failed calling webhook \"wh\""),
            std::string::npos);
}

}  // namespace
}  // namespace tunnelsim
