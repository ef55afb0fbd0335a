#include "engine/whatif/whatif.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/whatif/filter_deltas.h"
#include "engine/whatif/summaries.h"

namespace tunnelsim {

std::string_view ChangeClassName(ChangeClass c) {
  switch (c) {
    case ChangeClass::kRegression:
      return "regression";
    case ChangeClass::kFix:
      return "fix";
    case ChangeClass::kStillFailing:
      return "still failing";
    case ChangeClass::kStillWorking:
      return "still working";
  }
  return "";
}

size_t WhatIfReport::Count(ChangeClass c) const {
  size_t n = 0;
  for (const OutcomeRow& row : rows) n += row.change_class == c;
  return n;
}

namespace {

using RowKey = std::pair<Operation, std::string>;  // (operation, target)

struct Side {
  std::string workload;
  bool ignore_policy = false;
  OutcomeSide outcome;
};

// The verdicts of one check run, by (operation, target), in report order.
struct Sides {
  std::vector<RowKey> order;
  std::map<RowKey, Side> by_key;
};

OutcomeSide SideOf(const TargetVerdict& v, std::string node, std::string error) {
  OutcomeSide side;
  side.present = true;
  side.probability = v.probability;
  side.uncertain = v.uncertain;
  side.node = std::move(node);
  if (!v.works()) {
    side.error = std::move(error);
    if (!v.blockers.empty()) {
      // The node-free name of the filter, so that pods on nodes sharing it group together.
      const Hop& hop = v.blockers[0];
      side.blocker = fmt::format("{}: {}", hop.where_class.empty() ? hop.where : hop.where_class,
                                 hop.decided_by);
    }
  }
  return side;
}

Sides Collect(const CheckReport& report) {
  Sides sides;
  auto add = [&sides](Operation op, std::string target, Side side) {
    RowKey key{op, std::move(target)};
    if (sides.by_key.emplace(key, std::move(side)).second) sides.order.push_back(key);
  };
  for (const WorkloadResult& w : report.workloads) {
    std::string workload = fmt::format("{}/{}", w.spec->namespace_.value, w.spec->name.value);
    for (const PodResult& pod : w.pods) {
      const TargetVerdict& v = report.kubelet[pod.node];
      const std::string& node = report.model->nodes[pod.node].name;
      for (Operation op : {Operation::kLogs, Operation::kExec, Operation::kPortForward}) {
        add(op, fmt::format("{}/{}", pod.namespace_, pod.name),
            {workload, false, SideOf(v, node, report.KubectlError(op, pod, v))});
      }
    }
  }
  for (const WebhookResult& w : report.webhooks) {
    add(Operation::kAdmission, w.spec->name.value,
        {w.spec->name.value, w.spec->failure_policy.value == "Ignore",
         SideOf(w.verdict, "", report.AdmissionError(w))});
  }
  return sides;
}

// A scenario, compiled and checked. Not movable: the model points into the scenario.
struct Evaluated {
  Scenario scenario;
  std::unique_ptr<ClusterModel> model;
  CheckReport report;
};

std::unique_ptr<Evaluated> Evaluate(const Scenario& scenario, Diagnostics* d) {
  auto e = std::make_unique<Evaluated>();
  e->scenario = scenario;
  e->model = ClusterModel::Build(e->scenario, d);
  if (!e->model) return nullptr;
  e->report = RunCheck(*e->model);
  return e;
}

bool SameVerdict(const OutcomeSide& a, const OutcomeSide& b) {
  return a.present == b.present && a.probability == b.probability && a.uncertain == b.uncertain;
}

ChangeClass Classify(const OutcomeSide& before, const OutcomeSide& after) {
  if (before.works() && after.works()) return ChangeClass::kStillWorking;
  // A pod that only exists on one side is judged by the side that has it.
  double p_before = before.present ? (before.uncertain ? 0 : before.probability) : -1;
  double p_after = after.present ? (after.uncertain ? 0 : after.probability) : -1;
  if (before.present && after.present) {
    if (p_after < p_before) return ChangeClass::kRegression;
    if (p_after > p_before) return ChangeClass::kFix;
    return after.works() ? ChangeClass::kStillWorking : ChangeClass::kStillFailing;
  }
  if (after.present) return after.works() ? ChangeClass::kStillWorking : ChangeClass::kRegression;
  return before.works() ? ChangeClass::kStillWorking : ChangeClass::kStillFailing;
}

int Rank(ChangeClass c) { return static_cast<int>(c); }

// The verdict of each pod's kubelet and each webhook in one check run, by target name, without
// the error texts (attribution compares verdicts only, once per change).
struct Verdicts {
  std::unordered_map<std::string, const TargetVerdict*> pods;
  std::unordered_map<std::string, const TargetVerdict*> webhooks;
};

Verdicts VerdictsOf(const CheckReport& report) {
  Verdicts v;
  for (const WorkloadResult& w : report.workloads) {
    for (const PodResult& pod : w.pods) {
      v.pods.emplace(pod.namespace_ + "/" + pod.name, &report.kubelet[pod.node]);
    }
  }
  for (const WebhookResult& w : report.webhooks) v.webhooks.emplace(w.spec->name.value, &w.verdict);
  return v;
}

OutcomeSide Lookup(const Verdicts& v, const OutcomeRow& row) {
  const auto& map = row.operation == Operation::kAdmission ? v.webhooks : v.pods;
  auto it = map.find(row.target);
  OutcomeSide side;
  if (it == map.end()) return side;
  side.present = true;
  side.probability = it->second->probability;
  side.uncertain = it->second->uncertain;
  return side;
}

// For every regression and fix, the last change after which its verdict moved.
void Attribute(const std::vector<Scenario>& prefixes, std::vector<OutcomeRow>* rows) {
  std::vector<OutcomeRow*> open;
  for (OutcomeRow& row : *rows) {
    if (row.change_class == ChangeClass::kRegression || row.change_class == ChangeClass::kFix) {
      open.push_back(&row);
    }
  }
  if (open.empty()) return;
  if (prefixes.size() == 1) {
    for (OutcomeRow* row : open) row->cause = 0;
    return;
  }
  // The verdicts of the open rows after each change but the last (the after side, known);
  // prefixes are independent, so they are checked on all cores.
  const size_t steps = prefixes.size() - 1;
  std::vector<std::vector<OutcomeSide>> at(steps);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t k = next++; k < steps; k = next++) {
      Diagnostics ignored;  // every prefix applied cleanly, so it builds
      std::unique_ptr<Evaluated> state = Evaluate(prefixes[k], &ignored);
      if (!state) continue;
      Verdicts verdicts = VerdictsOf(state->report);
      for (const OutcomeRow* row : open) at[k].push_back(Lookup(verdicts, *row));
    }
  };
  size_t threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), steps);
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();

  std::vector<OutcomeSide> previous;
  for (OutcomeRow* row : open) previous.push_back(row->before);
  for (size_t k = 0; k < prefixes.size(); ++k) {
    if (k < steps && at[k].empty()) continue;
    for (size_t i = 0; i < open.size(); ++i) {
      const OutcomeSide& now = k < steps ? at[k][i] : open[i]->after;
      if (!SameVerdict(now, previous[i])) open[i]->cause = static_cast<int>(k);
      previous[i] = now;
    }
  }
}

}  // namespace

std::unique_ptr<WhatIfReport> RunWhatIf(const Scenario& before,
                                        const std::vector<ChangeSet>& change_sets,
                                        const WhatIfOptions& options, Diagnostics* d) {
  auto report = std::make_unique<WhatIfReport>();
  report->scenario_file = before.file;
  report->scenario_name = before.metadata.name.value;

  // Apply change by change, keeping each intermediate scenario for attribution.
  std::vector<Scenario> prefixes;
  Scenario current = before;
  for (const ChangeSet& set : change_sets) {
    for (const Change& change : set.changes) {
      ChangeSet one{set.file, set.metadata, {change}};
      if (!ApplyChangeSet(one, &current, d, &report->changes)) return nullptr;
      prefixes.push_back(current);
    }
  }

  auto first = Evaluate(before, d);
  if (!first) return nullptr;
  auto last = Evaluate(current, d);
  if (!last) return nullptr;
  Sides before_sides = Collect(first->report);
  Sides after_sides = Collect(last->report);

  std::vector<RowKey> keys = after_sides.order;
  for (const RowKey& key : before_sides.order) {
    if (!after_sides.by_key.contains(key)) keys.push_back(key);
  }
  for (const RowKey& key : keys) {
    OutcomeRow row;
    row.operation = key.first;
    row.target = key.second;
    auto b = before_sides.by_key.find(key);
    auto a = after_sides.by_key.find(key);
    const Side& any = a != after_sides.by_key.end() ? a->second : b->second;
    row.workload = any.workload;
    row.ignore_policy = any.ignore_policy;
    if (b != before_sides.by_key.end()) row.before = b->second.outcome;
    if (a != after_sides.by_key.end()) row.after = a->second.outcome;
    row.change_class = Classify(row.before, row.after);
    report->rows.push_back(std::move(row));
  }
  std::stable_sort(report->rows.begin(), report->rows.end(),
                   [](const OutcomeRow& x, const OutcomeRow& y) {
                     return Rank(x.change_class) < Rank(y.change_class);
                   });
  if (options.attribute) Attribute(prefixes, &report->rows);

  report->filters = FilterDeltas(*first->model, *last->model, report->changes, prefixes);
  if (options.summaries) {
    AddSummaries(first->scenario, *first->model, last->scenario, *last->model, report->changes,
                 options, report.get());
  }
  return report;
}

}  // namespace tunnelsim
