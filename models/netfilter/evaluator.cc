#include "models/netfilter/evaluator.h"

#include <algorithm>

#include <fmt/format.h>

#include "models/netfilter/traversal.h"
#include "models/netfilter/verdict_builder.h"

namespace tunnelsim::netfilter {

struct Evaluator::Impl {
  EvalOptions options;
  CompiledTable filter;
  CompiledTable nat;
  int filter_input = -1;
  int filter_forward = -1;
  int filter_output = -1;
  int nat_prerouting = -1;
  int nat_output = -1;

  // Sets up the next (table, hook) pass of the path; false when the path is complete.
  bool BeginNextPass(PathKind kind, PathState& st, const NodeContext& node) const;
  void Run(PathKind kind, PathState& st, const NodeContext& node, std::vector<PathState>& pending,
           int& branches) const;
  Verdict Evaluate(PathKind kind, const Packet& packet, const NodeContext& node) const;
};

namespace {

void SetInterface(InterfaceName& name, std::string_view& view, std::string_view value) {
  name = MakeInterfaceName(value);
  view = value;
}

}  // namespace

bool Evaluator::Impl::BeginNextPass(PathKind kind, PathState& st, const NodeContext& node) const {
  while (true) {
    int pass = st.pass++;
    const CompiledTable* compiled = nullptr;
    int hook = -1;
    // NAT is consulted only for a connection's first packet (reference/netfilter-ufw.md §1).
    bool first_packet = (st.pkt.ct & kCtNew) != 0;
    switch (kind) {
      case PathKind::kInbound:
        if (pass == 0 && first_packet) compiled = &nat, hook = nat_prerouting;
        if (pass == 1) {
          // Routing after PREROUTING: the node's own, broadcast and multicast addresses are
          // delivered (INPUT); anything else, e.g. a ClusterIP DNAT'd to a remote pod, is
          // forwarded (§1).
          st.forwarded = (st.pkt.dst_type & (kAddrLocal | kAddrBroadcast | kAddrMulticast)) == 0;
          compiled = &filter;
          hook = st.forwarded ? filter_forward : filter_input;
        }
        if (pass > 1) return false;
        break;
      case PathKind::kLocalOut:
        if (pass <= 1) {  // routed via loopback when the destination is the node's own
          bool local = st.pkt.dst_type == kAddrLocal;
          SetInterface(st.pkt.out, st.pkt.out_name, local ? "lo" : st.routed_out);
        }
        if (pass == 0 && first_packet) compiled = &nat, hook = nat_output;
        if (pass == 1) compiled = &filter, hook = filter_output;
        if (pass == 2) {
          // A packet to one of the node's own addresses comes back in on lo (§1).
          if (st.pkt.dst_type != kAddrLocal) return false;
          SetInterface(st.pkt.in, st.pkt.in_name, "lo");
          SetInterface(st.pkt.out, st.pkt.out_name, "");
          compiled = &filter, hook = filter_input;
        }
        if (pass > 2) return false;
        break;
      case PathKind::kReply:
        if (pass == 0) compiled = &filter, hook = filter_output;
        if (pass > 0) return false;
        break;
    }
    if (compiled == nullptr || compiled->table == nullptr || hook < 0) continue;
    st.in_pass = true;
    st.table = compiled->table->id();
    st.hook = st.chain = hook;
    st.next = 0;
    st.depth = 0;
    if (kind == PathKind::kLocalOut) st.pkt.ComputeAddressTypes(node);  // interfaces changed
    return true;
  }
}

void Evaluator::Impl::Run(PathKind kind, PathState& st, const NodeContext& node,
                          std::vector<PathState>& pending, int& branches) const {
  while (!st.finished) {
    if (!st.in_pass && !BeginNextPass(kind, st, node)) {
      st.finished = true;
      st.end = End::kAccept;
      st.by = st.step_count > 0 ? st.steps[st.step_count - 1].by : Loc{};
      return;
    }
    const CompiledTable& compiled = st.table == TableId::kNat ? nat : filter;
    WalkPass(compiled, kind, options, node, st, pending, branches);
  }
}

Verdict Evaluator::Impl::Evaluate(PathKind kind, const Packet& packet,
                                  const NodeContext& node) const {
  PathState first;
  first.pkt = PacketState::From(packet, node);
  first.routed_out = packet.out_interface;
  if (kind == PathKind::kReply) {
    // A reply belongs to an established connection whose original direction is the inverse.
    first.pkt.ct = static_cast<uint8_t>(kCtEstablished | (packet.ct_state & (kCtSnat | kCtDnat)));
    first.pkt.orig_src = first.pkt.dst;
    first.pkt.orig_dst = first.pkt.src;
    first.pkt.orig_sport = first.pkt.dport;
    first.pkt.orig_dport = first.pkt.sport;
  }
  std::vector<PathState> pending;
  std::vector<PathState> others;
  int branches = 0;
  Run(kind, first, node, pending, branches);
  while (!pending.empty()) {
    PathState st = std::move(pending.back());
    pending.pop_back();
    Run(kind, st, node, pending, branches);
    others.push_back(std::move(st));
  }
  VerdictBuilder builder(filter.table, nat.table, packet);
  return builder.Build(first, others);
}

Evaluator::Evaluator(const Ruleset& ruleset, EvalOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  if (const Table* t = ruleset.table(TableId::kFilter)) {
    impl_->filter = CompileTable(*t, options.index_long_chains);
    impl_->filter_input = t->FindChain("INPUT");
    impl_->filter_forward = t->FindChain("FORWARD");
    impl_->filter_output = t->FindChain("OUTPUT");
  }
  if (const Table* t = ruleset.table(TableId::kNat)) {
    impl_->nat = CompileTable(*t, options.index_long_chains);
    impl_->nat_prerouting = t->FindChain("PREROUTING");
    impl_->nat_output = t->FindChain("OUTPUT");
  }
}

Evaluator::~Evaluator() = default;
Evaluator::Evaluator(Evaluator&&) noexcept = default;

Verdict Evaluator::EvaluateInbound(const Packet& packet, const NodeContext& node) const {
  return impl_->Evaluate(PathKind::kInbound, packet, node);
}

Verdict Evaluator::EvaluateLocalOut(const Packet& packet, const NodeContext& node) const {
  return impl_->Evaluate(PathKind::kLocalOut, packet, node);
}

Verdict Evaluator::EvaluateReply(const Packet& packet, const NodeContext& node) const {
  return impl_->Evaluate(PathKind::kReply, packet, node);
}

}  // namespace tunnelsim::netfilter
