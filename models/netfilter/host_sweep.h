// The evaluation loop of the host-firewall differ (internal to models/netfilter,
// filter_diff.h): evaluates the cells of the grid under both rulesets and sweeps runs of cells
// with the same reported pair of verdicts into rectangles, row by row. Cells a CellFilter
// rules out are not evaluated and count as unchanged.
// Cost: two Evaluator::EvaluateInbound per evaluated cell; O(changed rules) per skipped cell.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "models/netfilter/filter_diff.h"
#include "models/netfilter/host_cells.h"
#include "models/netfilter/host_prune.h"
#include "models/netfilter/host_region.h"

namespace tunnelsim::netfilter::internal {

struct PairInfo {
  bool reported = false;
  HostChange change = HostChange::kChanged;
};

class Sweeper {
 public:
  // REQUIRES: every argument outlives the sweeper; `filter` may be null (evaluate all).
  Sweeper(const Ruleset& before, const Ruleset& after, const NodeContext& node,
          Ipv4Address destination, const HostDiffOptions& options, const Axis& sources,
          const Axis& ports, const CellFilter* filter);

  // The cells of `protocol` the filter lets through (rows x columns, or rows for ICMP).
  size_t CountCells(IpProtocol protocol, const std::vector<size_t>& rows,
                    const std::vector<size_t>& columns) const;
  // Rows and columns are axis indices, sorted; only consecutive ones join a rectangle.
  void Sweep(IpProtocol protocol, const std::vector<size_t>& rows,
             const std::vector<size_t>& columns);

  size_t evaluated() const { return evaluated_; }
  const PairInfo& pair(int id) const { return pairs_[id]; }
  const HostVerdict& before_verdict(int pair) const {
    return verdicts_[pair_verdicts_[pair].first];
  }
  const HostVerdict& after_verdict(int pair) const {
    return verdicts_[pair_verdicts_[pair].second];
  }
  // Reported rectangles as boxes, by pair id.
  std::map<int, std::vector<HostBox>>& boxes() { return boxes_; }

 private:
  int Evaluate(size_t row, size_t column);
  // `side` 0 before, 1 after: rule numbers mean different rules on each side.
  int Intern(const Verdict& v, int side);
  // The port a column stands for in `protocol`'s packets: 0 for ICMP, as PacketState has it.
  uint16_t PortOf(IpProtocol protocol, size_t column) const;

  Evaluator before_, after_;
  const NodeContext& node_;
  const HostDiffOptions& options_;
  const Axis& sources_;
  const Axis& ports_;
  const CellFilter* filter_;
  Packet packet_;
  std::map<std::string, int> verdict_ids_;
  std::vector<HostVerdict> verdicts_;
  std::map<std::pair<int, int>, int> pair_ids_;
  std::vector<std::pair<int, int>> pair_verdicts_;
  std::vector<PairInfo> pairs_;
  std::map<int, std::vector<HostBox>> boxes_;
  size_t evaluated_ = 0;
};

}  // namespace tunnelsim::netfilter::internal
