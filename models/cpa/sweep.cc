#include "models/cpa/sweep.h"

#include <algorithm>

#include <fmt/format.h>

namespace tunnelsim::cpa {
namespace {

constexpr int64_t kMaxNodes = 1'000'000;
constexpr int64_t kMaxMillicoresPerNode = 2'000'000;

// The smallest node count whose core total reaches `threshold` (ceil(n*m/1000) >= t), or
// -1 when no count does (m == 0 and t > 0). REQUIRES: t <= cores of kMaxNodes nodes.
int64_t FirstNodesReachingCores(int64_t threshold, int64_t millicores_per_node) {
  if (threshold <= 0) return 0;
  if (millicores_per_node == 0) return -1;
  // ceil(n*m/1000) >= t  <=>  n*m > (t-1)*1000
  return (threshold - 1) * 1000 / millicores_per_node + 1;
}

std::vector<ReplicaStep> SweepLadder(const LadderParams& ladder, int64_t m, int64_t first,
                                     int64_t last) {
  std::vector<int64_t> points = {first};
  for (const LadderEntry& e : ladder.nodes_to_replicas) {
    if (e.threshold > first && e.threshold <= last) points.push_back(e.threshold);
  }
  int64_t max_cores = MillicoresToCores(last * m);
  for (const LadderEntry& e : ladder.cores_to_replicas) {
    if (e.threshold > max_cores) continue;
    int64_t n = FirstNodesReachingCores(e.threshold, m);
    if (n > first && n <= last) points.push_back(n);
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  std::vector<ReplicaStep> steps;
  for (int64_t n : points) {
    int32_t replicas = LadderReplicas(ladder, UniformClusterStatus(n, m));
    if (steps.empty() || steps.back().replicas != replicas) steps.push_back({n, replicas});
  }
  return steps;
}

// What decides the linear count at n nodes: both terms and whether n > 1. Each part is
// non-decreasing in n, so equal keys form one contiguous run of node counts.
struct LinearKey {
  double cores_term;
  double nodes_term;
  bool several_nodes;
  bool operator==(const LinearKey&) const = default;
};

std::vector<ReplicaStep> SweepLinear(const LinearParams& linear, int64_t m, int64_t first,
                                     int64_t last) {
  auto key = [&](int64_t n) {
    ClusterStatus s = UniformClusterStatus(n, m);
    return LinearKey{LinearTerm(s.schedulable_cores, linear.cores_per_replica, linear),
                     LinearTerm(s.schedulable_nodes, linear.nodes_per_replica, linear), n > 1};
  };
  std::vector<ReplicaStep> steps;
  int64_t n = first;
  LinearKey run_key = key(n);
  // The count never decreases (unless it wraps in int32), so each step adds at least one
  // replica: one allocation of the right size instead of a growing vector.
  int64_t lowest = LinearReplicas(linear, UniformClusterStatus(first, m));
  int64_t highest = LinearReplicas(linear, UniformClusterStatus(last, m));
  if (highest >= lowest)
    steps.reserve(static_cast<size_t>(std::min(highest - lowest, last - first) + 1));
  while (true) {
    // Any n of the run gives the count; n itself decides PSPF only through several_nodes.
    int32_t replicas = LinearReplicasFromTerms(run_key.cores_term, run_key.nodes_term,
                                               run_key.several_nodes ? 2 : n, linear);
    if (steps.empty() || steps.back().replicas != replicas) steps.push_back({n, replicas});
    // Gallop: lo keeps the run's key; stop at the first probe hi that does not, or at last.
    int64_t lo = n, hi = n, step = 1;
    LinearKey hi_key = run_key;
    while (true) {
      hi = std::min(last, n + step);
      hi_key = key(hi);
      if (!(hi_key == run_key) || hi == last) break;
      lo = hi;
      step *= 2;
    }
    if (hi_key == run_key) break;  // the run reaches `last`
    while (hi - lo > 1) {          // binary search for the first n with a different key
      int64_t mid = lo + (hi - lo) / 2;
      LinearKey mid_key = key(mid);
      if (mid_key == run_key) {
        lo = mid;
      } else {
        hi = mid;
        hi_key = mid_key;
      }
    }
    n = hi;
    run_key = hi_key;
  }
  return steps;
}

}  // namespace

ClusterStatus UniformClusterStatus(int64_t nodes, int64_t millicores_per_node) {
  auto count = static_cast<int32_t>(nodes);
  auto cores = static_cast<int32_t>(MillicoresToCores(nodes * millicores_per_node));
  return ClusterStatus{count, count, cores, cores};
}

Result<std::vector<ReplicaStep>> SweepReplicas(const ScalerParams& params,
                                               int64_t millicores_per_node, int64_t first_nodes,
                                               int64_t last_nodes) {
  if (first_nodes < 0 || first_nodes > last_nodes || last_nodes > kMaxNodes) {
    return Status::InvalidArgument(
        fmt::format("node range {}..{} is invalid; expected 0 <= first <= last <= {}", first_nodes,
                    last_nodes, kMaxNodes));
  }
  if (millicores_per_node < 0 || millicores_per_node > kMaxMillicoresPerNode) {
    return Status::InvalidArgument(
        fmt::format("{} millicores per node is out of range; expected 0..{}", millicores_per_node,
                    kMaxMillicoresPerNode));
  }
  if (const auto* ladder = std::get_if<LadderParams>(&params)) {
    return SweepLadder(*ladder, millicores_per_node, first_nodes, last_nodes);
  }
  return SweepLinear(std::get<LinearParams>(params), millicores_per_node, first_nodes, last_nodes);
}

}  // namespace tunnelsim::cpa
