// Azure Network Security Group rules and groups as plain values, and parsers for the strings
// ARM templates, `az` and the portal use for each rule field (reference/azure.md §1.3, §1.6).
// The parsers check syntax only; whole-rule and whole-group checks live in validation.h.
// Parsing is case-insensitive where Azure's clients are ("TCP", "tcp", "Tcp"); parsed values
// print back in the API spelling.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/core/ipv4.h"
#include "models/core/port_range.h"
#include "models/core/protocol.h"
#include "models/core/result.h"

namespace tunnelsim::nsg {

enum class Direction : uint8_t { kInbound, kOutbound };
enum class Access : uint8_t { kAllow, kDeny };
// kAny is "*" in the API, "Any" in the portal and "All" in the effective-rules view. It
// matches every protocol a Flow can carry, ESP and AH included (see evaluator.h for why).
enum class RuleProtocol : uint8_t { kTcp, kUdp, kIcmp, kEsp, kAh, kAny };
// The service tags this model resolves (reference/azure.md §1.4); service_tags.h says how.
enum class ServiceTag : uint8_t { kVirtualNetwork, kAzureLoadBalancer, kInternet, kAzureCloud };

// One entry of a rule's source or destination list.
struct AddressMatcher {
  enum class Kind : uint8_t { kAny, kPrefix, kServiceTag };

  Kind kind = Kind::kAny;
  Ipv4Prefix prefix;   // kPrefix only; a bare IP is a /32
  ServiceTag tag{};    // kServiceTag only
  std::string region;  // kServiceTag kAzureCloud only: "westeurope" in "AzureCloud.westeurope"

  static AddressMatcher Any() { return {}; }
  static AddressMatcher Prefix(Ipv4Prefix p) { return {Kind::kPrefix, p, {}, {}}; }
  static AddressMatcher Tag(ServiceTag t, std::string region = {}) {
    return {Kind::kServiceTag, {}, t, std::move(region)};
  }
  // "*", "10.224.0.0/16", "10.224.0.4" (a /32 prints bare), "VirtualNetwork",
  // "AzureCloud.westeurope".
  std::string ToString() const;
  bool operator==(const AddressMatcher&) const = default;
};

struct SecurityRule {
  std::string name;
  int priority = 0;  // custom rules 100-4096; default rules 65000-65500
  Direction direction = Direction::kInbound;
  Access access = Access::kAllow;
  RuleProtocol protocol = RuleProtocol::kAny;
  std::vector<AddressMatcher> sources{AddressMatcher::Any()};
  std::vector<PortRange> source_ports{PortRange::All()};
  std::vector<AddressMatcher> destinations{AddressMatcher::Any()};
  std::vector<PortRange> destination_ports{PortRange::All()};
  std::string description;
  bool is_default = false;  // one of the six rules Azure adds (default_rules.h)
};

struct NetworkSecurityGroup {
  std::string name;
  // Custom rules only, in any order; the six default rules are implicit (default_rules.h).
  std::vector<SecurityRule> rules;
  // flushConnection: rule edits re-evaluate existing flows (reference/azure.md §1.7).
  bool flush_connection = false;
};

// "Tcp"/"TCP"/"tcp", "Udp", "Icmp", "Esp", "Ah", and "*"/"Any"/"All" for kAny.
Result<RuleProtocol> ParseRuleProtocol(std::string_view text);
// "Inbound"/"Outbound" (also "In"/"Out"), any case.
Result<Direction> ParseDirection(std::string_view text);
// "Allow"/"Deny", any case.
Result<Access> ParseAccess(std::string_view text);

// A port field: "80", "10000-10005", "*", or a comma list of those ("80, 10000-10005") as the
// portal accepts. The result keeps the written order.
Result<std::vector<PortRange>> ParsePortSpec(std::string_view text);
// The array form (sourcePortRanges / destinationPortRanges); each element may be a comma list.
Result<std::vector<PortRange>> ParsePortSpecs(std::span<const std::string> texts);

// One address entry: a CIDR, an IP, "*" / "Any", or a service tag (VirtualNetwork,
// AzureLoadBalancer, Internet, AzureCloud, AzureCloud.<Region>, any case). "0.0.0.0/0"
// stays a prefix; it matches what "*" matches. Host bits after the mask are cleared.
Result<AddressMatcher> ParseAddressPrefix(std::string_view text);
// A comma list of entries, as the portal accepts in one box.
Result<std::vector<AddressMatcher>> ParseAddressPrefixes(std::string_view text);
// The array form (sourceAddressPrefixes / destinationAddressPrefixes).
Result<std::vector<AddressMatcher>> ParseAddressPrefixes(std::span<const std::string> texts);

// 1-80 characters of letters, digits, '_', '.', '-'; starts with a letter or digit and ends
// with a letter, digit or '_' (ARM naming rules for securityRules; reference/azure.md §1.1).
Status ValidateRuleName(std::string_view name);
// The same ARM naming rule for another resource; `what` names the field and starts every
// message, e.g. "network security group name" -> "network security group name 'a b' ...".
Status ValidateResourceName(std::string_view what, std::string_view name);
// Custom rules: 100-4096 (reference/azure.md §1.1).
Status ValidateCustomPriority(int priority);

inline constexpr int kMinCustomPriority = 100;
inline constexpr int kMaxCustomPriority = 4096;
inline constexpr size_t kMaxNameLength = 80;

// API spellings: "Inbound", "Allow", "Tcp" ... and "*" for RuleProtocol::kAny.
std::string_view ToString(Direction d);
std::string_view ToString(Access a);
std::string_view ToString(RuleProtocol p);
std::string_view ToString(ServiceTag t);
// "*" for all ports, otherwise "80,10000-10005".
std::string FormatPorts(std::span<const PortRange> ports);
// "*" when the list is exactly one Any, otherwise entries joined by ",".
std::string FormatAddresses(std::span<const AddressMatcher> addresses);

// Whether a rule's protocol field covers a packet's protocol.
constexpr bool ProtocolMatches(RuleProtocol rule, IpProtocol packet) {
  switch (rule) {
    case RuleProtocol::kTcp:
      return packet == IpProtocol::kTcp;
    case RuleProtocol::kUdp:
      return packet == IpProtocol::kUdp;
    case RuleProtocol::kIcmp:
      return packet == IpProtocol::kIcmp;
    case RuleProtocol::kEsp:
      return packet == IpProtocol::kEsp;
    case RuleProtocol::kAh:
      return packet == IpProtocol::kAh;
    case RuleProtocol::kAny:
      return true;
  }
  return false;
}

}  // namespace tunnelsim::nsg
