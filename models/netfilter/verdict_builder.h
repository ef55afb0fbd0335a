// Internal to the evaluator: turns the finished ways of a path (one, or several when opaque
// matches branched it) into a Verdict with names, rule texts and one-line reasons.
#pragma once

#include <vector>

#include "models/netfilter/traversal.h"
#include "models/netfilter/verdict.h"

namespace tunnelsim::netfilter {

class VerdictBuilder {
 public:
  // Tables may be null when the ruleset lacks them. `packet` is the evaluated packet.
  VerdictBuilder(const Table* filter, const Table* nat, const Packet& packet)
      : filter_(filter), nat_(nat), packet_(packet) {}

  // `first` is the way on which every opaque match held; `others` the remaining ways.
  Verdict Build(const PathState& first, const std::vector<PathState>& others) const;

 private:
  Verdict FromWay(const PathState& st) const;
  RuleRef Ref(const Loc& loc) const;
  NatTranslation Translation(const NatRecord& nat) const;
  std::string Describe(const Loc& loc) const;  // "filter INPUT rule 3 (-A INPUT ...)"

  const Table* filter_;
  const Table* nat_;
  const Packet& packet_;
};

}  // namespace tunnelsim::netfilter
