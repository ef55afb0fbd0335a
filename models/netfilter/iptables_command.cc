#include "models/netfilter/iptables_command.h"

#include <cctype>

#include "models/netfilter/option_cursor.h"

namespace tunnelsim::netfilter {
namespace {

struct CommandName {
  std::string_view short_name;
  std::string_view long_name;
  CommandKind kind;
};

constexpr CommandName kCommands[] = {
    {"-A", "--append", CommandKind::kAppend},
    {"-I", "--insert", CommandKind::kInsert},
    {"-D", "--delete", CommandKind::kDelete},
    {"-R", "--replace", CommandKind::kReplace},
    {"-P", "--policy", CommandKind::kPolicy},
    {"-N", "--new-chain", CommandKind::kNewChain},
    {"-F", "--flush", CommandKind::kFlush},
    {"-X", "--delete-chain", CommandKind::kDeleteChain},
    {"-E", "--rename-chain", CommandKind::kRenameChain},
};

// Commands that only read or count; they never change a ruleset.
constexpr std::string_view kReadOnly[] = {"-L", "--list", "-S", "--list-rules", "-C", "--check",
                                          "-Z", "--zero", "-h", "--help",       "-V", "--version"};
// Output and locking flags that do not change what a command does.
constexpr std::string_view kIgnoredFlags[] = {"-v",      "--verbose",      "-n", "--numeric", "-x",
                                              "--exact", "--line-numbers", "-4", "--ipv4"};

bool IsWord(const Token& t) { return !t.text.empty() && t.text[0] != '-' && t.text != "!"; }

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

Result<int> ParseRuleNumber(const Token& t) {
  if (!AllDigits(t.text) || t.text.size() > 9 || std::stoi(t.text) == 0) {
    return ErrorAt(t.column, fmt::format("Invalid rule number `{}'; expected a rule number 1 or "
                                         "more",
                                         t.text));
  }
  return std::stoi(t.text);
}

Status CheckNewChainName(const Token& t) {
  if (t.text.size() > 28) {
    return ErrorAt(t.column,
                   fmt::format("chain name `{}' too long (must be under 29 chars)", t.text));
  }
  if (t.text.empty() || t.text[0] == '-' || t.text[0] == '!') {
    return ErrorAt(t.column, "chain name not allowed to start with `-'; expected a name");
  }
  if (TargetKindForName(t.text)) {
    return ErrorAt(t.column, fmt::format("chain name may not clash with target name ({}); "
                                         "expected another name",
                                         t.text));
  }
  return Status::Ok();
}

// Reads the arguments of a command option into `cmd`.
Status ReadCommandArguments(std::span<const Token> args, size_t* i, IptablesCommand& cmd) {
  ArgCursor cursor(args, i);
  const bool optional_chain =
      cmd.kind == CommandKind::kFlush || cmd.kind == CommandKind::kDeleteChain;
  if (optional_chain) {
    if (*i + 1 < args.size() && IsWord(args[*i + 1])) {
      ++*i;
      cmd.chain = args[*i].text;
      cmd.chain_column = args[*i].column;
    }
    return Status::Ok();
  }
  auto chain = cursor.Next();
  if (!chain.ok()) return chain.status();
  cmd.chain = (*chain)->text;
  cmd.chain_column = (*chain)->column;
  switch (cmd.kind) {
    case CommandKind::kNewChain:
      return CheckNewChainName(**chain);
    case CommandKind::kInsert:
    case CommandKind::kDelete:
      if (*i + 1 < args.size() && IsWord(args[*i + 1])) {
        ++*i;
        auto n = ParseRuleNumber(args[*i]);
        if (!n.ok()) return n.status();
        cmd.rule_number = *n;
      }
      return Status::Ok();
    case CommandKind::kReplace: {
      auto token = cursor.Next();
      if (!token.ok()) return token.status();
      auto n = ParseRuleNumber(**token);
      if (!n.ok()) return n.status();
      cmd.rule_number = *n;
      return Status::Ok();
    }
    case CommandKind::kPolicy:
    case CommandKind::kRenameChain: {
      auto second = cursor.Next();
      if (!second.ok()) return second.status();
      if (cmd.kind == CommandKind::kPolicy) {
        cmd.policy = (*second)->text;
        return Status::Ok();
      }
      cmd.new_name = (*second)->text;
      return CheckNewChainName(**second);
    }
    default:
      return Status::Ok();
  }
}

bool TakesRule(const IptablesCommand& cmd) {
  return cmd.kind == CommandKind::kAppend || cmd.kind == CommandKind::kInsert ||
         cmd.kind == CommandKind::kReplace ||
         (cmd.kind == CommandKind::kDelete && cmd.rule_number == 0);
}

}  // namespace

Result<IptablesCommand> ParseIptablesArguments(std::span<const Token> args, TableId table,
                                               bool restore) {
  IptablesCommand cmd;
  cmd.table = table;
  cmd.restore = restore;
  const Token* command_token = nullptr;
  const Token* first_rule_option = nullptr;
  RuleSpecParser rule;
  for (size_t i = 0; i < args.size(); ++i) {
    const Token& t = args[i];
    const CommandName* command = nullptr;
    for (const CommandName& c : kCommands) {
      if (t.text == c.short_name || t.text == c.long_name) command = &c;
    }
    if (command != nullptr) {
      if (command_token != nullptr) {
        return ErrorAt(t.column, fmt::format("Cannot use {} with {}; expected one command",
                                             command->short_name, command_token->text));
      }
      command_token = &t;
      cmd.kind = command->kind;
      Status s = ReadCommandArguments(args, &i, cmd);
      if (!s.ok()) return s;
      continue;
    }
    if (t.text == "-t" || t.text == "--table") {
      if (restore) {
        return ErrorAt(t.column,
                       "The -t option cannot be used in iptables-restore; expected "
                       "the table from the *table line");
      }
      ArgCursor cursor(args, &i);
      auto name = cursor.Next();
      if (!name.ok()) return name.status();
      auto id = ParseTableName((*name)->text);
      if (!id) {
        return ErrorAt((*name)->column, fmt::format("table '{}' does not exist; expected filter, "
                                                    "nat, mangle, raw or security",
                                                    (*name)->text));
      }
      cmd.table = *id;
      continue;
    }
    bool ignored = false;
    for (std::string_view flag : kIgnoredFlags) ignored = ignored || t.text == flag;
    if (t.text == "-w" || t.text == "--wait" || t.text == "-W" || t.text == "--wait-interval") {
      if (i + 1 < args.size() && AllDigits(args[i + 1].text)) ++i;
      ignored = true;
    }
    if (ignored) continue;
    for (std::string_view name : kReadOnly) {
      if (t.text == name) {
        return Status::Unsupported(
            fmt::format("column {}: {} does not change the ruleset; "
                        "expected -A, -I, -D, -R, -P, -N, -F, -X or -E",
                        t.column, t.text));
      }
    }
    if (t.text == "-6" || t.text == "--ipv6") {
      return Status::Unsupported(
          fmt::format("column {}: IPv6 rules are not modelled; expected "
                      "an IPv4 iptables command",
                      t.column));
    }
    size_t before = i;
    auto consumed = rule.Consume(args, &i);
    if (!consumed.ok()) return consumed.status();
    if (!*consumed) {
      if (t.text.size() > 1 && t.text[0] == '-') {
        return ErrorAt(t.column, fmt::format("unknown option \"{}\"; expected an iptables "
                                             "command or rule option",
                                             t.text));
      }
      return ErrorAt(t.column, fmt::format("Bad argument `{}'; expected an option", t.text));
    }
    if (first_rule_option == nullptr) first_rule_option = &args[before];
  }
  if (command_token == nullptr) {
    int column = args.empty() ? 1 : args.front().column;
    return ErrorAt(column, "no command specified; expected -A, -I, -D, -R, -P, -N, -F, -X or -E");
  }
  if (TakesRule(cmd)) {
    auto spec = rule.Finish(cmd.table == TableId::kNat);
    if (!spec.ok()) return spec.status();
    if (cmd.kind == CommandKind::kReplace &&
        (spec->sources.size() > 1 || spec->destinations.size() > 1)) {
      return ErrorAt(command_token->column, "Replacement rule does not specify a unique address");
    }
    cmd.spec = std::move(*spec);
  } else if (first_rule_option != nullptr) {
    const Token& shown =
        first_rule_option->text == "!" ? *(first_rule_option + 1) : *first_rule_option;
    return ErrorAt(shown.column, fmt::format("Illegal option `{}' with this command; expected "
                                             "no rule options",
                                             shown.text));
  }
  return cmd;
}

Result<IptablesCommand> ParseIptablesCommand(std::string_view line) {
  auto tokens = Tokenize(line);
  if (!tokens.ok()) return tokens.status();
  std::span<const Token> args(*tokens);
  if (!args.empty() && args.front().text == "sudo") args = args.subspan(1);
  if (!args.empty() && !args.front().text.empty() && args.front().text[0] != '-') {
    std::string_view program = args.front().text;
    size_t slash = program.rfind('/');
    if (slash != std::string_view::npos) program = program.substr(slash + 1);
    if (program != "iptables" && program != "iptables-nft" && program != "iptables-legacy") {
      return ErrorAt(args.front().column,
                     fmt::format("'{}' is not iptables; expected a command starting with "
                                 "iptables",
                                 args.front().text));
    }
    args = args.subspan(1);
  }
  return ParseIptablesArguments(args, TableId::kFilter, /*restore=*/false);
}

}  // namespace tunnelsim::netfilter
