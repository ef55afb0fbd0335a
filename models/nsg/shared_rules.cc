#include "models/nsg/shared_rules.h"

#include <algorithm>
#include <map>
#include <string_view>

namespace tunnelsim::nsg::internal {
namespace {

// Name -> index in evaluation order, or -1 for a name used more than once.
std::map<std::string_view, int> IndexByName(const CompiledNsg& nsg, Direction direction) {
  std::map<std::string_view, int> index;
  std::span<const CompiledRule> rules = nsg.rules(direction);
  for (size_t i = 0; i < rules.size(); ++i) {
    auto [it, inserted] = index.emplace(nsg.rule_name(rules[i]), static_cast<int>(i));
    if (!inserted) it->second = -1;
  }
  return index;
}

template <typename T>
bool SameList(std::span<const T> a, std::span<const T> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

bool SameMatch(const CompiledNsg& a, const CompiledRule& ra, const CompiledNsg& b,
               const CompiledRule& rb) {
  return ra.allow == rb.allow && ra.is_default == rb.is_default && ra.protocols == rb.protocols &&
         SameList(a.sources(ra), b.sources(rb)) &&
         SameList(a.destinations(ra), b.destinations(rb)) &&
         SameList(a.source_tags(ra), b.source_tags(rb)) &&
         SameList(a.destination_tags(ra), b.destination_tags(rb)) &&
         SameList(a.source_ports(ra), b.source_ports(rb)) &&
         SameList(a.destination_ports(ra), b.destination_ports(rb));
}

// Indices (into `values`) of one longest strictly increasing subsequence; patience sorting.
std::vector<size_t> LongestIncreasing(const std::vector<int>& values) {
  std::vector<size_t> tails;  // tails[k]: index of the smallest tail of a run of length k+1
  std::vector<size_t> previous(values.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    auto it = std::lower_bound(tails.begin(), tails.end(), values[i],
                               [&](size_t t, int v) { return values[t] < v; });
    if (it != tails.begin()) previous[i] = *std::prev(it);
    if (it == tails.end()) {
      tails.push_back(i);
    } else {
      *it = i;
    }
  }
  std::vector<size_t> run;
  for (size_t i = tails.empty() ? values.size() : tails.back(); i < values.size();
       i = previous[i]) {
    run.push_back(i);
  }
  std::reverse(run.begin(), run.end());
  return run;
}

}  // namespace

SharedRules FindSharedRules(const CompiledNsg* before, const CompiledNsg* after,
                            Direction direction) {
  SharedRules shared;
  if (before != nullptr) shared.before.assign(before->rules(direction).size(), false);
  if (after != nullptr) shared.after.assign(after->rules(direction).size(), false);
  if (before == nullptr || after == nullptr) return shared;
  std::map<std::string_view, int> by_name = IndexByName(*after, direction);
  std::map<std::string_view, int> own_names = IndexByName(*before, direction);
  std::span<const CompiledRule> rules = before->rules(direction);
  std::span<const CompiledRule> after_rules = after->rules(direction);
  std::vector<int> before_index, after_index;  // candidate pairs, in `before` order
  for (size_t i = 0; i < rules.size(); ++i) {
    std::string_view name = before->rule_name(rules[i]);
    auto it = by_name.find(name);
    if (own_names[name] < 0 || it == by_name.end() || it->second < 0) continue;
    if (!SameMatch(*before, rules[i], *after, after_rules[it->second])) continue;
    before_index.push_back(static_cast<int>(i));
    after_index.push_back(it->second);
  }
  for (size_t k : LongestIncreasing(after_index)) {
    shared.before[before_index[k]] = true;
    shared.after[after_index[k]] = true;
  }
  return shared;
}

}  // namespace tunnelsim::nsg::internal
