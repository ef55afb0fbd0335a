#include "models/netfilter/iptables_save_parser.h"

#include <algorithm>

#include <fmt/format.h>

#include "models/netfilter/iptables_command.h"
#include "models/netfilter/tokenizer.h"

namespace tunnelsim::netfilter {
namespace {

Status WithCode(Status::Code code, std::string message) {
  switch (code) {
    case Status::Code::kUnsupported:
      return Status::Unsupported(std::move(message));
    case Status::Code::kNotFound:
      return Status::NotFound(std::move(message));
    case Status::Code::kOutOfRange:
      return Status::OutOfRange(std::move(message));
    default:
      return Status::InvalidArgument(std::move(message));
  }
}

// "line L, column C: ..." when the message names a column, otherwise "line L: ...".
Status AtLine(int line, const Status& s) {
  const std::string& m = s.message();
  bool has_column = m.rfind("column ", 0) == 0;
  return WithCode(s.code(), fmt::format("line {}{} {}", line, has_column ? "," : ":", m));
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// The line starting at *start without its end-of-line characters; advances *start past it.
std::string_view NextLine(std::string_view text, size_t* start) {
  size_t newline = text.find('\n', *start);
  size_t end = newline == std::string_view::npos ? text.size() : newline;
  std::string_view line = text.substr(*start, end - *start);
  *start = end + 1;
  return TrimRight(line);
}

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t\r") == std::string_view::npos; }

// Applies one command line ("-A INPUT ..." or "[0:0] -A INPUT ...") to `ruleset`.
Status ApplyCommandLine(Ruleset& ruleset, TableId table, int line, std::string_view text) {
  auto tokens = Tokenize(text);
  if (!tokens.ok()) return AtLine(line, tokens.status());
  std::span<const Token> args(*tokens);
  std::string_view written = text;
  // iptables-save -c prefixes rules with "[packets:bytes]".
  if (!args.empty() && args.front().text.size() > 2 && args.front().text.front() == '[' &&
      args.front().text.back() == ']') {
    written = text.substr(args.front().text.size());
    written.remove_prefix(std::min(written.find_first_not_of(" \t"), written.size()));
    args = args.subspan(1);
  }
  auto command = ParseIptablesArguments(args, table, /*restore=*/true);
  if (!command.ok()) return AtLine(line, command.status());
  Status s = ApplyIptablesCommand(*command, ruleset, RuleOrigin{line, std::string(written)});
  if (!s.ok()) return AtLine(line, s);
  return Status::Ok();
}

// ":NAME POLICY [packets:bytes]".
Status DeclareChain(Table& table, int line, std::string_view text) {
  auto tokens = Tokenize(text.substr(1));
  if (!tokens.ok()) return AtLine(line, tokens.status());
  if (tokens->empty()) {
    return AtLine(line, Status::InvalidArgument("column 2: empty chain name; expected "
                                                ":CHAIN POLICY [packets:bytes]"));
  }
  const Token& name = (*tokens)[0];
  int name_column = name.column + 1;
  if (tokens->size() < 2) {
    return AtLine(line, Status::InvalidArgument(fmt::format(
                            "column {}: policy invalid; expected ACCEPT, DROP or - after the "
                            "chain name",
                            name_column + static_cast<int>(name.text.size()))));
  }
  const Token& policy = (*tokens)[1];
  int policy_column = policy.column + 1;
  int index = table.FindChain(name.text);
  if (index >= 0 && table.chain(index).builtin) {
    if (policy.text == "-") return Status::Ok();
    if (policy.text != "ACCEPT" && policy.text != "DROP") {
      return AtLine(line, Status::InvalidArgument(fmt::format(
                              "column {}: Bad policy name '{}'; expected ACCEPT or DROP",
                              policy_column, policy.text)));
    }
    if (policy.text == "DROP" && table.id() == TableId::kNat) {
      return AtLine(line, Status::InvalidArgument(fmt::format(
                              "column {}: The \"nat\" table is not intended for filtering, the "
                              "use of DROP is therefore inhibited; expected ACCEPT",
                              policy_column)));
    }
    table.SetPolicy(index, policy.text == "DROP" ? Policy::kDrop : Policy::kAccept);
    return Status::Ok();
  }
  if (index >= 0) {  // redeclaring a user chain empties it (observed with iptables-restore)
    table.FlushChain(index);
    return Status::Ok();
  }
  if (name.text.size() > 28 || name.text[0] == '-' || TargetKindForName(name.text)) {
    return AtLine(line, Status::InvalidArgument(fmt::format(
                            "column {}: invalid chain name '{}'; expected at most 28 characters, "
                            "not starting with '-' and not a target name",
                            name_column, name.text)));
  }
  return table.AddUserChain(name.text);  // a user chain's policy is ignored, as iptables does
}

Status CheckLoops(const Table& table, int line) {
  std::string looped = FindReachableLoop(table);
  if (looped.empty()) return Status::Ok();
  return Status::InvalidArgument(fmt::format(
      "line {}: jump loop through chain '{}' in table {} (iptables: Too many links); expected "
      "chains that do not jump back to themselves",
      line, looped, TableName(table.id())));
}

}  // namespace

Result<Ruleset> ParseIptablesSave(std::string_view text) {
  Ruleset result;
  Ruleset block;  // the table being restored, committed at COMMIT
  bool in_table = false;
  TableId current = TableId::kFilter;
  int table_line = 0;
  int line = 0;
  for (size_t start = 0; start < text.size();) {
    std::string_view content = NextLine(text, &start);
    ++line;
    if (content.empty() || IsBlank(content) || content.front() == '#') continue;
    char first = content.front();
    if (first == '*') {
      if (in_table) {
        return Status::InvalidArgument(fmt::format(
            "line {}, column 1: table '{}' started at line {} has no COMMIT; expected COMMIT "
            "before {}",
            line, TableName(current), table_line, content));
      }
      auto id = ParseTableName(content.substr(1));
      if (!id) {
        return Status::InvalidArgument(fmt::format(
            "line {}, column 2: table name '{}' invalid; expected filter, nat, mangle, raw or "
            "security",
            line, content.substr(1)));
      }
      current = *id;
      in_table = true;
      table_line = line;
      block = Ruleset();
      block.EnsureTable(*id);
    } else if (content == "COMMIT") {
      if (!in_table) {
        return Status::InvalidArgument(fmt::format(
            "line {}, column 1: COMMIT outside a table; expected a *table line before it", line));
      }
      Status s = CheckLoops(*block.table(current), line);
      if (!s.ok()) return s;
      result.SetTable(std::move(*block.mutable_table(current)));
      in_table = false;
    } else if (!in_table) {
      return Status::InvalidArgument(fmt::format(
          "line {}, column 1: '{}' outside a table; expected a *table line (e.g. *filter) first",
          line, content.substr(0, content.find(' '))));
    } else if (first == ':') {
      Status s = DeclareChain(*block.mutable_table(current), line, content);
      if (!s.ok()) return s;
    } else {
      Status s = ApplyCommandLine(block, current, line, content);
      if (!s.ok()) return s;
    }
  }
  if (in_table) {
    return Status::InvalidArgument(fmt::format(
        "line {}: input ends inside table '{}' started at line {}; expected COMMIT (truncated "
        "file?)",
        line + 1, TableName(current), table_line));
  }
  return result;
}

Result<Ruleset> ParseIptablesListRules(std::string_view text, TableId table) {
  Ruleset result;
  result.EnsureTable(table);
  int line = 0;
  for (size_t start = 0; start < text.size();) {
    std::string_view content = NextLine(text, &start);
    ++line;
    if (content.empty() || IsBlank(content) || content.front() == '#') continue;
    Status s = ApplyCommandLine(result, table, line, content);
    if (!s.ok()) return s;
  }
  Status s = CheckLoops(*result.table(table), line);
  if (!s.ok()) return s;
  return result;
}

}  // namespace tunnelsim::netfilter
