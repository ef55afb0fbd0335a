// AzArgs: the options of one az command, read the way az's argparse-based parser reads them:
// `--name value`, `--name=value`, `-n value`, `-nvalue`, `-n=value`; list options
// (nargs='+') take every following word up to the next option; a repeated option keeps its
// last value; enum values match case-insensitively and become the canonical spelling. The
// global options every az command takes (--output, --query, --subscription, --debug,
// --verbose, --only-show-errors) are accepted and ignored. Errors use argparse's own texts
// ("unrecognized arguments: --foo", "the following arguments are required: --priority",
// "argument --priority: expected one argument") with a hint of our own. Abbreviated option
// names, which some argparse versions accept, are not. Internal to engine/changeset.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/changeset/command_context.h"

namespace tunnelsim {

enum class AzArity : uint8_t { kFlag, kOne, kList };

struct AzOption {
  std::string_view name;   // "--resource-group"
  std::string_view alias;  // "-g", or empty
  AzArity arity = AzArity::kOne;
  bool required = false;
  std::span<const std::string_view> choices = {};  // canonical spellings; empty: any value
  // A real option of the command that tunnelsim refuses: says why ("" = accepted).
  std::string_view refused = {};
  std::string_view alias2 = {};  // a third spelling ("--nodepool-name"), or empty
};

struct AzParsedOption {
  const AzOption* spec = nullptr;
  const ShellWord* word = nullptr;  // the option as written
  std::vector<ArgValue> values;     // empty for a flag
};

class AzArgs {
 public:
  // `command` names the command in messages ("az aks update"); command-level errors (missing
  // options) point at `anchor`. Reports every problem; nullopt when there was one.
  static std::optional<AzArgs> Parse(const CommandContext& ctx, std::string_view command,
                                     const ShellWord& anchor, std::span<const ShellWord> args,
                                     std::span<const AzOption> options);

  // The option given under its canonical name, or nullptr.
  const AzParsedOption* Get(std::string_view name) const;
  // The single value of a kOne option, or nullptr when absent.
  const ArgValue* Value(std::string_view name) const;

 private:
  std::vector<AzParsedOption> given_;
};

// "--resource-group/-g", the way argparse names an option in messages.
std::string AzDisplayName(const AzOption& option);

// Reads an integer option value as argparse's type=int does; reports "argument X: invalid
// int value: 'v'" and returns nullopt otherwise.
std::optional<Located<int64_t>> AzIntValue(const CommandContext& ctx, const AzOption& option,
                                           const ArgValue& value);

}  // namespace tunnelsim
