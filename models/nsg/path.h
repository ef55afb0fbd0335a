// The two NSGs a flow crosses at one VM: inbound the subnet's NSG first, then the NIC's;
// outbound the NIC's first, then the subnet's. Either may be absent (then it allows), and
// intra-subnet traffic is filtered too (reference/azure.md §1.5). A flow passes only if both
// allow. Both stages are always evaluated, so a report can show every blocker at once;
// `reached` says whether Azure would get to a stage at all.
// Complexity: two CompiledNsg::Evaluate calls; no allocation.
#pragma once

#include <array>
#include <cstddef>

#include "models/nsg/evaluator.h"

namespace tunnelsim::nsg {

enum class Attachment : uint8_t { kSubnet, kNic };

struct PathStage {
  Attachment attachment = Attachment::kSubnet;
  // False when the earlier stage denied: Azure never evaluates this NSG for the flow.
  bool reached = true;
  Verdict verdict;  // computed even when not reached
};

struct PathVerdict {
  std::array<PathStage, 2> stages;  // in processing order
  bool allowed = true;
  // The first stage that denied; if both allow, the last stage that has an NSG (the last
  // check the flow passed); if neither has one, the second stage.
  size_t deciding = 1;

  const PathStage& deciding_stage() const { return stages[deciding]; }
};

// Null means "no NSG associated". The pointers need only live for the call, but the returned
// verdicts refer to their names (see Verdict).
PathVerdict EvaluateInbound(const CompiledNsg* subnet_nsg, const CompiledNsg* nic_nsg,
                            const Flow& flow);
PathVerdict EvaluateOutbound(const CompiledNsg* nic_nsg, const CompiledNsg* subnet_nsg,
                             const Flow& flow);

}  // namespace tunnelsim::nsg
