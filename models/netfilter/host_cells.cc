#include "models/netfilter/host_cells.h"

#include <algorithm>
#include <map>
#include <string>
#include <variant>

#include "models/netfilter/rule_format.h"

namespace tunnelsim::netfilter::internal {
namespace {

constexpr TableId kEvaluatedTables[] = {TableId::kFilter, TableId::kNat};

ValueRange RangeOf(const Ipv4Prefix& prefix) {
  Ipv4Range r = prefix.Range();
  return {r.first.value(), r.last.value()};
}

ValueRange RangeOf(const PortRange& ports) { return {ports.first, ports.last}; }

void AddRule(const Rule& rule, Cuts* cuts) {
  if (rule.header.source.present) cuts->sources.push_back(RangeOf(rule.header.source.prefix));
  for (const Match& match : rule.matches) {
    if (const auto* m = std::get_if<TcpUdpMatch>(&match)) {
      if (m->dport.present) cuts->ports.push_back(RangeOf(m->dport.range));
    } else if (const auto* mp = std::get_if<MultiportMatch>(&match)) {
      // The source port is fixed, so only destination (and "either") lists cut the port axis.
      if (mp->direction == MultiportMatch::Direction::kSource) continue;
      for (int i = 0; i < mp->count; ++i) cuts->ports.push_back(RangeOf(mp->ranges[i]));
    } else if (const auto* ct = std::get_if<ConntrackMatch>(&match)) {
      if (ct->orig_src.present) cuts->sources.push_back(RangeOf(ct->orig_src.prefix));
      if (ct->orig_dport.present) cuts->ports.push_back(RangeOf(ct->orig_dport.range));
    } else if (const auto* at = std::get_if<AddrtypeMatch>(&match)) {
      if (at->src_types != 0) cuts->source_type_used = true;
    }
  }
}

Policy PolicyOf(const Ruleset& ruleset, TableId id, std::string_view chain) {
  const Table* table = ruleset.table(id);
  int index = table == nullptr ? -1 : table->FindChain(chain);
  return index < 0 ? Policy::kAccept : table->chain(index).policy;  // absent: accepts
}

const Chain* FindChain(const Ruleset& ruleset, TableId id, std::string_view name) {
  const Table* table = ruleset.table(id);
  int index = table == nullptr ? -1 : table->FindChain(name);
  return index < 0 ? nullptr : &table->chain(index);
}

// Indices (into `values`) of one longest strictly increasing subsequence; patience sorting.
std::vector<size_t> LongestIncreasing(const std::vector<size_t>& values) {
  std::vector<size_t> tails;  // tails[k]: index of the smallest tail of a run of length k+1
  std::vector<size_t> previous(values.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    auto it = std::lower_bound(tails.begin(), tails.end(), values[i],
                               [&](size_t t, size_t v) { return values[t] < v; });
    if (it != tails.begin()) previous[i] = *std::prev(it);
    if (it == tails.end()) {
      tails.push_back(i);
    } else {
      *it = i;
    }
  }
  std::vector<size_t> run;  // from its end; callers only mark its members
  for (size_t i = tails.empty() ? values.size() : tails.back(); i < values.size();
       i = previous[i]) {
    run.push_back(i);
  }
  return run;
}

// Adds to `changed` the rules of `mine` and of `theirs` (its namesake on the other side, or
// nullptr) that are not common to both.
void DiffChain(const Chain& mine, const Chain* theirs, std::vector<const Rule*>* changed) {
  std::vector<bool> common(mine.rules.size(), false), their_common;
  if (theirs != nullptr) {
    their_common.assign(theirs->rules.size(), false);
    // Text -> positions in `theirs`, consumed in order so that copies pair up in order.
    std::map<std::string, std::vector<size_t>> positions;
    for (size_t j = theirs->rules.size(); j-- > 0;) {
      positions[FormatRuleSpec(theirs->rules[j])].push_back(j);
    }
    std::vector<size_t> mine_index, their_index;
    for (size_t i = 0; i < mine.rules.size(); ++i) {
      auto it = positions.find(FormatRuleSpec(mine.rules[i]));
      if (it == positions.end() || it->second.empty()) continue;
      mine_index.push_back(i);
      their_index.push_back(it->second.back());
      it->second.pop_back();
    }
    for (size_t k : LongestIncreasing(their_index)) {
      common[mine_index[k]] = true;
      their_common[their_index[k]] = true;
    }
  }
  for (size_t i = 0; i < mine.rules.size(); ++i) {
    if (!common[i]) changed->push_back(&mine.rules[i]);
  }
  for (size_t j = 0; j < their_common.size(); ++j) {
    if (!their_common[j]) changed->push_back(&theirs->rules[j]);
  }
}

}  // namespace

void CollectCuts(const Ruleset& ruleset, Cuts* cuts) {
  for (TableId id : kEvaluatedTables) {
    const Table* table = ruleset.table(id);
    if (table == nullptr) continue;
    for (const Chain& chain : table->chains()) {
      for (const Rule& rule : chain.rules) AddRule(rule, cuts);
    }
  }
}

void CollectCuts(const std::vector<const Rule*>& rules, Cuts* cuts) {
  for (const Rule* rule : rules) AddRule(*rule, cuts);
}

RuleChanges FindRuleChanges(const Ruleset& before, const Ruleset& after) {
  RuleChanges changes;
  for (TableId id : kEvaluatedTables) {
    // Chains of `before` against their namesakes in `after`, then chains only `after` has.
    if (const Table* table = before.table(id)) {
      for (const Chain& chain : table->chains()) {
        const Chain* twin = FindChain(after, id, chain.name);
        DiffChain(chain, twin, &changes.rules);
        if (chain.builtin && PolicyOf(after, id, chain.name) != chain.policy) {
          changes.policies_differ = true;
        }
      }
    }
    if (const Table* table = after.table(id)) {
      for (const Chain& chain : table->chains()) {
        if (FindChain(before, id, chain.name) != nullptr) continue;
        DiffChain(chain, nullptr, &changes.rules);
        if (chain.builtin && chain.policy != Policy::kAccept) changes.policies_differ = true;
      }
    }
  }
  return changes;
}

void AddAddressTypeCuts(const NodeContext& node, Cuts* cuts) {
  cuts->sources.push_back({0, 0x00ffffffu});            // 0.0.0.0/8: broadcast
  cuts->sources.push_back({0xe0000000u, 0xefffffffu});  // 224.0.0.0/4: multicast
  cuts->sources.push_back({0xffffffffu, 0xffffffffu});
  for (const NodeContext::InterfaceAddress& a : node.addresses()) {
    Ipv4Range subnet = Ipv4Prefix(a.address, a.prefix_length).Range();
    cuts->sources.push_back({a.address.value(), a.address.value()});
    cuts->sources.push_back({subnet.last.value(), subnet.last.value()});
    if (a.interface == "lo") cuts->sources.push_back({subnet.first.value(), subnet.last.value()});
  }
}

Axis::Axis(const std::vector<ValueRange>& cuts, uint32_t max) : max_(max) {
  starts_.push_back(0);
  for (const ValueRange& r : cuts) {
    starts_.push_back(r.lo);
    if (r.hi < max) starts_.push_back(r.hi + 1);
  }
  std::sort(starts_.begin(), starts_.end());
  starts_.erase(std::unique(starts_.begin(), starts_.end()), starts_.end());
}

size_t Axis::IndexOf(uint32_t value) const {
  return static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), value) -
                             starts_.begin()) -
         1;
}

std::vector<size_t> Axis::Sample(const std::vector<ValueRange>& focus, size_t budget) const {
  std::vector<size_t> chosen;
  for (const ValueRange& r : focus) {
    chosen.push_back(IndexOf(r.lo));
    chosen.push_back(IndexOf(r.hi));
    if (r.lo > 0) chosen.push_back(IndexOf(r.lo - 1));
    if (r.hi < max_) chosen.push_back(IndexOf(r.hi + 1));
  }
  std::sort(chosen.begin(), chosen.end());
  chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  if (chosen.size() > budget) {  // keep an even spread of the focus cells
    std::vector<size_t> kept;
    for (size_t k = 0; k < budget; ++k) kept.push_back(chosen[k * chosen.size() / budget]);
    chosen = std::move(kept);
  }
  // Fill the rest of the budget with evenly spread intervals.
  size_t room = budget - chosen.size();
  for (size_t k = 0; k < room && k < size(); ++k) chosen.push_back(k * size() / room);
  std::sort(chosen.begin(), chosen.end());
  chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  return chosen;
}

std::vector<size_t> Axis::All() const {
  std::vector<size_t> all(size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  return all;
}

}  // namespace tunnelsim::netfilter::internal
