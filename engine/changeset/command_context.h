// CommandContext: one `command:` line being parsed: its words, where each character is in the
// change-set file, and where errors go. Internal to engine/changeset.
//
// Positions: `text.pos` is where the command's first character is in the file (the loader
// passes one past the opening quote of a quoted scalar, and the first content line of a block
// scalar). An offset on the first line is at text.pos.column + offset; an offset on a later
// line k (after k newlines, as in a `|` block with '\' continuations) is on line
// text.pos.line + k at text.pos.column + its column in that line, which is exact for a literal
// block whose lines share the first line's indentation. Escapes in a quoted scalar shift the
// columns after them; a folded (>) or multi-line plain scalar has lost its line breaks, so its
// later words are reported on its first line.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/changeset/change_set.h"
#include "engine/changeset/shell_words.h"
#include "engine/diagnostics/diagnostics.h"
#include "engine/scenario/limits.h"

namespace tunnelsim {

struct CommandContext {
  const LString& text;
  std::vector<ShellWord> words;  // after `sudo`
  const std::string& file;
  Diagnostics* diagnostics;
  const ScenarioLimits& limits;

  SourcePos PosAt(size_t offset) const;
  SourcePos PosOf(const ShellWord& word) const { return PosAt(word.offset); }
  SourcePos PosOf(const ShellWord& word, size_t index) const { return PosAt(word.OffsetOf(index)); }
  void Error(SourcePos pos, std::string message) const {
    diagnostics->Error(file, pos, std::move(message));
  }
  LString ToLString(const ShellWord& word) const { return {word.text, PosOf(word)}; }
};

// An option's value: the whole word, or the part after '=' in `--option=value`.
struct ArgValue {
  std::string text;
  const ShellWord* word = nullptr;
  size_t start = 0;  // index in word->text where `text` begins

  SourcePos PosAt(const CommandContext& ctx, size_t index = 0) const {
    return ctx.PosOf(*word, start + index);
  }
  LString ToLString(const CommandContext& ctx) const { return {text, PosAt(ctx)}; }
};

// Python's int() on a command-line string, as argparse's type=int applies it: blanks around,
// an optional sign, decimal digits with single '_' between digits. nullopt when not an int or
// outside int64.
std::optional<int64_t> ParsePythonInt(std::string_view text);

// ASCII case-insensitive equality.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// The host-tool part of a change: checks `words` (program ufw or iptables first) with the
// tool's model and returns the Command body, its text the words on one line. `origin` is where
// the words came from (the change's command, or an `az vmss run-command` script). Reports and
// returns nullopt on error.
std::optional<Command> ParseHostCommand(const CommandContext& origin,
                                        const std::vector<ShellWord>& words);

}  // namespace tunnelsim
