// ApplyIptablesCommand: the effect of one iptables command on a Ruleset, with the error
// iptables 1.8.9 (nf_tables) prints for each refusal (each was reproduced in a network
// namespace; see iptables_command_test.cc).
#include <fmt/format.h>

#include "models/netfilter/iptables_command.h"
#include "models/netfilter/rule_format.h"

namespace tunnelsim::netfilter {
namespace {

// iptables' words for a typed command; for a restore-file line, the words at a column plus
// what was expected instead.
Status Fail(const IptablesCommand& cmd, int column, std::string_view words,
            std::string_view expected) {
  if (!cmd.restore) return Status::InvalidArgument(fmt::format("iptables: {}", words));
  if (!words.empty() && words.back() == '.') words.remove_suffix(1);
  return Status::InvalidArgument(
      fmt::format("column {}: {}; expected {}", column, words, expected));
}

Status NoSuchChain(const IptablesCommand& cmd) {
  return Fail(cmd, cmd.chain_column, "No chain/target/match by that name.",
              fmt::format("a chain declared before this line (:{} - [0:0] or -N {})", cmd.chain,
                          cmd.chain));
}

std::vector<Rule> ExpandAddresses(const RuleSpec& spec) {
  std::vector<AddressCondition> sources = spec.sources;
  std::vector<AddressCondition> destinations = spec.destinations;
  if (sources.empty()) sources.emplace_back();
  if (destinations.empty()) destinations.emplace_back();
  std::vector<Rule> rules;
  for (const AddressCondition& s : sources) {
    for (const AddressCondition& d : destinations) {
      Rule r = spec.rule;
      r.header.source = s;
      r.header.destination = d;
      rules.push_back(std::move(r));
    }
  }
  return rules;
}

// Resolves the jump target and checks what depends on the chain; fills text and origin.
Status PrepareRules(const IptablesCommand& cmd, const Table& table, const RuleOrigin& origin,
                    std::vector<Rule>& rules) {
  const RuleSpec& spec = *cmd.spec;
  const Rule& rule = spec.rule;
  bool in_only = cmd.chain == "INPUT" || cmd.chain == "PREROUTING";
  bool out_only = cmd.chain == "OUTPUT" || cmd.chain == "POSTROUTING";
  if (in_only && rule.header.out_interface.present) {
    return Fail(cmd, spec.out_interface_column, fmt::format("Can't use -o with {}", cmd.chain),
                "-o only in FORWARD, OUTPUT and POSTROUTING");
  }
  if (out_only && rule.header.in_interface.present) {
    return Fail(cmd, spec.in_interface_column, fmt::format("Can't use -i with {}", cmd.chain),
                "-i only in PREROUTING, INPUT and FORWARD");
  }
  int target_chain = -1;
  if (rule.target.kind == TargetKind::kJump || rule.target.kind == TargetKind::kGoto) {
    target_chain = table.FindChain(rule.target.name);
    if (target_chain < 0) {
      return Fail(cmd, spec.target_column,
                  fmt::format("Chain '{}' does not exist", rule.target.name),
                  fmt::format("a chain declared before this rule in table {}, or a target such "
                              "as ACCEPT, DROP, REJECT, RETURN",
                              TableName(table.id())));
    }
    if (table.chain(target_chain).builtin) {
      return Fail(cmd, spec.target_column,
                  fmt::format("RULE_APPEND failed (No such file or directory): rule in chain {}",
                              cmd.chain),
                  "a user chain (built-in chains cannot be jumped to)");
    }
  }
  rules = ExpandAddresses(spec);
  for (Rule& r : rules) {
    r.target.chain = target_chain;
    r.source_line = origin.source_line;
    r.text = origin.text.empty() ? FormatRule(cmd.chain, r) : origin.text;
  }
  return Status::Ok();
}

bool AddsJump(const IptablesCommand& cmd) {
  if (!cmd.spec) return false;
  TargetKind k = cmd.spec->rule.target.kind;
  return k == TargetKind::kJump || k == TargetKind::kGoto;
}

Status ApplyRuleCommand(const IptablesCommand& cmd, Table& table, int chain,
                        const RuleOrigin& origin) {
  std::vector<Rule> rules;
  Status s = PrepareRules(cmd, table, origin, rules);
  if (!s.ok()) return s;
  size_t size = table.chain(chain).rules.size();
  switch (cmd.kind) {
    case CommandKind::kAppend:
      for (Rule& r : rules) table.InsertRule(chain, table.chain(chain).rules.size(), std::move(r));
      return Status::Ok();
    case CommandKind::kInsert: {
      size_t n = cmd.rule_number == 0 ? 1 : static_cast<size_t>(cmd.rule_number);
      if (n > size + 1) {
        return Fail(cmd, cmd.chain_column, "Index of insertion too big.",
                    fmt::format("a position 1-{}", size + 1));
      }
      // Each expanded rule goes to position n in turn, so the last one ends up first
      // (observed: -I INPUT 2 -s 7.7.7.7,8.8.8.8 puts 8.8.8.8 at 2 and 7.7.7.7 at 3).
      for (Rule& r : rules) table.InsertRule(chain, n - 1, std::move(r));
      return Status::Ok();
    }
    case CommandKind::kReplace: {
      size_t n = static_cast<size_t>(cmd.rule_number);
      if (n > size) {
        return Fail(cmd, cmd.chain_column, "Index of replacement too big.",
                    fmt::format("a rule number 1-{}", size));
      }
      table.ReplaceRule(chain, n - 1, std::move(rules.front()));
      return Status::Ok();
    }
    case CommandKind::kDelete:
      // -D by specification removes the first rule equal to each expanded spec.
      for (const Rule& wanted : rules) {
        std::string key = FormatRuleSpec(wanted);
        const auto& existing = table.chain(chain).rules;
        size_t found = existing.size();
        for (size_t i = 0; i < existing.size() && found == existing.size(); ++i) {
          if (FormatRuleSpec(existing[i]) == key) found = i;
        }
        if (found == existing.size()) {
          return Fail(cmd, cmd.chain_column,
                      "Bad rule (does a matching rule exist in that chain?).",
                      fmt::format("a rule equal to '{}' in chain {}", key, cmd.chain));
        }
        table.DeleteRule(chain, found);
      }
      return Status::Ok();
    default:
      return Status::Ok();
  }
}

Status ApplyChainCommand(const IptablesCommand& cmd, Table& table) {
  int chain = cmd.chain.empty() ? -1 : table.FindChain(cmd.chain);
  switch (cmd.kind) {
    case CommandKind::kPolicy: {
      if (chain < 0 || !table.chain(chain).builtin) {
        return Fail(cmd, cmd.chain_column, "Bad built-in chain name.", "a built-in chain");
      }
      Policy policy = cmd.policy == "ACCEPT" ? Policy::kAccept
                      : cmd.policy == "DROP" ? Policy::kDrop
                                             : Policy::kNone;
      if (policy == Policy::kNone) {
        return Fail(cmd, cmd.chain_column, "Bad policy name.", "ACCEPT or DROP");
      }
      if (policy == Policy::kDrop && table.id() == TableId::kNat) {
        return Fail(cmd, cmd.chain_column,
                    "The \"nat\" table is not intended for filtering, the use of DROP is "
                    "therefore inhibited.",
                    "policy ACCEPT in the nat table");
      }
      table.SetPolicy(chain, policy);
      return Status::Ok();
    }
    case CommandKind::kNewChain:
      if (chain >= 0) return Fail(cmd, cmd.chain_column, "Chain already exists.", "a new name");
      return table.AddUserChain(cmd.chain);
    case CommandKind::kFlush:
      if (!cmd.chain.empty() && chain < 0) return NoSuchChain(cmd);
      for (int c = 0; c < static_cast<int>(table.chains().size()); ++c) {
        if (chain < 0 || c == chain) table.FlushChain(c);
      }
      return Status::Ok();
    case CommandKind::kDeleteChain: {
      if (!cmd.chain.empty() && chain < 0) return NoSuchChain(cmd);
      // Check every chain to delete first, so a refusal leaves the table unchanged.
      std::vector<std::string> doomed;
      for (const Chain& c : table.chains()) {
        if (cmd.chain.empty() ? c.builtin : c.name != cmd.chain) continue;
        int index = table.FindChain(c.name);
        if (c.builtin || !c.rules.empty() || table.CountReferences(index) > 0) {
          return Fail(cmd, cmd.chain_column,
                      fmt::format("CHAIN_DEL failed (Device or resource busy): chain {}", c.name),
                      "an empty user chain that no rule jumps to");
        }
        doomed.push_back(c.name);
      }
      for (const std::string& name : doomed) table.DeleteUserChain(table.FindChain(name));
      return Status::Ok();
    }
    case CommandKind::kRenameChain:
      if (chain < 0 || table.chain(chain).builtin) return NoSuchChain(cmd);
      if (table.FindChain(cmd.new_name) >= 0) {
        return Fail(cmd, cmd.chain_column, "File exists.", "a new name that is not in use");
      }
      table.RenameChain(chain, cmd.new_name);
      return Status::Ok();
    default:
      return Status::Ok();
  }
}

}  // namespace

Status ApplyIptablesCommand(const IptablesCommand& cmd, Ruleset& ruleset,
                            const RuleOrigin& origin) {
  Table& table = ruleset.EnsureTable(cmd.table);
  bool rule_command = cmd.kind == CommandKind::kAppend || cmd.kind == CommandKind::kInsert ||
                      cmd.kind == CommandKind::kDelete || cmd.kind == CommandKind::kReplace;
  if (!rule_command) return ApplyChainCommand(cmd, table);
  int chain = table.FindChain(cmd.chain);
  if (chain < 0) return NoSuchChain(cmd);
  if (cmd.kind == CommandKind::kDelete && !cmd.spec) {
    size_t size = table.chain(chain).rules.size();
    if (static_cast<size_t>(cmd.rule_number) > size) {
      return Fail(cmd, cmd.chain_column, "Index of deletion too big.",
                  fmt::format("a rule number 1-{}", size));
    }
    table.DeleteRule(chain, static_cast<size_t>(cmd.rule_number) - 1);
    return Status::Ok();
  }
  // A typed command that would close a jump loop is refused (iptables-nft: ELOOP/EMLINK);
  // a restore file is checked once per table at COMMIT instead.
  bool check_loop = !cmd.restore && AddsJump(cmd) && cmd.kind != CommandKind::kDelete;
  std::optional<Table> before;
  if (check_loop) before = table;
  Status s = ApplyRuleCommand(cmd, table, chain, origin);
  if (!s.ok()) return s;
  if (check_loop && !FindReachableLoop(table).empty()) {
    table = std::move(*before);
    return Fail(cmd, cmd.chain_column,
                fmt::format("RULE_APPEND failed (Too many links): rule in chain {}", cmd.chain),
                "no jump loop");
  }
  return Status::Ok();
}

std::string FindReachableLoop(const Table& table) {
  enum : uint8_t { kWhite, kGrey, kBlack };
  const auto& chains = table.chains();
  std::vector<uint8_t> color(chains.size(), kWhite);
  struct Frame {
    int chain;
    size_t next_rule;
  };
  std::vector<Frame> stack;
  for (size_t root = 0; root < chains.size(); ++root) {
    if (!chains[root].builtin || color[root] != kWhite) continue;
    stack.push_back({static_cast<int>(root), 0});
    color[root] = kGrey;
    while (!stack.empty()) {
      Frame& f = stack.back();
      const auto& rules = chains[f.chain].rules;
      if (f.next_rule == rules.size()) {
        color[f.chain] = kBlack;
        stack.pop_back();
        continue;
      }
      const Target& t = rules[f.next_rule++].target;
      if (t.kind != TargetKind::kJump && t.kind != TargetKind::kGoto) continue;
      if (color[t.chain] == kGrey) return chains[t.chain].name;
      if (color[t.chain] == kWhite) {
        color[t.chain] = kGrey;
        stack.push_back({t.chain, 0});
      }
    }
  }
  return "";
}

}  // namespace tunnelsim::netfilter
