#include "engine/capacity/lb_default_ports.h"

#include <limits>

#include "models/snat/lb_allocation.h"

namespace tunnelsim::capacity {

std::optional<int64_t> DefaultSnatPortsPerNode(int64_t pool_size, int64_t frontend_ips) {
  constexpr int64_t kIntMax = std::numeric_limits<int>::max();
  if (pool_size < 1 || frontend_ips < 1 || pool_size > kIntMax || frontend_ips > kIntMax) {
    return std::nullopt;
  }
  // The SNAT model's table (reference/azure.md §2.2), refusing pools beyond it.
  snat::LbAllocationOptions documented_only;
  documented_only.ports_beyond_table = std::nullopt;
  auto allocation = snat::DefaultPortsPerNode(static_cast<int>(pool_size),
                                              static_cast<int>(frontend_ips), documented_only);
  if (!allocation.ok()) return std::nullopt;
  return allocation->ports_per_node;
}

}  // namespace tunnelsim::capacity
