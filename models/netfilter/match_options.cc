#include "models/netfilter/match_options.h"

namespace tunnelsim::netfilter {
namespace {

// Splits "A,B,C" and calls parse(item) for each; stops at the first error.
template <typename F>
Status ForEachListItem(std::string_view list, F parse) {
  while (true) {
    size_t comma = list.find(',');
    Status s = parse(list.substr(0, comma));
    if (!s.ok()) return s;
    if (comma == std::string_view::npos) return Status::Ok();
    list = list.substr(comma + 1);
  }
}

Status SetPort(PortCondition& condition, bool invert, ArgCursor& cursor,
               std::string_view long_name) {
  if (condition.present) {
    return ErrorAt(cursor.option().column,
                   fmt::format("Only one `{}' allowed; expected the option once", long_name));
  }
  auto arg = cursor.Next();
  if (!arg.ok()) return arg.status();
  auto range = ParsePortSpec(**arg);
  if (!range.ok()) return range.status();
  condition = PortCondition{true, invert, *range};
  return Status::Ok();
}

Result<uint8_t> ParseTcpFlags(const Token& token) {
  struct Flag {
    std::string_view name;
    uint8_t bits;
  };
  constexpr Flag kFlags[] = {{"FIN", kTcpFin}, {"SYN", kTcpSyn}, {"RST", kTcpRst}, {"PSH", kTcpPsh},
                             {"ACK", kTcpAck}, {"URG", kTcpUrg}, {"ALL", 0x3f},    {"NONE", 0}};
  uint8_t bits = 0;
  Status s = ForEachListItem(token.text, [&](std::string_view name) {
    for (const Flag& f : kFlags) {
      if (f.name == name) {
        bits |= f.bits;
        return Status::Ok();
      }
    }
    return ErrorAt(token.column, fmt::format("Unknown TCP flag `{}'; expected FIN, SYN, RST, "
                                             "PSH, ACK, URG, ALL or NONE",
                                             name));
  });
  if (!s.ok()) return s;
  return bits;
}

Result<OptionClaim> ParseTcpUdp(TcpUdpMatch& m, bool invert, ArgCursor& cursor) {
  const std::string& opt = cursor.option().text;
  bool tcp = m.protocol == 6;
  if (opt == "--sport" || opt == "--source-port") {
    Status s = SetPort(m.sport, invert, cursor, "--source-port");
    if (!s.ok()) return s;
  } else if (opt == "--dport" || opt == "--destination-port") {
    Status s = SetPort(m.dport, invert, cursor, "--destination-port");
    if (!s.ok()) return s;
  } else if (tcp && opt == "--syn") {
    m.flags_present = true;
    m.flags_invert = invert;
    m.flags_mask = kTcpFin | kTcpSyn | kTcpRst | kTcpAck;
    m.flags_comp = kTcpSyn;
  } else if (tcp && opt == "--tcp-flags") {
    auto mask_token = cursor.Next();
    if (!mask_token.ok()) return mask_token.status();
    auto comp_token = cursor.Next();
    if (!comp_token.ok()) return comp_token.status();
    auto mask = ParseTcpFlags(**mask_token);
    if (!mask.ok()) return mask.status();
    auto comp = ParseTcpFlags(**comp_token);
    if (!comp.ok()) return comp.status();
    m.flags_present = true;
    m.flags_invert = invert;
    m.flags_mask = *mask;
    m.flags_comp = *comp;
  } else if (tcp && opt == "--tcp-option") {
    return OptionClaim::kUnmodelled;
  } else {
    return OptionClaim::kNotMine;
  }
  return OptionClaim::kTaken;
}

Result<OptionClaim> ParseMultiport(MultiportMatch& m, bool invert, ArgCursor& cursor) {
  const std::string& opt = cursor.option().text;
  if (opt == "--dports" || opt == "--destination-ports") {
    m.direction = MultiportMatch::Direction::kDestination;
  } else if (opt == "--sports" || opt == "--source-ports") {
    m.direction = MultiportMatch::Direction::kSource;
  } else if (opt == "--ports") {
    m.direction = MultiportMatch::Direction::kEither;
  } else {
    return OptionClaim::kNotMine;
  }
  if (m.count > 0) {
    return ErrorAt(cursor.option().column,
                   "multiport can only have one option; expected one "
                   "of --dports, --sports or --ports");
  }
  auto arg = cursor.Next();
  if (!arg.ok()) return arg.status();
  m.invert = invert;
  int slots = 0;  // a range takes two of the 15 slots (reference/netfilter-ufw.md §2)
  Status s = ForEachListItem((*arg)->text, [&](std::string_view item) {
    auto range = ParsePortSpec(Token{std::string(item), (*arg)->column});
    if (!range.ok()) return range.status();
    slots += range->first == range->last ? 1 : 2;
    if (slots > MultiportMatch::kMaxPorts) {
      return ErrorAt((*arg)->column,
                     "too many ports specified; expected at most 15 (a range counts as two)");
    }
    m.ranges[m.count++] = *range;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return OptionClaim::kTaken;
}

Result<OptionClaim> ParseConntrack(ConntrackMatch& m, bool invert, ArgCursor& cursor) {
  const std::string& opt = cursor.option().text;
  if (opt == (m.via_state_module ? "--state" : "--ctstate")) {
    auto arg = cursor.Next();
    if (!arg.ok()) return arg.status();
    uint8_t states = 0;
    Status s = ForEachListItem((*arg)->text, [&](std::string_view name) {
      auto state = ParseCtState(name);
      // -m state knows only the five real states (libxt_state); SNAT/DNAT are conntrack's.
      if (!state || (m.via_state_module && (*state == kCtSnat || *state == kCtDnat))) {
        return ErrorAt(
            (*arg)->column,
            fmt::format("Bad {} \"{}\"; expected INVALID, NEW, ESTABLISHED, RELATED{}",
                        m.via_state_module ? "state" : "ctstate", name,
                        m.via_state_module ? " or UNTRACKED" : ", UNTRACKED, SNAT or DNAT"));
      }
      states |= *state;
      return Status::Ok();
    });
    if (!s.ok()) return s;
    m.states_present = true;
    m.states_invert = invert;
    m.states = states;
    return OptionClaim::kTaken;
  }
  if (m.via_state_module) return OptionClaim::kNotMine;
  if (opt == "--ctorigsrc" || opt == "--ctorigdst") {
    auto arg = cursor.Next();
    if (!arg.ok()) return arg.status();
    auto prefix = ParseAddressToken(**arg);
    if (!prefix.ok()) return prefix.status();
    (opt == "--ctorigsrc" ? m.orig_src : m.orig_dst) = AddressCondition{true, invert, *prefix};
    return OptionClaim::kTaken;
  }
  if (opt == "--ctorigsrcport" || opt == "--ctorigdstport") {
    Status s = SetPort(opt == "--ctorigsrcport" ? m.orig_sport : m.orig_dport, invert, cursor, opt);
    if (!s.ok()) return s;
    return OptionClaim::kTaken;
  }
  if (opt == "--ctproto" || opt == "--ctreplsrc" || opt == "--ctrepldst" ||
      opt == "--ctreplsrcport" || opt == "--ctrepldstport" || opt == "--ctstatus" ||
      opt == "--ctexpire" || opt == "--ctdir") {
    return OptionClaim::kUnmodelled;
  }
  return OptionClaim::kNotMine;
}

Result<OptionClaim> ParseAddrtype(AddrtypeMatch& m, bool invert, ArgCursor& cursor) {
  const std::string& opt = cursor.option().text;
  if (opt == "--src-type" || opt == "--dst-type") {
    auto arg = cursor.Next();
    if (!arg.ok()) return arg.status();
    uint16_t types = 0;
    Status s = ForEachListItem((*arg)->text, [&](std::string_view name) {
      auto type = ParseAddrType(name);
      if (!type) {
        return ErrorAt((*arg)->column,
                       fmt::format("addrtype: bad type \"{}\"; expected LOCAL, UNICAST, "
                                   "BROADCAST, MULTICAST or another route type",
                                   name));
      }
      types |= *type;
      return Status::Ok();
    });
    if (!s.ok()) return s;
    (opt == "--src-type" ? m.src_types : m.dst_types) = types;
    (opt == "--src-type" ? m.src_invert : m.dst_invert) = invert;
    return OptionClaim::kTaken;
  }
  if (opt == "--limit-iface-in" || opt == "--limit-iface-out") {
    (opt == "--limit-iface-in" ? m.limit_iface_in : m.limit_iface_out) = true;
    if (m.limit_iface_in && m.limit_iface_out) {
      return ErrorAt(cursor.option().column,
                     "addrtype: you can't specify both --limit-iface-in and --limit-iface-out");
    }
    return OptionClaim::kTaken;
  }
  return OptionClaim::kNotMine;
}

Result<OptionClaim> ParseMark(MarkMatch& m, bool invert, ArgCursor& cursor) {
  if (cursor.option().text != "--mark") return OptionClaim::kNotMine;
  auto arg = cursor.Next();
  if (!arg.ok()) return arg.status();
  if (!ParseValueMask((*arg)->text, 0xffffffffu, &m.value, &m.mask)) {
    return ErrorAt((*arg)->column,
                   "mark: bad integer value for option \"--mark\", or out of "
                   "range; expected VALUE[/MASK]");
  }
  m.invert = invert;
  return OptionClaim::kTaken;
}

Result<OptionClaim> ParseIcmp(IcmpMatch& m, bool invert, ArgCursor& cursor) {
  if (cursor.option().text != "--icmp-type") return OptionClaim::kNotMine;
  auto arg = cursor.Next();
  if (!arg.ok()) return arg.status();
  auto parsed = ParseIcmpType((*arg)->text);
  if (!parsed) {
    return ErrorAt((*arg)->column, fmt::format("Unknown ICMP type `{}'; expected a number, "
                                               "TYPE/CODE, any or a name like echo-request",
                                               (*arg)->text));
  }
  m = *parsed;
  m.invert = invert;
  return OptionClaim::kTaken;
}

}  // namespace

Match NewMatchForModule(std::string_view module) {
  if (module == "tcp") return TcpUdpMatch{6, {}, {}, false, false, 0, 0};
  if (module == "udp") return TcpUdpMatch{17, {}, {}, false, false, 0, 0};
  if (module == "multiport") return MultiportMatch{};
  if (module == "conntrack") return ConntrackMatch{};
  if (module == "state") {
    ConntrackMatch m;
    m.via_state_module = true;
    return m;
  }
  if (module == "comment") return CommentMatch{};
  if (module == "addrtype") return AddrtypeMatch{};
  if (module == "mark") return MarkMatch{};
  if (module == "icmp") return IcmpMatch{};
  return OpaqueMatch{std::string(module), {}};
}

Result<OptionClaim> ParseMatchOption(Match& match, bool invert, ArgCursor& cursor) {
  if (auto* m = std::get_if<TcpUdpMatch>(&match)) return ParseTcpUdp(*m, invert, cursor);
  if (auto* m = std::get_if<MultiportMatch>(&match)) return ParseMultiport(*m, invert, cursor);
  if (auto* m = std::get_if<ConntrackMatch>(&match)) return ParseConntrack(*m, invert, cursor);
  if (auto* m = std::get_if<AddrtypeMatch>(&match)) return ParseAddrtype(*m, invert, cursor);
  if (auto* m = std::get_if<MarkMatch>(&match)) return ParseMark(*m, invert, cursor);
  if (auto* m = std::get_if<IcmpMatch>(&match)) return ParseIcmp(*m, invert, cursor);
  if (auto* m = std::get_if<CommentMatch>(&match)) {
    if (cursor.option().text != "--comment") return OptionClaim::kNotMine;
    auto arg = cursor.Next();
    if (!arg.ok()) return arg.status();
    m->text = (*arg)->text;
    return OptionClaim::kTaken;
  }
  auto& opaque = std::get<OpaqueMatch>(match);
  if (invert) opaque.options.push_back("!");
  opaque.options.push_back(cursor.option().text);
  while (const Token* word = cursor.NextWord()) opaque.options.push_back(word->text);
  return OptionClaim::kTaken;
}

bool IsImplicitProtocolOption(std::string_view option) {
  return option == "--sport" || option == "--source-port" || option == "--dport" ||
         option == "--destination-port" || option == "--syn" || option == "--tcp-flags" ||
         option == "--tcp-option" || option == "--icmp-type";
}

}  // namespace tunnelsim::netfilter
