#include "models/nsg/suggest.h"

#include <set>

#include <fmt/format.h>

#include "models/nsg/default_rules.h"
#include "models/nsg/range_set.h"
#include "models/nsg/text_util.h"

namespace tunnelsim::nsg {
namespace {

Status CheckBlockingVerdict(const NetworkSecurityGroup& nsg, const Verdict& blocking) {
  if (blocking.allowed || blocking.reason != VerdictReason::kRule) {
    return Status::InvalidArgument(
        fmt::format("the flow is allowed by '{}'; expected a verdict that denies it",
                    blocking.nsg_name.empty() ? "no NSG" : blocking.nsg_name));
  }
  if (blocking.nsg_name != nsg.name) {
    return Status::InvalidArgument(
        fmt::format("the verdict comes from network security group '{}'; expected one from '{}'",
                    blocking.nsg_name, nsg.name));
  }
  if (blocking.is_default) return Status::Ok();
  for (const SecurityRule& r : nsg.rules) {
    if (r.name == blocking.rule_name && r.direction == blocking.direction) return Status::Ok();
  }
  return Status::NotFound(
      fmt::format("rule '{}' is not an {} rule of '{}'; expected the verdict's "
                  "rule to be in the NSG",
                  blocking.rule_name, ToString(blocking.direction), nsg.name));
}

Result<AddressMatcher> ChooseSide(std::string_view side, Ipv4Address address,
                                  const std::optional<Ipv4Prefix>& scope,
                                  const ServiceTagContext& context) {
  if (scope.has_value()) {
    if (!scope->Contains(address)) {
      return Status::InvalidArgument(
          fmt::format("{} scope {} does not hold the flow's {} {}; expected a prefix that does",
                      side, scope->ToString(), side, address.ToString()));
    }
    return AddressMatcher::Prefix(*scope);
  }
  if (RangesContain(ResolveServiceTag(ServiceTag::kVirtualNetwork, "", context), address)) {
    return AddressMatcher::Tag(ServiceTag::kVirtualNetwork);
  }
  return AddressMatcher::Prefix(Ipv4Prefix(address, 32));
}

std::string UniqueName(const NetworkSecurityGroup& nsg, const std::string& base) {
  auto taken = [&](const std::string& name) {
    for (const SecurityRule& r : nsg.rules) {
      if (internal::EqualsIgnoreCase(r.name, name)) return true;
    }
    return FindDefaultRule(name) != nullptr;
  };
  std::string name = base;
  for (int n = 2; taken(name); ++n) name = fmt::format("{}-{}", base, n);
  return name;
}

RuleProtocol ToRuleProtocol(IpProtocol p) {
  switch (p) {
    case IpProtocol::kTcp:
      return RuleProtocol::kTcp;
    case IpProtocol::kUdp:
      return RuleProtocol::kUdp;
    case IpProtocol::kIcmp:
      return RuleProtocol::kIcmp;
    case IpProtocol::kEsp:
      return RuleProtocol::kEsp;
    case IpProtocol::kAh:
      return RuleProtocol::kAh;
  }
  return RuleProtocol::kAny;
}

}  // namespace

Result<int> ChooseAllowPriority(const NetworkSecurityGroup& nsg, const Verdict& blocking) {
  if (Status s = CheckBlockingVerdict(nsg, blocking); !s.ok()) return s;
  std::set<int> used;
  for (const SecurityRule& r : nsg.rules) {
    if (r.direction == blocking.direction) used.insert(r.priority);
  }
  const int highest = blocking.is_default ? kMaxCustomPriority : blocking.priority - 1;
  for (int p = std::min(highest, kMaxCustomPriority); p >= kMinCustomPriority; --p) {
    if (!used.contains(p)) return p;
  }
  if (blocking.is_default) {
    return Status::OutOfRange(fmt::format("no free priority in {}-{} for {} rules of '{}'",
                                          kMinCustomPriority, kMaxCustomPriority,
                                          ToString(blocking.direction), nsg.name));
  }
  return Status::OutOfRange(fmt::format(
      "no free priority below {} for {} rules of '{}'; expected a free number from {} up, "
      "so renumber rules to make room",
      blocking.priority, ToString(blocking.direction), nsg.name, kMinCustomPriority));
}

Result<SecurityRule> SuggestAllowRule(const NetworkSecurityGroup& nsg, const Verdict& blocking,
                                      const Flow& flow, const ServiceTagContext& context,
                                      const SuggestionScope& scope) {
  auto priority = ChooseAllowPriority(nsg, blocking);
  if (!priority.ok()) return priority.status();
  auto source = ChooseSide("source", flow.source, scope.source_prefix, context);
  if (!source.ok()) return source.status();
  auto destination = ChooseSide("destination", flow.destination, scope.destination_prefix, context);
  if (!destination.ok()) return destination.status();

  SecurityRule rule;
  rule.priority = *priority;
  rule.direction = blocking.direction;
  rule.access = Access::kAllow;
  rule.protocol = ToRuleProtocol(flow.protocol);
  rule.sources = {*source};
  rule.destinations = {*destination};
  rule.source_ports = {PortRange::All()};
  const bool ported = HasPorts(flow.protocol);
  rule.destination_ports = {ported ? PortRange::Single(flow.destination_port) : PortRange::All()};
  const std::string direction = internal::ToLower(ToString(blocking.direction));
  rule.name =
      UniqueName(nsg, ported ? fmt::format("allow-{}-{}-{}", ProtocolName(flow.protocol),
                                           flow.destination_port, direction)
                             : fmt::format("allow-{}-{}", ProtocolName(flow.protocol), direction));
  rule.description =
      fmt::format("Allows {} {} ahead of {} ({})", ToString(rule.protocol),
                  FormatPorts(rule.destination_ports), blocking.rule_name, blocking.priority);
  return rule;
}

}  // namespace tunnelsim::nsg
