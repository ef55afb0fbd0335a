#include "models/netfilter/ruleset.h"

#include <fmt/format.h>

namespace tunnelsim::netfilter {
namespace {

constexpr std::string_view kTableNames[kTableCount] = {"filter", "nat", "mangle", "raw",
                                                       "security"};

// Built-in chains per table, in the order iptables-save prints them.
std::vector<std::string_view> BuiltinChains(TableId id) {
  switch (id) {
    case TableId::kFilter:
      return {"INPUT", "FORWARD", "OUTPUT"};
    case TableId::kNat:
      return {"PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"};
    case TableId::kMangle:
      return {"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"};
    case TableId::kRaw:
      return {"PREROUTING", "OUTPUT"};
    case TableId::kSecurity:
      return {"INPUT", "FORWARD", "OUTPUT"};
  }
  return {};
}

bool IsChainTarget(const Target& t) {
  return t.kind == TargetKind::kJump || t.kind == TargetKind::kGoto;
}

}  // namespace

std::string_view TableName(TableId table) { return kTableNames[static_cast<int>(table)]; }

std::optional<TableId> ParseTableName(std::string_view name) {
  for (int i = 0; i < kTableCount; ++i) {
    if (kTableNames[i] == name) return static_cast<TableId>(i);
  }
  return std::nullopt;
}

std::string_view PolicyName(Policy policy) {
  switch (policy) {
    case Policy::kAccept:
      return "ACCEPT";
    case Policy::kDrop:
      return "DROP";
    case Policy::kNone:
      return "-";
  }
  return "-";
}

Table::Table(TableId id) : id_(id) {
  for (std::string_view name : BuiltinChains(id)) {
    chains_.push_back(Chain{std::string(name), true, Policy::kAccept, {}});
  }
  RebuildIndex();
}

int Table::FindChain(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? -1 : it->second;
}

bool Table::IsBuiltinChainName(std::string_view name) const {
  int index = FindChain(name);
  return index >= 0 && chains_[index].builtin;
}

Status Table::AddUserChain(std::string_view name) {
  if (FindChain(name) >= 0) {
    return Status::InvalidArgument(
        fmt::format("chain '{}' already exists in table {}", name, TableName(id_)));
  }
  chains_.push_back(Chain{std::string(name), false, Policy::kNone, {}});
  by_name_.emplace(std::string(name), static_cast<int>(chains_.size()) - 1);
  return Status::Ok();
}

void Table::InsertRule(int chain_index, size_t position, Rule rule) {
  auto& rules = chains_[chain_index].rules;
  bool append = position >= rules.size();
  rules.insert(append ? rules.end() : rules.begin() + static_cast<std::ptrdiff_t>(position),
               std::move(rule));
  if (append) {
    rules.back().rule_number = static_cast<int>(rules.size());
  } else {
    Renumber(chain_index);
  }
}

void Table::ReplaceRule(int chain_index, size_t position, Rule rule) {
  rule.rule_number = static_cast<int>(position) + 1;
  chains_[chain_index].rules[position] = std::move(rule);
}

void Table::DeleteRule(int chain_index, size_t position) {
  auto& rules = chains_[chain_index].rules;
  rules.erase(rules.begin() + static_cast<std::ptrdiff_t>(position));
  Renumber(chain_index);
}

void Table::FlushChain(int chain_index) { chains_[chain_index].rules.clear(); }

int Table::CountReferences(int chain_index) const {
  int count = 0;
  for (const Chain& c : chains_) {
    for (const Rule& r : c.rules) {
      if (IsChainTarget(r.target) && r.target.chain == chain_index) ++count;
    }
  }
  return count;
}

void Table::DeleteUserChain(int chain_index) {
  chains_.erase(chains_.begin() + chain_index);
  for (Chain& c : chains_) {
    for (Rule& r : c.rules) {
      if (IsChainTarget(r.target) && r.target.chain > chain_index) --r.target.chain;
    }
  }
  RebuildIndex();
}

void Table::RenameChain(int chain_index, std::string_view new_name) {
  chains_[chain_index].name = std::string(new_name);
  for (Chain& c : chains_) {
    for (Rule& r : c.rules) {
      if (IsChainTarget(r.target) && r.target.chain == chain_index) {
        r.target.name = std::string(new_name);
      }
    }
  }
  RebuildIndex();
}

size_t Table::RuleCount() const {
  size_t n = 0;
  for (const Chain& c : chains_) n += c.rules.size();
  return n;
}

void Table::Renumber(int chain_index) {
  auto& rules = chains_[chain_index].rules;
  for (size_t i = 0; i < rules.size(); ++i) rules[i].rule_number = static_cast<int>(i) + 1;
}

void Table::RebuildIndex() {
  by_name_.clear();
  for (size_t i = 0; i < chains_.size(); ++i) {
    by_name_.emplace(chains_[i].name, static_cast<int>(i));
  }
}

const Table* Ruleset::table(TableId id) const {
  for (const Table& t : tables_) {
    if (t.id() == id) return &t;
  }
  return nullptr;
}

Table* Ruleset::mutable_table(TableId id) {
  for (Table& t : tables_) {
    if (t.id() == id) return &t;
  }
  return nullptr;
}

Table& Ruleset::EnsureTable(TableId id) {
  if (Table* t = mutable_table(id)) return *t;
  tables_.emplace_back(id);
  return tables_.back();
}

void Ruleset::SetTable(Table table) {
  if (Table* t = mutable_table(table.id())) {
    *t = std::move(table);
  } else {
    tables_.push_back(std::move(table));
  }
}

}  // namespace tunnelsim::netfilter
