#include "models/nsg/path.h"

namespace tunnelsim::nsg {
namespace {

Verdict EvaluateStage(const CompiledNsg* nsg, Direction direction, const Flow& flow) {
  if (nsg == nullptr) {
    Verdict open;
    open.allowed = true;
    open.reason = VerdictReason::kNoNsg;
    open.direction = direction;
    return open;
  }
  return nsg->Evaluate(direction, flow);
}

PathVerdict Evaluate(Direction direction, const CompiledNsg* first, Attachment first_kind,
                     const CompiledNsg* second, Attachment second_kind, const Flow& flow) {
  PathVerdict path;
  path.stages[0] = {first_kind, true, EvaluateStage(first, direction, flow)};
  path.stages[1] = {second_kind, path.stages[0].verdict.allowed,
                    EvaluateStage(second, direction, flow)};
  if (!path.stages[0].verdict.allowed) {
    path.allowed = false;
    path.deciding = 0;
  } else if (!path.stages[1].verdict.allowed) {
    path.allowed = false;
    path.deciding = 1;
  } else {
    path.allowed = true;
    path.deciding = (second == nullptr && first != nullptr) ? 0 : 1;
  }
  return path;
}

}  // namespace

PathVerdict EvaluateInbound(const CompiledNsg* subnet_nsg, const CompiledNsg* nic_nsg,
                            const Flow& flow) {
  return Evaluate(Direction::kInbound, subnet_nsg, Attachment::kSubnet, nic_nsg, Attachment::kNic,
                  flow);
}

PathVerdict EvaluateOutbound(const CompiledNsg* nic_nsg, const CompiledNsg* subnet_nsg,
                             const Flow& flow) {
  return Evaluate(Direction::kOutbound, nic_nsg, Attachment::kNic, subnet_nsg, Attachment::kSubnet,
                  flow);
}

}  // namespace tunnelsim::nsg
