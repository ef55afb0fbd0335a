#include "engine/capacity/lb_default_ports.h"

#include <algorithm>

namespace tunnelsim::capacity {
namespace {

struct Tier {
  int64_t max_pool;  // the tier covers pool sizes up to and including this one
  int64_t ports;
};

// reference/azure.md §2.2, "SNAT port preallocations for a single frontend IP".
constexpr Tier kTiers[] = {{50, 1024}, {100, 512}, {200, 256}, {400, 128}, {800, 64}, {1000, 32}};

// reference/azure.md §2.2: a backend never gets more than 1,024 default ports.
constexpr int64_t kMaxDefaultPorts = 1024;

}  // namespace

std::optional<int64_t> DefaultSnatPortsPerNode(int64_t pool_size, int64_t frontend_ips) {
  if (pool_size < 1 || frontend_ips < 1) return std::nullopt;
  for (const Tier& tier : kTiers) {
    if (pool_size <= tier.max_pool) {
      // At most 100 IPs (reference/azure.md §3.1), so the product cannot overflow; clamp anyway.
      int64_t ips = std::min<int64_t>(frontend_ips, kMaxDefaultPorts);
      return std::min(tier.ports * ips, kMaxDefaultPorts);
    }
  }
  return std::nullopt;
}

}  // namespace tunnelsim::capacity
