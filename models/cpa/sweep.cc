#include "models/cpa/sweep.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace tunnelsim::cpa {
namespace {

constexpr int64_t kMaxNodes = 1'000'000;
constexpr int64_t kMaxMillicoresPerNode = 2'000'000;
constexpr int64_t kMaxCores = std::numeric_limits<int32_t>::max();

std::vector<ReplicaStep> SweepLadder(const LadderParams& ladder, const SweepLine& line,
                                     int64_t first, int64_t last) {
  std::vector<int64_t> points = {first};
  auto add = [&](int64_t x) {
    if (x > first && x <= last) points.push_back(x);
  };
  for (const LadderEntry& e : ladder.nodes_to_replicas) add(line.FirstReachingNodes(e.threshold));
  for (const LadderEntry& e : ladder.cores_to_replicas) add(line.FirstReachingCores(e.threshold));
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  std::vector<ReplicaStep> steps;
  for (int64_t x : points) {
    int32_t replicas = LadderReplicas(ladder, line.At(x));
    if (steps.empty() || steps.back().replicas != replicas) steps.push_back({x, replicas});
  }
  return steps;
}

// What decides the linear count at x: both terms and whether there is more than one node.
// Each part is non-decreasing in x, so equal keys form one contiguous run of values.
struct LinearKey {
  double cores_term;
  double nodes_term;
  int64_t nodes_if_one_or_less;  // the node count when <= 1, else 2 (all PSPF looks at)
  bool operator==(const LinearKey&) const = default;
};

std::vector<ReplicaStep> SweepLinear(const LinearParams& linear, const SweepLine& line,
                                     int64_t first, int64_t last) {
  auto key = [&](int64_t x) {
    ClusterStatus s = line.At(x);
    return LinearKey{LinearTerm(s.schedulable_cores, linear.cores_per_replica, linear),
                     LinearTerm(s.schedulable_nodes, linear.nodes_per_replica, linear),
                     std::min<int64_t>(s.schedulable_nodes, 2)};
  };
  std::vector<ReplicaStep> steps;
  int64_t x = first;
  LinearKey run_key = key(x);
  // The count never decreases (unless it wraps in int32), so each step adds at least one
  // replica: one allocation of the right size instead of a growing vector.
  int64_t lowest = LinearReplicas(linear, line.At(first));
  int64_t highest = LinearReplicas(linear, line.At(last));
  if (highest >= lowest)
    steps.reserve(static_cast<size_t>(std::min(highest - lowest, last - first) + 1));
  while (true) {
    int32_t replicas = LinearReplicasFromTerms(run_key.cores_term, run_key.nodes_term,
                                               run_key.nodes_if_one_or_less, linear);
    if (steps.empty() || steps.back().replicas != replicas) steps.push_back({x, replicas});
    // Gallop: lo keeps the run's key; stop at the first probe hi that does not, or at last.
    int64_t lo = x, hi = x, step = 1;
    LinearKey hi_key = run_key;
    while (true) {
      hi = std::min(last, x + step);
      hi_key = key(hi);
      if (!(hi_key == run_key) || hi == last) break;
      lo = hi;
      step *= 2;
    }
    if (hi_key == run_key) break;  // the run reaches `last`
    while (hi - lo > 1) {          // binary search for the first x with a different key
      int64_t mid = lo + (hi - lo) / 2;
      LinearKey mid_key = key(mid);
      if (mid_key == run_key) {
        lo = mid;
      } else {
        hi = mid;
        hi_key = mid_key;
      }
    }
    x = hi;
    run_key = hi_key;
  }
  return steps;
}

Status CheckRange(std::string_view what, int64_t first, int64_t last, int64_t max) {
  if (first < 0 || first > last || last > max) {
    return Status::InvalidArgument(fmt::format(
        "{} range {}..{} is invalid; expected 0 <= first <= last <= {}", what, first, last, max));
  }
  return Status::Ok();
}

Status CheckFixed(std::string_view what, int64_t value, int64_t max) {
  if (value < 0 || value > max) {
    return Status::InvalidArgument(
        fmt::format("{} {} is out of range; expected 0..{}", value, what, max));
  }
  return Status::Ok();
}

}  // namespace

SweepLine SweepLine::NodesOfSize(int64_t millicores_per_node) {
  return SweepLine(Kind::kNodesOfSize, millicores_per_node);
}
SweepLine SweepLine::NodesWithCores(int64_t total_cores) {
  return SweepLine(Kind::kNodesWithCores, total_cores);
}
SweepLine SweepLine::CoresOnNodes(int64_t nodes) { return SweepLine(Kind::kCoresOnNodes, nodes); }

ClusterStatus SweepLine::At(int64_t x) const {
  switch (kind_) {
    case Kind::kNodesOfSize:
      return UniformClusterStatus(x, fixed_);
    case Kind::kNodesWithCores: {
      auto nodes = static_cast<int32_t>(x), cores = static_cast<int32_t>(fixed_);
      return ClusterStatus{nodes, nodes, cores, cores};
    }
    case Kind::kCoresOnNodes: {
      auto nodes = static_cast<int32_t>(fixed_), cores = static_cast<int32_t>(x);
      return ClusterStatus{nodes, nodes, cores, cores};
    }
  }
  return {};
}

int64_t SweepLine::FirstReachingNodes(int64_t threshold) const {
  if (kind_ == Kind::kCoresOnNodes) return -1;
  return std::max<int64_t>(threshold, 0);
}

int64_t SweepLine::FirstReachingCores(int64_t threshold) const {
  switch (kind_) {
    case Kind::kNodesOfSize:
      // ceil(x * m / 1000) >= t  <=>  x * m > (t - 1) * 1000. Beyond int32 no x gets there
      // (the bounds keep x * m / 1000 below 2^31), which also keeps the product small.
      if (threshold <= 0) return 0;
      if (fixed_ == 0 || threshold > kMaxCores) return -1;
      return (threshold - 1) * 1000 / fixed_ + 1;
    case Kind::kNodesWithCores:
      return -1;
    case Kind::kCoresOnNodes:
      return std::max<int64_t>(threshold, 0);
  }
  return -1;
}

ClusterStatus UniformClusterStatus(int64_t nodes, int64_t millicores_per_node) {
  auto count = static_cast<int32_t>(nodes);
  auto cores = static_cast<int32_t>(MillicoresToCores(nodes * millicores_per_node));
  return ClusterStatus{count, count, cores, cores};
}

Result<std::vector<ReplicaStep>> SweepReplicas(const ScalerParams& params, const SweepLine& line,
                                               int64_t first, int64_t last) {
  Status s = Status::Ok();
  switch (line.kind_) {
    case SweepLine::Kind::kNodesOfSize:
      s = CheckRange("node", first, last, kMaxNodes);
      if (s.ok()) s = CheckFixed("millicores per node", line.fixed_, kMaxMillicoresPerNode);
      break;
    case SweepLine::Kind::kNodesWithCores:
      s = CheckRange("node", first, last, kMaxNodes);
      if (s.ok()) s = CheckFixed("cores", line.fixed_, kMaxCores);
      break;
    case SweepLine::Kind::kCoresOnNodes:
      s = CheckRange("core", first, last, kMaxCores);
      if (s.ok()) s = CheckFixed("nodes", line.fixed_, kMaxNodes);
      break;
  }
  if (!s.ok()) return s;
  if (const auto* ladder = std::get_if<LadderParams>(&params)) {
    return SweepLadder(*ladder, line, first, last);
  }
  return SweepLinear(std::get<LinearParams>(params), line, first, last);
}

Result<std::vector<ReplicaStep>> SweepReplicas(const ScalerParams& params,
                                               int64_t millicores_per_node, int64_t first_nodes,
                                               int64_t last_nodes) {
  return SweepReplicas(params, SweepLine::NodesOfSize(millicores_per_node), first_nodes,
                       last_nodes);
}

}  // namespace tunnelsim::cpa
