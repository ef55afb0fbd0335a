#include "models/ufw/state.h"

#include <fmt/format.h>

#include "models/ufw/rule_list.h"
#include "models/ufw/status.h"

namespace tunnelsim::ufw {
namespace {

ApplyOutcome Printed(State state, std::string text) {
  ApplyOutcome outcome;
  outcome.state = std::move(state);
  outcome.output = std::move(text) + "\n";  // ufw's msg() ends every message with a newline
  return outcome;
}

// frontend.delete_rule: `delete N` removes entry N of `ufw status numbered`, and only it.
Result<ApplyOutcome> DeleteNumber(const State& state, const std::string& number) {
  // ufw splits the action "delete-N" on '-', so a negative number is looked up as ''.
  std::string shown = number.starts_with("-") ? "" : number;
  Status not_found = Status::InvalidArgument(fmt::format("ERROR: Could not find rule '{}'", shown));
  std::vector<const UfwRule*> numbered = NumberedRules(state);
  if (shown.empty() || number == "0" || number.size() > 9) return not_found;
  size_t n = static_cast<size_t>(std::stoul(number));
  if (n > numbered.size()) return not_found;
  UfwRule rule = *numbered[n - 1];
  State next = state;
  auto result = internal::SetRule(rule.v6 ? next.rules_v6 : next.rules, rule, 0,
                                  /*remove=*/true, next.enabled);
  if (!result.ok()) return result.status();
  return Printed(std::move(next), result->message);
}

Result<ApplyOutcome> ApplyRuleCommand(const State& state, const RuleCommand& command) {
  State next = state;
  auto result = internal::ApplyRule(next, command);
  if (!result.ok()) return result.status();
  if (result->all_not_found) return Status::NotFound("Could not delete non-existent rule");
  ApplyOutcome outcome = Printed(std::move(next), result->output);
  if (command.address_normalized) {
    outcome.warnings.push_back("WARN: Rule changed after normalization");
  }
  return outcome;
}

std::string ResetOutput(const ApplyOptions& options) {
  // backend_iptables.reset backs up every *.rules file before restoring the packaged copies.
  std::string text;
  for (const char* file : {"user.rules", "before.rules", "after.rules", "user6.rules",
                           "before6.rules", "after6.rules"}) {
    text += fmt::format("Backing up '{}' to '/etc/ufw/{}.{}'\n", file, file,
                        options.reset_backup_suffix);
  }
  return text;
}

}  // namespace

std::vector<const UfwRule*> NumberedRules(const State& state) {
  std::vector<const UfwRule*> out;
  out.reserve(state.rules.size() + state.rules_v6.size());
  for (const UfwRule& rule : state.rules) out.push_back(&rule);
  for (const UfwRule& rule : state.rules_v6) out.push_back(&rule);
  return out;
}

Result<ApplyOutcome> Apply(const State& state, const Command& command,
                           const ApplyOptions& options) {
  State next = state;
  switch (command.kind) {
    case Command::Kind::kEnable:
      next.enabled = true;
      return Printed(std::move(next), "Firewall is active and enabled on system startup");
    case Command::Kind::kDisable:
      next.enabled = false;
      return Printed(std::move(next), "Firewall stopped and disabled on system startup");
    case Command::Kind::kReload:
      return Printed(std::move(next), state.enabled ? "Firewall reloaded"
                                                    : "Firewall not enabled (skipping reload)");
    case Command::Kind::kReset:
      // Only the rule files are reset: /etc/default/ufw (policies) and LOGLEVEL stay.
      next.enabled = false;
      next.rules.clear();
      next.rules_v6.clear();
      return Printed(std::move(next), ResetOutput(options));
    case Command::Kind::kDefault: {
      Policy* target = command.direction == PolicyDirection::kIncoming   ? &next.incoming
                       : command.direction == PolicyDirection::kOutgoing ? &next.outgoing
                                                                         : &next.routed;
      *target = command.policy;
      return Printed(
          std::move(next),
          fmt::format("Default {} policy changed to '{}'\n(be sure to update your "
                      "rules accordingly)",
                      PolicyDirectionName(command.direction), PolicyName(command.policy)));
    }
    case Command::Kind::kLogging:
      if (command.log_level) {
        next.log_level = *command.log_level;
      } else if (next.log_level == LogLevel::kOff) {
        next.log_level = LogLevel::kLow;  // `logging on` keeps a level, or starts at low
      }
      return Printed(std::move(next),
                     next.log_level == LogLevel::kOff ? "Logging disabled" : "Logging enabled");
    case Command::Kind::kRule:
      return ApplyRuleCommand(state, command.rule);
    case Command::Kind::kDeleteNumber:
      return DeleteNumber(state, command.delete_number);
    case Command::Kind::kStatus: {
      ApplyOutcome outcome;
      outcome.state = std::move(next);
      outcome.output = StatusText(state, command.status_mode, options.ip_forward);
      return outcome;
    }
    case Command::Kind::kShowAdded: {
      ApplyOutcome outcome;
      outcome.state = std::move(next);
      outcome.output = ShowAddedText(state);
      return outcome;
    }
  }
  return Status::InvalidArgument("unknown ufw command kind");
}

Result<ApplyOutcome> Apply(const State& state, std::string_view command_line,
                           const ApplyOptions& options) {
  auto command = ParseCommand(command_line);
  if (!command.ok()) return command.status();
  return Apply(state, *command, options);
}

}  // namespace tunnelsim::ufw
