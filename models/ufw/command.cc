#include "models/ufw/command.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

namespace tunnelsim::ufw {
namespace {

Status InvalidSyntax() { return Status::InvalidArgument("ERROR: Invalid syntax"); }

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Splits a line the way a POSIX shell would before ufw sees argv: blanks separate words,
// '...' is literal, "..." and a backslash escape.
Result<std::vector<std::string>> SplitWords(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
    } else if (c == '\'' || c == '"') {
      size_t close = line.find(c, i + 1);
      if (close == std::string_view::npos) {
        return Status::InvalidArgument(
            fmt::format("unterminated {} quote in ufw command line '{}'", c, line));
      }
      word += line.substr(i + 1, close - i - 1);
      i = close;
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

// ufw's command table (frontend.parse_command) in registration order: a bare command word is
// looked up in the first type that knows it, so `ufw --force allow 22` reaches `default`.
struct CommandType {
  std::string_view type;
  std::vector<std::string_view> commands;
};

const std::array<CommandType, 8>& CommandTypes() {
  static const std::array<CommandType, 8> kTypes = {{
      {"basic",
       {"enable", "disable", "help", "--help", "-h", "version", "--version", "reload", "reset"}},
      {"app", {"list", "info", "default", "update"}},
      {"logging", {"on", "off", "low", "medium", "high", "full"}},
      {"default", {"allow", "deny", "reject"}},
      {"status", {"status", "verbose", "numbered"}},
      {"show",
       {"raw", "before-rules", "user-rules", "after-rules", "logging-rules", "builtins",
        "listening", "added"}},
      {"rule", {"allow", "limit", "deny", "reject", "insert", "delete", "prepend"}},
      {"route", {"allow", "limit", "deny", "reject", "insert", "delete", "prepend"}},
  }};
  return kTypes;
}

const CommandType* FindType(std::string_view type) {
  for (const CommandType& t : CommandTypes()) {
    if (t.type == type) return &t;
  }
  return nullptr;
}

bool Knows(const CommandType& type, std::string_view command) {
  return std::find(type.commands.begin(), type.commands.end(), command) != type.commands.end();
}

Result<Command> ParseBasic(const std::vector<std::string>& args) {
  if (args.size() != 1) return InvalidSyntax();  // basic commands take no arguments
  std::string action = Lower(args[0]);
  Command command;
  if (action == "enable") {
    command.kind = Command::Kind::kEnable;
  } else if (action == "disable") {
    command.kind = Command::Kind::kDisable;
  } else if (action == "reload") {
    command.kind = Command::Kind::kReload;
  } else if (action == "reset") {
    command.kind = Command::Kind::kReset;
  } else {
    return Status::Unsupported(
        fmt::format("'ufw {}' only prints text about ufw itself and is not modelled", args[0]));
  }
  return command;
}

Result<Command> ParseLogging(const std::vector<std::string>& args) {
  if (args.size() < 2) return InvalidSyntax();
  static constexpr std::array<std::pair<std::string_view, LogLevel>, 5> kLevels = {
      {{"off", LogLevel::kOff},
       {"low", LogLevel::kLow},
       {"medium", LogLevel::kMedium},
       {"high", LogLevel::kHigh},
       {"full", LogLevel::kFull}}};
  Command command;
  command.kind = Command::Kind::kLogging;
  std::string level = Lower(args[1]);
  if (level == "on") return command;
  for (const auto& [name, value] : kLevels) {
    if (level == name) {
      command.log_level = value;
      return command;
    }
  }
  return InvalidSyntax();
}

Result<Command> ParseDefault(const std::vector<std::string>& args) {
  if (args.size() < 2) return InvalidSyntax();
  Command command;
  command.kind = Command::Kind::kDefault;
  if (args.size() > 2) {  // ufw ignores anything after the direction
    std::string direction = Lower(args[2]);
    if (direction == "incoming" || direction == "input") {
      command.direction = PolicyDirection::kIncoming;
    } else if (direction == "outgoing" || direction == "output") {
      command.direction = PolicyDirection::kOutgoing;
    } else if (direction == "routed" || direction == "forward") {
      command.direction = PolicyDirection::kRouted;
    } else {
      return InvalidSyntax();
    }
  }
  std::string policy = Lower(args[1]);
  if (policy == "allow") {
    command.policy = Policy::kAllow;
  } else if (policy == "deny") {
    command.policy = Policy::kDeny;
  } else if (policy == "reject") {
    command.policy = Policy::kReject;
  } else {
    return InvalidSyntax();
  }
  return command;
}

Result<Command> ParseStatus(const std::vector<std::string>& args) {
  Command command;
  command.kind = Command::Kind::kStatus;
  if (args.size() > 1) {  // `ufw verbose` alone is `ufw status`, as in ufw
    std::string mode = Lower(args[1]);
    if (mode == "verbose") {
      command.status_mode = StatusMode::kVerbose;
    } else if (mode == "numbered") {
      command.status_mode = StatusMode::kNumbered;
    } else {
      return InvalidSyntax();
    }
  }
  return command;
}

Result<Command> ParseShow(const std::vector<std::string>& args) {
  if (args.size() == 1) return InvalidSyntax();
  std::string report = Lower(args[1]);
  if (report == "added") {
    Command command;
    command.kind = Command::Kind::kShowAdded;
    return command;
  }
  if (Knows(*FindType("show"), report)) {
    return Status::Unsupported(fmt::format(
        "'ufw show {}' reads the running system and is not modelled; expected 'show added'",
        args[1]));
  }
  return InvalidSyntax();
}

}  // namespace

// The enumerators are in the order of these names.
std::string_view PolicyName(Policy policy) {
  static constexpr std::array<std::string_view, 3> kNames = {"allow", "deny", "reject"};
  return kNames[static_cast<size_t>(policy)];
}

std::string_view PolicyDirectionName(PolicyDirection direction) {
  static constexpr std::array<std::string_view, 3> kNames = {"incoming", "outgoing", "routed"};
  return kNames[static_cast<size_t>(direction)];
}

std::string_view LogLevelName(LogLevel level) {
  static constexpr std::array<std::string_view, 5> kNames = {"off", "low", "medium", "high",
                                                             "full"};
  return kNames[static_cast<size_t>(level)];
}

Result<Command> ParseCommand(std::string_view line) {
  auto split = SplitWords(line);
  if (!split.ok()) return split.status();
  std::vector<std::string> words = std::move(split).value();
  if (!words.empty() && words[0] == "sudo") words.erase(words.begin());
  if (!words.empty() && (words[0] == "ufw" || words[0].ends_with("/ufw"))) {
    words.erase(words.begin());
  }
  if (words.empty()) return Status::InvalidArgument("ERROR: not enough args");
  for (const std::string& word : words) {
    // ufw takes --dry-run first only, --rootdir=/--datadir= anywhere (main.py).
    if ((word == "--dry-run" && &word == &words[0]) || word.starts_with("--rootdir=") ||
        word.starts_with("--datadir=")) {
      return Status::Unsupported(fmt::format("ufw option '{}' is not modelled", word));
    }
  }

  // frontend.parse_command inserts "rule" before a rule verb given with arguments.
  std::vector<std::string> args = words;
  if (args.size() >= 2 && Knows(*FindType("rule"), Lower(args[0]))) {
    args.insert(args.begin(), "rule");
  }
  bool force = false;
  if (!args.empty() && (Lower(args[0]) == "--force" || Lower(args[0]) == "-f")) {
    force = true;
    args.erase(args.begin());
  }
  if (args.empty()) return InvalidSyntax();

  std::string first = Lower(args[0]);
  const CommandType* type = nullptr;
  const CommandType* named = FindType(first);
  if (args.size() > 1 && named != nullptr && Knows(*named, Lower(args[1]))) {
    type = named;
  } else {
    for (const CommandType& t : CommandTypes()) {
      if (t.type != "route" && Knows(t, first)) {
        type = &t;
        break;
      }
    }
    if (type == nullptr) return InvalidSyntax();
  }

  Result<Command> parsed = InvalidSyntax();
  if (type->type == "basic") {
    parsed = ParseBasic(args);
  } else if (type->type == "logging") {
    parsed = ParseLogging(args);
  } else if (type->type == "default") {
    parsed = ParseDefault(args);
  } else if (type->type == "status") {
    parsed = ParseStatus(args);
  } else if (type->type == "show") {
    parsed = ParseShow(args);
  } else if (type->type == "rule") {
    parsed = internal::ParseRuleArgs(args);
  } else if (type->type == "app" && first != "app") {
    return InvalidSyntax();  // e.g. `ufw default drop` reaches the app parser, which refuses it
  } else {
    return Status::Unsupported(fmt::format(
        "ufw '{}' commands are not modelled; expected enable, disable, reload, reset, default, "
        "logging, status, show added or a rule",
        type->type));
  }
  if (!parsed.ok()) return parsed;
  Command command = std::move(parsed).value();
  command.force = force;
  return command;
}

}  // namespace tunnelsim::ufw
