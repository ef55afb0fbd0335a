#include "models/netfilter/rule_match.h"

namespace tunnelsim::netfilter {
namespace {

bool AddressMatches(const AddressCondition& c, uint32_t address) {
  return c.Matches(Ipv4Address(address));
}

bool MatchOne(const Match& match, const PacketState& p) {
  if (const auto* m = std::get_if<TcpUdpMatch>(&match)) {
    if (p.protocol != m->protocol) return false;
    bool flags =
        !m->flags_present || (((p.tcp_flags & m->flags_mask) == m->flags_comp) != m->flags_invert);
    return m->sport.Matches(p.sport) && m->dport.Matches(p.dport) && flags;
  }
  if (const auto* m = std::get_if<ConntrackMatch>(&match)) {
    bool states = !m->states_present || (((m->states & p.ct) != 0) != m->states_invert);
    return states && AddressMatches(m->orig_src, p.orig_src) &&
           AddressMatches(m->orig_dst, p.orig_dst) && m->orig_sport.Matches(p.orig_sport) &&
           m->orig_dport.Matches(p.orig_dport);
  }
  if (const auto* m = std::get_if<MultiportMatch>(&match)) {
    bool hit = false;
    for (int i = 0; i < m->count && !hit; ++i) {
      const PortRange& r = m->ranges[i];
      switch (m->direction) {
        case MultiportMatch::Direction::kSource:
          hit = r.Contains(p.sport);
          break;
        case MultiportMatch::Direction::kDestination:
          hit = r.Contains(p.dport);
          break;
        case MultiportMatch::Direction::kEither:
          hit = r.Contains(p.sport) || r.Contains(p.dport);
          break;
      }
    }
    return hit != m->invert;
  }
  if (const auto* m = std::get_if<AddrtypeMatch>(&match)) {
    AddrType src = m->limit_iface_in    ? p.src_type_in
                   : m->limit_iface_out ? p.src_type_out
                                        : p.src_type;
    AddrType dst = m->limit_iface_in    ? p.dst_type_in
                   : m->limit_iface_out ? p.dst_type_out
                                        : p.dst_type;
    if (m->src_types != 0 && ((m->src_types & src) != 0) == m->src_invert) return false;
    if (m->dst_types != 0 && ((m->dst_types & dst) != 0) == m->dst_invert) return false;
    return true;
  }
  if (const auto* m = std::get_if<MarkMatch>(&match)) {
    return ((p.mark & m->mask) == m->value) != m->invert;
  }
  if (const auto* m = std::get_if<IcmpMatch>(&match)) {
    if (p.protocol != 1) return false;
    bool hit = m->any ||
               (p.icmp_type == m->type && p.icmp_code >= m->code_min && p.icmp_code <= m->code_max);
    return hit != m->invert;
  }
  return true;  // comment; opaque matches are handled by the caller
}

}  // namespace

PacketState PacketState::From(const Packet& packet, const NodeContext& node) {
  PacketState s;
  s.src = packet.src.value();
  s.dst = packet.dst.value();
  s.protocol = static_cast<uint8_t>(packet.protocol);
  bool ports = HasPorts(packet.protocol);
  s.sport = ports ? packet.sport : 0;
  s.dport = ports ? packet.dport : 0;
  s.in = MakeInterfaceName(packet.in_interface);
  s.out = MakeInterfaceName(packet.out_interface);
  s.in_name = packet.in_interface;
  s.out_name = packet.out_interface;
  s.ct = packet.ct_state;
  s.mark = packet.mark;
  s.ct_mark = packet.ct_mark;
  s.tcp_flags = packet.tcp_flags;
  s.icmp_type = packet.icmp_type;
  s.icmp_code = packet.icmp_code;
  s.ComputeAddressTypes(node);
  s.orig_src = s.src;
  s.orig_dst = s.dst;
  s.orig_sport = s.sport;
  s.orig_dport = s.dport;
  return s;
}

void PacketState::ComputeAddressTypes(const NodeContext& node) {
  Ipv4Address s(src);
  Ipv4Address d(dst);
  src_type = node.TypeOf(s);
  dst_type = node.TypeOf(d);
  src_type_in = node.TypeOn(s, in_name);
  dst_type_in = node.TypeOn(d, in_name);
  src_type_out = node.TypeOn(s, out_name);
  dst_type_out = node.TypeOn(d, out_name);
}

RuleMatch MatchRule(const Rule& rule, const PacketState& p) {
  const RuleHeader& h = rule.header;
  if (!AddressMatches(h.destination, p.dst) || !AddressMatches(h.source, p.src)) {
    return RuleMatch::kNo;
  }
  if (h.protocol_present && ((p.protocol == h.protocol) == h.protocol_invert)) {
    return RuleMatch::kNo;
  }
  if (!h.in_interface.Matches(p.in) || !h.out_interface.Matches(p.out)) return RuleMatch::kNo;
  // -f matches only non-first fragments; a probe's packets are never such fragments.
  if (h.fragment_present && !h.fragment_invert) return RuleMatch::kNo;
  for (const Match& m : rule.matches) {
    if (!MatchOne(m, p)) return RuleMatch::kNo;
  }
  return rule.has_opaque_match ? RuleMatch::kUnknown : RuleMatch::kYes;
}

}  // namespace tunnelsim::netfilter
