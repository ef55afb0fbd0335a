#include "models/nsg/shadow.h"

#include "models/nsg/box_set.h"
#include "models/nsg/rule_box.h"

namespace tunnelsim::nsg {
namespace {

using internal::Box;

// The remaining part of one rule's box and the budget spent on it.
class Region {
 public:
  Region(const Box& box, const ShadowOptions& options) : options_(options) {
    pieces_.push_back(box);
  }

  bool empty() const { return pieces_.empty(); }
  bool over_budget() const { return over_budget_; }

  // Removes `other` from the region. Returns whether `other` met the region, i.e. whether the
  // rule it belongs to would take some of the flows left.
  bool Take(const Box& other) {
    std::vector<Box> next;
    bool met = false;
    for (Box& piece : pieces_) {
      if (++steps_ > options_.max_steps_per_rule) over_budget_ = true;
      if (internal::Intersects(piece, other)) {
        met = true;
        internal::SubtractBox(piece, other, &next);
      } else {
        next.push_back(std::move(piece));
      }
    }
    pieces_ = std::move(next);
    if (pieces_.size() > options_.max_pieces) over_budget_ = true;
    return met;
  }

 private:
  const ShadowOptions& options_;
  std::vector<Box> pieces_;
  size_t steps_ = 0;
  bool over_budget_ = false;
};

// A quick proof of reachability for when the exact analysis runs out of budget: some corner
// of boxes[i] (per protocol) that no earlier rule contains. O(80 * i) point tests.
bool HasWitness(const std::vector<Box>& boxes, size_t i) {
  const Box& box = boxes[i];
  for (uint8_t bit = 1; bit <= kAllProtocols; bit = static_cast<uint8_t>(bit << 1)) {
    if ((box.protocols & bit) == 0) continue;
    for (int corner = 0; corner < (1 << internal::kBoxDims); ++corner) {
      std::array<uint32_t, internal::kBoxDims> point;
      for (int d = 0; d < internal::kBoxDims; ++d) {
        point[d] = (corner >> d) & 1 ? box.dims[d].back().hi : box.dims[d].front().lo;
      }
      size_t j = 0;
      while (j < i && !internal::ContainsPoint(boxes[j], bit, point)) ++j;
      if (j == i) return true;
    }
  }
  return false;
}

void AnalyzeDirection(const CompiledNsg& nsg, Direction direction, const ShadowOptions& options,
                      std::vector<RuleFinding>* findings) {
  std::span<const CompiledRule> rules = nsg.rules(direction);
  std::vector<Box> boxes;
  boxes.reserve(rules.size());
  for (const CompiledRule& r : rules) boxes.push_back(internal::RuleBox(nsg, r));

  for (size_t i = 0; i < rules.size(); ++i) {
    RuleFinding f;
    f.direction = direction;
    f.rule_name = nsg.rule_name(rules[i]);
    f.priority = rules[i].priority;
    f.is_default = rules[i].is_default;
    if (boxes[i].Empty()) {
      f.reachability = Reachability::kEmpty;
      findings->push_back(std::move(f));
      continue;
    }
    Region region(boxes[i], options);
    for (size_t j = 0; j < i && !region.empty() && !region.over_budget(); ++j) {
      // Whole-box pre-check: the region only ever shrinks inside boxes[i].
      if (!internal::Intersects(boxes[i], boxes[j])) continue;
      if (region.Take(boxes[j])) f.decided_by.push_back(nsg.rule_name(rules[j]));
    }
    if (region.empty()) {  // Take always finishes its pass, so this is exact
      f.reachability = Reachability::kShadowed;
    } else if (region.over_budget()) {
      // Undecided by subtraction; a witness still proves the rule reachable. Redundancy of a
      // custom rule stays unknown then, since it needs the exact remaining region.
      f.decided_by.clear();
      f.exhaustive = HasWitness(boxes, i) && (rules[i].is_default || !options.check_redundancy);
    } else {
      f.decided_by.clear();
      if (options.check_redundancy && !rules[i].is_default) {
        std::vector<std::string_view> later;
        bool same_access = true;
        for (size_t j = i + 1; j < rules.size() && !region.empty(); ++j) {
          if (!internal::Intersects(boxes[i], boxes[j]) || !region.Take(boxes[j])) continue;
          if (region.over_budget() || rules[j].allow != rules[i].allow) {
            same_access = false;
            break;
          }
          later.push_back(nsg.rule_name(rules[j]));
        }
        if (region.over_budget()) f.exhaustive = false;
        if (same_access && region.empty()) {
          f.reachability = Reachability::kRedundant;
          f.decided_by = std::move(later);
        }
      }
    }
    findings->push_back(std::move(f));
  }
}

}  // namespace

std::vector<RuleFinding> AnalyzeShadowing(const CompiledNsg& nsg, const ShadowOptions& options) {
  std::vector<RuleFinding> findings;
  AnalyzeDirection(nsg, Direction::kInbound, options, &findings);
  AnalyzeDirection(nsg, Direction::kOutbound, options, &findings);
  return findings;
}

std::string_view ToString(Reachability r) {
  switch (r) {
    case Reachability::kReachable:
      return "reachable";
    case Reachability::kShadowed:
      return "shadowed";
    case Reachability::kRedundant:
      return "redundant";
    case Reachability::kEmpty:
      return "empty";
  }
  return "?";
}

}  // namespace tunnelsim::nsg
