// Scenario: one AKS cluster as the v1 scenario format describes it (docs/scenario-format.md).
// Plain data, filled by LoadScenario and checked by ValidateScenario; every field that a user
// can get wrong keeps its source position. Field names follow ARM / az output. Strings that
// carry another tool's grammar (NSG prefixes, ufw rules, iptables-save text, the CPA JSON) are
// kept as written here and interpreted by the models, which report errors at these positions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/scenario/located.h"

namespace tunnelsim {

using LString = Located<std::string>;

struct Metadata {
  LString name;
  std::string description;
};

struct ApiServer {
  LString access{"public"};  // public | private | vnetIntegration
  LString public_ip;         // what agents dial on public clusters
  LString fqdn;              // e.g. contoso-abc123.hcp.eastus.azmk8s.io, for FQDN egress rules
  LString private_ip;        // the private endpoint's address (private clusters), optional
  std::vector<LString> authorized_ip_ranges;
};

struct ResourceList {
  LString cpu;
  LString memory;
};

struct AgentSettings {
  ResourceList requests;
  ResourceList limits;
  std::vector<LString> nodes;    // explicit placement; empty = spread by the scheduler
  Located<int64_t> replicas{0};  // fixed replica count; 0 = from the autoscaler (or 2)
  // --agent-identifiers: AKS agents advertise default-route only (konnectivity-cpa.md §C2).
  Located<bool> advertise_node_ip{false};
};

// Concurrent use of the tunnel, for the konnectivity-agent memory estimate (`tunnelsim cpa`).
// Streams are concurrent tunneled connections; rates x latencies become concurrent calls.
struct TunnelLoad {
  Located<double> logs_follow{0};    // `kubectl logs -f` sessions open at once
  Located<double> exec_sessions{0};  // `kubectl exec` sessions open at once
  Located<double> port_forwards{0};  // `kubectl port-forward` connections open at once
  Located<double> webhook_calls_per_second{0};
  Located<double> webhook_latency_seconds{0.05};
  Located<double> api_calls_per_second{0};  // aggregated APIs (metrics-server, ...)
  Located<double> api_latency_seconds{0.1};
  Located<double> streams_per_node{0};  // extra concurrent streams per node (grows with size)
  // Memory model overrides (reference/konnectivity-cpa.md §D gives only estimates).
  LString base_memory;              // e.g. "20Mi"
  LString memory_per_stream;        // e.g. "64Ki"
  Located<double> buffer_fill{-1};  // 0..1 of the 150 x 4 KiB buffers in use; -1: model default
  bool present = false;
};

struct TunnelSettings {
  LString kind{"konnectivity"};  // konnectivity | tunnel-front | aks-link
  std::vector<LString> proxy_strategies;
  Located<int64_t> server_count{1};
  AgentSettings agent;
  TunnelLoad load;
  // The konnectivity-agent-autoscaler configmap's data, verbatim (key -> JSON string).
  std::vector<std::pair<LString, LString>> autoscaler;
  SourcePos autoscaler_pos;
};

struct Cluster {
  ApiServer api_server;
  TunnelSettings tunnel;
  // Pods (webhook backends) get addresses from here, a /24 per node in node order, as AKS's
  // overlay and kubenet networking give them.
  LString pod_cidr{"10.244.0.0/16"};
};

struct Subnet {
  LString name;
  LString address_prefix;
  LString network_security_group;  // empty: none
};

struct VirtualNetwork {
  LString name;
  std::vector<LString> address_space;
  std::vector<LString> peerings;  // address spaces of peered networks (part of VirtualNetwork)
  std::vector<Subnet> subnets;
};

struct SecurityRuleSpec {
  LString name;
  Located<int64_t> priority;
  LString direction;
  LString access;
  LString protocol;
  std::vector<LString> source_address_prefixes;  // sourceAddressPrefix and ...Prefixes merged
  std::vector<LString> source_port_ranges;
  std::vector<LString> destination_address_prefixes;
  std::vector<LString> destination_port_ranges;
  std::string description;
  SourcePos pos;  // where the rule's mapping starts
};

struct NetworkSecurityGroupSpec {
  LString name;
  std::vector<SecurityRuleSpec> security_rules;
};

// Overrides of service tags whose real prefixes come from Azure's published Service Tags file.
struct ServiceTagOverrides {
  std::vector<LString> azure_cloud;  // AzureCloud; empty: the model's documented stand-in
  std::vector<std::pair<LString, std::vector<LString>>> azure_cloud_regions;  // AzureCloud.<R>
};

struct Network {
  std::vector<VirtualNetwork> vnets;
  ServiceTagOverrides service_tags;
  std::vector<NetworkSecurityGroupSpec> network_security_groups;
};

struct UfwSpec {
  Located<bool> enabled{false};
  LString default_incoming{"deny"};
  LString default_outgoing{"allow"};
  std::vector<LString> rules;  // ufw command grammar without the leading "ufw"
};

struct IptablesSpec {
  bool present = false;
  std::string text;    // iptables-save text, inline or read from `file`
  LString file;        // as written; empty when inline
  SourcePos text_pos;  // where the text starts (line numbers inside it are offset from here)
};

// A command run on the pool's nodes after they boot, in order: "ufw allow 10250",
// "iptables -D INPUT 3". Change sets add these (apply writes them out); a scenario may hold
// them too, to describe a node someone changed by hand.
struct HostCommand {
  LString text;      // the command line, "ufw ..." or "iptables ..." (sudo allowed)
  LString node;      // empty: every node of the pool; otherwise that node only
  std::string file;  // where text.pos points when not the scenario (a change set); else empty
};

struct NodePool {
  LString name;
  Located<int64_t> count{1};
  LString vm_size;
  Located<int64_t> cores{0};  // 0: from vm_size
  LString subnet;
  LString network_security_group;  // NIC-level NSG, empty: none
  Located<int64_t> max_surge{0};
  Located<int64_t> max_count{0};  // cluster autoscaler ceiling, 0: not autoscaled
  UfwSpec ufw;
  IptablesSpec iptables;
  std::vector<HostCommand> host_commands;  // hostFirewall.commands
  SourcePos pos;
};

struct Workload {
  LString namespace_;
  LString name;
  Located<int64_t> replicas{1};
  LString node_pool;
  std::vector<LString> nodes;
  Located<int64_t> container_port{0};
  SourcePos pos;
};

struct Webhook {
  LString name;
  LString namespace_;
  LString service;
  Located<int64_t> target_port{443};
  Located<int64_t> replicas{1};
  LString node_pool;
  std::vector<LString> nodes;
  LString failure_policy{"Fail"};
  SourcePos pos;
};

struct LoadBalancerOutbound {
  Located<int64_t> managed_outbound_ips{1};
  Located<int64_t> allocated_outbound_ports{0};
  Located<int64_t> idle_timeout_in_minutes{30};
  Located<bool> enable_tcp_reset{true};
};

struct NatGatewayOutbound {
  Located<int64_t> managed_outbound_ips{1};
  Located<int64_t> idle_timeout_in_minutes{4};
};

struct EgressFirewallRule {
  LString name;
  LString protocol;
  std::vector<LString> destination_addresses;
  std::vector<LString> destination_ports;
  LString action;
  SourcePos pos;
};

struct Outbound {
  LString type{"loadBalancer"};
  // The egress public addresses (Load Balancer frontends or NAT gateway IPs), when known; the
  // API server's authorized IP ranges are checked against them.
  std::vector<LString> public_ips;
  LoadBalancerOutbound load_balancer;
  bool has_nat_gateway = false;
  NatGatewayOutbound nat_gateway;
  std::vector<EgressFirewallRule> egress_firewall;
};

// One point of a traffic rate profile (`steps`, `points`, `daily`).
struct RatePointSpec {
  Located<double> at;          // seconds since the start; `daily`: seconds since midnight
  Located<double> per_second;  // connections per node per second
  SourcePos pos;               // the point's mapping
};

// How a traffic entry's connection rate varies over time (docs/scenario-format.md `traffic`).
// Rates are connections per node per second. The loader checks each form's own rules (ramp
// end after start, times increasing, the first step at 0s); engine/snat turns it into a
// snat::RateProfile.
struct TrafficRate {
  enum class Form {
    kPerSecond,  // `connectionsPerSecond: 5`
    kConstant,   // `rate: {constant: 5}`
    kRamp,       // `rate: {ramp: {from, to, start, end}}`
    kSteps,      // `rate: {steps: [{at, perSecond}, ...]}`, held until the next step
    kPoints,     // `rate: {points: [...]}`, linear between points
    kDaily,      // `rate: {daily: {points: [{at: "HH:MM", perSecond}], start: "HH:MM"}}`
  };
  Form form = Form::kPerSecond;
  Located<double> per_second{0};  // kPerSecond, kConstant
  Located<double> from{0};        // kRamp: the rate until `start`
  Located<double> to{0};          // kRamp: the rate from `end` on
  // kRamp: seconds since the start; kDaily: the time of day (seconds since midnight) at which
  // the simulation begins.
  Located<double> start{0};
  Located<double> end{0};             // kRamp
  std::vector<RatePointSpec> points;  // kSteps, kPoints, kDaily
  SourcePos pos;                      // the `rate` or `connectionsPerSecond` value
};

struct TrafficSpec {
  LString name;
  LString from_node_pool;  // exactly one of from_node_pool and from_node is set
  LString from_node;       // a node name (nodes.h AksNodeName): that node only
  LString destination_address;
  Located<int64_t> destination_port{443};
  LString destination_protocol{"Tcp"};
  TrafficRate rate;
  LString arrivals{"poisson"};             // poisson | evenlySpaced
  Located<double> duration_seconds{1};     // fixed, or the mean of the distribution
  LString duration_distribution{"fixed"};  // fixed | exponential
  LString close{"fin"};
  Located<int64_t> pool_size{0};
  Located<bool> pool_keepalive{true};
  SourcePos pos;
};

struct Scenario {
  std::string file;         // as given on the command line
  std::string source_text;  // the file's text, to place errors inside embedded texts
  Metadata metadata;
  Cluster cluster;
  Network network;
  std::vector<NodePool> node_pools;
  std::vector<Workload> workloads;
  std::vector<Webhook> webhooks;
  Outbound outbound;
  std::vector<TrafficSpec> traffic;
};

}  // namespace tunnelsim
