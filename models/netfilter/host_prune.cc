#include "models/netfilter/host_prune.h"

#include <variant>

namespace tunnelsim::netfilter::internal {
namespace {

bool AddressHolds(const AddressCondition& c, uint32_t address) {
  return c.Matches(Ipv4Address(address));
}

// The protocol and source conditions; ports are PortsHold's.
bool RowHolds(const Rule& rule, uint8_t protocol, uint32_t source, uint16_t sport) {
  const RuleHeader& h = rule.header;
  if (h.protocol_present && ((protocol == h.protocol) == h.protocol_invert)) return false;
  if (!AddressHolds(h.source, source)) return false;
  const bool ported = protocol == 6 || protocol == 17;
  for (const Match& match : rule.matches) {
    if (const auto* m = std::get_if<TcpUdpMatch>(&match)) {
      if (m->protocol != protocol || !m->sport.Matches(ported ? sport : 0)) return false;
    } else if (std::holds_alternative<IcmpMatch>(match)) {
      if (protocol != 1) return false;
    } else if (const auto* ct = std::get_if<ConntrackMatch>(&match)) {
      if (!AddressHolds(ct->orig_src, source)) return false;
    }
  }
  return true;
}

bool PortsHold(const Rule& rule, uint16_t port, uint16_t sport, bool ports_stable) {
  for (const Match& match : rule.matches) {
    if (const auto* ct = std::get_if<ConntrackMatch>(&match)) {
      if (!ct->orig_dport.Matches(port)) return false;  // the original port never changes
    }
    if (!ports_stable) continue;
    if (const auto* m = std::get_if<TcpUdpMatch>(&match)) {
      if (!m->dport.Matches(port)) return false;
    } else if (const auto* mp = std::get_if<MultiportMatch>(&match)) {
      bool hit = false;
      for (int k = 0; k < mp->count && !hit; ++k) {
        const PortRange& r = mp->ranges[k];
        switch (mp->direction) {
          case MultiportMatch::Direction::kSource:
            hit = r.Contains(sport);
            break;
          case MultiportMatch::Direction::kDestination:
            hit = r.Contains(port);
            break;
          case MultiportMatch::Direction::kEither:
            hit = r.Contains(sport) || r.Contains(port);
            break;
        }
      }
      if (hit == mp->invert) return false;
    }
  }
  return true;
}

}  // namespace

bool NatRewritesPorts(const Ruleset& a, const Ruleset& b) {
  for (const Ruleset* ruleset : {&a, &b}) {
    const Table* nat = ruleset->table(TableId::kNat);
    if (nat == nullptr) continue;
    for (const Chain& chain : nat->chains()) {
      for (const Rule& rule : chain.rules) {
        TargetKind k = rule.target.kind;
        if ((k == TargetKind::kDnat || k == TargetKind::kRedirect) && rule.target.nat.has_ports) {
          return true;
        }
      }
    }
  }
  return false;
}

CellFilter::CellFilter(std::vector<const Rule*> rules, bool ports_stable, uint16_t source_port)
    : rules_(std::move(rules)), ports_stable_(ports_stable), source_port_(source_port) {}

void CellFilter::RulesForRow(IpProtocol protocol, uint32_t source, std::vector<int>* out) const {
  out->clear();
  const uint8_t number = static_cast<uint8_t>(protocol);
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (RowHolds(*rules_[i], number, source, source_port_)) out->push_back(static_cast<int>(i));
  }
}

bool CellFilter::AnyMatchesPort(const std::vector<int>& rules, IpProtocol protocol,
                                uint16_t port) const {
  const uint16_t sport = HasPorts(protocol) ? source_port_ : 0;  // as PacketState has it
  for (int i : rules) {
    if (PortsHold(*rules_[i], port, sport, ports_stable_)) return true;
  }
  return false;
}

}  // namespace tunnelsim::netfilter::internal
