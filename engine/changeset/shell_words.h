// SplitShellWords: one command line -> its words, as a POSIX shell splits a simple command
// before running it, so that a change set's `command:` reads exactly like the terminal line
// the user would type. Supported: blanks between words; '...' (literal); "..." in which a
// backslash escapes only $ ` " \ and newline; a backslash outside quotes escapes the next
// character; backslash-newline continues the line; `# comment` at the start of a word; a
// leading `sudo`, which is dropped. Refused, each with a message saying what the shell would
// do instead: pipes, lists (; && || &), redirections (and `<placeholder>`s, which a shell reads
// as one), subshells, $(...) / `...` / $VAR expansions, unquoted * ? [..] file-name patterns,
// a second command after a newline, unbalanced quotes. Every word keeps the 0-based offset of
// each of its characters in the line, for error columns. O(line length).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tunnelsim {

struct ShellWord {
  std::string text;
  size_t offset = 0;  // where the word starts in the line, at its opening quote if quoted
  // The line offset of each character of `text`; escapes and quotes make them differ from
  // `offset + i`.
  std::vector<size_t> char_offsets;

  // The line offset of text[index]; index == text.size() maps just past the last character.
  size_t OffsetOf(size_t index) const;
};

struct ShellSplit {
  std::vector<ShellWord> words;  // without the dropped `sudo`
  bool sudo = false;             // the line started with `sudo`
  std::string error;             // empty when the line is one simple command
  size_t error_offset = 0;       // where the problem is in the line

  bool ok() const { return error.empty(); }
};

ShellSplit SplitShellWords(std::string_view line);

// The words joined by single spaces, a word double-quoted when it is empty or holds a blank,
// quote or backslash: one line that the host tools' own tokenizers (ufw, iptables-restore)
// split back into the same words. Stores in `starts` the offset of each word in the result.
std::string JoinWords(const std::vector<ShellWord>& words, std::vector<size_t>* starts);

}  // namespace tunnelsim
