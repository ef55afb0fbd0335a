#include "models/netfilter/rule_format.h"

#include <fmt/format.h>

namespace tunnelsim::netfilter {
namespace {

class SpecWriter {
 public:
  // Appends "[! ]option[ value]".
  void Option(bool invert, std::string_view option, std::string_view value = {}) {
    if (invert) out_ += " !";
    out_ += ' ';
    out_ += option;
    if (!value.empty()) {
      out_ += ' ';
      out_ += value;
    }
  }
  void Raw(std::string_view text) {
    out_ += ' ';
    out_ += text;
  }
  std::string Take() { return out_.empty() ? out_ : out_.substr(1); }

 private:
  std::string out_;
};

std::string Ports(const PortRange& r) { return r.ToString(':'); }

std::string Hex(uint32_t v) { return fmt::format("0x{:x}", v); }

// Addresses in match options print without "/32" (libxt_conntrack), headers always with it.
std::string ShortAddress(const Ipv4Prefix& p) {
  return p.length() == 32 ? p.network().ToString() : p.ToString();
}

std::string TcpFlagNames(uint8_t bits) {
  constexpr std::pair<uint8_t, std::string_view> kNames[] = {{kTcpFin, "FIN"}, {kTcpSyn, "SYN"},
                                                             {kTcpRst, "RST"}, {kTcpPsh, "PSH"},
                                                             {kTcpAck, "ACK"}, {kTcpUrg, "URG"}};
  if (bits == 0) return "NONE";
  if (bits == 0x3f) return "ALL";
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if ((bits & bit) == 0) continue;
    if (!out.empty()) out += ',';
    out += name;
  }
  return out;
}

void WriteMatch(SpecWriter& w, const Match& match) {
  w.Option(false, "-m", MatchModuleName(match));
  if (const auto* m = std::get_if<TcpUdpMatch>(&match)) {
    if (m->sport.present) w.Option(m->sport.invert, "--sport", Ports(m->sport.range));
    if (m->dport.present) w.Option(m->dport.invert, "--dport", Ports(m->dport.range));
    if (m->flags_present) {
      w.Option(m->flags_invert, "--tcp-flags",
               TcpFlagNames(m->flags_mask) + " " + TcpFlagNames(m->flags_comp));
    }
  } else if (const auto* mp = std::get_if<MultiportMatch>(&match)) {
    std::string list;
    for (int i = 0; i < mp->count; ++i) list += (i ? "," : "") + Ports(mp->ranges[i]);
    std::string_view name = mp->direction == MultiportMatch::Direction::kSource        ? "--sports"
                            : mp->direction == MultiportMatch::Direction::kDestination ? "--dports"
                                                                                       : "--ports";
    w.Option(mp->invert, name, list);
  } else if (const auto* ct = std::get_if<ConntrackMatch>(&match)) {
    if (ct->states_present) {
      w.Option(ct->states_invert, ct->via_state_module ? "--state" : "--ctstate",
               CtStatesToString(ct->states));
    }
    if (ct->orig_src.present) {
      w.Option(ct->orig_src.invert, "--ctorigsrc", ShortAddress(ct->orig_src.prefix));
    }
    if (ct->orig_dst.present) {
      w.Option(ct->orig_dst.invert, "--ctorigdst", ShortAddress(ct->orig_dst.prefix));
    }
    if (ct->orig_sport.present) {
      w.Option(ct->orig_sport.invert, "--ctorigsrcport", Ports(ct->orig_sport.range));
    }
    if (ct->orig_dport.present) {
      w.Option(ct->orig_dport.invert, "--ctorigdstport", Ports(ct->orig_dport.range));
    }
  } else if (const auto* c = std::get_if<CommentMatch>(&match)) {
    w.Option(false, "--comment", SaveQuote(c->text));
  } else if (const auto* a = std::get_if<AddrtypeMatch>(&match)) {
    if (a->src_types) w.Option(a->src_invert, "--src-type", AddrTypesToString(a->src_types));
    if (a->dst_types) w.Option(a->dst_invert, "--dst-type", AddrTypesToString(a->dst_types));
    if (a->limit_iface_in) w.Option(false, "--limit-iface-in");
    if (a->limit_iface_out) w.Option(false, "--limit-iface-out");
  } else if (const auto* mk = std::get_if<MarkMatch>(&match)) {
    std::string value = Hex(mk->value);
    if (mk->mask != 0xffffffffu) value += "/" + Hex(mk->mask);
    w.Option(mk->invert, "--mark", value);
  } else if (const auto* ic = std::get_if<IcmpMatch>(&match)) {
    std::string type = ic->any ? "any" : fmt::format("{}", ic->type);
    if (!ic->any && !(ic->code_min == 0 && ic->code_max == 0xff)) {
      type += fmt::format("/{}", ic->code_min);
    }
    w.Option(ic->invert, "--icmp-type", type);
  } else if (const auto* op = std::get_if<OpaqueMatch>(&match)) {
    for (const std::string& word : op->options) w.Raw(word == "!" ? word : QuoteWord(word));
  }
}

void WriteTarget(SpecWriter& w, const Target& t) {
  if (t.kind == TargetKind::kNone) return;
  w.Option(false, t.kind == TargetKind::kGoto ? "-g" : "-j", t.name);
  switch (t.kind) {
    case TargetKind::kReject:
      w.Option(false, "--reject-with", RejectTypeName(t.reject));
      break;
    case TargetKind::kDnat:
    case TargetKind::kSnat: {
      std::string range = t.nat.ToString();
      if (!t.nat.has_address) range = ":" + range;
      w.Option(false, t.kind == TargetKind::kDnat ? "--to-destination" : "--to-source", range);
      break;
    }
    case TargetKind::kRedirect:
    case TargetKind::kMasquerade:
      if (t.nat.has_ports) w.Option(false, "--to-ports", t.nat.ToString());
      break;
    default:
      break;
  }
  for (const std::string& option : t.options) w.Raw(option);
}

}  // namespace

std::string FormatRuleSpec(const Rule& rule) {
  SpecWriter w;
  const RuleHeader& h = rule.header;
  if (h.source.present) w.Option(h.source.invert, "-s", h.source.prefix.ToString());
  if (h.destination.present) {
    w.Option(h.destination.invert, "-d", h.destination.prefix.ToString());
  }
  if (h.in_interface.present) w.Option(h.in_interface.invert, "-i", h.in_interface.text);
  if (h.out_interface.present) w.Option(h.out_interface.invert, "-o", h.out_interface.text);
  if (h.protocol_present) w.Option(h.protocol_invert, "-p", ProtocolNumberName(h.protocol));
  if (h.fragment_present) w.Option(h.fragment_invert, "-f");
  for (const Match& m : rule.matches) WriteMatch(w, m);
  WriteTarget(w, rule.target);
  return w.Take();
}

std::string FormatRule(std::string_view chain, const Rule& rule) {
  std::string spec = FormatRuleSpec(rule);
  return spec.empty() ? fmt::format("-A {}", chain) : fmt::format("-A {} {}", chain, spec);
}

}  // namespace tunnelsim::netfilter
