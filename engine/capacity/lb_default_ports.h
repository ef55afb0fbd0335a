// The SNAT ports a Standard Load Balancer gives each backend instance when its outbound rule
// leaves allocatedOutboundPorts at 0 (AKS's default): a fixed table by backend pool size
// (reference/azure.md §2.2), as models/snat computes it. This is the small answer `tunnelsim cpa`
// shows beside the replica timeline; the full SNAT simulation is models/snat.
//   - pool sizes 1-50: 1,024 ports; 51-100: 512; 101-200: 256; 201-400: 128; 401-800: 64;
//     801-1,000: 32;
//   - with several frontend IPs each instance gets MIN(table x IPs, 1,024) (2023 revision of
//     the document; older revisions counted the column per IP configuration, §C8);
//   - beyond 1,000 instances Azure's table says nothing (unconfirmed), so there is no answer.
// O(1).
#pragma once

#include <cstdint>
#include <optional>

namespace tunnelsim::capacity {

// The largest backend pool the default table covers.
inline constexpr int64_t kDefaultPortTableMaxPool = 1000;

// Ports per instance at `pool_size` instances behind `frontend_ips` outbound IPs; nullopt when
// the table has no row (pool_size < 1 or > 1,000) or frontend_ips < 1.
std::optional<int64_t> DefaultSnatPortsPerNode(int64_t pool_size, int64_t frontend_ips);

}  // namespace tunnelsim::capacity
