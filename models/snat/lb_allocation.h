// Azure Load Balancer outbound SNAT port allocation: how many ports each backend instance
// (AKS node) gets, whether a configuration fits the frontend IPs, and what a scale event
// does to the allocation. Pure functions of their arguments; all O(1) except the sums.
//
// Facts (reference/azure.md):
//   64,000 SNAT ports per frontend IP (§2.1); each port of a load-balancing or inbound NAT
//   rule on a frontend also used for outbound takes a block of 8 of them (§2.1).
//   allocatedOutboundPorts = 0 means the default table by backend pool size, per frontend
//   IP, summed over IPs and capped at 1024 (§2.2, contradiction C8: the 2023 doc's rule).
//   Manual values are multiples of 8 in [0, 64000] (§2.3, §3.2). The resource provider
//   rejects nodes x ports > IPs x 64,000, counting surge and autoscaler nodes (§3.4).
//   Crossing a table boundary halves the allocation; flows on reclaimed ports die (§2.2).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "models/core/result.h"
#include "models/core/status.h"

namespace tunnelsim::snat {

inline constexpr int kLbSnatPortsPerFrontendIp = 64000;     // reference/azure.md §2.1
inline constexpr int kLbPortsPerRulePort = 8;               // §2.1: one rule port costs 8
inline constexpr int kLbPortGranularity = 8;                // §2.3: multiples of 8
inline constexpr int kLbMaxAllocatedOutboundPorts = 64000;  // §3.1, §3.2
inline constexpr int kLbDefaultPortsCap = 1024;             // §2.2 MIN(..., 1024)

struct DefaultAllocationTier {
  int max_pool_size;  // inclusive upper bound of the backend pool size
  int ports;          // ports per instance, per frontend IP
};

// reference/azure.md §2.2: 1-50:1024, 51-100:512, 101-200:256, 201-400:128, 401-800:64,
// 801-1000:32.
inline constexpr std::array<DefaultAllocationTier, 6> kDefaultAllocationTable = {
    {{50, 1024}, {100, 512}, {200, 256}, {400, 128}, {800, 64}, {1000, 32}}};

struct LbAllocationOptions {
  // The default table stops at 1,000 instances (§2.2: larger pools are unconfirmed). Ports
  // per instance per IP assumed beyond it; 16 continues the table's halving. nullopt refuses
  // such pools with kUnsupported so the caller must set allocatedOutboundPorts.
  std::optional<int> ports_beyond_table = 16;
};

struct DefaultAllocation {
  int ports_per_node = 0;  // MIN(table x IPs, 1024)
  int table_ports = 0;     // the table entry (per frontend IP)
  bool assumed = false;    // true when the pool is beyond the documented table
};

// Default per-node ports for allocatedOutboundPorts = 0.
// Errors: pool size or IP count < 1 (kInvalidArgument); pool beyond the table with
// ports_beyond_table unset, or with an assumed value that would not fit (kUnsupported).
Result<DefaultAllocation> DefaultPortsPerNode(int backend_pool_size, int frontend_ips,
                                              const LbAllocationOptions& options = {});

// The az CLI check of --load-balancer-outbound-ports (§3.2), with its exact messages (the CLI
// names the flag "--load-balancer-allocated-ports" in them): multiple of 8 first, then range.
Status ValidateAllocatedOutboundPorts(int ports);

// Ports per node: `allocated_outbound_ports` when non-zero (validated), else the default.
Result<int> PortsPerNode(int allocated_outbound_ports, int backend_pool_size, int frontend_ips,
                         const LbAllocationOptions& options = {});

// SNAT ports the frontend IPs offer to outbound rules: IPs x 64,000 minus 8 per rule port
// that shares those frontends (never below 0).
int64_t AvailableOutboundPorts(int frontend_ips, int rule_ports_on_outbound_frontends = 0);

// The resource provider's capacity check (§3.4). `total_nodes` must already include upgrade
// surge and autoscaler maxCount headroom (see NodesForCapacityCheck). On failure the message
// is the RP's text, e.g. "Load balancer profile allocated ports 8000 is not in an allowable
// range given the number of nodes and IPs provisioned. Total node count 9 requires 72000
// ports but only 64000 ports are available given 1 outbound public IPs."
// The RP code for it is kInvalidAllocatedOutboundPortsCode.
inline constexpr const char* kInvalidAllocatedOutboundPortsCode =
    "InvalidLoadBalancerProfileAllocatedOutboundPorts";
Status CheckCapacity(int total_nodes, int ports_per_node, int frontend_ips,
                     int rule_ports_on_outbound_frontends = 0);

// Largest node count (surge included) that passes CheckCapacity:
// floor(available ports / ports per node). The AKS doc writes 64,000 / ports x IPs "rounded
// to the nearest integer"; rounding up would be rejected by the RP check, so this floors
// (all of the doc's worked examples are exact: 1000x2 -> 128, 4000x7 -> 112).
// REQUIRES: ports_per_node > 0.
int64_t MaxNodes(int ports_per_node, int frontend_ips, int rule_ports_on_outbound_frontends = 0);

// One node pool's contribution to the capacity check: the larger of its current count and
// its autoscaler maxCount (0 = no autoscaler), plus the surge nodes an upgrade adds (§3.4).
struct NodePoolScale {
  int node_count = 0;
  int autoscaler_max_count = 0;
  int max_surge_nodes = 0;
};
int NodesForCapacityCheck(std::span<const NodePoolScale> pools);

// Index of the default-table tier for a pool size (0 for 1-50, ..., 5 for 801-1000, 6 past
// the table). REQUIRES: backend_pool_size >= 1.
int DefaultTierIndex(int backend_pool_size);

// What a change of the backend pool size does to each node's default allocation (§2.2).
// When new_ports < old_ports the ports [new_ports, old_ports) of every node are reclaimed
// and the flows on them die; ports are numbered from 0 and handed out lowest first, so this
// model reclaims the top of each node's range (which half Azure takes back is unconfirmed).
struct Retier {
  int old_ports = 0;
  int new_ports = 0;
  bool crossed_tier = false;
};
Result<Retier> RetierOnScale(int old_pool_size, int new_pool_size, int frontend_ips,
                             const LbAllocationOptions& options = {});

// --- The outbound rule's timers -------------------------------------------------------------
inline constexpr int kAksLbIdleTimeoutMinutes = 30;        // §3.1, §3.3 (contradiction C2)
inline constexpr int kStandardLbIdleTimeoutMinutes = 4;    // §2.5: plain Standard LB default
inline constexpr int kLbIdleTimeoutMinMinutes = 4;         // §2.5
inline constexpr int kLbIdleTimeoutMaxMinutesApi = 120;    // §2.5, §3.1 (contradiction C1)
inline constexpr int kLbIdleTimeoutMaxMinutesAzCli = 100;  // §3.2 (contradiction C1)
inline constexpr int kLbMaxFrontendIps = 100;              // §3.1 managedOutboundIPs.count
// §2.6: only the <=2020 docs give these; current docs are silent (unconfirmed today).
inline constexpr double kHistoricalLbFinReleaseSeconds = 240;
inline constexpr double kHistoricalLbRstReleaseSeconds = 15;

// Which upper bound applies to the idle timeout: the API's 120 or the az CLI's 100 (C1).
enum class IdleTimeoutLimit { kApi, kAzCli };
// kAzCli returns the CLI's message "--load-balancer-idle-timeout must be in the range [4,100]".
Status ValidateLbIdleTimeout(int minutes, IdleTimeoutLimit limit = IdleTimeoutLimit::kApi);

// An outbound rule as AKS configures it (aksOutboundRule, §3.3) or as a plain Standard Load
// Balancer defaults it (§2.5).
struct LbOutboundRule {
  int frontend_ips = 1;
  int allocated_outbound_ports = 0;  // 0 = default table
  int idle_timeout_minutes = kAksLbIdleTimeoutMinutes;
  bool enable_tcp_reset = true;  // bidirectional RST at idle timeout (ESTABLISHED TCP only)
  double fin_release_seconds = kHistoricalLbFinReleaseSeconds;  // port held after FIN
  double rst_release_seconds = kHistoricalLbRstReleaseSeconds;  // port held after RST
  int rule_ports_on_outbound_frontends = 0;  // LB/inbound-NAT rule ports sharing the IPs
  LbAllocationOptions allocation;

  static LbOutboundRule Aks() { return {}; }
  static LbOutboundRule PlainStandard() {
    LbOutboundRule rule;
    rule.idle_timeout_minutes = kStandardLbIdleTimeoutMinutes;
    rule.enable_tcp_reset = false;  // §2.5: the default is a silent drop
    return rule;
  }
};

// Checks IP count (1-100), allocated ports (CLI rules), idle timeout (`limit`), timers >= 0.
Status ValidateOutboundRule(const LbOutboundRule& rule,
                            IdleTimeoutLimit limit = IdleTimeoutLimit::kApi);

}  // namespace tunnelsim::snat
