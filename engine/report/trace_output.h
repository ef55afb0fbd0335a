// Renders paths hop by hop for `tunnelsim trace`: every filter on the way with its verdict and
// deciding rule, blocks that are never reached marked as such (so every blocker shows at
// once), and the article's commands to confirm the prediction on the real cluster.
#pragma once

#include <string>

#include "engine/reachability/check.h"
#include "engine/reachability/path.h"

namespace tunnelsim {

// One path as an indented block of hop lines.
std::string FormatPath(const PathResult& path, std::string_view indent);

struct TraceRequest {
  Operation operation = Operation::kLogs;
  std::string pod;      // "namespace/name" for logs / exec / port-forward
  std::string webhook;  // name, for admission
};

// The tunnel and dial paths an operation can take, one per agent the server may pick. Returns
// an error message (and empty output) when the pod or webhook does not exist.
Result<std::string> FormatOperationTrace(const CheckReport& report, const TraceRequest& request);

// A raw flow between two nodes.
std::string FormatFlowTrace(const ClusterModel& model, size_t from_node, size_t to_node,
                            uint16_t port);

}  // namespace tunnelsim
