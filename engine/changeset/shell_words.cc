#include "engine/changeset/shell_words.h"

#include <cctype>

#include <fmt/format.h>

namespace tunnelsim {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Characters after '$' that make the shell expand: names, positional and special parameters,
// ${...}, $(...), $((...)), and bash's $'...' / $"..." quoting.
bool StartsExpansion(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '{' || c == '(' ||
         c == '@' || c == '*' || c == '#' || c == '?' || c == '$' || c == '!' || c == '-' ||
         c == '\'' || c == '"';
}

std::string ExpansionMessage(std::string_view line, size_t at) {
  char next = at + 1 < line.size() ? line[at + 1] : '\0';
  if (next == '(') {
    return "'$(' is a command substitution; expected one simple command with its values "
           "written out";
  }
  if (next == '\'' || next == '"') {
    return fmt::format("'${}...{}' quoting is bash-only; expected '...' or \"...\"", next, next);
  }
  return "'$' expands a shell variable here; expected the value itself (or '$' inside '...')";
}

// A `<word>` that a document uses as a placeholder, e.g. <infra-or-MC-resource-group>.
bool IsPlaceholder(std::string_view line, size_t at, size_t* end) {
  size_t close = line.find('>', at + 1);
  if (close == std::string_view::npos || close == at + 1) return false;
  for (size_t i = at + 1; i < close; ++i) {
    if (IsBlank(line[i]) || line[i] == '\n' || line[i] == '<') return false;
  }
  *end = close;
  return true;
}

class Splitter {
 public:
  explicit Splitter(std::string_view line) : line_(line) {}

  ShellSplit Run() {
    size_t i = 0;
    while (i < line_.size() && out_.ok()) i = Step(i);
    if (!out_.ok()) return std::move(out_);
    FinishWord();
    DropSudo();
    return std::move(out_);
  }

 private:
  void Fail(size_t at, std::string message) {
    if (!out_.ok()) return;
    out_.error = std::move(message);
    out_.error_offset = at;
  }

  void Append(char c, size_t at) {
    if (!in_word_) {
      word_ = ShellWord{};
      word_.offset = at;
      in_word_ = true;
    }
    word_.text += c;
    word_.char_offsets.push_back(at);
  }

  void StartWord(size_t at) {
    if (in_word_) return;
    word_ = ShellWord{};
    word_.offset = at;
    in_word_ = true;
  }

  void FinishWord() {
    if (in_word_) out_.words.push_back(std::move(word_));
    in_word_ = false;
  }

  // One unit of input starting at `i`; returns where the next one starts.
  size_t Step(size_t i) {
    char c = line_[i];
    if (ended_) return AfterEnd(i);
    if (IsBlank(c)) {
      FinishWord();
      return i + 1;
    }
    if (c == '\n') {
      FinishWord();
      ended_ = true;
      return i + 1;
    }
    if (c == '#' && !in_word_) return SkipComment(i);
    if (c == '\\') return Backslash(i);
    if (c == '\'') return SingleQuoted(i);
    if (c == '"') return DoubleQuoted(i);
    if (c == '$' && i + 1 < line_.size() && StartsExpansion(line_[i + 1])) {
      Fail(i, ExpansionMessage(line_, i));
      return line_.size();
    }
    if (c == '`') {
      Fail(i, "'`' starts a command substitution; expected one simple command");
      return line_.size();
    }
    if (Operator(i)) return line_.size();
    if (c == '*' || c == '?' || (c == '[' && ClosesBracket(i))) {
      Fail(i, fmt::format("an unquoted '{}' is a file-name pattern the shell expands; quote it "
                          "('{}')",
                          c, c == '[' ? std::string("[...]") : std::string(1, c)));
      return line_.size();
    }
    Append(c, i);
    return i + 1;
  }

  // After an unescaped newline only blanks and comments may follow.
  size_t AfterEnd(size_t i) {
    char c = line_[i];
    if (IsBlank(c) || c == '\n') return i + 1;
    if (c == '#') return SkipComment(i);
    Fail(i,
         "a newline ends the command and another one follows; expected one command per "
         "entry (end a line with '\\' to continue it)");
    return line_.size();
  }

  size_t SkipComment(size_t i) {
    size_t newline = line_.find('\n', i);
    return newline == std::string_view::npos ? line_.size() : newline;
  }

  size_t Backslash(size_t i) {
    if (i + 1 >= line_.size()) {
      Fail(i, "the line ends with '\\', which continues it, but nothing follows");
      return line_.size();
    }
    if (line_[i + 1] == '\n') return i + 2;  // continuation: the two characters vanish
    StartWord(i);
    Append(line_[i + 1], i + 1);
    return i + 2;
  }

  size_t SingleQuoted(size_t i) {
    size_t close = line_.find('\'', i + 1);
    if (close == std::string_view::npos) {
      Fail(i, "unterminated single quote; expected a closing '");
      return line_.size();
    }
    StartWord(i);
    for (size_t k = i + 1; k < close; ++k) Append(line_[k], k);
    return close + 1;
  }

  size_t DoubleQuoted(size_t i) {
    StartWord(i);
    size_t k = i + 1;
    while (k < line_.size()) {
      char c = line_[k];
      if (c == '"') return k + 1;
      if (c == '\\' && k + 1 < line_.size()) {
        char next = line_[k + 1];
        if (next == '\n') {
          k += 2;
          continue;
        }
        if (next == '$' || next == '`' || next == '"' || next == '\\') {
          Append(next, k + 1);
          k += 2;
          continue;
        }
      } else if (c == '$' && k + 1 < line_.size() && StartsExpansion(line_[k + 1]) &&
                 line_[k + 1] != '\'' && line_[k + 1] != '"') {
        Fail(k, ExpansionMessage(line_, k));
        return line_.size();
      } else if (c == '`') {
        Fail(k,
             "'`' starts a command substitution, also inside \"...\"; expected the value "
             "written out");
        return line_.size();
      }
      Append(c, k);
      ++k;
    }
    Fail(i, "unterminated double quote; expected a closing \"");
    return line_.size();
  }

  // Control and redirection operators; reports and returns true when `i` starts one.
  bool Operator(size_t i) {
    char c = line_[i];
    char next = i + 1 < line_.size() ? line_[i + 1] : '\0';
    if (c == '|') {
      Fail(i, next == '|' ? "'||' chains a second command; expected one simple command"
                          : "'|' pipes into another command; expected one simple command");
      return true;
    }
    if (c == '&') {
      Fail(i, next == '&' ? "'&&' chains a second command; expected one simple command"
                          : "'&' runs the command in the background; expected one simple "
                            "command");
      return true;
    }
    if (c == ';') {
      Fail(i, "';' separates commands; expected one command per entry");
      return true;
    }
    if (c == '(' || c == ')') {
      Fail(i, fmt::format("'{}' is shell grouping; expected one simple command (quote it if it "
                          "is part of a value)",
                          c));
      return true;
    }
    if (c == '<' || c == '>') {
      size_t end = 0;
      if (c == '<' && IsPlaceholder(line_, i, &end)) {
        Fail(i, fmt::format("'{}' is a placeholder; replace it with the real value (a shell "
                            "reads '<' as an input redirection)",
                            line_.substr(i, end - i + 1)));
      } else {
        Fail(i, fmt::format("'{}' is a redirection; expected a command without redirections "
                            "(quote it if it is part of a value)",
                            c));
      }
      return true;
    }
    return false;
  }

  // Whether an unquoted '[' at `i` has a ']' later in the same word (a bracket pattern).
  bool ClosesBracket(size_t i) const {
    for (size_t k = i + 1; k < line_.size(); ++k) {
      char c = line_[k];
      if (c == ']') return true;
      if (IsBlank(c) || c == '\n' || c == '\'' || c == '"') return false;
    }
    return false;
  }

  void DropSudo() {
    if (!out_.ok() || out_.words.empty() || out_.words[0].text != "sudo") return;
    if (out_.words.size() == 1) {
      Fail(out_.words[0].offset, "'sudo' without a command; expected sudo COMMAND");
      return;
    }
    const ShellWord& next = out_.words[1];
    if (!next.text.empty() && next.text[0] == '-') {
      Fail(next.offset,
           fmt::format("sudo option '{}' is not supported; expected sudo COMMAND", next.text));
      return;
    }
    out_.words.erase(out_.words.begin());
    out_.sudo = true;
  }

  std::string_view line_;
  ShellSplit out_;
  ShellWord word_;
  bool in_word_ = false;
  bool ended_ = false;
};

bool NeedsQuotes(const std::string& text) {
  if (text.empty()) return true;
  for (char c : text) {
    if (IsBlank(c) || c == '\n' || c == '"' || c == '\'' || c == '\\') return true;
  }
  return false;
}

}  // namespace

size_t ShellWord::OffsetOf(size_t index) const {
  if (index < char_offsets.size()) return char_offsets[index];
  if (char_offsets.empty()) return offset;
  return char_offsets.back() + 1;
}

ShellSplit SplitShellWords(std::string_view line) { return Splitter(line).Run(); }

std::string JoinWords(const std::vector<ShellWord>& words, std::vector<size_t>* starts) {
  std::string out;
  starts->clear();
  for (const ShellWord& word : words) {
    if (!out.empty()) out += ' ';
    starts->push_back(out.size());
    if (!NeedsQuotes(word.text)) {
      out += word.text;
      continue;
    }
    out += '"';
    for (char c : word.text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out;
}

}  // namespace tunnelsim
