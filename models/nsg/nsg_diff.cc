#include "models/nsg/nsg_diff.h"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <string_view>

#include "models/nsg/box_set.h"
#include "models/nsg/diff_region.h"
#include "models/nsg/rule_box.h"
#include "models/nsg/shared_rules.h"

namespace tunnelsim::nsg {
namespace {

using internal::Box;
using internal::Interval;
using internal::IntervalSet;

// The rule that decides what no rule matches: "allowed" for a platform address, or for every
// flow when there is no NSG.
constexpr uint32_t kFallThrough = std::numeric_limits<uint32_t>::max();
constexpr uint32_t kMaxAddress = std::numeric_limits<uint32_t>::max();

Box AllFlows() {
  Box box;
  box.protocols = kAllProtocols;
  box.dims[internal::kDestinationPort] = {{0, 65535}};
  box.dims[internal::kDestinationAddress] = {{0, kMaxAddress}};
  box.dims[internal::kSourceAddress] = {{0, kMaxAddress}};
  box.dims[internal::kSourcePort] = {{0, 65535}};
  return box;
}

// One side of the diff: its rules of the direction and their boxes, built once per way of
// seeing the source and destination (ordinary or platform address).
class Side {
 public:
  Side(const CompiledNsg* nsg, Direction direction) : nsg_(nsg) {
    if (nsg_ != nullptr) rules_ = nsg_->rules(direction);
  }

  const CompiledNsg* nsg() const { return nsg_; }
  std::span<const CompiledRule> rules() const { return rules_; }
  bool IsPlatform(uint32_t address) const {
    if (nsg_ == nullptr) return false;
    auto all = nsg_->platform_addresses();
    return std::find(all.begin(), all.end(), Ipv4Address(address)) != all.end();
  }

  const std::vector<Box>& Boxes(bool source_is_platform, bool destination_is_platform) {
    std::vector<Box>& boxes = boxes_[source_is_platform * 2 + destination_is_platform];
    if (boxes.size() != rules_.size()) {
      boxes.clear();
      for (const CompiledRule& r : rules_) {
        boxes.push_back(internal::RuleBox(*nsg_, r, source_is_platform, destination_is_platform));
      }
    }
    return boxes;
  }

  Verdict VerdictOf(uint32_t id, Direction direction) const {
    Verdict v;
    v.direction = direction;
    if (nsg_ == nullptr) return v;  // allowed, kNoNsg
    v.nsg_name = nsg_->name();
    if (id == kFallThrough) {
      v.reason = VerdictReason::kPlatformAddress;
      return v;
    }
    const CompiledRule& r = rules_[id];
    v.allowed = r.allow;
    v.reason = VerdictReason::kRule;
    v.rule_name = nsg_->rule_name(r);
    v.priority = r.priority;
    v.is_default = r.is_default;
    return v;
  }

 private:
  const CompiledNsg* nsg_;
  std::span<const CompiledRule> rules_;
  std::array<std::vector<Box>, 4> boxes_;
};

// A first-match list restricted to the rules that can meet the search region.
struct FirstMatch {
  std::vector<Box> boxes;  // evaluation order; the fall-through (all flows) last
  std::vector<uint32_t> ids;
};

struct Leaf {
  Box box;
  uint32_t before = 0;
  uint32_t after = 0;
};

// A box still to decide and where each scan resumes.
struct Item {
  Box box;
  uint32_t before = 0;
  uint32_t after = 0;
  uint32_t changed = 0;
};

class Differ {
 public:
  Differ(const CompiledNsg* before, const CompiledNsg* after, Direction direction,
         const DiffOptions& options)
      : before_(before, direction),
        after_(after, direction),
        direction_(direction),
        options_(options),
        shared_(internal::FindSharedRules(before, after, direction)) {}

  NsgDiff Run();

 private:
  // Ordinary addresses and each platform address of either side: the classes of flows that
  // see the same rule boxes.
  std::vector<IntervalSet> AddressClasses() const;
  void DiffClass(const IntervalSet& sources, const IntervalSet& destinations);
  void Search(std::vector<Item> stack, const FirstMatch& before, const FirstMatch& after,
              const std::vector<Box>* prune);
  bool Differs(uint32_t before, uint32_t after) const;

  Side before_, after_;
  Direction direction_;
  const DiffOptions& options_;
  internal::SharedRules shared_;
  std::vector<Leaf> leaves_;
  size_t examined_ = 0;
  bool exhaustive_ = true;
};

std::vector<IntervalSet> Differ::AddressClasses() const {
  std::vector<uint32_t> special;
  for (const Side* side : {&before_, &after_}) {
    if (side->nsg() == nullptr) continue;
    for (Ipv4Address a : side->nsg()->platform_addresses()) special.push_back(a.value());
  }
  std::sort(special.begin(), special.end());
  special.erase(std::unique(special.begin(), special.end()), special.end());
  IntervalSet singles;
  for (uint32_t a : special) singles.push_back({a, a});
  std::vector<IntervalSet> classes{internal::Subtract({{0, kMaxAddress}}, singles)};
  for (const Interval& s : singles) classes.push_back({s});
  return classes;
}

void Differ::DiffClass(const IntervalSet& sources, const IntervalSet& destinations) {
  Box whole = AllFlows();
  whole.dims[internal::kSourceAddress] = sources;
  whole.dims[internal::kDestinationAddress] = destinations;
  // [side][0 source, 1 destination]: whether that side treats the class as a platform address.
  auto platform_for = [&](const Side& side, const IntervalSet& set) {
    return set.size() == 1 && set[0].lo == set[0].hi && side.IsPlatform(set[0].lo);
  };
  bool platform[2][2] = {{platform_for(before_, sources), platform_for(before_, destinations)},
                         {platform_for(after_, sources), platform_for(after_, destinations)}};
  Side* sides[2] = {&before_, &after_};

  // The boxes of rules that are not shared (shared_rules.h), within the class. All of the
  // class when exactly one side has no NSG, or when the sides disagree on which addresses are
  // platform addresses (then every rule box differs there).
  std::vector<Box> changed;
  for (int s = 0; s < 2; ++s) {
    Side& side = *sides[s];
    if (side.nsg() == nullptr) continue;
    const std::vector<bool>& shared = s == 0 ? shared_.before : shared_.after;
    // Boxes of these few rules only: a class no changed rule meets costs no more than this.
    for (size_t i = 0; i < shared.size(); ++i) {
      if (shared[i]) continue;
      Box box = internal::RuleBox(*side.nsg(), side.rules()[i], platform[s][0], platform[s][1]);
      if (Box part = internal::Intersection(box, whole); !part.Empty()) {
        changed.push_back(std::move(part));
      }
    }
  }
  if ((before_.nsg() == nullptr) != (after_.nsg() == nullptr) || platform[0][0] != platform[1][0] ||
      platform[0][1] != platform[1][1]) {
    changed = {whole};
  }
  if (changed.empty()) return;

  // The disjoint union of the changed boxes, unless that gets large: then all of the class,
  // pruning boxes that miss every changed box (same answer, more splitting).
  std::vector<Box> start;
  bool prune = false;
  size_t steps = 0;
  for (const Box& c : changed) {
    std::vector<Box> add{c};
    for (const Box& piece : start) {
      std::vector<Box> next;
      for (const Box& a : add) {
        ++steps;
        internal::SubtractBox(a, piece, &next);
      }
      add = std::move(next);
      if (add.empty()) break;
    }
    start.insert(start.end(), add.begin(), add.end());
    if (start.size() > options_.max_start_pieces || steps > 16 * options_.max_start_pieces) {
      start = {whole};
      prune = true;
      break;
    }
  }

  // Each side's first-match list keeps only the rules that meet some starting piece.
  FirstMatch lists[2];
  for (int s = 0; s < 2; ++s) {
    Side& side = *sides[s];
    if (side.nsg() != nullptr) {
      const auto& boxes = side.Boxes(platform[s][0], platform[s][1]);
      for (size_t i = 0; i < boxes.size(); ++i) {
        bool meets = std::any_of(start.begin(), start.end(), [&](const Box& piece) {
          return internal::Intersects(piece, boxes[i]);
        });
        if (!meets) continue;
        lists[s].boxes.push_back(boxes[i]);
        lists[s].ids.push_back(static_cast<uint32_t>(i));
      }
    }
    lists[s].boxes.push_back(AllFlows());
    lists[s].ids.push_back(kFallThrough);
  }
  std::vector<Item> stack;
  for (Box& piece : start) stack.push_back({std::move(piece), 0, 0, 0});
  Search(std::move(stack), lists[0], lists[1], prune ? &changed : nullptr);
}

void Differ::Search(std::vector<Item> stack, const FirstMatch& before, const FirstMatch& after,
                    const std::vector<Box>* prune) {
  auto first_meeting = [](const std::vector<Box>& boxes, uint32_t from, const Box& box) {
    while (from < boxes.size() && !internal::Intersects(boxes[from], box)) ++from;
    return from;
  };
  while (!stack.empty()) {
    if (examined_ >= options_.max_boxes) {
      exhaustive_ = false;
      return;
    }
    ++examined_;
    Item item = std::move(stack.back());
    stack.pop_back();
    if (prune != nullptr) {
      item.changed = first_meeting(*prune, item.changed, item.box);
      if (item.changed == prune->size()) continue;  // no rule that differs matches here
    }
    // The fall-through box holds every flow, so both scans stop at a valid index.
    uint32_t b = first_meeting(before.boxes, item.before, item.box);
    uint32_t a = first_meeting(after.boxes, item.after, item.box);
    bool b_covers = internal::Covers(before.boxes[b], item.box);
    bool a_covers = internal::Covers(after.boxes[a], item.box);
    if (b_covers && a_covers) {
      if (Differs(before.ids[b], after.ids[a])) {
        leaves_.push_back({std::move(item.box), before.ids[b], after.ids[a]});
      }
      continue;
    }
    // Split by a rule that does not cover the box: inside it that rule decides; outside it the
    // scan of its side resumes after it.
    const Box& by = b_covers ? after.boxes[a] : before.boxes[b];
    std::vector<Box> outside;
    internal::SubtractBox(item.box, by, &outside);
    for (Box& piece : outside) {
      stack.push_back({std::move(piece), b_covers ? b : b + 1, b_covers ? a + 1 : a, item.changed});
    }
    stack.push_back({internal::Intersection(item.box, by), b, a, item.changed});
  }
}

bool Differ::Differs(uint32_t before, uint32_t after) const {
  Verdict b = before_.VerdictOf(before, direction_);
  Verdict a = after_.VerdictOf(after, direction_);
  if (b.allowed != a.allowed) return true;
  // Priorities are left out: renumbering rules decides nothing differently.
  return options_.report_rule_changes && (b.reason != a.reason || b.rule_name != a.rule_name);
}

NsgDiff Differ::Run() {
  std::vector<IntervalSet> classes = AddressClasses();
  for (const IntervalSet& sources : classes) {
    for (const IntervalSet& destinations : classes) {
      if (!sources.empty() && !destinations.empty() && exhaustive_) {
        DiffClass(sources, destinations);
      }
    }
  }
  // Group the leaves by their pair of deciding rules, merge each group, and order the groups
  // by evaluation order (the fall-through, kFallThrough, last).
  std::map<std::pair<uint32_t, uint32_t>, std::vector<Box>> groups;
  for (Leaf& leaf : leaves_) groups[{leaf.before, leaf.after}].push_back(std::move(leaf.box));
  NsgDiff diff;
  diff.exhaustive = exhaustive_;
  diff.boxes_examined = examined_;
  for (auto& [ids, boxes] : groups) {
    std::vector<Box> merged = internal::MergeBoxes(std::move(boxes));
    std::sort(merged.begin(), merged.end(), internal::BoxLess);
    for (const Box& box : merged) {
      FlowDelta delta;
      delta.region = internal::ToRegion(box);
      delta.example = internal::ExampleFlow(box);
      delta.before = before_.VerdictOf(ids.first, direction_);
      delta.after = after_.VerdictOf(ids.second, direction_);
      diff.deltas.push_back(std::move(delta));
    }
  }
  return diff;
}

}  // namespace

NsgDiff DiffNsg(const CompiledNsg* before, const CompiledNsg* after, Direction direction,
                const DiffOptions& options) {
  return Differ(before, after, direction, options).Run();
}

}  // namespace tunnelsim::nsg
