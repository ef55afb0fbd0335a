// Host-tool commands (ufw, iptables) of a change set: checked with the tools' models at load
// time, kept as text to be replayed on the nodes (NodePool::host_commands).
#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "engine/changeset/command_context.h"
#include "models/netfilter/iptables_command.h"
#include "models/ufw/command.h"

namespace tunnelsim {
namespace {

std::string_view Basename(std::string_view program) {
  size_t slash = program.rfind('/');
  return slash == std::string_view::npos ? program : program.substr(slash + 1);
}

// iptables messages start "column N: " (1-based, in `line`, the joined words the model read).
// Strips that prefix and returns the word holding the column and the character within it
// (0 for a word the join had to quote); false when the message has no column.
bool SplitColumn(std::string* message, const std::string& line, const std::vector<size_t>& starts,
                 const std::vector<ShellWord>& words, size_t* word, size_t* index) {
  constexpr std::string_view kPrefix = "column ";
  if (!message->starts_with(kPrefix)) return false;
  int column = 0;
  const char* begin = message->data() + kPrefix.size();
  auto [end, ec] = std::from_chars(begin, message->data() + message->size(), column);
  if (ec != std::errc() || column < 1 || std::string_view(end).substr(0, 2) != ": ") return false;
  size_t at = static_cast<size_t>(column - 1);
  *word = 0;
  while (*word + 1 < starts.size() && starts[*word + 1] <= at) ++*word;
  bool quoted = line[starts[*word]] == '"';
  *index = quoted ? 0 : std::min(at - starts[*word], words[*word].text.size());
  *message = std::string(end + 2);
  return true;
}

}  // namespace

std::optional<Command> ParseHostCommand(const CommandContext& origin,
                                        const std::vector<ShellWord>& words) {
  std::vector<size_t> starts;
  std::string line = JoinWords(words, &starts);
  std::string_view program = Basename(words.front().text);
  SourcePos at = origin.PosOf(words.front());
  if (program == "ufw") {
    auto parsed = ufw::ParseCommand(line);
    if (!parsed.ok()) {
      origin.Error(at, fmt::format("ufw: {}", parsed.status().message()));
      return std::nullopt;
    }
  } else if (program == "iptables" || program == "iptables-nft" || program == "iptables-legacy") {
    auto parsed = netfilter::ParseIptablesCommand(line);
    if (!parsed.ok()) {
      std::string message = parsed.status().message();
      size_t word = 0, index = 0;
      if (SplitColumn(&message, line, starts, words, &word, &index)) {
        at = origin.PosOf(words[word], index);
      }
      origin.Error(at, fmt::format("iptables: {}", message));
      return std::nullopt;
    }
  } else {
    origin.Error(at, fmt::format("'{}' is not a host firewall tool; expected ufw or iptables",
                                 words.front().text));
    return std::nullopt;
  }
  Command command;
  command.text = LString(std::move(line), at);
  return command;
}

}  // namespace tunnelsim
