// The `iptables` command's own grammar, for commands a user pastes into a change set
// ("iptables --delete INPUT --jump DROP --protocol tcp --source 10.224.0.5
// --destination-port 10250", "iptables --delete INPUT 3") and for the command lines inside an
// iptables-restore file (-A, -I, -D, -R, -P, -N, -F, -X, -E are all allowed there).
// ApplyIptablesCommand changes a Ruleset exactly as iptables 1.8.9 (nf_tables) does and fails
// with iptables' own message where it is known ("iptables: Bad rule (does a matching rule
// exist in that chain?)."). Messages omit iptables' version banner.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "models/core/result.h"
#include "models/netfilter/rule_spec_parser.h"
#include "models/netfilter/ruleset.h"
#include "models/netfilter/tokenizer.h"

namespace tunnelsim::netfilter {

enum class CommandKind : uint8_t {
  kAppend,       // -A CHAIN rule
  kInsert,       // -I CHAIN [n] rule (n defaults to 1)
  kDelete,       // -D CHAIN rule | -D CHAIN n
  kReplace,      // -R CHAIN n rule
  kPolicy,       // -P CHAIN ACCEPT|DROP
  kNewChain,     // -N CHAIN
  kFlush,        // -F [CHAIN]
  kDeleteChain,  // -X [CHAIN]
  kRenameChain,  // -E OLD NEW
};

struct IptablesCommand {
  CommandKind kind = CommandKind::kAppend;
  TableId table = TableId::kFilter;
  std::string chain;  // empty for -F / -X without a chain (all chains)
  int chain_column = 0;
  int rule_number = 0;           // -I n, -D n, -R n; 0 when not given
  std::string policy;            // -P, as written (checked when applied)
  std::string new_name;          // -E
  std::optional<RuleSpec> spec;  // -A, -I, -R, and -D by specification
  bool restore = false;          // parsed as a line of an iptables-restore file
};

// Parses a whole command line. The program name ("iptables", "iptables-nft",
// "iptables-legacy", possibly with a path and after "sudo") may be omitted.
Result<IptablesCommand> ParseIptablesCommand(std::string_view line);

// Parses the arguments after the program name. With `restore` (a line of an iptables-restore
// file) "-t" is refused, as iptables-restore does, and `table` is the current block's.
Result<IptablesCommand> ParseIptablesArguments(std::span<const Token> args, TableId table,
                                               bool restore);

// Where a rule added by a command came from; the default stands for a typed command.
struct RuleOrigin {
  int source_line = 0;
  std::string text;  // as written; empty: the rule's canonical iptables-save form
};

// Applies the command. A table the ruleset lacks is created (iptables creates it on first
// use). On error the ruleset is unchanged.
Status ApplyIptablesCommand(const IptablesCommand& command, Ruleset& ruleset,
                            const RuleOrigin& origin = {});

// Finds a jump/goto cycle reachable from a built-in chain of `table`, which iptables-nft
// refuses to load ("Too many links"). Returns the name of a chain on the cycle, or "".
std::string FindReachableLoop(const Table& table);

}  // namespace tunnelsim::netfilter
