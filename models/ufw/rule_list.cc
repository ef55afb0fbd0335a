#include "models/ufw/rule_list.h"

#include <fmt/format.h>

namespace tunnelsim::ufw::internal {
namespace {

Status InvalidPosition(int64_t position) {
  return Status::InvalidArgument(fmt::format("ERROR: Invalid position '{}'", position));
}

std::string WithV6(std::string message, bool v6) { return v6 ? message + " (v6)" : message; }

// backend.find_other_position: the 1-based position, in the other list, of the twin of entry
// `position` of one list; 0 when it has none.
int64_t FindOtherPosition(const State& state, int64_t position, bool from_v6) {
  const std::vector<UfwRule>& from = from_v6 ? state.rules_v6 : state.rules;
  const std::vector<UfwRule>& other = from_v6 ? state.rules : state.rules_v6;
  if (position < 1 || position > static_cast<int64_t>(from.size())) return 0;
  UfwRule twin = from[static_cast<size_t>(position - 1)];
  twin.v6 = !from_v6;
  for (size_t i = 0; i < other.size(); ++i) {
    if (Match(other[i], twin) == RuleMatch::kSame) return static_cast<int64_t>(i) + 1;
  }
  return 0;
}

}  // namespace

Result<SetRuleResult> SetRule(std::vector<UfwRule>& rules, const UfwRule& rule, int64_t position,
                              bool remove, bool enabled) {
  if (rule.IsMulti() && rule.protocol == Protocol::kAny) {
    return Status::InvalidArgument("ERROR: Must specify 'tcp' or 'udp' with multiple ports");
  }
  if (position < 0 || position > static_cast<int64_t>(rules.size())) {
    return InvalidPosition(position);
  }
  if (position > 0 && remove) {
    return Status::InvalidArgument("ERROR: Cannot specify insert and delete");
  }
  UfwRule normalized = rule;
  normalized.dport = NormalizePortList(rule.dport);
  normalized.sport = NormalizePortList(rule.sport);

  std::vector<UfwRule> updated;
  bool found = false;
  bool modified = false;
  bool inserted = false;
  int matches = 0;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (static_cast<int64_t>(i) + 1 == position) {
      inserted = true;
      updated.push_back(normalized);
    }
    RuleMatch match = Match(rules[i], normalized);
    if (match != RuleMatch::kDifferent) ++matches;
    if (match == RuleMatch::kSame && !found && !inserted) {
      found = true;
      if (!remove) updated.push_back(normalized);
    } else if (match == RuleMatch::kSameButAction && !remove && !inserted) {
      found = true;  // ufw replaces a rule that differs only in its action
      modified = true;
      updated.push_back(normalized);
    } else {
      updated.push_back(rules[i]);
    }
  }

  SetRuleResult result;
  if (inserted && matches > 0) {
    result.message = WithV6("Skipping inserting existing rule", rule.v6);
    return result;
  }
  if (!inserted) {
    if (!found && !remove) updated.push_back(normalized);
    if (!found && remove) {
      result.message = WithV6("Could not delete non-existent rule", rule.v6);
      result.not_found = true;
      return result;
    }
    if (found && !remove && !modified) {
      result.message = WithV6("Skipping adding existing rule", rule.v6);
      return result;
    }
  }
  rules = std::move(updated);
  result.changed = true;
  if (!enabled) {
    result.message = rule.v6 ? "Rules updated (v6)" : "Rules updated";
  } else if (modified || inserted) {
    result.message = WithV6(inserted ? "Rule inserted" : "Rule updated", rule.v6);
  } else if (remove) {
    result.message = WithV6("Rule deleted", rule.v6);
  } else {
    result.message = WithV6("Rule added", rule.v6);
  }
  return result;
}

Result<ApplyRuleResult> ApplyRule(State& state, const RuleCommand& command) {
  State next = state;
  UfwRule rule = command.rule;
  rule.v6 = false;
  const int64_t num_v4 = static_cast<int64_t>(next.rules.size());
  const int64_t num_v6 = static_cast<int64_t>(next.rules_v6.size());
  const int64_t user_position = command.position;
  if (user_position > num_v4 + num_v6) return InvalidPosition(user_position);

  // The IPv4 list.
  int64_t position = user_position;
  if (user_position == -1) {
    position = num_v4 == 0 ? 0 : 1;
  } else if (command.ip_version == IpVersion::kV4 && user_position > num_v4) {
    return InvalidPosition(user_position);
  } else if (!command.remove && user_position > num_v4) {
    // The user named an IPv6 entry: insert before the IPv4 twin of that entry, if any.
    position = FindOtherPosition(next, user_position - num_v4, /*from_v6=*/true);
  }
  auto v4 = SetRule(next.rules, rule, position, command.remove, next.enabled);
  if (!v4.ok()) return v4.status();
  ApplyRuleResult result;
  result.output = v4->message;
  result.all_not_found = v4->not_found;

  if (command.ip_version == IpVersion::kBoth) {
    // The IPv6 list, with ufw's position arithmetic (frontend.set_rule).
    int64_t v4_count = num_v4;
    if (!command.remove && user_position > 0) {
      v4_count = static_cast<int64_t>(next.rules.size());
      position = user_position + 1;
    }
    rule.v6 = true;
    if (user_position == -1) {
      position = num_v6 == 0 ? 0 : 1;
    } else if (!command.remove && position > 0 && position <= v4_count) {
      position = FindOtherPosition(next, position, /*from_v6=*/false);
    }
    if (!command.remove && position > v4_count && user_position != -1) position -= v4_count;
    auto v6 = SetRule(next.rules_v6, rule, position, command.remove, next.enabled);
    if (!v6.ok()) return v6.status();
    result.output += "\n" + v6->message;
    result.all_not_found = result.all_not_found && v6->not_found;
  }
  state = std::move(next);
  return result;
}

}  // namespace tunnelsim::ufw::internal
