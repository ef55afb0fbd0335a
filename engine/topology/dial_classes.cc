#include "engine/topology/dial_classes.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "engine/reachability/cluster_model.h"

namespace tunnelsim {
namespace {

void Cut(Ipv4Range range, std::vector<uint32_t>* cuts) {
  cuts->push_back(range.first.value());
  if (range.last.value() != UINT32_MAX) cuts->push_back(range.last.value() + 1);
}

void Cut(const netfilter::AddressCondition& c, std::vector<uint32_t>* cuts) {
  if (c.present) Cut(c.prefix.Range(), cuts);
}

void CutNsg(const nsg::CompiledNsg& group, std::vector<uint32_t>* cuts) {
  for (nsg::Direction direction : {nsg::Direction::kInbound, nsg::Direction::kOutbound}) {
    for (const nsg::CompiledRule& rule : group.rules(direction)) {
      // The tag entries are part of these spans' pools as well; cutting them again is harmless.
      for (Ipv4Range r : group.sources(rule)) Cut(r, cuts);
      for (Ipv4Range r : group.destinations(rule)) Cut(r, cuts);
      for (Ipv4Range r : group.source_tags(rule)) Cut(r, cuts);
      for (Ipv4Range r : group.destination_tags(rule)) Cut(r, cuts);
    }
  }
  for (Ipv4Address a : group.platform_addresses()) Cut({a, a}, cuts);
}

void CutFirewall(const HostFirewall& firewall, std::vector<uint32_t>* cuts) {
  for (const netfilter::Table& table : firewall.ruleset().tables()) {
    for (const netfilter::Chain& chain : table.chains()) {
      for (const netfilter::Rule& rule : chain.rules) {
        Cut(rule.header.source, cuts);
        Cut(rule.header.destination, cuts);
        for (const netfilter::Match& match : rule.matches) {
          if (const auto* ct = std::get_if<netfilter::ConntrackMatch>(&match)) {
            Cut(ct->orig_src, cuts);
            Cut(ct->orig_dst, cuts);
          }
        }
      }
    }
  }
}

}  // namespace

size_t DialClasses::IntervalOf(Ipv4Address address) const {
  return static_cast<size_t>(std::upper_bound(cuts_.begin(), cuts_.end(), address.value()) -
                             cuts_.begin());
}

DialClasses DialClasses::Build(const ClusterModel& m) {
  DialClasses c;
  std::vector<uint32_t>& cuts = c.cuts_;
  // What -m addrtype can tell apart on any node (models/netfilter/packet.h NodeContext).
  Cut(Ipv4Prefix(Ipv4Address(0), 8).Range(), &cuts);
  Cut(Ipv4Prefix(Ipv4Address(127u << 24), 8).Range(), &cuts);
  Cut({Ipv4Address(UINT32_MAX), Ipv4Address(UINT32_MAX)}, &cuts);
  for (const PoolModel& pool : m.pools) {
    Ipv4Range subnet = pool.subnet_prefix.Range();
    Cut({subnet.first, subnet.first}, &cuts);
    Cut({subnet.last, subnet.last}, &cuts);
  }
  for (const nsg::CompiledNsg& group : m.nsgs) CutNsg(group, &cuts);
  std::set<const HostFirewall*> firewalls;
  for (size_t i = 0; i < m.nodes.size(); ++i) {
    if (firewalls.insert(&m.Firewall(i)).second) CutFirewall(m.Firewall(i), &cuts);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  std::map<std::tuple<size_t, const HostFirewall*, size_t>, uint32_t> ids;
  c.class_of_.reserve(m.nodes.size());
  for (size_t i = 0; i < m.nodes.size(); ++i) {
    auto key = std::make_tuple(m.nodes[i].pool, &m.Firewall(i), c.IntervalOf(m.nodes[i].address));
    auto [it, fresh] = ids.try_emplace(key, static_cast<uint32_t>(c.first_node_.size()));
    if (fresh) c.first_node_.push_back(i);
    c.class_of_.push_back(it->second);
  }
  return c;
}

}  // namespace tunnelsim
