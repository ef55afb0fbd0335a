#include "engine/scenario/write_scenario.h"

#include <cmath>
#include <regex>
#include <string_view>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace tunnelsim {
namespace {

// Scalars that YAML 1.1 (PyYAML, go-yaml v2: what kubectl-era tools use) or the YAML 1.2 core
// schema resolve to something other than a string. The loader reads them as strings anyway;
// quoting keeps the file meaning the same to every other reader.
bool ResolvesAsNonString(std::string_view s) {
  if (s.empty() || std::string_view("0123456789+-.~<=yYnNtTfFoO").find(s[0]) == s.npos) {
    return false;
  }
  static const std::regex kNonString(
      "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
      "|~|null|Null|NULL|<<|="
      "|[-+]?(0b[01_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|[1-9][0-9_]*(:[0-5]?[0-9])+)"
      "|[-+]?[0-9][0-9_]*\\.[0-9_]*([eE][-+][0-9]+)?|\\.[0-9][0-9_]*([eE][-+][0-9]+)?"
      "|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
      "|[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+"
      "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");
  return std::regex_match(s.begin(), s.end(), kNonString);
}

bool HasControlCharacter(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// A conservative test for a plain scalar in block and flow context alike: anything that could
// start an indicator, end a key, open a comment or separate flow entries is quoted.
bool SafeAsPlain(std::string_view s, bool in_flow) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ' || s.back() == ':') return false;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != s.npos) return false;
  if (s.find(": ") != s.npos || s.find(" #") != s.npos) return false;
  return !in_flow || s.find_first_of(",[]{}") == s.npos;
}

// A literal block (|, clip chomping) gives back exactly one trailing newline, detects its
// indentation from the first line, and cannot hold control characters.
bool FitsLiteralBlock(std::string_view s) {
  if (s.size() < 2 || s.back() != '\n' || s[s.size() - 2] == '\n') return false;
  if (s.front() == ' ' || s.front() == '\t' || s.front() == '\n') return false;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
      return false;
    }
  }
  return true;
}

// The shortest text that reads back to the same double (yaml-cpp would print 17 digits).
std::string NumberText(double value) { return fmt::format("{}", value); }

// Seconds as the loader's duration grammar reads them back to the same double: whole hours,
// minutes or seconds, whole milliseconds when `ms * 0.001` is exact, else plain seconds.
std::string FormatDuration(double seconds) {
  if (seconds >= 0 && seconds < 1e15 && std::floor(seconds) == seconds) {
    auto whole = static_cast<int64_t>(seconds);
    if (whole > 0 && whole % 3600 == 0) return fmt::format("{}h", whole / 3600);
    if (whole > 0 && whole % 60 == 0) return fmt::format("{}m", whole / 60);
    return fmt::format("{}s", whole);
  }
  double ms = std::round(seconds * 1000);
  if (ms >= 0 && ms < 1e15 && ms * 0.001 == seconds) return fmt::format("{}ms", ms);
  return NumberText(seconds);
}

class ScenarioWriter {
 public:
  std::string Write(const Scenario& s) {
    out_ << YAML::BeginMap;
    String("apiVersion", "tunnelsim/v1");
    String("kind", "Scenario");
    Map("metadata");
    String("name", s.metadata.name.value);
    if (!s.metadata.description.empty()) Text("description", s.metadata.description);
    EndMap();
    WriteCluster(s.cluster);
    WriteNetwork(s.network);
    Items(
        "nodePools", s.node_pools, [this](const NodePool& p) { WriteNodePool(p); }, true);
    Items("workloads", s.workloads, [this](const Workload& w) { WriteWorkload(w); });
    Items("webhooks", s.webhooks, [this](const Webhook& w) { WriteWebhook(w); });
    WriteOutbound(s.outbound);
    Items("traffic", s.traffic, [this](const TrafficSpec& t) { WriteTraffic(t); });
    out_ << YAML::EndMap;
    return std::string(out_.c_str()) + "\n";
  }

 private:
  // Plain when every YAML reader reads the text back as this string; quoted otherwise.
  void Scalar(std::string_view s) {
    if (HasControlCharacter(s)) {
      out_ << YAML::DoubleQuoted;
    } else if (!SafeAsPlain(s, in_flow_) || ResolvesAsNonString(s)) {
      out_ << YAML::SingleQuoted;  // yaml-cpp falls back to double quotes where needed
    }
    out_ << std::string(s);
  }
  void Key(std::string_view key) {
    out_ << YAML::Key;
    Scalar(key);
    out_ << YAML::Value;
  }
  void String(std::string_view key, std::string_view value) {
    Key(key);
    Scalar(value);
  }
  // Omitted when equal to `omitted`: the loader's default, or "" for optional strings.
  void Optional(std::string_view key, const LString& value, std::string_view omitted = "") {
    if (value.value != omitted) String(key, value.value);
  }
  // Multi-line text as a literal block where that is exact, else a quoted scalar.
  void Text(std::string_view key, std::string_view text) {
    Key(key);
    if (FitsLiteralBlock(text)) {
      out_ << YAML::Literal << std::string(text);
    } else {
      Scalar(text);
    }
  }
  template <typename T>
  void Value(std::string_view key, const T& value) {
    Key(key);
    out_ << value;
  }
  template <typename T>
  void Value(std::string_view key, const Located<T>& value, const Located<T>& omitted) {
    if (value.value != omitted.value) Value(key, value.value);
  }
  // For fields whose effective default depends on other fields, so that omitting them is not
  // the same as writing the default: an absent managedOutboundIPs counts the publicIPs, an
  // absent `close` on UDP traffic means idle (engine/snat/snat_config.cc). A value that was
  // given stays written, also for later edits of the fields it would otherwise follow.
  template <typename T>
  void KeptIfGiven(std::string_view key, const Located<T>& value, const Located<T>& omitted) {
    if (value.value != omitted.value || value.pos.known()) Value(key, value.value);
  }
  // Numbers and durations are never quoted.
  void Number(std::string_view key, const Located<double>& value, const Located<double>& omitted) {
    if (value.value != omitted.value) Value(key, NumberText(value.value));
  }
  void Duration(std::string_view key, const Located<double>& value,
                const Located<double>& omitted) {
    if (value.value != omitted.value) Value(key, FormatDuration(value.value));
  }
  // Short lists of short strings stay on one line, as people write them; long ones get a line
  // per entry so that a diff shows which entry changed.
  void List(std::string_view key, const std::vector<LString>& items, bool even_empty = false) {
    if (items.empty() && !even_empty) return;
    size_t width = 0;
    for (const LString& item : items) width += item.value.size() + 2;
    Key(key);
    in_flow_ = width <= 60;
    if (in_flow_) out_ << YAML::Flow;
    out_ << YAML::BeginSeq;
    for (const LString& item : items) Scalar(item.value);
    out_ << YAML::EndSeq;
    in_flow_ = false;
  }
  // ARM's `xPrefix: one` / `xPrefixes: [many]`.
  void SingleOrList(std::string_view single, std::string_view plural,
                    const std::vector<LString>& items) {
    if (items.size() == 1) {
      String(single, items[0].value);
    } else {
      List(plural, items, true);
    }
  }
  // Flow maps hold scalars only, so one flag tracks the context.
  void Map(std::string_view key, bool flow = false) {
    Key(key);
    if (flow) out_ << YAML::Flow;
    out_ << YAML::BeginMap;
    in_flow_ = flow;
  }
  void EndMap() {
    out_ << YAML::EndMap;
    in_flow_ = false;
  }
  template <typename T, typename F>
  void Items(std::string_view key, const std::vector<T>& items, F write, bool even_empty = false) {
    if (items.empty() && !even_empty) return;
    Key(key);
    out_ << YAML::BeginSeq;
    for (const T& item : items) write(item);
    out_ << YAML::EndSeq;
  }

  void WriteCluster(const Cluster& c) {
    const Cluster d;
    const ApiServer& api = c.api_server;
    bool api_set = api.access.value != d.api_server.access.value || !api.public_ip.value.empty() ||
                   !api.fqdn.value.empty() || !api.private_ip.value.empty() ||
                   !api.authorized_ip_ranges.empty();
    const TunnelSettings& t = c.tunnel;
    const AgentSettings& a = t.agent;
    bool has_requests = !a.requests.cpu.value.empty() || !a.requests.memory.value.empty();
    bool has_limits = !a.limits.cpu.value.empty() || !a.limits.memory.value.empty();
    bool agent_set = has_requests || has_limits || !a.nodes.empty() ||
                     a.replicas.value != d.tunnel.agent.replicas.value ||
                     a.advertise_node_ip.value != d.tunnel.agent.advertise_node_ip.value;
    bool tunnel_set = t.kind.value != d.tunnel.kind.value || !t.proxy_strategies.empty() ||
                      t.server_count.value != d.tunnel.server_count.value || agent_set ||
                      t.load.present || !t.autoscaler.empty();
    if (!api_set && !tunnel_set && c.pod_cidr.value == d.pod_cidr.value) return;
    Map("cluster");
    if (api_set) {
      Map("apiServer");
      Optional("access", api.access, d.api_server.access.value);
      Optional("publicIP", api.public_ip);
      Optional("fqdn", api.fqdn);
      Optional("privateIP", api.private_ip);
      List("authorizedIPRanges", api.authorized_ip_ranges);
      EndMap();
    }
    if (tunnel_set) {
      Map("tunnel");
      Optional("kind", t.kind, d.tunnel.kind.value);
      List("proxyStrategies", t.proxy_strategies);
      Value("serverCount", t.server_count, d.tunnel.server_count);
      if (agent_set) {
        Map("agent");
        if (has_requests || has_limits) {
          Map("resources");
          Resources("requests", a.requests);
          Resources("limits", a.limits);
          EndMap();
        }
        List("nodes", a.nodes);
        Value("replicas", a.replicas, d.tunnel.agent.replicas);
        Value("advertiseNodeIP", a.advertise_node_ip, d.tunnel.agent.advertise_node_ip);
        EndMap();
      }
      if (t.load.present) WriteLoad(t.load);
      if (!t.autoscaler.empty()) {
        Map("autoscaler");
        for (const auto& [key, value] : t.autoscaler) String(key.value, value.value);
        EndMap();
      }
      EndMap();
    }
    Optional("podCidr", c.pod_cidr, d.pod_cidr.value);
    EndMap();
  }

  void Resources(std::string_view key, const ResourceList& r) {
    if (r.cpu.value.empty() && r.memory.value.empty()) return;
    Map(key, true);
    Optional("cpu", r.cpu);
    Optional("memory", r.memory);
    EndMap();
  }

  void WriteLoad(const TunnelLoad& l) {
    const TunnelLoad d;
    bool empty = l.logs_follow.value == d.logs_follow.value &&
                 l.exec_sessions.value == d.exec_sessions.value &&
                 l.port_forwards.value == d.port_forwards.value &&
                 l.webhook_calls_per_second.value == d.webhook_calls_per_second.value &&
                 l.webhook_latency_seconds.value == d.webhook_latency_seconds.value &&
                 l.api_calls_per_second.value == d.api_calls_per_second.value &&
                 l.api_latency_seconds.value == d.api_latency_seconds.value &&
                 l.streams_per_node.value == d.streams_per_node.value &&
                 l.base_memory.value.empty() && l.memory_per_stream.value.empty() &&
                 l.buffer_fill.value == d.buffer_fill.value;
    Map("load", empty);  // `load: {}` still asks for the memory estimate
    Number("logsFollow", l.logs_follow, d.logs_follow);
    Number("execSessions", l.exec_sessions, d.exec_sessions);
    Number("portForwards", l.port_forwards, d.port_forwards);
    Number("webhookCallsPerSecond", l.webhook_calls_per_second, d.webhook_calls_per_second);
    Duration("webhookLatency", l.webhook_latency_seconds, d.webhook_latency_seconds);
    Number("apiCallsPerSecond", l.api_calls_per_second, d.api_calls_per_second);
    Duration("apiLatency", l.api_latency_seconds, d.api_latency_seconds);
    Number("streamsPerNode", l.streams_per_node, d.streams_per_node);
    Optional("baseMemory", l.base_memory);
    Optional("memoryPerStream", l.memory_per_stream);
    Number("bufferFill", l.buffer_fill, d.buffer_fill);
    EndMap();
  }

  void WriteNetwork(const Network& n) {
    Map("network");
    Items(
        "vnets", n.vnets,
        [this](const VirtualNetwork& vnet) {
          out_ << YAML::BeginMap;
          String("name", vnet.name.value);
          List("addressSpace", vnet.address_space, true);
          List("peerings", vnet.peerings);
          Items("subnets", vnet.subnets, [this](const Subnet& subnet) {
            out_ << YAML::BeginMap;
            String("name", subnet.name.value);
            String("addressPrefix", subnet.address_prefix.value);
            Optional("networkSecurityGroup", subnet.network_security_group);
            out_ << YAML::EndMap;
          });
          out_ << YAML::EndMap;
        },
        true);
    const ServiceTagOverrides& tags = n.service_tags;
    if (!tags.azure_cloud.empty() || !tags.azure_cloud_regions.empty()) {
      Map("serviceTags");
      List("azureCloud", tags.azure_cloud);
      if (!tags.azure_cloud_regions.empty()) {
        Map("azureCloudRegions");
        for (const auto& [region, prefixes] : tags.azure_cloud_regions) {
          List(region.value, prefixes, true);
        }
        EndMap();
      }
      EndMap();
    }
    Items("networkSecurityGroups", n.network_security_groups,
          [this](const NetworkSecurityGroupSpec& nsg) {
            out_ << YAML::BeginMap;
            String("name", nsg.name.value);
            Items("securityRules", nsg.security_rules,
                  [this](const SecurityRuleSpec& rule) { WriteSecurityRule(rule); });
            out_ << YAML::EndMap;
          });
    EndMap();
  }

  void WriteSecurityRule(const SecurityRuleSpec& rule) {
    out_ << YAML::BeginMap;
    String("name", rule.name.value);
    Value("priority", rule.priority.value);
    String("direction", rule.direction.value);
    String("access", rule.access.value);
    String("protocol", rule.protocol.value);
    // Ports are written even when '*': ARM requires them, so the rule keeps ARM's shape.
    SingleOrList("sourceAddressPrefix", "sourceAddressPrefixes", rule.source_address_prefixes);
    SingleOrList("sourcePortRange", "sourcePortRanges", rule.source_port_ranges);
    SingleOrList("destinationAddressPrefix", "destinationAddressPrefixes",
                 rule.destination_address_prefixes);
    SingleOrList("destinationPortRange", "destinationPortRanges", rule.destination_port_ranges);
    if (!rule.description.empty()) Text("description", rule.description);
    out_ << YAML::EndMap;
  }

  void WriteNodePool(const NodePool& p) {
    const NodePool d;
    out_ << YAML::BeginMap;
    String("name", p.name.value);
    Value("count", p.count.value);
    Optional("vmSize", p.vm_size);
    Value("cores", p.cores, d.cores);
    String("subnet", p.subnet.value);
    Optional("networkSecurityGroup", p.network_security_group);
    Value("maxSurge", p.max_surge, d.max_surge);
    Value("maxCount", p.max_count, d.max_count);
    const UfwSpec& u = p.ufw;
    bool defaults_set = u.default_incoming.value != d.ufw.default_incoming.value ||
                        u.default_outgoing.value != d.ufw.default_outgoing.value;
    bool ufw_set = u.enabled.value != d.ufw.enabled.value || defaults_set || !u.rules.empty();
    if (ufw_set || p.iptables.present || !p.host_commands.empty()) {
      Map("hostFirewall");
      if (ufw_set) {
        Map("ufw");
        Value("enabled", u.enabled.value);  // even when false: rules of a disabled ufw mislead
        if (defaults_set) {
          Map("defaults", true);
          Optional("incoming", u.default_incoming, d.ufw.default_incoming.value);
          Optional("outgoing", u.default_outgoing, d.ufw.default_outgoing.value);
          EndMap();
        }
        Items("rules", u.rules, [this](const LString& rule) { Scalar(rule.value); });
        EndMap();
      }
      // Inline even when it came from a file: the written scenario must stand alone.
      if (p.iptables.present) Text("iptables", p.iptables.text);
      Items("commands", p.host_commands, [this](const HostCommand& command) {
        if (command.node.value.empty()) {  // the whole pool
          Scalar(command.text.value);
          return;
        }
        out_ << YAML::BeginMap;
        String("command", command.text.value);
        String("node", command.node.value);
        out_ << YAML::EndMap;
      });
      EndMap();
    }
    out_ << YAML::EndMap;
  }

  void WriteWorkload(const Workload& w) {
    const Workload d;
    out_ << YAML::BeginMap;
    String("namespace", w.namespace_.value);
    String("name", w.name.value);
    Value("replicas", w.replicas, d.replicas);
    Optional("nodePool", w.node_pool);
    List("nodes", w.nodes);
    Value("containerPort", w.container_port, d.container_port);
    out_ << YAML::EndMap;
  }

  void WriteWebhook(const Webhook& w) {
    const Webhook d;
    out_ << YAML::BeginMap;
    String("name", w.name.value);
    String("namespace", w.namespace_.value);
    String("service", w.service.value);
    Value("targetPort", w.target_port, d.target_port);
    Value("replicas", w.replicas, d.replicas);
    Optional("nodePool", w.node_pool);
    List("nodes", w.nodes);
    Optional("failurePolicy", w.failure_policy, d.failure_policy.value);
    out_ << YAML::EndMap;
  }

  void WriteOutbound(const Outbound& o) {
    const Outbound d;
    const LoadBalancerOutbound& lb = o.load_balancer;
    const LoadBalancerOutbound& lb_default = d.load_balancer;
    bool lb_set = lb.managed_outbound_ips.value != lb_default.managed_outbound_ips.value ||
                  lb.managed_outbound_ips.pos.known() ||
                  lb.allocated_outbound_ports.value != lb_default.allocated_outbound_ports.value ||
                  lb.idle_timeout_in_minutes.value != lb_default.idle_timeout_in_minutes.value ||
                  lb.enable_tcp_reset.value != lb_default.enable_tcp_reset.value;
    if (o.type.value == d.type.value && o.public_ips.empty() && !lb_set && !o.has_nat_gateway &&
        o.egress_firewall.empty()) {
      return;
    }
    Map("outbound");
    Optional("type", o.type, d.type.value);
    List("publicIPs", o.public_ips);
    if (lb_set) {
      Map("loadBalancer");
      KeptIfGiven("managedOutboundIPs", lb.managed_outbound_ips, lb_default.managed_outbound_ips);
      Value("allocatedOutboundPorts", lb.allocated_outbound_ports,
            lb_default.allocated_outbound_ports);
      Value("idleTimeoutInMinutes", lb.idle_timeout_in_minutes, lb_default.idle_timeout_in_minutes);
      Value("enableTcpReset", lb.enable_tcp_reset, lb_default.enable_tcp_reset);
      EndMap();
    }
    if (o.has_nat_gateway) {  // even with nothing set: the key declares the gateway
      Map("natGateway", true);
      KeptIfGiven("managedOutboundIPs", o.nat_gateway.managed_outbound_ips,
                  d.nat_gateway.managed_outbound_ips);
      Value("idleTimeoutInMinutes", o.nat_gateway.idle_timeout_in_minutes,
            d.nat_gateway.idle_timeout_in_minutes);
      EndMap();
    }
    if (!o.egress_firewall.empty()) {
      Map("egressFirewall");
      Items("rules", o.egress_firewall, [this](const EgressFirewallRule& rule) {
        out_ << YAML::BeginMap;
        String("name", rule.name.value);
        String("protocol", rule.protocol.value);
        List("destinationAddresses", rule.destination_addresses, true);
        List("destinationPorts", rule.destination_ports, true);
        String("action", rule.action.value);
        out_ << YAML::EndMap;
      });
      EndMap();
    }
    EndMap();
  }

  void WriteTraffic(const TrafficSpec& t) {
    const TrafficSpec d;
    out_ << YAML::BeginMap;
    String("name", t.name.value);
    Map("from", true);
    if (!t.from_node.value.empty()) {
      String("node", t.from_node.value);
    } else {
      String("nodePool", t.from_node_pool.value);
    }
    EndMap();
    Map("destination", true);
    String("address", t.destination_address.value);
    Value("port", t.destination_port, d.destination_port);
    Optional("protocol", t.destination_protocol, d.destination_protocol.value);
    EndMap();
    WriteRate(t.rate);
    Optional("arrivals", t.arrivals, d.arrivals.value);
    if (t.duration_distribution.value == d.duration_distribution.value) {
      Duration("duration", t.duration_seconds, d.duration_seconds);  // fixed: the short form
    } else {
      Map("duration", true);
      Value("mean", FormatDuration(t.duration_seconds.value));
      String("distribution", t.duration_distribution.value);
      EndMap();
    }
    if (t.close.value != d.close.value || t.close.pos.known()) String("close", t.close.value);
    if (t.pool_size.value != d.pool_size.value ||
        t.pool_keepalive.value != d.pool_keepalive.value) {
      Map("pool", true);
      Value("size", t.pool_size, d.pool_size);
      Value("keepalive", t.pool_keepalive, d.pool_keepalive);
      EndMap();
    }
    out_ << YAML::EndMap;
  }

  // `connectionsPerSecond: N`, or `rate:` with the form that was read.
  void WriteRate(const TrafficRate& r) {
    using Form = TrafficRate::Form;
    if (r.form == Form::kPerSecond) {
      Value("connectionsPerSecond", NumberText(r.per_second.value));
      return;
    }
    Map("rate");
    switch (r.form) {
      case Form::kConstant:
        Value("constant", NumberText(r.per_second.value));
        break;
      case Form::kRamp:
        Map("ramp", true);
        Value("from", NumberText(r.from.value));
        Value("to", NumberText(r.to.value));
        if (r.start.value != 0) Value("start", FormatDuration(r.start.value));
        Value("end", FormatDuration(r.end.value));
        EndMap();
        break;
      case Form::kSteps:
        RatePoints("steps", r.points, false);
        break;
      case Form::kPoints:
        RatePoints("points", r.points, false);
        break;
      case Form::kDaily:
        Map("daily");
        RatePoints("points", r.points, true);
        if (r.start.value != 0) {
          Key("start");
          TimeOfDay(r.start.value);
        }
        EndMap();
        break;
      case Form::kPerSecond:
        break;
    }
    EndMap();
  }

  // One flow mapping per point, so that a diff shows which point changed.
  void RatePoints(std::string_view key, const std::vector<RatePointSpec>& points, bool daily) {
    Key(key);
    out_ << YAML::BeginSeq;
    for (const RatePointSpec& p : points) {
      out_ << YAML::Flow << YAML::BeginMap;
      in_flow_ = true;
      Key("at");
      if (daily) {
        TimeOfDay(p.at.value);
      } else {
        out_ << FormatDuration(p.at.value);
      }
      Value("perSecond", NumberText(p.per_second.value));
      out_ << YAML::EndMap;
      in_flow_ = false;
    }
    out_ << YAML::EndSeq;
  }

  // Always quoted: YAML 1.1 readers take some HH:MM for base-60 numbers ("18:00" = 1080).
  void TimeOfDay(double seconds_of_day) {
    const auto s = static_cast<int64_t>(seconds_of_day);
    std::string text = s % 60 == 0
                           ? fmt::format("{:02}:{:02}", s / 3600, s / 60 % 60)
                           : fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    out_ << YAML::SingleQuoted << text;
  }

  YAML::Emitter out_;
  bool in_flow_ = false;  // inside a flow collection: ',', '[', ']', '{', '}' need quotes
};

}  // namespace

std::string WriteScenarioYaml(const Scenario& scenario) { return ScenarioWriter().Write(scenario); }

}  // namespace tunnelsim
