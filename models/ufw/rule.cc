#include "models/ufw/rule.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <tuple>
#include <vector>

namespace tunnelsim::ufw {
namespace {

bool IsAnywhere(const std::optional<Ipv4Prefix>& address) { return !address.has_value(); }

// The sort key of one port-list entry under human_sort: "80" < "80:90" < "81". Values are
// parsed leniently because entries were validated when the rule was parsed.
std::tuple<uint64_t, int, uint64_t> PortEntryKey(std::string_view entry) {
  auto number = [](std::string_view text) {
    uint64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  };
  size_t colon = entry.find(':');
  if (colon == std::string_view::npos) return {number(entry), 0, 0};
  return {number(entry.substr(0, colon)), 1, number(entry.substr(colon + 1))};
}

}  // namespace

// The enumerators are in the order of these names.
std::string_view ActionName(Action action) {
  static constexpr std::array<std::string_view, 4> kNames = {"allow", "deny", "reject", "limit"};
  return kNames[static_cast<size_t>(action)];
}

std::string_view ProtocolName(Protocol protocol) {
  static constexpr std::array<std::string_view, 3> kNames = {"any", "tcp", "udp"};
  return kNames[static_cast<size_t>(protocol)];
}

bool UfwRule::IsMulti() const {
  auto multi = [](const std::string& port) {
    return port.find_first_of(",:") != std::string::npos;
  };
  return multi(dport) || multi(sport);
}

std::string_view UfwRule::UserChain() const {
  return direction == Direction::kOut ? "ufw-user-output" : "ufw-user-input";
}

RuleMatch Match(const UfwRule& a, const UfwRule& b) {
  if (a.dport != b.dport || a.sport != b.sport || a.protocol != b.protocol || a.src != b.src ||
      a.dst != b.dst || a.v6 != b.v6 || a.interface_in != b.interface_in ||
      a.interface_out != b.interface_out || a.direction != b.direction) {
    return RuleMatch::kDifferent;
  }
  return a.action == b.action ? RuleMatch::kSame : RuleMatch::kSameButAction;
}

std::string AddressText(const std::optional<Ipv4Prefix>& address, bool v6) {
  if (IsAnywhere(address)) return v6 ? "::/0" : "0.0.0.0/0";
  if (address->length() == 32) return address->network().ToString();
  return address->ToString();
}

std::string TupleLine(const UfwRule& rule) {
  std::string direction(rule.direction == Direction::kIn ? "in" : "out");
  std::string interfaces = direction;
  if (!rule.interface_in.empty() && !rule.interface_out.empty()) {
    interfaces = "in_" + rule.interface_in + "!out_" + rule.interface_out;
  } else if (!rule.interface_in.empty()) {
    interfaces = direction + "_" + rule.interface_in;
  } else if (!rule.interface_out.empty()) {
    interfaces = direction + "_" + rule.interface_out;
  }
  std::string line = "### tuple ### ";
  line += ActionName(rule.action);
  line += ' ';
  line += ProtocolName(rule.protocol);
  line += ' ' + rule.dport + ' ' + AddressText(rule.dst, rule.v6) + ' ' + rule.sport + ' ' +
          AddressText(rule.src, rule.v6) + ' ' + interfaces;
  return line;
}

std::string CommandText(const UfwRule& rule) {
  std::string text(ActionName(rule.action));
  bool no_interfaces = rule.interface_in.empty() && rule.interface_out.empty();
  if (IsAnywhere(rule.dst) && IsAnywhere(rule.src) && rule.sport == "any" && no_interfaces &&
      rule.dport != "any") {
    // ufw's short syntax: "allow 10250/tcp", "deny out 25".
    if (rule.direction == Direction::kOut) text += " out";
    text += ' ' + rule.dport;
    if (rule.protocol != Protocol::kAny) text += "/" + std::string(ProtocolName(rule.protocol));
    return text;
  }
  if (!rule.interface_in.empty()) text += " in on " + rule.interface_in;
  if (!rule.interface_out.empty()) {
    text += " out on " + rule.interface_out;
  } else if (rule.direction == Direction::kOut) {
    text += " out";
  }
  auto clause = [&](const char* keyword, const std::optional<Ipv4Prefix>& address,
                    const std::string& port) {
    if (IsAnywhere(address) && port == "any") return;
    text += std::string(" ") + keyword + ' ';
    text += IsAnywhere(address) ? "any" : AddressText(address, false);
    if (port != "any") text += " port " + port;
  };
  clause("from", rule.src, rule.sport);
  clause("to", rule.dst, rule.dport);
  if (text.find(" to ") == std::string::npos && text.find(" from ") == std::string::npos &&
      no_interfaces) {
    text += " to any";  // marks the extended form of an otherwise empty rule
  }
  if (rule.protocol != Protocol::kAny) text += " proto " + std::string(ProtocolName(rule.protocol));
  return text;
}

std::string NormalizePortList(std::string_view ports) {
  std::vector<std::string_view> entries;
  size_t start = 0;
  while (true) {
    size_t comma = ports.find(',', start);
    entries.push_back(ports.substr(start, comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (entries.size() < 2) return std::string(ports);
  // Python's sort is stable; equal keys ("080" and "80") keep their order.
  std::stable_sort(entries.begin(), entries.end(), [](std::string_view a, std::string_view b) {
    return PortEntryKey(a) < PortEntryKey(b);
  });
  std::string out;
  for (std::string_view entry : entries) {
    if (!out.empty()) out += ',';
    out += entry;
  }
  return out;
}

}  // namespace tunnelsim::ufw
