#include "models/netfilter/rule_spec_parser.h"

#include <algorithm>

#include "models/netfilter/match_options.h"
#include "models/netfilter/option_cursor.h"
#include "models/netfilter/target_options.h"

namespace tunnelsim::netfilter {
namespace {

bool IsOpaque(const Match& m) { return std::holds_alternative<OpaqueMatch>(m); }

// Modules that -p loads implicitly for port/type options: the modelled ones and, as opaque
// matches, the other port protocols.
std::string_view ImplicitModule(uint8_t protocol) {
  switch (protocol) {
    case 6:
      return "tcp";
    case 17:
      return "udp";
    case 1:
      return "icmp";
    case 132:
      return "sctp";
    case 33:
      return "dccp";
    case 136:
      return "udplite";
    default:
      return {};
  }
}

}  // namespace

Result<bool> RuleSpecParser::Consume(std::span<const Token> tokens, size_t* index) {
  size_t i = *index;
  bool invert = false;
  if (tokens[i].text == "!") {
    if (i + 1 >= tokens.size()) {
      return ErrorAt(tokens[i].column, "nothing appropriate following !; expected an option");
    }
    if (tokens[i + 1].text == "!") {
      return ErrorAt(tokens[i + 1].column, "multiple consecutive ! not allowed");
    }
    invert = true;
    invert_column_ = tokens[i].column;
    ++i;
  }
  const Token& option = tokens[i];
  if (option.text.size() < 2 || option.text[0] != '-') {
    if (invert) {
      return ErrorAt(invert_column_, "nothing appropriate following !; expected an option");
    }
    return false;
  }
  auto header = ConsumeHeaderOption(option, invert, tokens, &i);
  if (!header.ok()) return header.status();
  if (!*header) {
    if (option.text.rfind("--", 0) != 0) {
      if (invert) {
        return ErrorAt(invert_column_,
                       fmt::format("unexpected ! flag before {}; expected a rule option after !",
                                   option.text));
      }
      return false;
    }
    Status s = ConsumeModuleOption(invert, tokens, &i);
    if (!s.ok()) return s;
  }
  touched_ = true;
  *index = i;
  return true;
}

void RuleSpecParser::LoadMatch(std::string_view module, bool implicit, int column) {
  auto& matches = spec_.rule.matches;
  if (module == "tcp" || module == "udp" || module == "icmp") {
    // iptables keeps one tcp/udp/icmp match per rule: "-p tcp --dport 1 -m tcp --sport 2"
    // prints as a single "-m tcp --sport 2 --dport 1" (observed with iptables 1.8.9).
    for (const Match& m : matches) {
      if (MatchModuleName(m) == module) return;
    }
  }
  matches.push_back(NewMatchForModule(module));
  loaded_.push_back(LoadedMatch{{}, implicit, next_order_++, column});
}

Status RuleSpecParser::ConsumeModuleOption(bool invert, std::span<const Token> tokens,
                                           size_t* index) {
  const Token option = tokens[*index];
  const size_t start = *index;
  ArgCursor cursor(tokens, index);
  Target& target = spec_.rule.target;
  bool opaque_target =
      target.kind == TargetKind::kContinue || target.kind == TargetKind::kOpaqueVerdict;
  if (target_given_ && !opaque_target) {
    auto claim = ParseTargetOption(target, invert, cursor);
    if (!claim.ok()) return claim.status();
    if (*claim == OptionClaim::kTaken) return Status::Ok();
  }
  auto& matches = spec_.rule.matches;
  // Known modules, most recently loaded first: that is where iptables sends a shared option
  // ("-m mark --mark 1 -m connmark --mark 2" gives the second --mark to connmark).
  for (size_t k = matches.size(); k-- > 0;) {
    if (IsOpaque(matches[k])) continue;
    auto claim = ParseMatchOption(matches[k], invert, cursor);
    if (!claim.ok()) return claim.status();
    if (*claim == OptionClaim::kNotMine) continue;
    if (*claim == OptionClaim::kUnmodelled) {
      // A real option the model does not evaluate: keep the whole match as opaque.
      matches[k] = OpaqueMatch{std::string(MatchModuleName(matches[k])), loaded_[k].raw};
      return ParseMatchOption(matches[k], invert, cursor).status();
    }
    if (invert) loaded_[k].raw.push_back("!");
    for (size_t t = start; t <= *index; ++t) loaded_[k].raw.push_back(tokens[t].text);
    return Status::Ok();
  }
  const RuleHeader& h = spec_.rule.header;
  if (IsImplicitProtocolOption(option.text)) {
    std::string_view module =
        h.protocol_present && !h.protocol_invert ? ImplicitModule(h.protocol) : std::string_view();
    if (!module.empty()) {
      LoadMatch(module, /*implicit=*/true, option.column);
      size_t k = 0;
      for (size_t j = 0; j < matches.size(); ++j) {
        if (MatchModuleName(matches[j]) == module) k = j;
      }
      auto claim = ParseMatchOption(matches[k], invert, cursor);
      if (!claim.ok()) return claim.status();
      if (*claim == OptionClaim::kTaken) return Status::Ok();
    }
  } else {
    // An opaque module or target takes options nobody else knows; the latest loaded wins.
    int best_order = opaque_target ? target_order_ : 0;
    int best_match = -1;
    for (size_t k = 0; k < matches.size(); ++k) {
      if (IsOpaque(matches[k]) && loaded_[k].order > best_order) {
        best_order = loaded_[k].order;
        best_match = static_cast<int>(k);
      }
    }
    if (best_match >= 0) return ParseMatchOption(matches[best_match], invert, cursor).status();
    if (best_order > 0) return ParseTargetOption(target, invert, cursor).status();
  }
  return ErrorAt(option.column, fmt::format("unknown option \"{}\"; expected an option of the "
                                            "loaded modules (-p, -m) or of the target (-j)",
                                            option.text));
}

Status RuleSpecParser::CheckMatchProtocols() const {
  const RuleHeader& h = spec_.rule.header;
  bool plain = h.protocol_present && !h.protocol_invert;
  const auto& matches = spec_.rule.matches;
  for (size_t k = 0; k < matches.size(); ++k) {
    int column = loaded_[k].column;
    if (const auto* m = std::get_if<TcpUdpMatch>(&matches[k])) {
      if (!plain || h.protocol != m->protocol) {
        return ErrorAt(column, m->protocol == 6 ? "TCP match requires '-p tcp'"
                                                : "UDP match requires '-p udp'");
      }
    } else if (std::holds_alternative<IcmpMatch>(matches[k])) {
      if (!plain || h.protocol != 1) return ErrorAt(column, "ICMP match requires '-p icmp'");
    } else if (std::holds_alternative<MultiportMatch>(matches[k])) {
      const auto& mp = std::get<MultiportMatch>(matches[k]);
      bool ok = plain && (h.protocol == 6 || h.protocol == 17 || h.protocol == 136 ||
                          h.protocol == 132 || h.protocol == 33);
      if (!ok) {
        return ErrorAt(column,
                       "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' "
                       "or `-p dccp'");
      }
      if (mp.count == 0) {
        return ErrorAt(column,
                       "multiport needs an option; expected --dports, --sports or "
                       "--ports");
      }
    }
  }
  return Status::Ok();
}

Result<RuleSpec> RuleSpecParser::Finish(bool nat_table) {
  Status s = CheckMatchProtocols();
  if (!s.ok()) return s;
  s = FinishTarget(spec_.rule.target, spec_.rule.header, nat_table, spec_.target_column);
  if (!s.ok()) return s;
  Rule& rule = spec_.rule;
  rule.text.clear();
  if (!spec_.sources.empty()) rule.header.source = spec_.sources.front();
  if (!spec_.destinations.empty()) rule.header.destination = spec_.destinations.front();
  rule.has_opaque_match = std::any_of(rule.matches.begin(), rule.matches.end(),
                                      [](const Match& m) { return IsOpaque(m); });
  return spec_;
}

}  // namespace tunnelsim::netfilter
