// The iptables rules ufw generates for one user rule (backend_iptables.py: format_rule and
// _get_rules_from_formatted), and their two spellings: the unnormalised line ufw writes into
// user.rules and the normalised line `iptables-save` prints once it is loaded
// (reference/netfilter-ufw.md §2 "Match details", §4.4). For example `ufw allow from
// 10.0.0.0/8 to any port 10250` gives two rules, written
//   -A ufw-user-input -p tcp --dport 10250 -s 10.0.0.0/8 -j ACCEPT
// and saved as
//   -A ufw-user-input -s 10.0.0.0/8 -p tcp -m tcp --dport 10250 -j ACCEPT
// REQUIRES: a rule with a port list or range has protocol tcp or udp (ufw refuses the rest).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/ufw/rule.h"

namespace tunnelsim::ufw {

// ufw's `limit` becomes three rules: record the source, jump to ufw-user-limit on the 6th
// NEW connection within 30 s, accept otherwise (reference §2 "-m recent", §4.4 ufw-limit-10250).
enum class LimitStep : uint8_t { kNone, kRecentSet, kRecentUpdate };

struct IptablesRule {
  std::string chain;
  std::string interface_in;
  std::string interface_out;
  Protocol protocol = Protocol::kAny;  // kAny: no -p at all
  bool multi = false;                  // ports go through -m multiport
  std::string dport = "any";
  std::string sport = "any";
  std::optional<Ipv4Prefix> dst;
  std::optional<Ipv4Prefix> src;
  LimitStep limit = LimitStep::kNone;
  std::string target;  // "" (no -j), "ACCEPT", "REJECT --reject-with tcp-reset", a chain, ...
};

// The rules for `rule`, in the order ufw writes them.
std::vector<IptablesRule> ExpandRule(const UfwRule& rule);

// "-A ufw-user-input -p tcp --dport 10250 -j ACCEPT" (user.rules form).
std::string UserRulesLine(const IptablesRule& rule);
// "-A ufw-user-input -p tcp -m tcp --dport 10250 -j ACCEPT" (iptables-save form).
std::string SaveLine(const IptablesRule& rule);

}  // namespace tunnelsim::ufw
