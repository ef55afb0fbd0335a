#include "models/nsg/security_rule.h"

#include <array>

#include <fmt/format.h>

#include "models/nsg/text_util.h"

namespace tunnelsim::nsg {
namespace {

using internal::EqualsIgnoreCase;
using internal::TrimSpaces;

constexpr std::string_view kExpectedTags =
    "VirtualNetwork, AzureLoadBalancer, Internet, AzureCloud, AzureCloud.<Region>";

struct TagName {
  std::string_view name;
  ServiceTag tag;
};
constexpr std::array<TagName, 4> kTagNames = {{
    {"VirtualNetwork", ServiceTag::kVirtualNetwork},
    {"AzureLoadBalancer", ServiceTag::kAzureLoadBalancer},
    {"Internet", ServiceTag::kInternet},
    {"AzureCloud", ServiceTag::kAzureCloud},
}};

Result<AddressMatcher> ParseServiceTag(std::string_view text) {
  size_t dot = text.find('.');
  std::string_view base = text.substr(0, dot);
  for (const TagName& t : kTagNames) {
    if (!EqualsIgnoreCase(base, t.name)) continue;
    if (dot == std::string_view::npos) return AddressMatcher::Tag(t.tag);
    std::string_view region = text.substr(dot + 1);
    if (t.tag != ServiceTag::kAzureCloud) {
      return Status::InvalidArgument(
          fmt::format("service tag '{}' has no regional form; expected plain '{}'", text, t.name));
    }
    if (region.empty() || region.find('.') != std::string_view::npos) {
      return Status::InvalidArgument(
          fmt::format("'{}' is not a regional service tag; expected AzureCloud.<Region>", text));
    }
    return AddressMatcher::Tag(t.tag, std::string(region));
  }
  return Status::InvalidArgument(
      fmt::format("unknown service tag '{}'; expected one of {}", text, kExpectedTags));
}

// Splits a comma list, trimming spaces around each element; calls `parse` on each.
template <typename T, typename Parse>
Status ParseCommaList(std::string_view text, std::string_view what, Parse parse,
                      std::vector<T>* out) {
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    std::string_view item =
        TrimSpaces(text.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (item.empty()) {
      return Status::InvalidArgument(
          fmt::format("empty entry in {} '{}'; expected a comma-separated list", what, text));
    }
    auto parsed = parse(item);
    if (!parsed.ok()) return parsed.status();
    out->insert(out->end(), parsed->begin(), parsed->end());
    if (comma == std::string_view::npos) return Status::Ok();
    start = comma + 1;
  }
}

Result<std::vector<PortRange>> ParseOnePortItem(std::string_view item) {
  if (item == "*") return std::vector<PortRange>{PortRange::All()};
  auto range = PortRange::Parse(item, '-');
  if (!range.ok()) return range.status();
  return std::vector<PortRange>{*range};
}

Result<std::vector<AddressMatcher>> ParseOneAddressItem(std::string_view item) {
  auto m = ParseAddressPrefix(item);
  if (!m.ok()) return m.status();
  return std::vector<AddressMatcher>{*m};
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}
bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::string AddressMatcher::ToString() const {
  switch (kind) {
    case Kind::kAny:
      return "*";
    case Kind::kPrefix:
      return prefix.length() == 32 ? prefix.network().ToString() : prefix.ToString();
    case Kind::kServiceTag:
      if (region.empty()) return std::string(nsg::ToString(tag));
      return fmt::format("{}.{}", nsg::ToString(tag), region);
  }
  return "?";
}

Result<RuleProtocol> ParseRuleProtocol(std::string_view text) {
  struct Spelling {
    std::string_view text;
    RuleProtocol protocol;
  };
  // "All" is how the effective-rules view spells "*" (reference/azure.md §1.3).
  static constexpr std::array<Spelling, 8> kSpellings = {{
      {"Tcp", RuleProtocol::kTcp},
      {"Udp", RuleProtocol::kUdp},
      {"Icmp", RuleProtocol::kIcmp},
      {"Esp", RuleProtocol::kEsp},
      {"Ah", RuleProtocol::kAh},
      {"*", RuleProtocol::kAny},
      {"Any", RuleProtocol::kAny},
      {"All", RuleProtocol::kAny},
  }};
  for (const Spelling& s : kSpellings) {
    if (EqualsIgnoreCase(text, s.text)) return s.protocol;
  }
  return Status::InvalidArgument(
      fmt::format("'{}' is not an NSG protocol; expected Tcp, Udp, Icmp, Esp, Ah, * or Any", text));
}

Result<Direction> ParseDirection(std::string_view text) {
  if (EqualsIgnoreCase(text, "Inbound") || EqualsIgnoreCase(text, "In")) {
    return Direction::kInbound;
  }
  if (EqualsIgnoreCase(text, "Outbound") || EqualsIgnoreCase(text, "Out")) {
    return Direction::kOutbound;
  }
  return Status::InvalidArgument(
      fmt::format("'{}' is not a rule direction; expected Inbound or Outbound", text));
}

Result<Access> ParseAccess(std::string_view text) {
  if (EqualsIgnoreCase(text, "Allow")) return Access::kAllow;
  if (EqualsIgnoreCase(text, "Deny")) return Access::kDeny;
  return Status::InvalidArgument(
      fmt::format("'{}' is not a rule access; expected Allow or Deny", text));
}

Result<std::vector<PortRange>> ParsePortSpec(std::string_view text) {
  std::vector<PortRange> out;
  Status s = ParseCommaList(text, "port list", ParseOnePortItem, &out);
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<PortRange>> ParsePortSpecs(std::span<const std::string> texts) {
  if (texts.empty()) {
    return Status::InvalidArgument("port range list is empty; expected at least one entry");
  }
  std::vector<PortRange> out;
  for (const std::string& t : texts) {
    Status s = ParseCommaList(t, "port list", ParseOnePortItem, &out);
    if (!s.ok()) return s;
  }
  return out;
}

Result<AddressMatcher> ParseAddressPrefix(std::string_view text) {
  if (text.empty()) {
    return Status::InvalidArgument(
        "empty address prefix; expected a CIDR, an IP address, a service tag or *");
  }
  if (text == "*" || EqualsIgnoreCase(text, "Any")) return AddressMatcher::Any();
  if (text.front() >= '0' && text.front() <= '9') {
    auto prefix = Ipv4Prefix::Parse(text);
    if (!prefix.ok()) return prefix.status();
    return AddressMatcher::Prefix(*prefix);
  }
  return ParseServiceTag(text);
}

Result<std::vector<AddressMatcher>> ParseAddressPrefixes(std::string_view text) {
  std::vector<AddressMatcher> out;
  Status s = ParseCommaList(text, "address list", ParseOneAddressItem, &out);
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<AddressMatcher>> ParseAddressPrefixes(std::span<const std::string> texts) {
  if (texts.empty()) {
    return Status::InvalidArgument("address prefix list is empty; expected at least one entry");
  }
  std::vector<AddressMatcher> out;
  for (const std::string& t : texts) {
    Status s = ParseCommaList(t, "address list", ParseOneAddressItem, &out);
    if (!s.ok()) return s;
  }
  return out;
}

Status ValidateRuleName(std::string_view name) { return ValidateResourceName("rule name", name); }

Status ValidateResourceName(std::string_view what, std::string_view name) {
  if (name.empty()) {
    return Status::InvalidArgument(fmt::format("{} is empty; expected 1-80 characters", what));
  }
  if (name.size() > kMaxNameLength) {
    return Status::InvalidArgument(fmt::format("{} '{}' is {} characters; expected at most {}",
                                               what, name, name.size(), kMaxNameLength));
  }
  for (char c : name) {
    if (!IsNameChar(c)) {
      return Status::InvalidArgument(fmt::format(
          "{} '{}' contains '{}'; expected letters, digits, '_', '.' and '-'", what, name, c));
    }
  }
  if (!IsAlnum(name.front())) {
    return Status::InvalidArgument(fmt::format(
        "{} '{}' starts with '{}'; expected a letter or digit first", what, name, name.front()));
  }
  if (!IsAlnum(name.back()) && name.back() != '_') {
    return Status::InvalidArgument(fmt::format(
        "{} '{}' ends with '{}'; expected a letter, digit or '_' last", what, name, name.back()));
  }
  return Status::Ok();
}

Status ValidateCustomPriority(int priority) {
  if (priority < kMinCustomPriority || priority > kMaxCustomPriority) {
    return Status::OutOfRange(fmt::format("priority {} is outside {}-{}", priority,
                                          kMinCustomPriority, kMaxCustomPriority));
  }
  return Status::Ok();
}

std::string_view ToString(Direction d) { return d == Direction::kInbound ? "Inbound" : "Outbound"; }
std::string_view ToString(Access a) { return a == Access::kAllow ? "Allow" : "Deny"; }

std::string_view ToString(RuleProtocol p) {
  switch (p) {
    case RuleProtocol::kTcp:
      return "Tcp";
    case RuleProtocol::kUdp:
      return "Udp";
    case RuleProtocol::kIcmp:
      return "Icmp";
    case RuleProtocol::kEsp:
      return "Esp";
    case RuleProtocol::kAh:
      return "Ah";
    case RuleProtocol::kAny:
      return "*";
  }
  return "?";
}

std::string_view ToString(ServiceTag t) {
  for (const TagName& n : kTagNames) {
    if (n.tag == t) return n.name;
  }
  return "?";
}

std::string FormatPorts(std::span<const PortRange> ports) {
  std::string out;
  for (const PortRange& p : ports) {
    if (p.IsAll()) return "*";
    if (!out.empty()) out += ',';
    out += p.ToString('-');
  }
  return out;
}

std::string FormatAddresses(std::span<const AddressMatcher> addresses) {
  std::string out;
  for (const AddressMatcher& a : addresses) {
    if (!out.empty()) out += ',';
    out += a.ToString();
  }
  return out;
}

}  // namespace tunnelsim::nsg
