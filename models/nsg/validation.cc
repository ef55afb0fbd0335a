#include "models/nsg/validation.h"

#include <algorithm>
#include <map>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/nsg/text_util.h"

namespace tunnelsim::nsg {
namespace {

void CheckSide(const SecurityRule& rule, std::string_view side,
               const std::vector<AddressMatcher>& addresses, std::vector<Status>* problems) {
  if (addresses.empty()) {
    problems->push_back(Status::InvalidArgument(fmt::format(
        "rule '{}': {} list is empty; expected at least one prefix, tag or *", rule.name, side)));
    return;
  }
  std::vector<std::string> tags;
  for (const AddressMatcher& a : addresses) {
    if (a.kind == AddressMatcher::Kind::kServiceTag) tags.push_back(a.ToString());
  }
  if (tags.size() > 1) {
    problems->push_back(Status::InvalidArgument(
        fmt::format("rule '{}': {} list has {} service tags ({}); expected at most one per rule",
                    rule.name, side, tags.size(), fmt::join(tags, ", "))));
  }
}

void CheckPorts(const SecurityRule& rule, std::string_view side,
                const std::vector<PortRange>& ports, std::vector<Status>* problems) {
  if (ports.empty()) {
    problems->push_back(Status::InvalidArgument(
        fmt::format("rule '{}': {} port list is empty; expected at least one port, range or *",
                    rule.name, side)));
  }
}

size_t CountAddresses(const std::vector<AddressMatcher>& addresses) {
  return static_cast<size_t>(std::count_if(addresses.begin(), addresses.end(), [](const auto& a) {
    return a.kind == AddressMatcher::Kind::kPrefix;
  }));
}

}  // namespace

std::vector<Status> ValidateRule(const SecurityRule& rule) {
  std::vector<Status> problems;
  if (Status s = ValidateRuleName(rule.name); !s.ok()) problems.push_back(s);
  if (rule.is_default) {
    problems.push_back(Status::InvalidArgument(
        fmt::format("rule '{}' is marked as a default rule; expected a custom rule (the six "
                    "default rules are always present and cannot be added)",
                    rule.name)));
  } else if (Status s = ValidateCustomPriority(rule.priority); !s.ok()) {
    problems.push_back(Status::OutOfRange(fmt::format("rule '{}': {}", rule.name, s.message())));
  }
  CheckSide(rule, "source", rule.sources, &problems);
  CheckSide(rule, "destination", rule.destinations, &problems);
  CheckPorts(rule, "source", rule.source_ports, &problems);
  CheckPorts(rule, "destination", rule.destination_ports, &problems);
  if (rule.description.size() > kMaxDescriptionLength) {
    problems.push_back(Status::InvalidArgument(
        fmt::format("rule '{}': description is {} characters; expected at most {}", rule.name,
                    rule.description.size(), kMaxDescriptionLength)));
  }
  return problems;
}

std::vector<Status> ValidateNsg(const NetworkSecurityGroup& nsg, const NsgLimits& limits) {
  std::vector<Status> problems;
  // NSG names follow the same ARM naming rule as security rule names.
  if (Status s = ValidateResourceName("network security group name", nsg.name); !s.ok()) {
    problems.push_back(s);
  }
  if (nsg.rules.size() > limits.max_rules) {
    problems.push_back(Status::OutOfRange(
        fmt::format("network security group '{}' has {} rules; expected at most {}", nsg.name,
                    nsg.rules.size(), limits.max_rules)));
  }

  std::map<std::string, const SecurityRule*> by_name;                    // lower-cased name
  std::map<std::pair<Direction, int>, const SecurityRule*> by_priority;  // first holder
  size_t source_addresses = 0;
  size_t destination_addresses = 0;
  for (const SecurityRule& rule : nsg.rules) {
    std::vector<Status> own = ValidateRule(rule);
    problems.insert(problems.end(), own.begin(), own.end());

    auto [named, fresh_name] = by_name.emplace(internal::ToLower(rule.name), &rule);
    if (!fresh_name) {
      problems.push_back(Status::InvalidArgument(fmt::format(
          "rule name '{}' is used twice in '{}' (names ignore case); expected unique names",
          rule.name, nsg.name)));
    }
    auto [held, fresh_priority] =
        by_priority.emplace(std::pair(rule.direction, rule.priority), &rule);
    if (!fresh_priority) {
      // Azure's text for this conflict (reference/azure.md §1.2).
      problems.push_back(Status::InvalidArgument(
          fmt::format("(SecurityRuleConflict) Security rule {} conflicts with rule {}. Rules "
                      "cannot have the same Priority and Direction.",
                      rule.name, held->second->name)));
    }
    source_addresses += CountAddresses(rule.sources);
    destination_addresses += CountAddresses(rule.destinations);
  }
  for (auto [side, count] : {std::pair<std::string_view, size_t>{"source", source_addresses},
                             {"destination", destination_addresses}}) {
    if (count > limits.max_addresses_per_side) {
      problems.push_back(Status::OutOfRange(fmt::format(
          "network security group '{}' specifies {} {} addresses and ranges; expected at most {}",
          nsg.name, count, side, limits.max_addresses_per_side)));
    }
  }
  return problems;
}

}  // namespace tunnelsim::nsg
