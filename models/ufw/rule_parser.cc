// The rule grammar of ufw 0.36 (parser.py UFWCommandRule.parse), step for step, so that the
// same input fails with the same message at the same point as in ufw.
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "models/ufw/command.h"
#include "models/ufw/rule_fields.h"

namespace tunnelsim::ufw::internal {
namespace {

Status InvalidSyntax() { return Status::InvalidArgument("ERROR: Invalid syntax"); }
Status UfwError(std::string_view message) {
  return Status::InvalidArgument(fmt::format("ERROR: {}", message));
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsDirectionWord(std::string_view word) {
  std::string lower = Lower(word);
  return lower == "in" || lower == "out";
}

size_t Count(const std::vector<std::string>& argv, std::string_view word) {
  return static_cast<size_t>(std::count(argv.begin(), argv.end(), word));
}

// Python's int() on a word: optional sign, digits; canonical decimal text or nullopt.
std::optional<std::string> PythonInt(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  size_t first = text.find_first_not_of('0');
  if (first == std::string_view::npos) return std::string("0");
  return (negative ? "-" : "") + std::string(text.substr(first));
}

// The protocols ufw accepts besides tcp/udp (util.supported_protocols); none of them has ports.
bool PortlessProtocol(std::string_view name) {
  return name == "ipv6" || name == "esp" || name == "ah" || name == "igmp" || name == "gre" ||
         name == "vrrp";
}

Result<Protocol> ParseProtocol(std::string_view name) {
  if (name == "any") return Protocol::kAny;
  if (name == "tcp") return Protocol::kTcp;
  if (name == "udp") return Protocol::kUdp;
  if (PortlessProtocol(name)) {
    return Status::Unsupported(
        fmt::format("ufw protocol '{}' is not modelled; expected tcp or udp", name));
  }
  return UfwError(fmt::format("Unsupported protocol '{}'", name));
}

// parser.py "Adjust protocol": a service name fixes the protocol (ssh -> tcp).
Status AdjustProtocolForServices(std::string_view to_service, std::string_view from_service,
                                 UfwRule* rule) {
  if (to_service.empty() && from_service.empty()) return Status::Ok();
  auto service_protocol = [](std::string_view name) {
    const Service* service = FindService(name);
    return service != nullptr ? service->protocol : Protocol::kAny;
  };
  std::optional<Protocol> protocol;
  if (!to_service.empty()) protocol = service_protocol(to_service);
  if (!from_service.empty()) {
    Protocol from = service_protocol(from_service);
    if (!protocol || *protocol == Protocol::kAny || *protocol == from) {
      protocol = from;
    } else if (from != Protocol::kAny) {
      return UfwError("Protocol mismatch (from/to)");
    }
  }
  if (rule->protocol == Protocol::kAny) {
    rule->protocol = *protocol;
  } else if (*protocol != Protocol::kAny && rule->protocol != *protocol) {
    return UfwError(
        fmt::format("Protocol mismatch with specified protocol {}", ProtocolName(rule->protocol)));
  }
  return Status::Ok();
}

// `allow 10250/tcp`, `deny 22`, `allow ssh`.
Status ParseShortForm(const std::string& word, bool remove, RuleCommand* command,
                      std::string* to_service) {
  if (ValidProfileName(word) && FindService(word) == nullptr) {
    // ufw would look for an application profile of that name; none are modelled, which is
    // what ufw says when /etc/ufw/applications.d has no such profile.
    if (remove) return Status::NotFound("Could not delete non-existent rule");
    return UfwError(fmt::format("Could not find a profile matching '{}'", word));
  }
  std::string port = word;
  std::string protocol = "any";
  size_t slash = word.find('/');
  if (slash != std::string::npos) {
    if (word.find('/', slash + 1) != std::string::npos) return UfwError("Bad port");
    port = word.substr(0, slash);
    protocol = word.substr(slash + 1);
    if (PortlessProtocol(protocol)) {
      return UfwError(fmt::format("Invalid port with protocol '{}'", protocol));
    }
  }
  if (!NumericPortSyntax(port)) {
    if (port.find_first_of(",:") != std::string::npos) {
      return UfwError("Port ranges must be numeric");
    }
    *to_service = port;
  }
  auto parsed_protocol = ParseProtocol(protocol);
  auto parsed_port = ParsePortField(port);
  if (!parsed_protocol.ok() || !parsed_port.ok()) return UfwError("Bad port");
  command->rule.protocol = *parsed_protocol;
  command->rule.dport = *parsed_port;
  return Status::Ok();
}

// `allow [in|out on IFACE] [proto P] [from A [port P]] [to A [port P]]` (after `on` is gone).
Status ParseExtendedForm(const std::vector<std::string>& argv, RuleCommand* command,
                         std::string* to_service, std::string* from_service) {
  if (Count(argv, "to") > 1 || Count(argv, "from") > 1 || Count(argv, "proto") > 1 ||
      Count(argv, "port") > 2 || Count(argv, "in") > 1 || Count(argv, "out") > 1 ||
      Count(argv, "app") > 2 || (Count(argv, "app") > 0 && Count(argv, "proto") > 0)) {
    return UfwError("Improper rule syntax");
  }
  static constexpr std::array<std::string_view, 7> kKeys = {"proto", "from", "to", "port",
                                                            "app",   "in",   "out"};
  UfwRule& rule = command->rule;
  bool from_address = false;
  bool to_address = false;
  std::string loc;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (i % 2 != 0 && std::find(kKeys.begin(), kKeys.end(), arg) == kKeys.end()) {
      return UfwError(fmt::format("Invalid token '{}'", arg));
    }
    bool has_value = i + 1 < argv.size();
    const std::string value = has_value ? argv[i + 1] : std::string();
    if (arg == "proto") {
      if (!has_value) return UfwError("Invalid 'proto' clause");
      auto protocol = ParseProtocol(value);
      if (!protocol.ok()) return protocol.status();
      rule.protocol = *protocol;
    } else if (arg == "in" || arg == "out") {
      if (!has_value) return UfwError(fmt::format("Invalid '{}' clause", arg));
      if (Status s = ValidateInterfaceName(value); !s.ok()) return s;
      (arg == "in" ? rule.interface_in : rule.interface_out) = value;
    } else if (arg == "from" || arg == "to") {
      if (!has_value) return UfwError(fmt::format("Invalid '{}' clause", arg));
      bool is_from = arg == "from";
      auto address = ParseAddressField(Lower(value), is_from ? "source" : "destination");
      if (!address.ok()) return address.status();
      (is_from ? rule.src : rule.dst) = address->prefix;
      (is_from ? from_address : to_address) = Lower(value) != "any";
      command->address_normalized |= address->normalized;
      loc = is_from ? "src" : "dst";
    } else if (arg == "port" || arg == "app") {
      if (!has_value) return UfwError("Invalid 'port' clause");
      if (loc.empty()) return UfwError(fmt::format("Need 'from' or 'to' with '{}'", arg));
      if (arg == "app") {
        return Status::Unsupported("ufw application profiles ('app') are not modelled");
      }
      if (!NumericPortSyntax(value)) {
        if (value.find_first_of(",:") != std::string::npos) {
          return UfwError("Port ranges must be numeric");
        }
        *(loc == "src" ? from_service : to_service) = value;
      }
      auto port = ParsePortField(value);
      if (!port.ok()) return port.status();
      (loc == "src" ? rule.sport : rule.dport) = *port;
    }
  }
  command->ip_version = (from_address || to_address) ? IpVersion::kV4 : IpVersion::kBoth;
  return Status::Ok();
}

}  // namespace

Result<Command> ParseRuleArgs(std::vector<std::string> argv) {
  Command command;
  command.kind = Command::Kind::kRule;
  RuleCommand& rc = command.rule;
  std::optional<std::string> insert_position;
  if (!argv.empty() && Lower(argv[0]) == "rule") argv.erase(argv.begin());
  if (!argv.empty()) {
    std::string verb = Lower(argv[0]);
    if (verb == "delete" && argv.size() > 1) {
      rc.remove = true;
      argv.erase(argv.begin());
      if (auto number = PythonInt(argv[0])) {
        command.kind = Command::Kind::kDeleteNumber;
        command.delete_number = *number;
        return command;
      }
    } else if (verb == "insert") {
      if (argv.size() < 4) return InvalidSyntax();
      insert_position = argv[1];
      if (argv[1] == "0" || argv[1] == "-1") {
        // 0 would append and -1 prepend, which ufw finds confusing as insert positions.
        return UfwError(fmt::format("Cannot insert rule at position '{}'", argv[1]));
      }
      argv.erase(argv.begin(), argv.begin() + 2);
    } else if (verb == "prepend") {
      rc.position = -1;
      argv.erase(argv.begin());
    }
    if (argv.empty()) return InvalidSyntax();
  }
  static constexpr std::array<std::pair<std::string_view, Action>, 4> kActions = {
      {{"allow", Action::kAllow},
       {"deny", Action::kDeny},
       {"reject", Action::kReject},
       {"limit", Action::kLimit}}};
  auto action = std::find_if(kActions.begin(), kActions.end(),
                             [&](const auto& a) { return !argv.empty() && argv[0] == a.first; });
  if (action == kActions.end() || argv.size() < 2) return InvalidSyntax();
  rc.rule.action = action->second;

  // `allow in 22` is `allow 22`; `allow in on eth0 ...` keeps the direction for the clause.
  if (IsDirectionWord(argv[1])) {
    rc.rule.direction = Lower(argv[1]) == "out" ? Direction::kOut : Direction::kIn;
    if (argv.size() > 2 && argv[2] != "on") argv.erase(argv.begin() + 1);
  }
  bool has_interface = false;
  if (argv.size() > 1 && (Count(argv, "in") > 0 || Count(argv, "out") > 0)) {
    if (!IsDirectionWord(argv[1]) || argv.size() < 3 || Lower(argv[2]) != "on") {
      return UfwError("Invalid interface clause");
    }
    argv.erase(argv.begin() + 2);
    has_interface = true;
  }
  auto is_log = [](const std::string& word) {
    std::string lower = Lower(word);
    return lower == "log" || lower == "log-all";
  };
  if ((has_interface && argv.size() > 3 && is_log(argv[3])) ||
      (argv.size() > 2 && is_log(argv[1])) || Count(argv, "comment") > 0) {
    return Status::Unsupported("ufw rule logging ('log', 'log-all') and comments are not modelled");
  }
  if (Count(argv, "log") > 0) return UfwError("Option 'log' not allowed here");
  if (Count(argv, "log-all") > 0) return UfwError("Option 'log-all' not allowed here");
  if (argv.size() < 2 || argv.size() > 13) return InvalidSyntax();
  if (insert_position) {
    const std::string& text = *insert_position;
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) {
      return UfwError(fmt::format("Insert position '{}' is not a valid position", text));
    }
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), rc.position);
    if (end != text.data() + text.size()) return InvalidSyntax();  // int() fails on "3x"
    if (ec != std::errc()) return UfwError(fmt::format("Invalid position '{}'", text));
  }

  std::string to_service;
  std::string from_service;
  if (argv.size() == 2) {
    if (Status s = ParseShortForm(argv[1], rc.remove, &rc, &to_service); !s.ok()) return s;
  } else if ((argv.size() + 1) % 2 != 0) {
    return UfwError("Wrong number of arguments");
  } else if (Count(argv, "from") == 0 && Count(argv, "to") == 0 && Count(argv, "in") == 0 &&
             Count(argv, "out") == 0) {
    return UfwError("Need 'to' or 'from' clause");
  } else if (Status s = ParseExtendedForm(argv, &rc, &to_service, &from_service); !s.ok()) {
    return s;
  }
  if (Status s = AdjustProtocolForServices(to_service, from_service, &rc.rule); !s.ok()) {
    return s;
  }
  return command;
}

}  // namespace tunnelsim::ufw::internal
