#include "models/netfilter/verdict_builder.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace tunnelsim::netfilter {
namespace {

VerdictKind KindOf(End end) {
  switch (end) {
    case End::kAccept:
      return VerdictKind::kAccept;
    case End::kDrop:
      return VerdictKind::kDrop;
    case End::kReject:
      return VerdictKind::kReject;
    case End::kUncertain:
      return VerdictKind::kUncertain;
    case End::kError:
      return VerdictKind::kError;
  }
  return VerdictKind::kError;
}

bool SameOutcome(const PathState& a, const PathState& b) {
  return a.end == b.end && (a.end != End::kReject || a.reject == b.reject);
}

bool SameNat(const NatRecord& a, const NatRecord& b) {
  return a.applied == b.applied &&
         (!a.applied || (a.new_dst == b.new_dst && a.new_dport == b.new_dport && a.by == b.by));
}

std::string OutcomeName(const PathState& st) {
  std::string name(VerdictKindName(KindOf(st.end)));
  if (st.end == End::kReject) name += fmt::format(" ({})", RejectTypeName(st.reject));
  return name;
}

}  // namespace

std::string_view VerdictKindName(VerdictKind kind) {
  switch (kind) {
    case VerdictKind::kAccept:
      return "ACCEPT";
    case VerdictKind::kDrop:
      return "DROP";
    case VerdictKind::kReject:
      return "REJECT";
    case VerdictKind::kUncertain:
      return "UNCERTAIN";
    case VerdictKind::kError:
      return "ERROR";
  }
  return "ERROR";
}

RuleRef VerdictBuilder::Ref(const Loc& loc) const {
  RuleRef ref;
  const Table* table = loc.table == TableId::kNat ? nat_ : filter_;
  if (table == nullptr || loc.chain < 0) return ref;
  const Chain& chain = table->chain(loc.chain);
  ref.table = loc.table;
  ref.chain = chain.name;
  if (loc.rule < 0) {
    ref.text = fmt::format("policy {}", PolicyName(chain.policy));
    return ref;
  }
  const Rule& rule = chain.rules[loc.rule];
  ref.rule_number = rule.rule_number;
  ref.text = rule.text;
  ref.source_line = rule.source_line;
  return ref;
}

std::string VerdictBuilder::Describe(const Loc& loc) const {
  RuleRef r = Ref(loc);
  if (r.is_policy()) return fmt::format("{} {} {}", TableName(r.table), r.chain, r.text);
  return fmt::format("{} {} rule {} ({})", TableName(r.table), r.chain, r.rule_number, r.text);
}

NatTranslation VerdictBuilder::Translation(const NatRecord& nat) const {
  return NatTranslation{nat.kind,           Ipv4Address(nat.original_dst),
                        nat.original_dport, Ipv4Address(nat.new_dst),
                        nat.new_dport,      Ref(nat.by)};
}

Verdict VerdictBuilder::FromWay(const PathState& st) const {
  Verdict v;
  v.kind = KindOf(st.end);
  v.reject = st.reject;
  v.decided_by = Ref(st.by);
  v.forwarded = st.forwarded;
  for (int i = 0; i < st.step_count; ++i) {
    const StepRecord& s = st.steps[i];
    const Table* table = s.table == TableId::kNat ? nat_ : filter_;
    v.steps.push_back(TableStep{s.table, table->chain(s.hook).name, KindOf(s.end), Ref(s.by)});
  }
  if (st.nat.applied) v.nat = Translation(st.nat);
  v.final_packet = packet_;
  v.final_packet.dst = Ipv4Address(st.pkt.dst);
  v.final_packet.dport = st.pkt.dport;
  v.final_packet.mark = st.pkt.mark;
  v.final_packet.ct_mark = st.pkt.ct_mark;
  v.final_packet.ct_state = st.pkt.ct;
  for (const Loc& loc : st.opaque) v.opaque_rules.push_back(Ref(loc));
  switch (st.why) {
    case Why::kNone:
      break;
    case Why::kOpaqueTarget:
      v.reason =
          fmt::format("{} hands the packet to a target the model cannot follow", Describe(st.by));
      break;
    case Why::kNatRange:
      v.reason = fmt::format(
          "{} translates to a range; the kernel picks one destination per "
          "connection",
          Describe(st.by));
      break;
    case Why::kLoop:
      v.reason = fmt::format("jump loop: {} re-enters a chain that is still being traversed",
                             Describe(st.by));
      break;
    case Why::kTooDeep:
      v.reason = fmt::format("too many nested jumps at {}", Describe(st.by));
      break;
    case Why::kTooManyVisits:
      v.reason =
          fmt::format("traversal visited too many rules (a -g loop?) at {}", Describe(st.by));
      break;
    case Why::kTooManyBranches:
      v.reason = fmt::format("too many opaque matches to follow every way, at {}", Describe(st.by));
      break;
  }
  if (v.kind == VerdictKind::kUncertain) v.uncertain_at = v.decided_by;
  return v;
}

Verdict VerdictBuilder::Build(const PathState& first, const std::vector<PathState>& others) const {
  for (const PathState& st : others) {
    if (st.end == End::kError) return FromWay(st);
  }
  Verdict v = FromWay(first);
  if (others.empty() || v.kind == VerdictKind::kError) return v;
  std::vector<const PathState*> ways = {&first};
  for (const PathState& st : others) ways.push_back(&st);
  bool agree = first.end != End::kUncertain;
  for (const PathState* st : ways) agree = agree && SameOutcome(first, *st);
  // Every opaque rule met on any way, and every translation that is possible.
  for (const PathState* st : ways) {
    for (const Loc& loc : st->opaque) {
      RuleRef ref = Ref(loc);
      bool known = std::any_of(v.opaque_rules.begin(), v.opaque_rules.end(), [&](const RuleRef& r) {
        return r.table == ref.table && r.chain == ref.chain && r.rule_number == ref.rule_number;
      });
      if (!known) v.opaque_rules.push_back(ref);
    }
  }
  std::vector<NatRecord> seen = {first.nat};
  for (const PathState* st : ways) {
    if (!st->nat.applied) continue;
    bool known = std::any_of(seen.begin(), seen.end(),
                             [&](const NatRecord& n) { return SameNat(n, st->nat); });
    if (known) continue;
    seen.push_back(st->nat);
    v.other_nat.push_back(Translation(st->nat));
  }
  if (agree) return v;
  std::vector<std::string> outcomes;
  for (const PathState* st : ways) {
    std::string name = OutcomeName(*st);
    if (std::find(outcomes.begin(), outcomes.end(), name) == outcomes.end()) {
      outcomes.push_back(name);
    }
  }
  v.kind = VerdictKind::kUncertain;
  v.uncertain_at = Ref(first.first_branch);
  v.decided_by = RuleRef{};
  v.steps.clear();
  v.reason = fmt::format("the outcome depends on the opaque match of {}: {} are possible",
                         Describe(first.first_branch), fmt::join(outcomes, ", "));
  return v;
}

}  // namespace tunnelsim::netfilter
