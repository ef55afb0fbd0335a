// Tests of WriteScenarioYaml: every bundled scenario and a scenario that sets every section
// survive load -> write -> load with the same values and no diagnostics, and write -> load ->
// write gives the same text; defaults are left out; strings that YAML readers would take for
// booleans, nulls or numbers are quoted; text a literal block cannot hold exactly is quoted.
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "engine/scenario/load_scenario.h"
#include "engine/scenario/nodes.h"
#include "engine/scenario/write_scenario.h"

namespace tunnelsim {
namespace {

// Field-by-field equality of two scenarios' values; positions and file names are not compared.
void ExpectSame(const LString& a, const LString& b);
void ExpectSame(const std::pair<LString, LString>& a, const std::pair<LString, LString>& b);
void ExpectSame(const std::pair<LString, std::vector<LString>>& a,
                const std::pair<LString, std::vector<LString>>& b);
void ExpectSame(const Subnet& a, const Subnet& b);
void ExpectSame(const VirtualNetwork& a, const VirtualNetwork& b);
void ExpectSame(const SecurityRuleSpec& a, const SecurityRuleSpec& b);
void ExpectSame(const NetworkSecurityGroupSpec& a, const NetworkSecurityGroupSpec& b);
void ExpectSame(const HostCommand& a, const HostCommand& b);
void ExpectSame(const NodePool& a, const NodePool& b);
void ExpectSame(const Workload& a, const Workload& b);
void ExpectSame(const Webhook& a, const Webhook& b);
void ExpectSame(const EgressFirewallRule& a, const EgressFirewallRule& b);
void ExpectSame(const RatePointSpec& a, const RatePointSpec& b);
void ExpectSame(const TrafficSpec& a, const TrafficSpec& b);

template <typename T>
void ExpectSameList(const std::vector<T>& a, const std::vector<T>& b, const char* what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(fmt::format("{}[{}]", what, i));
    ExpectSame(a[i], b[i]);
  }
}

#define SAME(field) EXPECT_EQ(a.field.value, b.field.value) << #field
#define SAME_LIST(field) ExpectSameList(a.field, b.field, #field)

void ExpectSame(const LString& a, const LString& b) { EXPECT_EQ(a.value, b.value); }
void ExpectSame(const std::pair<LString, LString>& a, const std::pair<LString, LString>& b) {
  SAME(first);
  SAME(second);
}
void ExpectSame(const std::pair<LString, std::vector<LString>>& a,
                const std::pair<LString, std::vector<LString>>& b) {
  SAME(first);
  SAME_LIST(second);
}
void ExpectSame(const Subnet& a, const Subnet& b) {
  SAME(name);
  SAME(address_prefix);
  SAME(network_security_group);
}
void ExpectSame(const VirtualNetwork& a, const VirtualNetwork& b) {
  SAME(name);
  SAME_LIST(address_space);
  SAME_LIST(peerings);
  SAME_LIST(subnets);
}
void ExpectSame(const SecurityRuleSpec& a, const SecurityRuleSpec& b) {
  SAME(name);
  SAME(priority);
  SAME(direction);
  SAME(access);
  SAME(protocol);
  SAME_LIST(source_address_prefixes);
  SAME_LIST(source_port_ranges);
  SAME_LIST(destination_address_prefixes);
  SAME_LIST(destination_port_ranges);
  EXPECT_EQ(a.description, b.description);
}
void ExpectSame(const NetworkSecurityGroupSpec& a, const NetworkSecurityGroupSpec& b) {
  SAME(name);
  SAME_LIST(security_rules);
}
void ExpectSame(const HostCommand& a, const HostCommand& b) {
  SAME(text);
  SAME(node);
}
void ExpectSame(const NodePool& a, const NodePool& b) {
  SAME(name);
  SAME(count);
  SAME(vm_size);
  SAME(cores);
  SAME(subnet);
  SAME(network_security_group);
  SAME(max_surge);
  SAME(max_count);
  SAME(ufw.enabled);
  SAME(ufw.default_incoming);
  SAME(ufw.default_outgoing);
  SAME_LIST(ufw.rules);
  EXPECT_EQ(a.iptables.present, b.iptables.present);
  EXPECT_EQ(a.iptables.text, b.iptables.text);
  SAME_LIST(host_commands);
}
void ExpectSame(const Workload& a, const Workload& b) {
  SAME(namespace_);
  SAME(name);
  SAME(replicas);
  SAME(node_pool);
  SAME_LIST(nodes);
  SAME(container_port);
}
void ExpectSame(const Webhook& a, const Webhook& b) {
  SAME(name);
  SAME(namespace_);
  SAME(service);
  SAME(target_port);
  SAME(replicas);
  SAME(node_pool);
  SAME_LIST(nodes);
  SAME(failure_policy);
}
void ExpectSame(const EgressFirewallRule& a, const EgressFirewallRule& b) {
  SAME(name);
  SAME(protocol);
  SAME_LIST(destination_addresses);
  SAME_LIST(destination_ports);
  SAME(action);
}
void ExpectSame(const RatePointSpec& a, const RatePointSpec& b) {
  SAME(at);
  SAME(per_second);
}
void ExpectSame(const TrafficSpec& a, const TrafficSpec& b) {
  SAME(name);
  SAME(from_node_pool);
  SAME(from_node);
  SAME(destination_address);
  SAME(destination_port);
  SAME(destination_protocol);
  EXPECT_EQ(a.rate.form, b.rate.form);
  SAME(rate.per_second);  // exact: the writer's numbers read back to the same double
  SAME(rate.from);
  SAME(rate.to);
  SAME(rate.start);
  SAME(rate.end);
  SAME_LIST(rate.points);
  SAME(arrivals);
  SAME(duration_seconds);
  SAME(duration_distribution);
  SAME(close);
  EXPECT_EQ(a.close.pos.known(), b.close.pos.known()) << "close given";
  SAME(pool_size);
  SAME(pool_keepalive);
}

void ExpectSameScenario(const Scenario& a, const Scenario& b) {
  SAME(metadata.name);
  EXPECT_EQ(a.metadata.description, b.metadata.description);
  SAME(cluster.api_server.access);
  SAME(cluster.api_server.public_ip);
  SAME(cluster.api_server.fqdn);
  SAME(cluster.api_server.private_ip);
  SAME_LIST(cluster.api_server.authorized_ip_ranges);
  SAME(cluster.tunnel.kind);
  SAME_LIST(cluster.tunnel.proxy_strategies);
  SAME(cluster.tunnel.server_count);
  SAME(cluster.tunnel.agent.requests.cpu);
  SAME(cluster.tunnel.agent.requests.memory);
  SAME(cluster.tunnel.agent.limits.cpu);
  SAME(cluster.tunnel.agent.limits.memory);
  SAME_LIST(cluster.tunnel.agent.nodes);
  SAME(cluster.tunnel.agent.replicas);
  SAME(cluster.tunnel.agent.advertise_node_ip);
  EXPECT_EQ(a.cluster.tunnel.load.present, b.cluster.tunnel.load.present);
  SAME(cluster.tunnel.load.logs_follow);
  SAME(cluster.tunnel.load.exec_sessions);
  SAME(cluster.tunnel.load.port_forwards);
  SAME(cluster.tunnel.load.webhook_calls_per_second);
  SAME(cluster.tunnel.load.webhook_latency_seconds);
  SAME(cluster.tunnel.load.api_calls_per_second);
  SAME(cluster.tunnel.load.api_latency_seconds);
  SAME(cluster.tunnel.load.streams_per_node);
  SAME(cluster.tunnel.load.base_memory);
  SAME(cluster.tunnel.load.memory_per_stream);
  SAME(cluster.tunnel.load.buffer_fill);
  SAME_LIST(cluster.tunnel.autoscaler);
  SAME(cluster.pod_cidr);
  SAME_LIST(network.vnets);
  SAME_LIST(network.service_tags.azure_cloud);
  SAME_LIST(network.service_tags.azure_cloud_regions);
  SAME_LIST(network.network_security_groups);
  SAME_LIST(node_pools);
  SAME_LIST(workloads);
  SAME_LIST(webhooks);
  SAME(outbound.type);
  SAME_LIST(outbound.public_ips);
  SAME(outbound.load_balancer.managed_outbound_ips);
  // Whether these were given matters: their defaults follow other fields.
  EXPECT_EQ(a.outbound.load_balancer.managed_outbound_ips.pos.known(),
            b.outbound.load_balancer.managed_outbound_ips.pos.known());
  EXPECT_EQ(a.outbound.nat_gateway.managed_outbound_ips.pos.known(),
            b.outbound.nat_gateway.managed_outbound_ips.pos.known());
  SAME(outbound.load_balancer.allocated_outbound_ports);
  SAME(outbound.load_balancer.idle_timeout_in_minutes);
  SAME(outbound.load_balancer.enable_tcp_reset);
  EXPECT_EQ(a.outbound.has_nat_gateway, b.outbound.has_nat_gateway);
  SAME(outbound.nat_gateway.managed_outbound_ips);
  SAME(outbound.nat_gateway.idle_timeout_in_minutes);
  SAME_LIST(outbound.egress_firewall);
  SAME_LIST(traffic);
}

#undef SAME
#undef SAME_LIST

Scenario LoadValid(const std::string& text) {
  Diagnostics d;
  std::optional<Scenario> s = LoadScenarioText(text, "original.yaml", "/nonexistent", &d);
  EXPECT_TRUE(s.has_value()) << d.Format();
  return s.value_or(Scenario{});
}

// Writes `original`, loads the text back (from no folder: it must not name files), checks the
// values and that writing again gives the same text. Returns the written text.
std::string ExpectRoundTrip(const Scenario& original) {
  std::string written = WriteScenarioYaml(original);
  Diagnostics d;
  std::optional<Scenario> reloaded = LoadScenarioText(written, "written.yaml", "/nonexistent", &d);
  EXPECT_TRUE(d.items().empty()) << d.Format() << "\n" << written;
  if (!reloaded) {
    ADD_FAILURE() << "the written scenario does not load:\n" << written;
    return written;
  }
  ExpectSameScenario(original, *reloaded);
  EXPECT_EQ(WriteScenarioYaml(*reloaded), written);
  return written;
}

TEST(WriteScenarioTest, EveryBundledScenarioRoundTrips) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(TUNNELSIM_SOURCE_ROOT) + "/scenarios")) {
    std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".yaml" && !name.ends_with(".change.yaml")) {
      files.push_back(entry.path());
    }
  }
  ASSERT_GE(files.size(), 10u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    Diagnostics d;
    std::optional<Scenario> original = LoadScenarioFile(file.string(), &d);
    ASSERT_TRUE(original.has_value()) << d.Format();
    ExpectRoundTrip(*original);
  }
}

TEST(WriteScenarioTest, DefaultsAreLeftOutAndRequiredFieldsKept) {
  Diagnostics d;
  std::optional<Scenario> s =
      LoadScenarioFile(std::string(TUNNELSIM_SOURCE_ROOT) + "/scenarios/contoso-prod.yaml", &d);
  ASSERT_TRUE(s.has_value()) << d.Format();
  std::string written = WriteScenarioYaml(*s);
  // contoso-prod spells out these defaults; the written copy does not.
  for (const char* omitted :
       {"access: public", "authorizedIPRanges", "kind: konnectivity", "nodes:", "hostFirewall",
        "iptables", "type: loadBalancer", "allocatedOutboundPorts", "idleTimeoutInMinutes",
        "enableTcpReset", "failurePolicy", "port: 443", "pool:"}) {
    EXPECT_EQ(written.find(omitted), std::string::npos) << omitted << " in\n" << written;
  }
  for (const char* kept :
       {"apiVersion: tunnelsim/v1\nkind: Scenario\nmetadata:\n  name: contoso-prod\n",
        "  description: Public cluster, Konnectivity tunnel", "publicIP: 20.61.10.5",
        "proxyStrategies: [default]", "requests: {cpu: 10m, memory: 30Mi}",
        R"(ladder: '{"nodesToReplicas":[[1,2],[100,3],[250,4],[500,5],[1000,6],[5000,10]]}')",
        "protocol: Tcp", "sourcePortRange: '*'", "destinationPortRange: '10250'", "count: 3",
        "replicas: 6", "destination: {address: 52.10.20.30}", "duration: 2s", "close: idle",
        // Given, and its default follows publicIPs: kept although it equals the default.
        "outbound:\n  loadBalancer:\n    managedOutboundIPs: 1\n"}) {
    EXPECT_NE(written.find(kept), std::string::npos) << kept << " not in\n" << written;
  }
}

TEST(WriteScenarioTest, MinimalScenarioIsWrittenExactly) {
  Scenario s = LoadValid(R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: minimal}
cluster: {apiServer: {access: public, publicIP: 20.61.10.5}, tunnel: {kind: konnectivity}}
network:
  vnets: [{name: aks-vnet, addressSpace: [10.224.0.0/12], subnets: [{name: aks-subnet, addressPrefix: 10.224.0.0/16}]}]
nodePools: [{name: nodepool1, count: 3, vmSize: Standard_D4s_v5, subnet: aks-subnet, maxSurge: 0}]
outbound: {type: loadBalancer, loadBalancer: {idleTimeoutInMinutes: 30}}
)");
  EXPECT_EQ(WriteScenarioYaml(s), R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata:
  name: minimal
cluster:
  apiServer:
    publicIP: 20.61.10.5
network:
  vnets:
    - name: aks-vnet
      addressSpace: [10.224.0.0/12]
      subnets:
        - name: aks-subnet
          addressPrefix: 10.224.0.0/16
nodePools:
  - name: nodepool1
    count: 3
    vmSize: Standard_D4s_v5
    subnet: aks-subnet
)");
}

// Every section and most optional fields, each away from its default.
std::string RichScenarioText() {
  std::string user0 = AksNodeName("rich", "user", 0);
  std::string system1 = AksNodeName("rich", "system", 1);
  return fmt::format(R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata:
  name: rich
  description: |
    Two pools behind a NAT gateway.
    Cause: a hand-edited node # and a colon.
cluster:
  apiServer:
    publicIP: 20.61.10.5
    fqdn: rich-1a2b3c.hcp.westeurope.azmk8s.io
    authorizedIPRanges: [52.20.0.1/32, 52.20.0.2/32, 198.51.100.0/24]
  tunnel:
    proxyStrategies: [destHost, default]
    serverCount: 3
    agent:
      resources:
        requests: {{cpu: '1', memory: 30Mi}}
        limits: {{cpu: 500m, memory: 125Mi}}
      nodes: [{system1}, {user0}]
      replicas: 4
      advertiseNodeIP: true
    load:
      logsFollow: 12.5
      execSessions: 3
      webhookCallsPerSecond: 40
      webhookLatency: 250ms
      apiLatency: 1m30s
      streamsPerNode: 0.1
      baseMemory: 20Mi
      memoryPerStream: 64Ki
      bufferFill: 0
    autoscaler:
      linear: '{{"coresPerReplica":256,"nodesPerReplica":16,"min":1,"max":100}}'
  podCidr: 10.200.0.0/16
network:
  vnets:
    - name: aks-vnet
      addressSpace: [10.224.0.0/12, 10.100.0.0/16]
      peerings: [10.50.0.0/16]
      subnets:
        - {{name: system-subnet, addressPrefix: 10.224.0.0/24, networkSecurityGroup: subnet-nsg}}
        - {{name: user-subnet, addressPrefix: 10.224.1.0/24}}
  serviceTags:
    azureCloud: [20.0.0.0/8, 52.0.0.0/8]
    azureCloudRegions:
      westeurope: [20.61.0.0/16]
      eastus: []
  networkSecurityGroups:
    - name: subnet-nsg
      securityRules:
        - name: allow-kubelet-from-peers
          priority: 150
          direction: Inbound
          access: Allow
          protocol: Tcp
          sourceAddressPrefixes: [10.50.0.0/16, 10.100.0.0/16]
          sourcePortRange: '*'
          destinationAddressPrefix: VirtualNetwork
          destinationPortRanges: ['10250', '443-445']
          description: 'kubelet #1: from the peered networks'
        - {{name: deny-all-in, priority: 4096, direction: Inbound, access: Deny, protocol: '*', sourceAddressPrefix: '*', destinationAddressPrefix: '*'}}
    - name: nic-nsg
nodePools:
  - name: system
    count: 2
    vmSize: Standard_D4s_v5
    subnet: system-subnet
    maxSurge: 1
    hostFirewall:
      ufw:
        enabled: true
        defaults: {{incoming: reject, outgoing: allow}}
        rules: ["allow 22/tcp", "allow from 10.224.0.0/16 to any port 10250 proto tcp"]
  - name: user
    count: 3
    vmSize: Standard_D8s_v5
    cores: 6
    subnet: user-subnet
    networkSecurityGroup: nic-nsg
    maxCount: 5
    hostFirewall:
      iptables: |
        *filter
        :INPUT ACCEPT [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        -A INPUT -i lo -j ACCEPT
        -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
        -A INPUT -i eth0 -p tcp -m tcp --dport 10250 -j DROP
        COMMIT
      commands:
        - ufw allow 10250
        - {{command: iptables -D INPUT 3, node: {user0}}}
workloads:
  - {{namespace: default, name: web, replicas: 0, nodePool: user, containerPort: 8080}}
  - {{namespace: ops, name: probe, nodes: [{user0}]}}
webhooks:
  - {{name: policy.rich.io, namespace: policy, service: policy-webhook, targetPort: 8443, replicas: 2, nodePool: system, failurePolicy: Ignore}}
  - {{name: pinned.rich.io, namespace: policy, service: pinned, nodes: [{system1}]}}
outbound:
  type: managedNATGateway
  publicIPs: [52.20.0.1, 52.20.0.2]
  natGateway: {{managedOutboundIPs: 2, idleTimeoutInMinutes: 10}}
traffic:
  - {{name: defaults, from: {{nodePool: system}}, destination: {{address: 20.61.10.5}}, connectionsPerSecond: 1}}
  - name: dns
    from: {{nodePool: user}}
    destination: {{address: 52.10.20.30, port: 53, protocol: Udp}}
    connectionsPerSecond: 0.0015
    duration: 2h
    close: rst
    pool: {{size: 8}}
)",
                     fmt::arg("user0", user0), fmt::arg("system1", system1));
}

TEST(WriteScenarioTest, RichScenarioKeepsEveryField) {
  Scenario original = LoadValid(RichScenarioText());
  ASSERT_FALSE(HasFailure());
  // The fixture really sets what the round trip is meant to cover.
  ASSERT_EQ(original.node_pools.size(), 2u);
  const NodePool& user = original.node_pools[1];
  ASSERT_EQ(user.host_commands.size(), 2u);
  EXPECT_EQ(user.host_commands[0].text.value, "ufw allow 10250");
  EXPECT_TRUE(user.host_commands[0].node.value.empty());
  EXPECT_EQ(user.host_commands[1].node.value, AksNodeName("rich", "user", 0));
  EXPECT_TRUE(user.iptables.present);
  EXPECT_TRUE(original.outbound.has_nat_gateway);
  EXPECT_DOUBLE_EQ(original.cluster.tunnel.load.api_latency_seconds.value, 90);
  ASSERT_EQ(original.network.service_tags.azure_cloud_regions.size(), 2u);

  std::string written = ExpectRoundTrip(original);
  for (const char* expected : {
           "  description: |\n    Two pools behind a NAT gateway.\n"
           "    Cause: a hand-edited node # and a colon.\n",
           "requests: {cpu: '1', memory: 30Mi}",
           "      commands:\n        - ufw allow 10250\n        - command: iptables -D INPUT 3\n",
           "      iptables: |\n        *filter\n",
           "sourceAddressPrefixes: [10.50.0.0/16, 10.100.0.0/16]",
           "destinationPortRanges: ['10250', 443-445]",
           "description: 'kubelet #1: from the peered networks'",
           "eastus: []",
           "webhookLatency: 250ms",
           "apiLatency: 90s",
           "bufferFill: 0\n",
           "duration: 2h",
           "connectionsPerSecond: 0.0015\n",
           "natGateway: {managedOutboundIPs: 2, idleTimeoutInMinutes: 10}",
           "destination: {address: 52.10.20.30, port: 53, protocol: Udp}",
           "pool: {size: 8}",
           "    replicas: 0\n",
       }) {
    EXPECT_NE(written.find(expected), std::string::npos) << expected << " not in\n" << written;
  }
}

TEST(WriteScenarioTest, IptablesFromAFileIsWrittenInline) {
  std::filesystem::path dir =
      std::filesystem::path(testing::TempDir()) / "write_scenario_test_iptables_file";
  std::filesystem::create_directories(dir);
  std::string rules =
      "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 10250 -j DROP\nCOMMIT\n";
  std::ofstream(dir / "node.rules") << rules;
  std::ofstream(dir / "scenario.yaml") << R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: from-file}
cluster: {apiServer: {publicIP: 20.61.10.5}}
network:
  vnets: [{name: v, addressSpace: [10.224.0.0/12], subnets: [{name: s, addressPrefix: 10.224.0.0/16}]}]
nodePools:
  - {name: np, count: 2, vmSize: Standard_D4s_v5, subnet: s, hostFirewall: {iptables: {file: node.rules}}}
)";
  Diagnostics d;
  std::optional<Scenario> s = LoadScenarioFile((dir / "scenario.yaml").string(), &d);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(s.has_value()) << d.Format();
  ASSERT_EQ(s->node_pools[0].iptables.file.value, "node.rules");
  // ExpectRoundTrip loads from a folder that does not exist: no file may be named.
  std::string written = ExpectRoundTrip(*s);
  EXPECT_EQ(written.find("file:"), std::string::npos) << written;
  EXPECT_NE(written.find("    hostFirewall:\n      iptables: |\n        *filter\n"
                         "        :INPUT ACCEPT [0:0]\n"
                         "        -A INPUT -p tcp --dport 10250 -j DROP\n        COMMIT\n"),
            std::string::npos)
      << written;
}

// A scenario whose names and texts YAML readers misread when written plain.
TEST(WriteScenarioTest, TrickyStringsReadBackIdentically) {
  Scenario original = LoadValid(R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata:
  name: 'no'
  description: "Cause: one\nsecond line # not a comment"
cluster:
  apiServer: {publicIP: 20.61.10.5}
  tunnel:
    agent: {resources: {requests: {cpu: '2', memory: '1e3'}}}
network:
  vnets:
    - name: 'yes'
      addressSpace: [10.224.0.0/12]
      subnets: [{name: 'off', addressPrefix: 10.224.0.0/16, networkSecurityGroup: 'null'}]
  networkSecurityGroups:
    - name: 'null'
      securityRules:
        - {name: 'y', priority: 100, direction: Inbound, access: Allow, protocol: '*', sourceAddressPrefix: '*', destinationAddressPrefix: '*', destinationPortRange: '10250', description: '# a, b: [c]'}
nodePools:
  - {name: 'on', count: 1, vmSize: Standard_D4s_v5, subnet: 'off'}
workloads:
  - {namespace: 'true', name: '0777', nodePool: 'on'}
  - {namespace: '-', name: 'a: b', nodePool: 'on'}
  - {namespace: "'quoted'", name: '@x', nodePool: 'on'}
  - {namespace: "tab\there", name: '2001-12-14', nodePool: 'on'}
  - {namespace: ' padded ', name: '1:30', nodePool: 'on'}
  - {namespace: '0x1F', name: '.inf', nodePool: 'on'}
  - {namespace: '', name: '=', nodePool: 'on'}
  - {namespace: '~', name: 'Off', nodePool: 'on'}
)");
  ASSERT_FALSE(HasFailure());
  ASSERT_EQ(original.workloads.size(), 8u);
  EXPECT_EQ(original.metadata.description, "Cause: one\nsecond line # not a comment");
  std::string written = ExpectRoundTrip(original);
  for (const char* quoted : {"name: 'no'\n",
                             "description: \"Cause: one\\nsecond line # not a comment\"",
                             "cpu: '2'",
                             "memory: '1e3'",
                             "name: 'yes'",
                             "name: 'off'",
                             "networkSecurityGroup: 'null'",
                             "name: 'y'",
                             "namespace: '~'",
                             "name: 'Off'",
                             "description: '# a, b: [c]'",
                             "name: 'on'",
                             "namespace: 'true'",
                             "name: '0777'",
                             "namespace: '-'",
                             "name: 'a: b'",
                             "namespace: '''quoted'''",
                             "name: '@x'",
                             "namespace: \"tab\\there\"",
                             "name: '2001-12-14'",
                             "namespace: ' padded '",
                             "name: '1:30'",
                             "namespace: '0x1F'",
                             "name: '.inf'",
                             "namespace: ''",
                             "name: '='"}) {
    EXPECT_NE(written.find(quoted), std::string::npos) << quoted << " not in\n" << written;
  }
}

// Texts a literal block cannot hold exactly (no final newline, several, leading blanks,
// carriage returns) are written quoted; the rest as literal blocks.
TEST(WriteScenarioTest, TextIsALiteralBlockOnlyWhenThatIsExact) {
  Scenario base = LoadValid(R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: texts}
cluster: {apiServer: {publicIP: 20.61.10.5}}
network:
  vnets: [{name: v, addressSpace: [10.224.0.0/12], subnets: [{name: s, addressPrefix: 10.224.0.0/16}]}]
nodePools: [{name: np, count: 1, vmSize: Standard_D4s_v5, subnet: s}]
)");
  ASSERT_FALSE(HasFailure());
  struct Case {
    std::string text;
    bool literal;
  };
  for (const Case& c : std::vector<Case>{
           {"one line\n", true},
           {"two\nlines\n", true},
           {"inner\n\n  indented\n   \nblank lines \n", true},
           {"tab\tinside\n", true},
           {"no final newline", false},
           {"two final newlines\n\n", false},
           {" leading space\n", false},
           {"\nleading newline\n", false},
           {"carriage\r\nreturn\n", false},
           {"\n", false},
       }) {
    SCOPED_TRACE(c.text);
    Scenario s = base;
    s.metadata.description = c.text;
    std::string written = ExpectRoundTrip(s);
    EXPECT_EQ(written.find("description: |") != std::string::npos, c.literal) << written;
  }
}

// Every rate form, arrivals, duration distributions, keepalive and `from: {node}` are written
// in their short form and read back the same.
TEST(WriteScenarioTest, TrafficProfilesRoundTrip) {
  const std::string node = AksNodeName("profiles", "np", 1);
  Scenario s = LoadValid(R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: profiles}
cluster: {apiServer: {publicIP: 20.61.10.5}}
network:
  vnets: [{name: v, addressSpace: [10.224.0.0/12], subnets: [{name: s, addressPrefix: 10.224.0.0/16}]}]
nodePools: [{name: np, count: 2, vmSize: Standard_D4s_v5, subnet: s}]
traffic:
  - name: constant
    from: {nodePool: np}
    destination: {address: 52.10.20.30}
    rate: {constant: 0.1}
    duration: {mean: 2s}
    pool: {keepalive: true}
  - name: ramp
    from: {nodePool: np}
    destination: {address: 52.10.20.30}
    rate: {ramp: {from: 1, to: 10, start: 0s, end: 40m}}
    arrivals: EvenlySpaced
  - name: ramp-later
    from: {nodePool: np}
    destination: {address: 52.10.20.30}
    rate: {ramp: {from: 1.5, to: 0, start: 10m, end: 1h30m}}
  - name: steps
    from: {node: )" + node +
                         R"(}
    destination: {address: 52.10.20.30}
    rate: {steps: [{at: 0, perSecond: 1}, {at: 0.25, perSecond: 2}, {at: 1200, perSecond: 10}]}
    duration: {mean: 1.5s, distribution: exponential}
    pool: {size: 8, keepalive: false}
  - name: points
    from: {nodePool: np}
    destination: {address: 52.10.20.30}
    rate: {points: [{at: 0s, perSecond: 0.001}, {at: 90s, perSecond: 5}]}
    pool: {keepalive: false}
  - name: daily
    from: {nodePool: np}
    destination: {address: 52.10.20.30}
    rate:
      daily:
        points: [{at: '9:00', perSecond: 8}, {at: '18:00:30', perSecond: 1}]
        start: '8:00'
  - name: daily-at-midnight
    from: {nodePool: np}
    destination: {address: 52.10.20.30}
    rate: {daily: {points: [{at: '00:00', perSecond: 2}], start: '00:00'}}
)");
  ASSERT_FALSE(HasFailure());
  const std::string written = ExpectRoundTrip(s);
  const std::string traffic = written.substr(written.find("traffic:\n"));
  EXPECT_EQ(traffic, R"(traffic:
  - name: constant
    from: {nodePool: np}
    destination: {address: 52.10.20.30}
    rate:
      constant: 0.1
    duration: 2s
  - name: ramp
    from: {nodePool: np}
    destination: {address: 52.10.20.30}
    rate:
      ramp: {from: 1, to: 10, end: 40m}
    arrivals: evenlySpaced
  - name: ramp-later
    from: {nodePool: np}
    destination: {address: 52.10.20.30}
    rate:
      ramp: {from: 1.5, to: 0, start: 10m, end: 90m}
  - name: steps
    from: {node: )" + node +
                         R"(}
    destination: {address: 52.10.20.30}
    rate:
      steps:
        - {at: 0s, perSecond: 1}
        - {at: 250ms, perSecond: 2}
        - {at: 20m, perSecond: 10}
    duration: {mean: 1500ms, distribution: exponential}
    pool: {size: 8, keepalive: false}
  - name: points
    from: {nodePool: np}
    destination: {address: 52.10.20.30}
    rate:
      points:
        - {at: 0s, perSecond: 0.001}
        - {at: 90s, perSecond: 5}
    pool: {keepalive: false}
  - name: daily
    from: {nodePool: np}
    destination: {address: 52.10.20.30}
    rate:
      daily:
        points:
          - {at: '09:00', perSecond: 8}
          - {at: '18:00:30', perSecond: 1}
        start: '08:00'
  - name: daily-at-midnight
    from: {nodePool: np}
    destination: {address: 52.10.20.30}
    rate:
      daily:
        points:
          - {at: '00:00', perSecond: 2}
)");
}

// Where omitting a field would let its default follow other fields, a given value is kept
// even when it equals the default.
TEST(WriteScenarioTest, GivenValuesWhoseDefaultFollowsOtherFieldsAreKept) {
  const std::string head = R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: kept}
cluster: {apiServer: {publicIP: 20.61.10.5}}
network:
  vnets: [{name: v, addressSpace: [10.224.0.0/12], subnets: [{name: s, addressPrefix: 10.224.0.0/16}]}]
nodePools: [{name: np, count: 1, vmSize: Standard_D4s_v5, subnet: s}]
traffic:
  - {name: dns, from: {nodePool: np}, destination: {address: 52.10.20.30, port: 53, protocol: Udp}, connectionsPerSecond: 1, close: fin}
  - {name: ntp, from: {nodePool: np}, destination: {address: 52.10.20.31, port: 123, protocol: Udp}, connectionsPerSecond: 1}
)";
  for (const char* outbound :
       {"outbound: {publicIPs: [52.20.0.1, 52.20.0.2], loadBalancer: {managedOutboundIPs: 1}}\n",
        "outbound: {type: managedNATGateway, publicIPs: [52.20.0.1, 52.20.0.2], natGateway: "
        "{managedOutboundIPs: 1}}\n"}) {
    SCOPED_TRACE(outbound);
    Scenario s = LoadValid(head + outbound);
    ASSERT_FALSE(HasFailure());
    std::string written = ExpectRoundTrip(s);
    EXPECT_NE(written.find("managedOutboundIPs: 1"), std::string::npos) << written;
    EXPECT_NE(written.find("    close: fin\n"), std::string::npos) << written;
    EXPECT_EQ(written.find("close:"), written.rfind("close:")) << "only the given one";
  }
}

}  // namespace
}  // namespace tunnelsim
