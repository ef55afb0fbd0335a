#include "models/netfilter/host_sweep.h"

#include <tuple>

namespace tunnelsim::netfilter::internal {
namespace {

HostVerdict ToHostVerdict(const Verdict& v) {
  HostVerdict h;
  h.kind = v.kind;
  h.reject = v.reject;
  h.rule = v.kind == VerdictKind::kUncertain && v.uncertain_at ? *v.uncertain_at : v.decided_by;
  h.forwarded = v.forwarded;
  h.reason = v.reason;
  return h;
}

// Tells apart the verdicts of one ruleset: outcome and the rule (by position) that decides it,
// and for an uncertain or failed one why.
std::string KeyOf(const HostVerdict& v) {
  return std::to_string(static_cast<int>(v.kind)) + "/" +
         std::to_string(static_cast<int>(v.reject)) + "/" + (v.forwarded ? "F" : "I") + "/" +
         std::string(TableName(v.rule.table)) + "/" + v.rule.chain + "/" +
         std::to_string(v.rule.rule_number) + "/" + v.reason;
}

// Across the two rulesets a rule is known by its text, not its number (an insertion above it
// renumbers it).
bool SameDecider(const HostVerdict& a, const HostVerdict& b) {
  return a.rule.table == b.rule.table && a.rule.chain == b.rule.chain && a.rule.text == b.rule.text;
}

bool SameOutcome(const HostVerdict& a, const HostVerdict& b) {
  return a.kind == b.kind && (a.kind != VerdictKind::kReject || a.reject == b.reject) &&
         a.forwarded == b.forwarded;
}

bool Certain(const HostVerdict& v) {
  return v.kind != VerdictKind::kUncertain && v.kind != VerdictKind::kError;
}

PairInfo Classify(const HostVerdict& b, const HostVerdict& a, bool same_rule,
                  bool report_rule_changes) {
  PairInfo info;
  if (!Certain(b) || !Certain(a)) {
    info.change = HostChange::kUncertain;
    info.reported = !same_rule || !SameOutcome(a, b);
  } else if (b.kind != VerdictKind::kAccept && a.kind == VerdictKind::kAccept) {
    info.change = HostChange::kOpened;
    info.reported = true;
  } else if (b.kind == VerdictKind::kAccept && a.kind != VerdictKind::kAccept) {
    info.change = HostChange::kClosed;
    info.reported = true;
  } else {
    info.reported = !SameOutcome(a, b) || (report_rule_changes && !same_rule);
  }
  return info;
}

}  // namespace

Sweeper::Sweeper(const Ruleset& before, const Ruleset& after, const NodeContext& node,
                 Ipv4Address destination, const HostDiffOptions& options, const Axis& sources,
                 const Axis& ports, const CellFilter* filter)
    : before_(before, options.eval),
      after_(after, options.eval),
      node_(node),
      options_(options),
      sources_(sources),
      ports_(ports),
      filter_(filter) {
  packet_.dst = destination;
  packet_.sport = options.source_port;
  packet_.in_interface = options.in_interface;
  packet_.icmp_type = options.icmp_type;
}

uint16_t Sweeper::PortOf(IpProtocol protocol, size_t column) const {
  return HasPorts(protocol) ? static_cast<uint16_t>(ports_.lo(column)) : 0;
}

size_t Sweeper::CountCells(IpProtocol protocol, const std::vector<size_t>& rows,
                           const std::vector<size_t>& columns) const {
  const size_t width = HasPorts(protocol) ? columns.size() : 1;
  if (filter_ == nullptr) return rows.size() * width;
  size_t count = 0;
  std::vector<int> rules;
  for (size_t row : rows) {
    filter_->RulesForRow(protocol, sources_.lo(row), &rules);
    if (rules.empty()) continue;
    if (!HasPorts(protocol)) {
      count += filter_->AnyMatchesPort(rules, protocol, 0) ? 1 : 0;
      continue;
    }
    for (size_t col : columns)
      count += filter_->AnyMatchesPort(rules, protocol, PortOf(protocol, col)) ? 1 : 0;
  }
  return count;
}

int Sweeper::Intern(const Verdict& v, int side) {
  HostVerdict h = ToHostVerdict(v);
  auto [it, inserted] =
      verdict_ids_.emplace(std::to_string(side) + KeyOf(h), static_cast<int>(verdicts_.size()));
  if (inserted) verdicts_.push_back(std::move(h));
  return it->second;
}

int Sweeper::Evaluate(size_t row, size_t column) {
  ++evaluated_;
  packet_.src = Ipv4Address(sources_.lo(row));
  packet_.dport = PortOf(packet_.protocol, column);
  int b = Intern(before_.EvaluateInbound(packet_, node_), 0);
  int a = Intern(after_.EvaluateInbound(packet_, node_), 1);
  auto [it, inserted] = pair_ids_.emplace(std::pair(b, a), static_cast<int>(pairs_.size()));
  if (inserted) {
    pair_verdicts_.push_back({b, a});
    pairs_.push_back(Classify(verdicts_[b], verdicts_[a], SameDecider(verdicts_[b], verdicts_[a]),
                              options_.report_rule_changes));
  }
  return it->second;
}

void Sweeper::Sweep(IpProtocol protocol, const std::vector<size_t>& rows,
                    const std::vector<size_t>& columns) {
  packet_.protocol = protocol;
  const bool ported = HasPorts(protocol);
  const std::vector<size_t> portless{0};
  const std::vector<size_t>& cols = ported ? columns : portless;
  // (first column, last column, pair) -> first row, for rectangles still growing downwards.
  using Key = std::tuple<size_t, size_t, int>;
  std::map<Key, size_t> open;
  auto close = [&](const Key& key, size_t first_row, size_t last_row) {
    HostBox box;
    box.protocols = HostProtocolBit(protocol);
    box.sources = {{sources_.lo(first_row), sources_.hi(last_row)}};
    box.ports =
        ported ? std::vector<ValueRange>{{ports_.lo(std::get<0>(key)), ports_.hi(std::get<1>(key))}}
               : std::vector<ValueRange>{{0, 65535}};
    boxes_[std::get<2>(key)].push_back(std::move(box));
  };
  size_t previous = 0;
  bool first = true;
  for (size_t row : rows) {
    const bool continues = !first && row == previous + 1;
    std::map<Key, size_t> next;
    int segment_pair = -1;  // -1: not reported, nothing to track
    size_t segment_first = 0, last_column = 0;
    auto flush = [&] {
      if (segment_pair < 0) return;
      Key key{segment_first, last_column, segment_pair};
      auto it = open.find(key);
      if (continues && it != open.end()) {
        next[key] = it->second;
        open.erase(it);
      } else {
        next[key] = row;
      }
    };
    std::vector<int> rules;  // the changed rules that may match this row
    if (filter_ != nullptr) filter_->RulesForRow(protocol, sources_.lo(row), &rules);
    const bool row_affected = filter_ == nullptr || !rules.empty();
    for (size_t col : row_affected ? cols : std::vector<size_t>{}) {
      bool affected =
          filter_ == nullptr || filter_->AnyMatchesPort(rules, protocol, PortOf(protocol, col));
      int pair = affected ? Evaluate(row, col) : -1;
      int shown = pair >= 0 && pairs_[pair].reported ? pair : -1;
      bool extends = shown >= 0 && shown == segment_pair && col == last_column + 1;
      if (!extends) {
        flush();
        segment_pair = shown;
        segment_first = col;
      }
      last_column = col;
    }
    flush();
    for (const auto& [key, first_row] : open) close(key, first_row, previous);
    open = std::move(next);
    previous = row;
    first = false;
  }
  for (const auto& [key, first_row] : open) close(key, first_row, previous);
}

}  // namespace tunnelsim::netfilter::internal
