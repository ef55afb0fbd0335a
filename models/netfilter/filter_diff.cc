#include "models/netfilter/filter_diff.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "models/netfilter/host_cells.h"
#include "models/netfilter/host_prune.h"
#include "models/netfilter/host_region.h"
#include "models/netfilter/host_sweep.h"

namespace tunnelsim::netfilter {
namespace {

using internal::Axis;
using internal::HostBox;

bool RuleLess(const RuleRef& a, const RuleRef& b) {
  return std::tuple(a.table, a.chain, a.rule_number) < std::tuple(b.table, b.chain, b.rule_number);
}

}  // namespace

Result<HostDiff> DiffHostInput(const Ruleset& before, const Ruleset& after, const NodeContext& node,
                               const HostDiffOptions& options) {
  std::optional<Ipv4Address> destination =
      options.destination ? options.destination : node.PrimaryAddress(options.in_interface);
  if (!destination) {
    return Status::InvalidArgument("the node has no address on '" + options.in_interface +
                                   "'; expected one there or HostDiffOptions::destination");
  }
  internal::Cuts cuts;
  internal::CollectCuts(before, &cuts);
  internal::CollectCuts(after, &cuts);
  if (cuts.source_type_used) internal::AddAddressTypeCuts(node, &cuts);
  Axis sources(cuts.sources, 0xffffffffu), ports(cuts.ports, 65535);

  // Only cells a changed rule may match can change (host_prune.h), unless a policy changed.
  internal::RuleChanges changes = internal::FindRuleChanges(before, after);
  std::optional<internal::CellFilter> filter;
  if (!changes.policies_differ) {
    filter.emplace(changes.rules, !internal::NatRewritesPorts(before, after), options.source_port);
  }
  internal::Sweeper sweeper(before, after, node, *destination, options, sources, ports,
                            filter ? &*filter : nullptr);

  HostDiff diff;
  diff.cells = sources.size() * (2 * ports.size() + 1);  // TCP and UDP per port, ICMP once
  std::vector<size_t> rows = sources.All(), columns = ports.All();
  size_t wanted = 0;
  for (IpProtocol p : internal::kHostProtocols) wanted += sweeper.CountCells(p, rows, columns);
  if (wanted > options.max_cells) {
    // Too many: the cells at and next to the ends of the changed rules' ranges, plus evenly
    // spread ones, within the bound.
    diff.exhaustive = false;
    internal::Cuts focus;
    internal::CollectCuts(changes.rules, &focus);
    if (focus.source_type_used) internal::AddAddressTypeCuts(node, &focus);
    size_t column_budget = std::clamp<size_t>(
        static_cast<size_t>(std::sqrt(static_cast<double>(options.max_cells) / 2)), 1,
        ports.size());
    columns = ports.Sample(focus.ports, column_budget);
    rows = sources.Sample(focus.sources,
                          std::max<size_t>(1, options.max_cells / (2 * columns.size() + 1)));
  }
  for (IpProtocol p : internal::kHostProtocols) sweeper.Sweep(p, rows, columns);
  diff.cells_evaluated = sweeper.evaluated();

  for (auto& [pair, boxes] : sweeper.boxes()) {
    std::vector<HostBox> merged = internal::MergeHostBoxes(std::move(boxes));
    std::sort(merged.begin(), merged.end(), internal::HostBoxLess);
    for (const HostBox& box : merged) {
      HostFlowDelta delta;
      internal::FillDelta(box, *destination, options, &delta);
      delta.before = sweeper.before_verdict(pair);
      delta.after = sweeper.after_verdict(pair);
      delta.change = sweeper.pair(pair).change;
      diff.deltas.push_back(std::move(delta));
    }
  }
  // Pair ids follow evaluation order; sort by meaning instead (stable keeps region order).
  std::stable_sort(diff.deltas.begin(), diff.deltas.end(),
                   [](const HostFlowDelta& x, const HostFlowDelta& y) {
                     if (x.change != y.change) return x.change < y.change;
                     if (RuleLess(x.before.rule, y.before.rule)) return true;
                     if (RuleLess(y.before.rule, x.before.rule)) return false;
                     return RuleLess(x.after.rule, y.after.rule);
                   });
  return diff;
}

}  // namespace tunnelsim::netfilter
