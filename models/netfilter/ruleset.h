// A node's iptables state: up to five tables (filter, nat, mangle, raw, security), each a list
// of chains; built-in chains carry a policy, user chains do not. Jump/goto targets are stored as
// chain indices, resolved when a rule is added, so evaluation never looks names up.
// Only filter and nat are evaluated (evaluator.h); the other tables are kept for display.
//
// Mutations keep the invariants: rule_number of every rule equals its 1-based position, and
// every kJump/kGoto target index points at a user chain of the same table. Chain lookup by
// name is O(log chains); appending a rule is amortised O(1).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/core/status.h"
#include "models/netfilter/rule.h"

namespace tunnelsim::netfilter {

enum class TableId : uint8_t { kFilter, kNat, kMangle, kRaw, kSecurity };
inline constexpr int kTableCount = 5;
std::string_view TableName(TableId table);
std::optional<TableId> ParseTableName(std::string_view name);

enum class Policy : uint8_t { kNone, kAccept, kDrop };  // kNone: user chain
std::string_view PolicyName(Policy policy);             // "ACCEPT", "DROP", "-"

struct Chain {
  std::string name;
  bool builtin = false;
  Policy policy = Policy::kNone;
  std::vector<Rule> rules;
};

class Table {
 public:
  // A table with its built-in chains (policy ACCEPT) and no rules.
  explicit Table(TableId id);

  TableId id() const { return id_; }
  const std::vector<Chain>& chains() const { return chains_; }
  const Chain& chain(int index) const { return chains_[index]; }
  // -1 when absent.
  int FindChain(std::string_view name) const;
  bool IsBuiltinChainName(std::string_view name) const;

  // -N: fails when the name exists.
  Status AddUserChain(std::string_view name);
  // REQUIRES: chain_index valid, rule.target resolved for this table.
  // position is 0-based, clamped by the caller to [0, rules.size()].
  void InsertRule(int chain_index, size_t position, Rule rule);
  void ReplaceRule(int chain_index, size_t position, Rule rule);
  void DeleteRule(int chain_index, size_t position);
  void FlushChain(int chain_index);
  void SetPolicy(int chain_index, Policy policy) { chains_[chain_index].policy = policy; }
  // Number of rules (in any chain) that jump or go to chain_index.
  int CountReferences(int chain_index) const;
  // -X: REQUIRES a user chain with no rules and no references. Re-indexes jump targets.
  void DeleteUserChain(int chain_index);
  // -E: REQUIRES a user chain; the new name must not exist.
  void RenameChain(int chain_index, std::string_view new_name);

  size_t RuleCount() const;

 private:
  void Renumber(int chain_index);
  void RebuildIndex();

  TableId id_;
  std::vector<Chain> chains_;
  std::map<std::string, int, std::less<>> by_name_;
};

class Ruleset {
 public:
  // The table, or nullptr when the input never declared it.
  const Table* table(TableId id) const;
  Table* mutable_table(TableId id);
  // Creates the table (with built-in chains) when absent.
  Table& EnsureTable(TableId id);
  // Replaces (or creates) a table wholesale, as an iptables-restore block does.
  void SetTable(Table table);
  // The tables present, in the order they were first created.
  const std::vector<Table>& tables() const { return tables_; }

 private:
  std::vector<Table> tables_;  // at most one per TableId, in order of creation
};

}  // namespace tunnelsim::netfilter
