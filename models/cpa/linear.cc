#include "models/cpa/linear.h"

#include <cmath>
#include <limits>

namespace tunnelsim::cpa {
namespace {

// Go's int(float64) on amd64: truncation, and 0x8000000000000000 for values out of range.
int64_t GoFloatToInt(double x) {
  constexpr double kTwo63 = 9223372036854775808.0;
  if (x >= -kTwo63 && x < kTwo63) return static_cast<int64_t>(x);
  return std::numeric_limits<int64_t>::min();
}

}  // namespace

double LinearTerm(int64_t resources, double resources_per_replica, const LinearParams& params) {
  if (resources_per_replica == 0) return 1;  // 1, not min: upstream's choice
  double replicas = std::ceil(static_cast<double>(resources) / resources_per_replica);
  if (params.max != 0) replicas = std::fmin(static_cast<double>(params.max), replicas);
  return std::fmax(static_cast<double>(params.min), replicas);
}

int64_t LinearReplicasFor(int64_t resources, double resources_per_replica,
                          const LinearParams& params) {
  return GoFloatToInt(LinearTerm(resources, resources_per_replica, params));
}

int32_t LinearReplicasFromTerms(double cores_term, double nodes_term, int64_t nodes,
                                const LinearParams& params) {
  int64_t from_cores = GoFloatToInt(cores_term);
  int64_t from_nodes = GoFloatToInt(nodes_term);
  if (params.prevent_single_point_failure && nodes > 1 && from_nodes < 2) from_nodes = 2;
  return static_cast<int32_t>(from_cores > from_nodes ? from_cores : from_nodes);
}

int32_t LinearReplicas(const LinearParams& params, const ClusterStatus& status) {
  bool totals = params.include_unschedulable_nodes;
  int64_t nodes = totals ? status.total_nodes : status.schedulable_nodes;
  int64_t cores = totals ? status.total_cores : status.schedulable_cores;
  return LinearReplicasFromTerms(LinearTerm(cores, params.cores_per_replica, params),
                                 LinearTerm(nodes, params.nodes_per_replica, params), nodes,
                                 params);
}

}  // namespace tunnelsim::cpa
