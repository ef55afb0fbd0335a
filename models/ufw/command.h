// ParseCommand: a ufw command line as a user types it ("sudo ufw allow 10250/tcp", "ufw
// --force enable", "default reject incoming") -> a Command, with ufw 0.36's grammar and its own
// error texts ("ERROR: Bad port", "ERROR: Invalid syntax"). The parse follows ufw's
// parser.py step by step, including its quirks (`ufw --force allow 22` is invalid syntax,
// `ufw allow in 22` is `ufw allow 22`). Supported: enable, disable, reload, reset, default,
// logging, status [verbose|numbered], show added, allow/deny/reject/limit in short and
// extended form, insert N, prepend, delete RULE, delete N. Errors are a Status whose message
// is one line: ufw's own words prefixed "ERROR: " for what ufw rejects, or kUnsupported with
// our words for what ufw accepts but this model leaves out (route rules, application
// profiles, IPv6 addresses, protocols other than tcp/udp, rule logging, comments, --dry-run).
// Complexity: linear in the length of the line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/core/result.h"
#include "models/ufw/rule.h"

namespace tunnelsim::ufw {

enum class Policy : uint8_t { kAllow, kDeny, kReject };
enum class PolicyDirection : uint8_t { kIncoming, kOutgoing, kRouted };
enum class LogLevel : uint8_t { kOff, kLow, kMedium, kHigh, kFull };
enum class StatusMode : uint8_t { kPlain, kVerbose, kNumbered };
// Which rule lists a rule command touches: both (an IPv4 rule plus its v6 twin) or, when an
// IPv4 address is given, IPv4 only.
enum class IpVersion : uint8_t { kBoth, kV4 };

std::string_view PolicyName(Policy policy);                       // "allow", "deny", "reject"
std::string_view PolicyDirectionName(PolicyDirection direction);  // "incoming", ...
std::string_view LogLevelName(LogLevel level);                    // "off", "low", ...

struct RuleCommand {
  UfwRule rule;  // v6 == false; the twin is derived when the command is applied
  IpVersion ip_version = IpVersion::kBoth;
  bool remove = false;              // `delete RULE`
  int64_t position = 0;             // 0 appends, -1 prepends, N > 0 is `insert N`
  bool address_normalized = false;  // host bits were cleared ("10.0.0.1/8" -> 10.0.0.0/8)
};

struct Command {
  enum class Kind : uint8_t {
    kEnable,
    kDisable,
    kReload,
    kReset,
    kDefault,
    kLogging,
    kRule,
    kDeleteNumber,
    kStatus,
    kShowAdded
  };
  Kind kind = Kind::kStatus;
  bool force = false;             // --force / -f: skips ufw's interactive prompts
  Policy policy = Policy::kDeny;  // kDefault
  PolicyDirection direction = PolicyDirection::kIncoming;  // kDefault
  std::optional<LogLevel> log_level;                       // kLogging; nullopt is `logging on`
  RuleCommand rule;                                        // kRule
  // kDeleteNumber: the number after `delete` as Python's int() reads it, in canonical decimal
  // ("007" -> "7", "-2" stays "-2"); ufw looks it up against `ufw status numbered`.
  std::string delete_number;
  StatusMode status_mode = StatusMode::kPlain;  // kStatus
};

Result<Command> ParseCommand(std::string_view line);

namespace internal {
// The rule grammar proper (parser.py UFWCommandRule.parse); `args` starts at the rule verb
// (allow, deny, reject, limit, insert, delete, prepend). Defined in rule_parser.cc.
Result<Command> ParseRuleArgs(std::vector<std::string> args);
}  // namespace internal

}  // namespace tunnelsim::ufw
