#include "models/ufw/packaged_rules.h"

#include <array>
#include <deque>
#include <map>

#include "models/ufw/rule_iptables.h"

namespace tunnelsim::ufw::internal {
namespace {

constexpr std::array<std::string_view, 32> kChains = {"ufw-after-forward",
                                                      "ufw-after-input",
                                                      "ufw-after-logging-forward",
                                                      "ufw-after-logging-input",
                                                      "ufw-after-logging-output",
                                                      "ufw-after-output",
                                                      "ufw-before-forward",
                                                      "ufw-before-input",
                                                      "ufw-before-logging-forward",
                                                      "ufw-before-logging-input",
                                                      "ufw-before-logging-output",
                                                      "ufw-before-output",
                                                      "ufw-logging-allow",
                                                      "ufw-logging-deny",
                                                      "ufw-not-local",
                                                      "ufw-reject-forward",
                                                      "ufw-reject-input",
                                                      "ufw-reject-output",
                                                      "ufw-skip-to-policy-forward",
                                                      "ufw-skip-to-policy-input",
                                                      "ufw-skip-to-policy-output",
                                                      "ufw-track-forward",
                                                      "ufw-track-input",
                                                      "ufw-track-output",
                                                      "ufw-user-forward",
                                                      "ufw-user-input",
                                                      "ufw-user-limit",
                                                      "ufw-user-limit-accept",
                                                      "ufw-user-logging-forward",
                                                      "ufw-user-logging-input",
                                                      "ufw-user-logging-output",
                                                      "ufw-user-output"};

// before.rules and after.rules of ufw 0.36 as iptables-save prints them once loaded, with
// the ufw-user-* hooks ufw-init appends after loading user.rules (reference §4.2, observed).
constexpr std::array<std::string_view, 34> kPackagedRules = {
    "-A ufw-after-input -p udp -m udp --dport 137 -j ufw-skip-to-policy-input",
    "-A ufw-after-input -p udp -m udp --dport 138 -j ufw-skip-to-policy-input",
    "-A ufw-after-input -p tcp -m tcp --dport 139 -j ufw-skip-to-policy-input",
    "-A ufw-after-input -p tcp -m tcp --dport 445 -j ufw-skip-to-policy-input",
    "-A ufw-after-input -p udp -m udp --dport 67 -j ufw-skip-to-policy-input",
    "-A ufw-after-input -p udp -m udp --dport 68 -j ufw-skip-to-policy-input",
    "-A ufw-after-input -m addrtype --dst-type BROADCAST -j ufw-skip-to-policy-input",
    "-A ufw-before-forward -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
    "-A ufw-before-forward -p icmp -m icmp --icmp-type 3 -j ACCEPT",
    "-A ufw-before-forward -p icmp -m icmp --icmp-type 11 -j ACCEPT",
    "-A ufw-before-forward -p icmp -m icmp --icmp-type 12 -j ACCEPT",
    "-A ufw-before-forward -p icmp -m icmp --icmp-type 8 -j ACCEPT",
    "-A ufw-before-forward -j ufw-user-forward",
    "-A ufw-before-input -i lo -j ACCEPT",
    "-A ufw-before-input -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
    "-A ufw-before-input -m conntrack --ctstate INVALID -j ufw-logging-deny",
    "-A ufw-before-input -m conntrack --ctstate INVALID -j DROP",
    "-A ufw-before-input -p icmp -m icmp --icmp-type 3 -j ACCEPT",
    "-A ufw-before-input -p icmp -m icmp --icmp-type 11 -j ACCEPT",
    "-A ufw-before-input -p icmp -m icmp --icmp-type 12 -j ACCEPT",
    "-A ufw-before-input -p icmp -m icmp --icmp-type 8 -j ACCEPT",
    "-A ufw-before-input -p udp -m udp --sport 67 --dport 68 -j ACCEPT",
    "-A ufw-before-input -j ufw-not-local",
    "-A ufw-before-input -d 224.0.0.251/32 -p udp -m udp --dport 5353 -j ACCEPT",
    "-A ufw-before-input -d 239.255.255.250/32 -p udp -m udp --dport 1900 -j ACCEPT",
    "-A ufw-before-input -j ufw-user-input",
    "-A ufw-before-output -o lo -j ACCEPT",
    "-A ufw-before-output -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
    "-A ufw-before-output -j ufw-user-output",
    "-A ufw-not-local -m addrtype --dst-type LOCAL -j RETURN",
    "-A ufw-not-local -m addrtype --dst-type MULTICAST -j RETURN",
    "-A ufw-not-local -m addrtype --dst-type BROADCAST -j RETURN",
    "-A ufw-not-local -m limit --limit 3/min --limit-burst 10 -j ufw-logging-deny",
    "-A ufw-not-local -j DROP"};

constexpr std::string_view kLimitRate = "-m limit --limit 3/min --limit-burst 10";
constexpr std::array<std::string_view, 3> kDirections = {"input", "output", "forward"};

Policy PolicyOf(const State& state, std::string_view direction) {
  if (direction == "input") return state.incoming;
  if (direction == "output") return state.outgoing;
  return state.routed;
}

std::string_view ChainOf(std::string_view line) {
  line.remove_prefix(3);  // "-A "
  return line.substr(0, line.find(' '));
}

void Append(FilterTable* table, std::string line) {
  std::string chain(ChainOf(line));
  table->AppendRule(chain, std::move(line));
}

}  // namespace

std::string LoggingRule::UserRulesLine() const {
  std::string line = (insert ? "-I " : "-A ") + chain;
  if (!condition.empty()) line += " " + condition;
  line += " -j " + target;
  if (!prefix.empty()) line += " --log-prefix \"" + prefix + "\"";
  if (!rate.empty()) line += " " + rate;
  return line;
}

std::string LoggingRule::SaveLine() const {
  std::string line = "-A " + chain;
  if (!condition.empty()) line += " " + condition;
  if (!rate.empty()) line += " " + rate;
  line += " -j " + target;
  if (!prefix.empty()) line += " --log-prefix \"" + prefix + "\"";
  return line;
}

std::vector<LoggingRule> LoggingRules(const State& state) {
  std::vector<LoggingRule> rules;
  LogLevel level = state.log_level;
  if (level == LogLevel::kOff) {
    // "off" keeps the user logging rules but puts a RETURN in front of them.
    for (std::string_view d : kDirections) {
      rules.push_back({"ufw-user-logging-" + std::string(d), true, "", "RETURN", "", ""});
    }
    return rules;
  }
  std::string rate = level < LogLevel::kHigh ? std::string(kLimitRate) : "";
  for (std::string_view d : kDirections) {
    std::string chain = "ufw-after-logging-" + std::string(d);
    if (PolicyOf(state, d) != Policy::kAllow) {
      rules.push_back({chain, false, "", "LOG", "[UFW BLOCK] ", rate});
    } else if (level >= LogLevel::kMedium) {
      rules.push_back({chain, false, "", "LOG", "[UFW ALLOW] ", rate});
    }
  }
  const std::string invalid = "-m conntrack --ctstate INVALID";
  if (level < LogLevel::kMedium) {
    rules.push_back({"ufw-logging-deny", true, invalid, "RETURN", "", rate});
  } else {
    rules.push_back({"ufw-logging-deny", false, invalid, "LOG", "[UFW AUDIT INVALID] ", rate});
  }
  rules.push_back({"ufw-logging-deny", false, "", "LOG", "[UFW BLOCK] ", rate});
  rules.push_back({"ufw-logging-allow", false, "", "LOG", "[UFW ALLOW] ", rate});
  if (level >= LogLevel::kMedium) {
    std::string audit_rate = level == LogLevel::kFull ? ""
                             : level == LogLevel::kHigh
                                 ? std::string(kLimitRate)
                                 : "-m conntrack --ctstate NEW " + std::string(kLimitRate);
    for (std::string_view d : kDirections) {
      rules.push_back(
          {"ufw-before-logging-" + std::string(d), true, "", "LOG", "[UFW AUDIT] ", audit_rate});
    }
  }
  return rules;
}

std::span<const std::string_view> UfwChainNames() { return kChains; }

void StopUfw(FilterTable* table) {
  for (std::string_view chain : kChains) table->ClearChain(chain);
  // ufw-init-functions delete_chains: the secondary chains go, the primary ones linger.
  for (std::string_view chain :
       {"ufw-logging-deny", "ufw-logging-allow", "ufw-not-local", "ufw-user-logging-input",
        "ufw-user-logging-output", "ufw-user-logging-forward", "ufw-user-limit-accept",
        "ufw-user-limit", "ufw-user-input", "ufw-user-forward", "ufw-user-output",
        "ufw-skip-to-policy-input", "ufw-skip-to-policy-output", "ufw-skip-to-policy-forward"}) {
    table->RemoveChain(chain);
  }
  for (std::string_view builtin : {"INPUT", "OUTPUT", "FORWARD"}) {
    table->SetPolicy(builtin, "ACCEPT");
  }
}

void LoadUfw(const State& state, bool hook_builtins, FilterTable* table) {
  for (std::string_view chain : kChains) {
    table->DeclareChain(chain);
    table->ClearChain(chain);  // a restart reloads them from scratch
  }
  // ufw-init sets the policies last; doing it first also declares a missing built-in chain.
  for (std::string_view d : kDirections) {
    std::string builtin = d == "input" ? "INPUT" : d == "output" ? "OUTPUT" : "FORWARD";
    table->SetPolicy(builtin, PolicyOf(state, d) == Policy::kAllow ? "ACCEPT" : "DROP");
  }
  if (hook_builtins) {
    // ufw-init appends (-A), so rules already in the built-in chains stay in front (§4.8).
    for (std::string_view d : kDirections) {
      std::string builtin = d == "input" ? "INPUT" : d == "output" ? "OUTPUT" : "FORWARD";
      for (std::string_view stage :
           {"before-logging-", "before-", "after-", "after-logging-", "reject-", "track-"}) {
        Append(table, "-A " + builtin + " -j ufw-" + std::string(stage) + std::string(d));
      }
    }
  }
  for (std::string_view line : kPackagedRules) Append(table, std::string(line));

  for (std::string_view d : kDirections) {
    std::string dir(d);
    Policy policy = PolicyOf(state, d);
    std::string reject = "REJECT --reject-with icmp-port-unreachable";
    if (policy == Policy::kReject) Append(table, "-A ufw-reject-" + dir + " -j " + reject);
    if (policy == Policy::kAllow) {
      for (std::string_view proto : {"tcp", "udp"}) {
        Append(table, "-A ufw-track-" + dir + " -p " + std::string(proto) +
                          " -m conntrack --ctstate NEW -j ACCEPT");
      }
    }
    std::string skip = policy == Policy::kAllow  ? "ACCEPT"
                       : policy == Policy::kDeny ? "DROP"
                                                 : reject;
    Append(table, "-A ufw-skip-to-policy-" + dir + " -j " + skip);
  }

  for (const UfwRule& rule : state.rules) {
    for (const IptablesRule& r : ExpandRule(rule)) Append(table, SaveLine(r));
  }

  std::map<std::string, std::deque<std::string>> logging;
  for (const LoggingRule& rule : LoggingRules(state)) {
    auto& chain = logging[rule.chain];
    rule.insert ? chain.push_front(rule.SaveLine()) : chain.push_back(rule.SaveLine());
  }
  for (auto& [chain, lines] : logging) {
    for (std::string& line : lines) Append(table, std::move(line));
  }
  if (state.log_level != LogLevel::kOff) {
    Append(table,
           "-A ufw-user-limit -m limit --limit 3/min -j LOG --log-prefix "
           "\"[UFW LIMIT BLOCK] \"");
  }
  Append(table, "-A ufw-user-limit -j REJECT --reject-with icmp-port-unreachable");
  Append(table, "-A ufw-user-limit-accept -j ACCEPT");
}

}  // namespace tunnelsim::ufw::internal
