#include "models/nsg/evaluator.h"

#include <algorithm>

#include "models/nsg/default_rules.h"
#include "models/nsg/range_set.h"

namespace tunnelsim::nsg {
namespace {

uint8_t RuleProtocolBits(RuleProtocol p) {
  switch (p) {
    case RuleProtocol::kTcp:
      return ProtocolBit(IpProtocol::kTcp);
    case RuleProtocol::kUdp:
      return ProtocolBit(IpProtocol::kUdp);
    case RuleProtocol::kIcmp:
      return ProtocolBit(IpProtocol::kIcmp);
    case RuleProtocol::kEsp:
      return ProtocolBit(IpProtocol::kEsp);
    case RuleProtocol::kAh:
      return ProtocolBit(IpProtocol::kAh);
    case RuleProtocol::kAny:
      return kAllProtocols;
  }
  return 0;
}

template <typename T>
void Append(std::vector<T>* pool, const std::vector<T>& items, uint32_t* begin, uint32_t* end) {
  *begin = static_cast<uint32_t>(pool->size());
  pool->insert(pool->end(), items.begin(), items.end());
  *end = static_cast<uint32_t>(pool->size());
}

}  // namespace

CompiledNsg CompiledNsg::Compile(const NetworkSecurityGroup& nsg,
                                 const ServiceTagContext& context) {
  CompiledNsg compiled;
  compiled.names_.push_back(nsg.name);
  compiled.platform_addresses_ = context.platform_addresses;
  // Defaults go last; their priorities (65000+) sort after every custom rule anyway.
  std::vector<const SecurityRule*> order;
  for (const SecurityRule& r : nsg.rules) order.push_back(&r);
  for (const SecurityRule& r : DefaultSecurityRules()) order.push_back(&r);
  std::stable_sort(order.begin(), order.end(), [](const SecurityRule* a, const SecurityRule* b) {
    return a->priority < b->priority;
  });
  for (const SecurityRule* r : order) compiled.AddRule(*r, context);
  return compiled;
}

void CompiledNsg::AddRule(const SecurityRule& rule, const ServiceTagContext& context) {
  CompiledRule c;
  c.name_index = static_cast<uint32_t>(names_.size());
  names_.push_back(rule.name);
  c.priority = rule.priority;
  c.allow = rule.access == Access::kAllow;
  c.is_default = rule.is_default;
  std::vector<PortRange> source_ports = NormalizePorts(rule.source_ports);
  std::vector<PortRange> destination_ports = NormalizePorts(rule.destination_ports);
  c.protocols = RuleProtocolBits(rule.protocol);
  if (!PortsAreAll(source_ports) || !PortsAreAll(destination_ports)) {
    c.protocols &= kPortedProtocols;  // see the header: ports restrict to TCP and UDP
  }
  Append(&addresses_, ResolveMatchers(rule.sources, context), &c.source_begin, &c.source_end);
  Append(&addresses_, ResolveMatchers(rule.destinations, context), &c.destination_begin,
         &c.destination_end);
  Append(&addresses_, ResolveMatchers(rule.sources, context, /*tags_only=*/true),
         &c.source_tag_begin, &c.source_tag_end);
  Append(&addresses_, ResolveMatchers(rule.destinations, context, /*tags_only=*/true),
         &c.destination_tag_begin, &c.destination_tag_end);
  Append(&ports_, source_ports, &c.source_port_begin, &c.source_port_end);
  Append(&ports_, destination_ports, &c.destination_port_begin, &c.destination_port_end);
  ScanKey key;
  key.protocols = c.protocols;
  if (!destination_ports.empty()) {
    key.destination_port_low = destination_ports.front().first;
    key.destination_port_high = destination_ports.back().last;
  }
  rules_[static_cast<int>(rule.direction)].push_back(c);
  scan_keys_[static_cast<int>(rule.direction)].push_back(key);
}

bool CompiledNsg::Matches(const CompiledRule& rule, const Flow& flow, bool source_is_platform,
                          bool destination_is_platform) const {
  if (HasPorts(flow.protocol)) {
    if (!PortsContain(destination_ports(rule), flow.destination_port)) return false;
    if (!PortsContain(source_ports(rule), flow.source_port)) return false;
  }
  std::span<const Ipv4Range> destination =
      destination_is_platform
          ? Slice(addresses_, rule.destination_tag_begin, rule.destination_tag_end)
          : destinations(rule);
  if (!RangesContain(destination, flow.destination)) return false;
  std::span<const Ipv4Range> source =
      source_is_platform ? Slice(addresses_, rule.source_tag_begin, rule.source_tag_end)
                         : sources(rule);
  return RangesContain(source, flow.source);
}

Verdict CompiledNsg::Evaluate(Direction direction, const Flow& flow) const {
  auto is_platform = [&](Ipv4Address a) {
    return std::find(platform_addresses_.begin(), platform_addresses_.end(), a) !=
           platform_addresses_.end();
  };
  const bool source_is_platform = is_platform(flow.source);
  const bool destination_is_platform = is_platform(flow.destination);
  Verdict verdict;
  verdict.direction = direction;
  verdict.nsg_name = name();
  const uint8_t protocol_bit = ProtocolBit(flow.protocol);
  const bool ported = HasPorts(flow.protocol);
  const std::vector<ScanKey>& keys = scan_keys_[static_cast<int>(direction)];
  const std::vector<CompiledRule>& all = rules_[static_cast<int>(direction)];
  for (size_t k = 0; k < keys.size(); ++k) {
    if ((keys[k].protocols & protocol_bit) == 0) continue;
    if (ported && (flow.destination_port < keys[k].destination_port_low ||
                   flow.destination_port > keys[k].destination_port_high)) {
      continue;
    }
    const CompiledRule& rule = all[k];
    if (!Matches(rule, flow, source_is_platform, destination_is_platform)) continue;
    verdict.allowed = rule.allow;
    verdict.reason = VerdictReason::kRule;
    verdict.rule_name = rule_name(rule);
    verdict.priority = rule.priority;
    verdict.is_default = rule.is_default;
    return verdict;
  }
  // Only a platform address can fall through: the DenyAll defaults match everything else.
  verdict.allowed = true;
  verdict.reason = VerdictReason::kPlatformAddress;
  return verdict;
}

}  // namespace tunnelsim::nsg
