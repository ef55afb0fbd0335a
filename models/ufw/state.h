// State: what ufw 0.36 keeps on disk (/etc/ufw/ufw.conf ENABLED and LOGLEVEL,
// /etc/default/ufw policies, user.rules and user6.rules), starting from the packaged
// defaults: inactive, incoming deny, outgoing allow, routed deny (shown as "disabled" by
// `ufw status verbose` while net.ipv4.ip_forward is 0), logging low, no rules, IPV6=yes
// (reference/netfilter-ufw.md §4.1).
//
// Apply(state, command) returns the state after the command and what ufw prints on stdout,
// exactly as ufw does it: rules added while inactive are only stored (nothing is loaded,
// §4.1); a rule without addresses gets an IPv6 twin; an existing rule is skipped ("Skipping
// adding existing rule"); a rule differing only in its action replaces the old one;
// `insert N` is 1-based over `ufw status numbered` and validated; `delete N` removes only
// that entry (not its twin). Interactive prompts (enable under ssh, delete N, reset) are
// taken as answered "y". Errors: ufw's message as Status (kInvalidArgument, "ERROR: ...");
// deleting a rule that does not exist is kNotFound "Could not delete non-existent rule" (ufw
// prints that on stdout and exits 0, changing nothing); a failed command changes nothing.
// Complexity: linear in the number of rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/core/result.h"
#include "models/ufw/command.h"
#include "models/ufw/rule.h"

namespace tunnelsim::ufw {

struct State {
  bool enabled = false;
  Policy incoming = Policy::kDeny;   // DEFAULT_INPUT_POLICY="DROP"
  Policy outgoing = Policy::kAllow;  // DEFAULT_OUTPUT_POLICY="ACCEPT"
  Policy routed = Policy::kDeny;     // DEFAULT_FORWARD_POLICY="DROP"
  LogLevel log_level = LogLevel::kLow;
  std::vector<UfwRule> rules;     // user.rules, in order
  std::vector<UfwRule> rules_v6;  // user6.rules: the twins (v6 == true), in order
};

struct ApplyOptions {
  // `ufw status verbose` reports routed as "disabled" unless IP forwarding is on; AKS nodes
  // have it on, the reference lab had it off (§4.5).
  bool ip_forward = false;
  // ufw reset backs the rule files up to "<file>.<YYYYMMDD_HHMMSS>" of the current time; the
  // model has no clock, so the caller chooses the suffix printed in its message.
  std::string reset_backup_suffix = "YYYYMMDD_HHMMSS";
};

struct ApplyOutcome {
  State state;
  std::string output;                 // ufw's stdout, final newline included
  std::vector<std::string> warnings;  // ufw's stderr warnings ("WARN: ...")
};

Result<ApplyOutcome> Apply(const State& state, const Command& command,
                           const ApplyOptions& options = {});
// ParseCommand(line), then Apply.
Result<ApplyOutcome> Apply(const State& state, std::string_view command_line,
                           const ApplyOptions& options = {});

// Rules in `ufw status numbered` order: IPv4 rules, then the IPv6 twins.
std::vector<const UfwRule*> NumberedRules(const State& state);

}  // namespace tunnelsim::ufw
