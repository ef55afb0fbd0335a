#include "engine/whatif/filter_deltas.h"

#include <functional>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "engine/network/nsg_build.h"
#include "models/netfilter/filter_diff.h"
#include "models/nsg/nsg_diff.h"

namespace tunnelsim {
namespace {

const nsg::CompiledNsg* Compiled(const ClusterModel& m, std::string_view name) {
  if (name.empty()) return nullptr;
  int index = m.NsgIndex(name);
  return index < 0 ? nullptr : &m.nsgs[static_cast<size_t>(index)];
}

std::string FlowText(const nsg::Flow& f) {
  return fmt::format("{} {}:{} -> {}:{}", ProtocolName(f.protocol), f.source.ToString(),
                     f.source_port, f.destination.ToString(), f.destination_port);
}

// Diffs one NSG slot in both directions; appends a FilterDelta per direction that changed.
void DiffSlot(const nsg::CompiledNsg* before, const nsg::CompiledNsg* after,
              const std::string& filter, const std::vector<int>& changes,
              const std::vector<nsg::AddressName>& names, std::vector<FilterDelta>* out,
              const std::function<void(nsg::Direction, const std::vector<nsg::Flow>&,
                                       FilterDelta*)>& attribute = {}) {
  for (nsg::Direction direction : {nsg::Direction::kInbound, nsg::Direction::kOutbound}) {
    nsg::NsgDiff diff = nsg::DiffNsg(before, after, direction);
    if (diff.deltas.empty() && diff.exhaustive) continue;
    FilterDelta& delta = out->emplace_back();
    delta.filter = fmt::format("{} {}", filter,
                               direction == nsg::Direction::kInbound ? "inbound" : "outbound");
    delta.changes = changes;
    delta.exhaustive = diff.exhaustive;
    std::vector<nsg::Flow> examples;
    for (const nsg::FlowDelta& d : diff.deltas) {
      delta.rows.push_back({nsg::FormatRegion(d, names), FlowText(d.example),
                            nsg::FormatVerdict(d.before), nsg::FormatVerdict(d.after),
                            !d.before.allowed && d.after.allowed,
                            changes.size() == 1 ? changes[0] : -1});
      examples.push_back(d.example);
    }
    if (attribute && changes.size() > 1) attribute(direction, examples, &delta);
  }
}

// The NSG a subnet or a pool's NICs have in a model, by name ("" for none).
std::string SubnetNsgName(const ClusterModel& m, const std::string& subnet) {
  for (const PoolModel& pool : m.pools) {
    if (pool.subnet_name == subnet && pool.subnet_nsg >= 0) {
      return m.nsg_specs[static_cast<size_t>(pool.subnet_nsg)].name;
    }
  }
  return "";
}

// Diffs the INPUT path of one node's host firewall (new connections arriving on eth0).
void DiffHost(const ClusterModel& before, size_t before_node, const ClusterModel& after,
              size_t after_node, const std::string& filter, const std::vector<int>& changes,
              std::vector<FilterDelta>* out) {
  const NodeModel& node = after.nodes[after_node];
  auto diff = netfilter::DiffHostInput(before.Firewall(before_node).ruleset(),
                                       after.Firewall(after_node).ruleset(), node.context);
  if (!diff.ok() || (diff->deltas.empty() && diff->exhaustive)) return;
  FilterDelta& delta = out->emplace_back();
  delta.filter = filter;
  delta.changes = changes;
  delta.exhaustive = diff->exhaustive;
  for (const netfilter::HostFlowDelta& d : diff->deltas) {
    const netfilter::Packet& p = d.example;
    delta.rows.push_back(
        {netfilter::FormatHostRegion(d),
         fmt::format("{} {}:{} -> {}:{}", ProtocolName(p.protocol), p.src.ToString(), p.sport,
                     p.dst.ToString(), p.dport),
         netfilter::FormatHostVerdict(d.before), netfilter::FormatHostVerdict(d.after),
         d.change == netfilter::HostChange::kOpened, changes.size() == 1 ? changes[0] : -1});
  }
}

// The NSG `name` as scenario `s` has it, compiled with `tags`; nullopt when absent.
std::optional<nsg::CompiledNsg> NsgAt(const Scenario& s, const std::string& name,
                                      const nsg::ServiceTagContext& tags) {
  for (const NetworkSecurityGroupSpec& spec : s.network.network_security_groups) {
    if (spec.name.value != name) continue;
    Diagnostics ignored;  // the prefix validated when it was applied
    auto group = BuildNsg(spec, s.file, &ignored);
    if (!group) return std::nullopt;
    return nsg::CompiledNsg::Compile(*group, tags);
  }
  return std::nullopt;
}

// For each row of an NSG's delta, the change among `delta.changes` after which the example
// flow's access last moved (no NSG allows everything).
void AttributeNsgRows(const std::string& name, nsg::Direction direction, const Scenario& before,
                      const std::vector<Scenario>& prefixes, const nsg::ServiceTagContext& tags,
                      const std::vector<nsg::Flow>& examples, FilterDelta* delta) {
  auto allowed_at = [&](const Scenario& s, const nsg::Flow& flow) {
    auto compiled = NsgAt(s, name, tags);
    return !compiled || compiled->Evaluate(direction, flow).allowed;
  };
  std::vector<bool> previous;
  for (const nsg::Flow& flow : examples) previous.push_back(allowed_at(before, flow));
  for (int k : delta->changes) {
    auto compiled = NsgAt(prefixes[size_t(k)], name, tags);
    for (size_t i = 0; i < examples.size(); ++i) {
      bool now = !compiled || compiled->Evaluate(direction, examples[i]).allowed;
      if (now != previous[i]) delta->rows[i].cause = k;
      previous[i] = now;
    }
  }
}

}  // namespace

std::vector<FilterDelta> FilterDeltas(const ClusterModel& before, const ClusterModel& after,
                                      const std::vector<AppliedChange>& changes,
                                      const std::vector<Scenario>& prefixes) {
  std::vector<FilterDelta> out;
  std::vector<nsg::AddressName> names = nsg::ServiceTagNames(after.tags);

  // NSGs whose rules changed, by name.
  std::set<std::string> touched;
  for (const AppliedChange& c : changes) touched.insert(c.nsgs.begin(), c.nsgs.end());
  auto changes_touching = [&changes](const std::string& name) {
    std::vector<int> which;
    for (size_t i = 0; i < changes.size(); ++i) {
      if (changes[i].nsgs.contains(name)) which.push_back(static_cast<int>(i));
    }
    return which;
  };
  for (const std::string& name : touched) {
    auto attribute = [&](nsg::Direction direction, const std::vector<nsg::Flow>& examples,
                         FilterDelta* delta) {
      AttributeNsgRows(name, direction, *before.scenario, prefixes, after.tags, examples, delta);
    };
    DiffSlot(Compiled(before, name), Compiled(after, name), fmt::format("NSG {}", name),
             changes_touching(name), names, &out, attribute);
  }

  // Associations: a subnet or a pool's NICs now filtered by another NSG (or none). Pools
  // are matched by name; a pool only on one side has nothing to compare.
  std::set<std::string> subnets_done;
  for (const PoolModel& a : after.pools) {
    for (const PoolModel& b : before.pools) {
      if (b.spec->name.value != a.spec->name.value) continue;
      if (subnets_done.insert(a.subnet_name).second) {
        std::string old_name = SubnetNsgName(before, a.subnet_name);
        std::string new_name = SubnetNsgName(after, a.subnet_name);
        if (old_name != new_name) {
          DiffSlot(Compiled(before, old_name), Compiled(after, new_name),
                   fmt::format("subnet {} (NSG {} -> {})", a.subnet_name,
                               old_name.empty() ? "none" : old_name,
                               new_name.empty() ? "none" : new_name),
                   changes_touching(new_name.empty() ? old_name : new_name), names, &out);
        }
      }
      std::string old_nic = b.nic_nsg >= 0 ? before.nsg_specs[size_t(b.nic_nsg)].name : "";
      std::string new_nic = a.nic_nsg >= 0 ? after.nsg_specs[size_t(a.nic_nsg)].name : "";
      if (old_nic != new_nic) {
        DiffSlot(
            Compiled(before, old_nic), Compiled(after, new_nic),
            fmt::format("NICs of node pool {} (NSG {} -> {})", a.spec->name.value,
                        old_nic.empty() ? "none" : old_nic, new_nic.empty() ? "none" : new_nic),
            changes_touching(new_nic.empty() ? old_nic : new_nic), names, &out);
      }
    }
  }
  // Host firewalls of pools a host command touched: the pool's shared firewall, and each node
  // that now has one of its own.
  std::set<std::string> pools;
  for (const AppliedChange& c : changes) pools.insert(c.host_pools.begin(), c.host_pools.end());
  for (const std::string& pool_name : pools) {
    std::vector<int> which;
    for (size_t i = 0; i < changes.size(); ++i) {
      if (changes[i].host_pools.contains(pool_name)) which.push_back(static_cast<int>(i));
    }
    const PoolModel* b = nullptr;
    const PoolModel* a = nullptr;
    for (const PoolModel& p : before.pools) b = p.spec->name.value == pool_name ? &p : b;
    for (const PoolModel& p : after.pools) a = p.spec->name.value == pool_name ? &p : a;
    if (!a || !b || a->node_count == 0 || b->node_count == 0) continue;
    // Nodes keep their names across the change when the pool was not scaled down.
    bool pool_done = false;
    for (size_t k = 0; k < a->node_count && k < b->node_count; ++k) {
      size_t an = a->first_node + k, bn = b->first_node + k;
      bool shared =
          &after.Firewall(an) == a->firewall.get() && &before.Firewall(bn) == b->firewall.get();
      if (shared && pool_done) continue;  // one diff stands for every node sharing the rules
      pool_done = pool_done || shared;
      std::string filter =
          shared ? fmt::format("host firewall of node pool {} (INPUT)", pool_name)
                 : fmt::format("host firewall of node {} (INPUT)", after.nodes[an].name);
      DiffHost(before, bn, after, an, filter, which, &out);
    }
  }
  return out;
}

}  // namespace tunnelsim
