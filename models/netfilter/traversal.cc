#include "models/netfilter/traversal.h"

#include <algorithm>

namespace tunnelsim::netfilter {
namespace {

// Chains shorter than this are walked rule by rule; the index would not pay for itself.
constexpr size_t kIndexThreshold = 32;

bool IsExactDestination(const Rule& r) {
  const AddressCondition& d = r.header.destination;
  return d.present && !d.invert && d.prefix.length() == 32;
}

// The first rule at or after `from` that can match destination `dst`.
uint32_t NextCandidate(const ChainIndex& index, uint32_t from, uint32_t dst, uint32_t size) {
  if (!index.indexed) return from;
  auto a = std::lower_bound(index.other_rules.begin(), index.other_rules.end(), from);
  uint32_t best = a == index.other_rules.end() ? size : *a;
  auto it = index.by_destination.find(dst);
  if (it != index.by_destination.end()) {
    auto b = std::lower_bound(it->second.begin(), it->second.end(), from);
    if (b != it->second.end() && *b < best) best = *b;
  }
  return best;
}

// Targets whose firing changes nothing that decides the packet's fate: a rule with such a
// target and an undecidable opaque match needs no branch.
bool CannotChangeOutcome(TargetKind kind) {
  return kind == TargetKind::kNone || kind == TargetKind::kLog || kind == TargetKind::kContinue;
}

void EndPass(PathState& st, End end, Loc by) {
  st.steps[st.step_count++] = StepRecord{st.table, st.hook, end, by};
  st.in_pass = false;
  if (end != End::kAccept) {
    st.finished = true;
    st.end = end;
    st.by = by;
  }
}

void Fail(PathState& st, End end, Why why, Loc at) {
  st.why = why;
  EndPass(st, end, at);
}

void ApplyPolicy(PathState& st, const Table& table) {
  Policy p = table.chain(st.hook).policy;
  EndPass(st, p == Policy::kDrop ? End::kDrop : End::kAccept, Loc{st.table, st.hook, -1});
}

bool IsActive(const PathState& st, int chain) {
  if (st.chain == chain) return true;
  for (int i = 0; i < st.depth; ++i) {
    if (st.frames[i].chain == chain) return true;
  }
  return false;
}

// DNAT / REDIRECT: the new destination, applied to the packet. False for a range.
bool Translate(PathState& st, const Target& t, const NodeContext& node, PathKind kind) {
  if (!t.nat.IsSingle()) return false;
  PacketState& p = st.pkt;
  uint32_t dst = p.dst;
  if (t.kind == TargetKind::kDnat) {
    if (t.nat.has_address) dst = t.nat.min_address.value();
  } else if (kind == PathKind::kLocalOut) {
    dst = 0x7f000001u;  // REDIRECT of a locally generated packet goes to 127.0.0.1
  } else if (auto primary = node.PrimaryAddress(p.in_name)) {
    dst = primary->value();  // REDIRECT goes to the incoming interface's primary address
  }
  uint16_t dport = t.nat.has_ports ? t.nat.min_port : p.dport;
  // conntrack marks a connection DNAT only when the translation changes something; an identity
  // DNAT/REDIRECT leaves --ctstate DNAT false (found by tests/differential, seed 692).
  bool changed = dst != p.dst || dport != p.dport;
  st.nat = NatRecord{true, t.kind, p.dst, p.dport, dst, dport, Loc{}};
  p.dst = dst;
  p.dport = dport;
  p.ComputeAddressTypes(node);
  if (changed) p.ct |= kCtDnat;
  return true;
}

}  // namespace

CompiledTable CompileTable(const Table& table, bool index_chains) {
  CompiledTable compiled;
  compiled.table = &table;
  compiled.chains.resize(table.chains().size());
  for (size_t c = 0; c < table.chains().size(); ++c) {
    const auto& rules = table.chain(static_cast<int>(c)).rules;
    if (!index_chains || rules.size() < kIndexThreshold) continue;
    ChainIndex& index = compiled.chains[c];
    index.indexed = true;
    for (uint32_t i = 0; i < rules.size(); ++i) {
      if (IsExactDestination(rules[i])) {
        index.by_destination[rules[i].header.destination.prefix.network().value()].push_back(i);
      } else {
        index.other_rules.push_back(i);
      }
    }
  }
  return compiled;
}

void WalkPass(const CompiledTable& compiled, PathKind kind, const EvalOptions& options,
              const NodeContext& node, PathState& st, std::vector<PathState>& pending,
              int& branches) {
  const Table& table = *compiled.table;
  const int max_depth = std::min(options.max_jump_depth, kMaxJumpDepthLimit);
  while (st.in_pass) {
    const Chain& chain = table.chain(st.chain);
    const uint32_t size = static_cast<uint32_t>(chain.rules.size());
    const uint32_t i = NextCandidate(compiled.chains[st.chain], st.next, st.pkt.dst, size);
    if (i >= size) {
      // The end of a built-in chain, or of a chain reached only by -g from it, applies the
      // policy; the end of a user chain otherwise resumes after the latest -j.
      if (st.depth == 0) {
        ApplyPolicy(st, table);
      } else {
        --st.depth;
        st.chain = st.frames[st.depth].chain;
        st.next = st.frames[st.depth].next;
      }
      continue;
    }
    const Loc here{st.table, st.chain, static_cast<int>(i)};
    if (++st.visits > options.max_rule_visits)
      return Fail(st, End::kError, Why::kTooManyVisits, here);
    const Rule& rule = chain.rules[i];
    st.next = i + 1;
    RuleMatch m = MatchRule(rule, st.pkt);
    if (m == RuleMatch::kNo) continue;
    if (m == RuleMatch::kUnknown) {
      if (std::find(st.opaque.begin(), st.opaque.end(), here) == st.opaque.end()) {
        st.opaque.push_back(here);
      }
      if (CannotChangeOutcome(rule.target.kind)) continue;
      if (++branches > options.max_branches) {
        return Fail(st, End::kUncertain, Why::kTooManyBranches, here);
      }
      if (!st.branched) st.first_branch = here;
      st.branched = true;
      pending.push_back(st);  // the way on which the opaque match does not hold
    }
    const Target& t = rule.target;
    PacketState& p = st.pkt;
    switch (t.kind) {
      case TargetKind::kNone:
      case TargetKind::kLog:
      case TargetKind::kContinue:
        break;
      case TargetKind::kMark:
        p.mark = (p.mark & ~t.mark_mask) ^ t.mark_value;
        break;
      case TargetKind::kConnmark:
        if (t.connmark_restore) {
          p.mark = (p.mark & ~t.nfmask) ^ (p.ct_mark & t.ctmask);
        } else if (t.connmark_save) {
          p.ct_mark = (p.ct_mark & ~t.ctmask) ^ (p.mark & t.nfmask);
        } else {
          p.ct_mark = (p.ct_mark & ~t.mark_mask) ^ t.mark_value;
        }
        break;
      case TargetKind::kAccept:
      case TargetKind::kSnat:
      case TargetKind::kMasquerade:
        return EndPass(st, End::kAccept, here);
      case TargetKind::kDrop:
        return EndPass(st, End::kDrop, here);
      case TargetKind::kReject:
        st.reject = t.reject;
        return EndPass(st, End::kReject, here);
      case TargetKind::kOpaqueVerdict:
        return Fail(st, End::kUncertain, Why::kOpaqueTarget, here);
      case TargetKind::kDnat:
      case TargetKind::kRedirect:
        if (!Translate(st, t, node, kind)) return Fail(st, End::kUncertain, Why::kNatRange, here);
        st.nat.by = here;
        return EndPass(st, End::kAccept, here);
      case TargetKind::kReturn:
        if (st.depth == 0) return ApplyPolicy(st, table);
        --st.depth;
        st.chain = st.frames[st.depth].chain;
        st.next = st.frames[st.depth].next;
        break;
      case TargetKind::kJump:
      case TargetKind::kGoto:
        if (IsActive(st, t.chain)) return Fail(st, End::kError, Why::kLoop, here);
        if (t.kind == TargetKind::kJump) {
          if (st.depth >= max_depth) return Fail(st, End::kError, Why::kTooDeep, here);
          st.frames[st.depth++] = PathState::Frame{st.chain, st.next};
        }
        st.chain = t.chain;
        st.next = 0;
        break;
    }
  }
}

}  // namespace tunnelsim::netfilter
