#include "models/netfilter/target_options.h"

#include <algorithm>

#include "models/core/port_range.h"

namespace tunnelsim::netfilter {
namespace {

std::string Hex(uint32_t v) { return fmt::format("0x{:x}", v); }

// "A[-B]:P[-Q]", "A[-B]", ":P[-Q]" (DNAT/SNAT) or, with ports_only, "P[-Q]".
Result<NatRange> ParseNatRange(const Token& token, bool ports_only) {
  std::string_view text = token.text;
  NatRange range;
  size_t colon = ports_only ? 0 : text.find(':');
  std::string_view addresses = ports_only ? std::string_view() : text.substr(0, colon);
  std::string_view ports = ports_only                        ? text
                           : colon == std::string_view::npos ? std::string_view()
                                                             : text.substr(colon + 1);
  if (!addresses.empty()) {
    size_t dash = addresses.find('-');
    auto min = Ipv4Address::Parse(addresses.substr(0, dash));
    auto max =
        dash == std::string_view::npos ? min : Ipv4Address::Parse(addresses.substr(dash + 1));
    if (!min.ok() || !max.ok() || *max < *min) {
      return ErrorAt(token.column, fmt::format("Bad IP address \"{}\"; expected A or A-B with "
                                               "IPv4 addresses A <= B",
                                               addresses));
    }
    range.has_address = true;
    range.min_address = *min;
    range.max_address = *max;
  }
  if (!ports.empty()) {
    auto parsed = PortRange::Parse(ports, '-');
    if (!parsed.ok() || parsed->first == 0) {
      return ErrorAt(token.column, fmt::format("Port range `{}' invalid; expected P or P-Q with "
                                               "ports 1-65535",
                                               ports));
    }
    range.has_ports = true;
    range.min_port = parsed->first;
    range.max_port = parsed->last;
  }
  if (!range.has_address && !range.has_ports) {
    return ErrorAt(token.column, fmt::format("Bad IP address \"{}\"; expected an address "
                                             "and/or :port",
                                             text));
  }
  return range;
}

Result<std::string> ParseLogLevel(const Token& token) {
  constexpr std::string_view kNames[] = {"emerg",   "alert",  "crit", "error",
                                         "warning", "notice", "info", "debug"};
  for (int i = 0; i < 8; ++i) {
    if (token.text == kNames[i] || token.text == std::to_string(i) ||
        (i == 3 && token.text == "err") || (i == 4 && token.text == "warn")) {
      return std::to_string(i);
    }
  }
  return ErrorAt(token.column, fmt::format("log-level `{}' unknown; expected 0-7 or a syslog "
                                           "level name",
                                           token.text));
}

// Mark operations shared by MARK and CONNMARK, reduced to value/mask ("x = (x & ~mask) ^ value").
Result<bool> ParseMarkOperation(Target& t, ArgCursor& cursor) {
  const std::string& opt = cursor.option().text;
  bool xmark = opt == "--set-xmark", set = opt == "--set-mark", and_op = opt == "--and-mark",
       or_op = opt == "--or-mark", xor_op = opt == "--xor-mark";
  if (!(xmark || set || and_op || or_op || xor_op)) return false;
  auto arg = cursor.Next();
  if (!arg.ok()) return arg.status();
  uint32_t value = 0;
  uint32_t mask = 0xffffffffu;
  bool ok = (xmark || set) ? ParseValueMask((*arg)->text, 0xffffffffu, &value, &mask)
                           : ParseUint32Base0((*arg)->text, &value);
  if (!ok) {
    return ErrorAt((*arg)->column, fmt::format("Bad mark value `{}' for {}; expected "
                                               "VALUE[/MASK] as numbers",
                                               (*arg)->text, opt));
  }
  // libxt_MARK: --set-mark V/M is stored as V/(V|M); --and-mark B as 0/~B; --or-mark B as
  // B/B; --xor-mark B as B/0 (confirmed against iptables-save 1.8.9).
  if (set) mask |= value;
  if (and_op) std::tie(value, mask) = std::pair<uint32_t, uint32_t>(0, ~value);
  if (or_op) mask = value;
  if (xor_op) mask = 0;
  if (t.kind == TargetKind::kMark && !t.options.empty()) {
    return ErrorAt(cursor.option().column,
                   "MARK target: only one of --set-xmark, --set-mark, "
                   "--and-mark, --or-mark, --xor-mark is allowed");
  }
  t.mark_value = value;
  t.mark_mask = mask;
  if (t.kind == TargetKind::kMark) {
    t.options.push_back(fmt::format("--set-xmark {}/{}", Hex(value), Hex(mask)));
  }
  return true;
}

Result<OptionClaim> ParseConnmarkOption(Target& t, ArgCursor& cursor) {
  const std::string& opt = cursor.option().text;
  auto mark_op = ParseMarkOperation(t, cursor);
  if (!mark_op.ok()) return mark_op.status();
  if (*mark_op) return OptionClaim::kTaken;
  if (opt == "--save-mark" || opt == "--restore-mark") {
    (opt == "--save-mark" ? t.connmark_save : t.connmark_restore) = true;
    return OptionClaim::kTaken;
  }
  if (opt == "--nfmask" || opt == "--ctmask" || opt == "--mask") {
    auto arg = cursor.Next();
    if (!arg.ok()) return arg.status();
    uint32_t value = 0;
    if (!ParseUint32Base0((*arg)->text, &value)) {
      return ErrorAt((*arg)->column, fmt::format("Bad mask `{}'; expected a number", (*arg)->text));
    }
    if (opt != "--ctmask") t.nfmask = value;
    if (opt != "--nfmask") t.ctmask = value;
    return OptionClaim::kTaken;
  }
  return OptionClaim::kNotMine;
}

Result<OptionClaim> ParseNatOption(Target& t, ArgCursor& cursor) {
  const std::string& opt = cursor.option().text;
  bool ports_only = t.kind == TargetKind::kRedirect || t.kind == TargetKind::kMasquerade;
  std::string_view range_option = t.kind == TargetKind::kDnat   ? "--to-destination"
                                  : t.kind == TargetKind::kSnat ? "--to-source"
                                                                : "--to-ports";
  if (opt == range_option) {
    auto arg = cursor.Next();
    if (!arg.ok()) return arg.status();
    auto range = ParseNatRange(**arg, ports_only);
    if (!range.ok()) return range.status();
    t.nat = *range;
    return OptionClaim::kTaken;
  }
  bool fully = t.kind == TargetKind::kSnat || t.kind == TargetKind::kMasquerade;
  bool persistent = t.kind == TargetKind::kDnat || t.kind == TargetKind::kSnat;
  if (opt == "--random" || (fully && opt == "--random-fully") ||
      (persistent && opt == "--persistent")) {
    if (std::find(t.options.begin(), t.options.end(), opt) == t.options.end()) {
      t.options.push_back(opt);
    }
    return OptionClaim::kTaken;
  }
  return OptionClaim::kNotMine;
}

Result<OptionClaim> ParseLogOption(Target& t, ArgCursor& cursor) {
  const std::string& opt = cursor.option().text;
  if (opt == "--log-prefix" || opt == "--log-level") {
    auto arg = cursor.Next();
    if (!arg.ok()) return arg.status();
    std::string value = SaveQuote((*arg)->text);
    if (opt == "--log-level") {
      auto level = ParseLogLevel(**arg);
      if (!level.ok()) return level.status();
      value = *level;
    }
    t.options.push_back(opt + " " + value);
    return OptionClaim::kTaken;
  }
  if (opt == "--log-tcp-sequence" || opt == "--log-tcp-options" || opt == "--log-ip-options" ||
      opt == "--log-uid" || opt == "--log-macdecode") {
    t.options.push_back(opt);
    return OptionClaim::kTaken;
  }
  return OptionClaim::kNotMine;
}

// Puts options in the order iptables-save prints them, so equal rules compare equal.
void SortOptions(std::vector<std::string>& options, std::initializer_list<std::string_view> order) {
  auto rank = [&](const std::string& option) {
    size_t i = 0;
    for (std::string_view name : order) {
      if (option.compare(0, name.size(), name) == 0) return i;
      ++i;
    }
    return i;
  };
  std::stable_sort(options.begin(), options.end(),
                   [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
}

bool ProtocolHasPorts(const RuleHeader& h) {
  return h.protocol_present && !h.protocol_invert &&
         (h.protocol == 6 || h.protocol == 17 || h.protocol == 132 || h.protocol == 33);
}

}  // namespace

Result<OptionClaim> ParseTargetOption(Target& target, bool invert, ArgCursor& cursor) {
  const std::string& opt = cursor.option().text;
  if (target.kind == TargetKind::kContinue || target.kind == TargetKind::kOpaqueVerdict) {
    std::string option = invert ? "! " + opt : opt;
    while (const Token* word = cursor.NextWord()) option += " " + QuoteWord(word->text);
    target.options.push_back(option);
    return OptionClaim::kTaken;
  }
  Result<OptionClaim> claim = OptionClaim::kNotMine;
  switch (target.kind) {
    case TargetKind::kReject:
      if (opt == "--reject-with") {
        auto arg = cursor.Next();
        if (!arg.ok()) return arg.status();
        auto type = ParseRejectType((*arg)->text);
        if (!type) {
          return ErrorAt((*arg)->column, fmt::format("unknown reject type \"{}\"; expected e.g. "
                                                     "icmp-port-unreachable or tcp-reset",
                                                     (*arg)->text));
        }
        target.reject = *type;
        claim = OptionClaim::kTaken;
      }
      break;
    case TargetKind::kLog:
      claim = ParseLogOption(target, cursor);
      break;
    case TargetKind::kMark: {
      auto taken = ParseMarkOperation(target, cursor);
      if (!taken.ok()) return taken.status();
      if (*taken) claim = OptionClaim::kTaken;
      break;
    }
    case TargetKind::kConnmark:
      claim = ParseConnmarkOption(target, cursor);
      break;
    case TargetKind::kDnat:
    case TargetKind::kSnat:
    case TargetKind::kRedirect:
    case TargetKind::kMasquerade:
      claim = ParseNatOption(target, cursor);
      break;
    default:
      break;
  }
  if (claim.ok() && *claim == OptionClaim::kTaken && invert) {
    return ErrorAt(cursor.option().column,
                   fmt::format("option \"{}\" cannot be inverted; expected it without '!'", opt));
  }
  return claim;
}

Status FinishTarget(Target& t, const RuleHeader& header, bool nat_table, int column) {
  switch (t.kind) {
    case TargetKind::kDrop:
      if (nat_table) {
        return ErrorAt(column,
                       "The \"nat\" table is not intended for filtering, the use of DROP "
                       "is therefore inhibited; expected DROP in the filter table");
      }
      break;
    case TargetKind::kReject:
      // The kernel's REJECT checkentry refuses tcp-reset unless the rule is -p tcp.
      if (t.reject == RejectType::kTcpReset &&
          !(header.protocol_present && !header.protocol_invert && header.protocol == 6)) {
        return ErrorAt(column,
                       "REJECT --reject-with tcp-reset is only valid with -p tcp; "
                       "expected -p tcp on this rule");
      }
      break;
    case TargetKind::kLog:
      SortOptions(t.options,
                  {"--log-prefix", "--log-level", "--log-tcp-sequence", "--log-tcp-options",
                   "--log-ip-options", "--log-uid", "--log-macdecode"});
      std::erase(t.options, std::string("--log-level 4"));  // the default is not printed
      break;
    case TargetKind::kConnmark:
      t.options.clear();
      if (t.connmark_save || t.connmark_restore) {
        t.options.push_back(fmt::format("{} --nfmask {} --ctmask {}",
                                        t.connmark_save ? "--save-mark" : "--restore-mark",
                                        Hex(t.nfmask), Hex(t.ctmask)));
      } else {
        t.options.push_back(fmt::format("--set-xmark {}/{}", Hex(t.mark_value), Hex(t.mark_mask)));
      }
      break;
    case TargetKind::kDnat:
    case TargetKind::kSnat:
    case TargetKind::kRedirect:
    case TargetKind::kMasquerade: {
      if (!nat_table) {
        return ErrorAt(column, fmt::format("{} target: only valid in nat table, not this one; "
                                           "expected -t nat",
                                           t.name));
      }
      bool needs_range = t.kind == TargetKind::kDnat || t.kind == TargetKind::kSnat;
      if (needs_range && !t.nat.has_address && !t.nat.has_ports) {
        return ErrorAt(
            column, fmt::format("{}: option \"{}\" must be specified", t.name,
                                t.kind == TargetKind::kDnat ? "--to-destination" : "--to-source"));
      }
      if (t.nat.has_ports && !ProtocolHasPorts(header)) {
        return ErrorAt(column,
                       "Need TCP, UDP, SCTP or DCCP with port specification; expected "
                       "-p tcp or -p udp on this rule");
      }
      SortOptions(t.options, {"--random", "--random-fully", "--persistent"});
      break;
    }
    default:
      break;
  }
  return Status::Ok();
}

}  // namespace tunnelsim::netfilter
