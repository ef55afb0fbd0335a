#include "models/ufw/filter_table.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <utility>

#include <fmt/format.h>

namespace tunnelsim::ufw {
namespace {

constexpr std::array<std::string_view, 3> kBuiltins = {"INPUT", "FORWARD", "OUTPUT"};

int BuiltinIndex(std::string_view name) {
  auto it = std::find(kBuiltins.begin(), kBuiltins.end(), name);
  return it == kBuiltins.end() ? -1 : static_cast<int>(it - kBuiltins.begin());
}

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (i < line.size()) {
    size_t start = line.find_first_not_of(" \t", i);
    if (start == std::string_view::npos) break;
    size_t end = line.find_first_of(" \t", start);
    if (end == std::string_view::npos) end = line.size();
    fields.push_back(line.substr(start, end - start));
    i = end;
  }
  return fields;
}

Status LineError(int number, std::string message) {
  return Status::InvalidArgument(fmt::format("line {}: {}", number, message));
}

}  // namespace

FilterTable FilterTable::Empty() {
  FilterTable table;
  for (std::string_view name : kBuiltins) table.SetPolicy(name, "ACCEPT");
  return table;
}

Result<FilterTable> FilterTable::Parse(std::span<const std::string_view> lines,
                                       int first_line_number) {
  FilterTable table;
  for (size_t i = 0; i < lines.size(); ++i) {
    int number = first_line_number + static_cast<int>(i);
    std::string_view line = lines[i];
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    std::vector<std::string_view> fields = Fields(line);
    if (fields.empty() || fields[0].starts_with("#")) continue;
    if (fields[0].starts_with(":")) {
      std::string_view name = fields[0].substr(1);
      if (name.empty() || fields.size() < 2 || fields.size() > 3) {
        return LineError(number,
                         fmt::format("expected ':CHAIN POLICY [packets:bytes]', got '{}'", line));
      }
      if (table.HasChain(name)) {
        return LineError(number, fmt::format("chain '{}' is declared twice", name));
      }
      bool builtin = BuiltinIndex(name) >= 0;
      if (builtin != (fields[1] != "-")) {
        return LineError(number,
                         fmt::format("chain '{}' has policy '{}'; expected {}", name, fields[1],
                                     builtin ? "ACCEPT or DROP" : "'-' (user chain)"));
      }
      if (builtin) {
        table.SetPolicy(name, fields[1]);
      } else {
        table.DeclareChain(name);
      }
      if (fields.size() == 3) table.Find(name)->counters = std::string(fields[2]);
      continue;
    }
    size_t verb = fields[0].starts_with("[") && fields.size() > 1 ? 1 : 0;
    if (fields[verb] != "-A" || fields.size() < verb + 2) {
      return LineError(number, fmt::format("expected iptables-save output (':CHAIN ...' or "
                                           "'-A CHAIN ...') in the *filter table, got '{}'",
                                           line));
    }
    std::string_view chain = fields[verb + 1];
    if (!table.HasChain(chain)) {
      return LineError(number, fmt::format("rule for chain '{}', which is not declared", chain));
    }
    table.AppendRule(chain, std::string(line));
  }
  return table;
}

FilterTable::Chain* FilterTable::Find(std::string_view name) {
  return const_cast<Chain*>(std::as_const(*this).Find(name));
}

const FilterTable::Chain* FilterTable::Find(std::string_view name) const {
  for (const auto* chains : {&builtins_, &user_}) {
    for (const Chain& chain : *chains) {
      if (chain.name == name) return &chain;
    }
  }
  return nullptr;
}

bool FilterTable::HasChain(std::string_view name) const { return Find(name) != nullptr; }

void FilterTable::DeclareChain(std::string_view name) {
  if (HasChain(name)) return;
  user_.push_back(Chain{std::string(name), "-", "[0:0]", {}});
}

void FilterTable::SetPolicy(std::string_view builtin, std::string_view policy) {
  if (Chain* chain = Find(builtin)) {
    chain->policy = std::string(policy);
    return;
  }
  // A missing built-in chain goes to its usual place among the others.
  auto position = std::find_if(builtins_.begin(), builtins_.end(), [&](const Chain& c) {
    return BuiltinIndex(c.name) > BuiltinIndex(builtin);
  });
  builtins_.insert(position, Chain{std::string(builtin), std::string(policy), "[0:0]", {}});
}

void FilterTable::AppendRule(std::string_view chain, std::string line) {
  Chain* found = Find(chain);
  assert(found != nullptr);
  found->rules.push_back(std::move(line));
}

void FilterTable::ClearChain(std::string_view name) {
  if (Chain* chain = Find(name)) chain->rules.clear();
}

void FilterTable::RemoveChain(std::string_view name) {
  std::erase_if(user_, [&](const Chain& chain) { return chain.name == name; });
}

std::vector<std::string> FilterTable::Rules(std::string_view chain) const {
  const Chain* found = Find(chain);
  return found != nullptr ? found->rules : std::vector<std::string>();
}

std::string FilterTable::Render() const {
  std::vector<const Chain*> order;
  for (const Chain& chain : builtins_) order.push_back(&chain);
  std::vector<const Chain*> user;
  for (const Chain& chain : user_) user.push_back(&chain);
  std::sort(user.begin(), user.end(),
            [](const Chain* a, const Chain* b) { return a->name < b->name; });
  order.insert(order.end(), user.begin(), user.end());

  std::string text = "*filter\n";
  for (const Chain* chain : order) {
    text += ":" + chain->name + " " + chain->policy + " " + chain->counters + "\n";
  }
  for (const Chain* chain : order) {
    for (const std::string& rule : chain->rules) text += rule + "\n";
  }
  return text + "COMMIT\n";
}

}  // namespace tunnelsim::ufw
