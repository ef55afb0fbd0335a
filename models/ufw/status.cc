#include "models/ufw/status.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace tunnelsim::ufw {
namespace {

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The To (destination) or From (source) column of one rule, as get_status builds it.
std::string Location(const UfwRule& rule, bool destination) {
  const std::optional<Ipv4Prefix>& address = destination ? rule.dst : rule.src;
  const std::string& port = destination ? rule.dport : rule.sport;
  bool anywhere = !address.has_value();
  bool has_protocol = rule.protocol != Protocol::kAny;
  std::string protocol_suffix = "/" + std::string(ProtocolName(rule.protocol));
  std::string location = anywhere ? "" : AddressText(address, rule.v6);
  if (port != "any") {
    location = location.empty() ? port : location + " " + port;
    if (has_protocol) location += protocol_suffix;
    if (rule.v6 && !rule.src && !rule.dst && location.find(" (v6)") == std::string::npos) {
      location += " (v6)";  // so the twin does not look like a duplicate of the IPv4 line
    }
  } else if (anywhere) {
    location = "Anywhere";
    // Anywhere to anywhere with a protocol and no ports shows the protocol once per side.
    if (has_protocol && rule.src == rule.dst && rule.dport == rule.sport) {
      location += protocol_suffix;
    }
    if (rule.v6) location += " (v6)";
  } else if (has_protocol && rule.dport == rule.sport) {
    location += protocol_suffix;
  }
  // Non-route rules report the incoming interface under To and the outgoing one under From.
  if (destination && !rule.interface_in.empty()) location += " on " + rule.interface_in;
  if (!destination && !rule.interface_out.empty()) location += " on " + rule.interface_out;
  return location;
}

std::string RuleTable(const State& state, StatusMode mode) {
  bool numbered = mode == StatusMode::kNumbered;
  std::string incoming;
  std::string outgoing;
  int count = 1;
  for (const UfwRule* rule : NumberedRules(state)) {
    bool out = rule->direction == Direction::kOut;
    std::string line = numbered ? fmt::format("[{:2}] ", count) : "";
    std::string direction = out ? "OUT" : "IN";
    if (!out && mode == StatusMode::kPlain) direction.clear();
    line += fmt::format("{:<26} {:<12}{:<26}{}\n", Location(*rule, true),
                        Upper(ActionName(rule->action)) + " " + direction, Location(*rule, false),
                        numbered && out ? " (out)" : "");
    // The numbered list keeps rule order; the others group incoming before outgoing.
    (out && !numbered ? outgoing : incoming) += line;
    ++count;
  }
  if (incoming.empty() && outgoing.empty()) return "";
  std::string indent = numbered ? "     " : "";
  std::string table = "\n\n" + indent + fmt::format("{:<26} {:<12}{}\n", "To", "Action", "From");
  table += indent + fmt::format("{:<26} {:<12}{}\n", "--", "------", "----");
  table += incoming;
  if (!incoming.empty() && !outgoing.empty()) table += "\n";
  table += outgoing;
  return table;
}

std::string DefaultsLine(const State& state, bool ip_forward) {
  return fmt::format("Default: {} (incoming), {} (outgoing), {} (routed)",
                     PolicyName(state.incoming), PolicyName(state.outgoing),
                     ip_forward ? PolicyName(state.routed) : "disabled");
}

}  // namespace

std::string StatusText(const State& state, StatusMode mode, bool ip_forward) {
  if (!state.enabled) return "Status: inactive\n";
  std::string table = RuleTable(state, mode);
  if (mode != StatusMode::kVerbose) return "Status: active" + table + "\n";
  std::string logging = state.log_level == LogLevel::kOff
                            ? "Logging: off"
                            : fmt::format("Logging: on ({})", LogLevelName(state.log_level));
  return "Status: active\n" + logging + "\n" + DefaultsLine(state, ip_forward) +
         "\nNew profiles: skip" + table + "\n";
}

std::string ShowAddedText(const State& state) {
  std::string text = "Added user rules (see 'ufw status' for running firewall):";
  std::vector<const UfwRule*> rules = NumberedRules(state);
  if (rules.empty()) return text + "\n(None)\n";
  std::vector<std::string> added;
  for (const UfwRule* rule : rules) {
    // A twin re-creates the same command as its IPv4 rule, so it is listed once.
    std::string command = CommandText(*rule);
    if (std::find(added.begin(), added.end(), command) != added.end()) continue;
    added.push_back(command);
    text += "\nufw " + command;
  }
  return text + "\n";
}

}  // namespace tunnelsim::ufw
