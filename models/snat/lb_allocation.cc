#include "models/snat/lb_allocation.h"

#include <algorithm>

#include <fmt/format.h>

namespace tunnelsim::snat {

int DefaultTierIndex(int backend_pool_size) {
  for (size_t i = 0; i < kDefaultAllocationTable.size(); ++i) {
    if (backend_pool_size <= kDefaultAllocationTable[i].max_pool_size) return static_cast<int>(i);
  }
  return static_cast<int>(kDefaultAllocationTable.size());
}

Result<DefaultAllocation> DefaultPortsPerNode(int backend_pool_size, int frontend_ips,
                                              const LbAllocationOptions& options) {
  if (backend_pool_size < 1) {
    return Status::InvalidArgument(fmt::format(
        "backend pool size {} is invalid; expected at least 1 instance", backend_pool_size));
  }
  if (frontend_ips < 1) {
    return Status::InvalidArgument(
        fmt::format("frontend IP count {} is invalid; expected at least 1", frontend_ips));
  }
  DefaultAllocation out;
  const int tier = DefaultTierIndex(backend_pool_size);
  if (tier < static_cast<int>(kDefaultAllocationTable.size())) {
    out.table_ports = kDefaultAllocationTable[tier].ports;
  } else {
    const int last = kDefaultAllocationTable.back().max_pool_size;
    if (!options.ports_beyond_table) {
      return Status::Unsupported(fmt::format(
          "default SNAT allocation for a backend pool of {} instances is undocumented (the "
          "table ends at {}); expected an explicit allocatedOutboundPorts",
          backend_pool_size, last));
    }
    out.table_ports = *options.ports_beyond_table;
    out.assumed = true;
  }
  // reference/azure.md §2.2 (2023): MIN(table ports x frontend IPs, 1024).
  out.ports_per_node = static_cast<int>(
      std::min<int64_t>(int64_t{out.table_ports} * frontend_ips, kLbDefaultPortsCap));
  if (out.assumed &&
      int64_t{out.ports_per_node} * backend_pool_size > AvailableOutboundPorts(frontend_ips)) {
    return Status::Unsupported(fmt::format(
        "default SNAT allocation for a backend pool of {} instances is undocumented; the "
        "assumed {} ports per node need {} ports but {} frontend IPs offer {}; expected an "
        "explicit allocatedOutboundPorts",
        backend_pool_size, out.ports_per_node, int64_t{out.ports_per_node} * backend_pool_size,
        frontend_ips, AvailableOutboundPorts(frontend_ips)));
  }
  return out;
}

Status ValidateAllocatedOutboundPorts(int ports) {
  // azure-cli acs/_validators.py validate_load_balancer_outbound_ports, verbatim messages.
  if (ports % kLbPortGranularity != 0) {
    return Status::InvalidArgument("--load-balancer-allocated-ports must be a multiple of 8");
  }
  if (ports < 0 || ports > kLbMaxAllocatedOutboundPorts) {
    return Status::OutOfRange("--load-balancer-allocated-ports must be in the range [0,64000]");
  }
  return Status::Ok();
}

Result<int> PortsPerNode(int allocated_outbound_ports, int backend_pool_size, int frontend_ips,
                         const LbAllocationOptions& options) {
  if (Status s = ValidateAllocatedOutboundPorts(allocated_outbound_ports); !s.ok()) return s;
  if (allocated_outbound_ports != 0) return allocated_outbound_ports;
  Result<DefaultAllocation> d = DefaultPortsPerNode(backend_pool_size, frontend_ips, options);
  if (!d.ok()) return d.status();
  return d->ports_per_node;
}

int64_t AvailableOutboundPorts(int frontend_ips, int rule_ports_on_outbound_frontends) {
  const int64_t total = int64_t{frontend_ips} * kLbSnatPortsPerFrontendIp -
                        int64_t{rule_ports_on_outbound_frontends} * kLbPortsPerRulePort;
  return std::max<int64_t>(total, 0);
}

Status CheckCapacity(int total_nodes, int ports_per_node, int frontend_ips,
                     int rule_ports_on_outbound_frontends) {
  const int64_t needed = int64_t{total_nodes} * ports_per_node;
  const int64_t available = AvailableOutboundPorts(frontend_ips, rule_ports_on_outbound_frontends);
  if (needed <= available) return Status::Ok();
  // reference/azure.md §3.4: the RP's message, word for word.
  return Status::OutOfRange(fmt::format(
      "Load balancer profile allocated ports {} is not in an allowable range given the number "
      "of nodes and IPs provisioned. Total node count {} requires {} ports but only {} ports "
      "are available given {} outbound public IPs.",
      ports_per_node, total_nodes, needed, available, frontend_ips));
}

int64_t MaxNodes(int ports_per_node, int frontend_ips, int rule_ports_on_outbound_frontends) {
  return AvailableOutboundPorts(frontend_ips, rule_ports_on_outbound_frontends) / ports_per_node;
}

int NodesForCapacityCheck(std::span<const NodePoolScale> pools) {
  int total = 0;
  for (const NodePoolScale& pool : pools) {
    total += std::max(pool.node_count, pool.autoscaler_max_count) + pool.max_surge_nodes;
  }
  return total;
}

Result<Retier> RetierOnScale(int old_pool_size, int new_pool_size, int frontend_ips,
                             const LbAllocationOptions& options) {
  Result<DefaultAllocation> before = DefaultPortsPerNode(old_pool_size, frontend_ips, options);
  if (!before.ok()) return before.status();
  Result<DefaultAllocation> after = DefaultPortsPerNode(new_pool_size, frontend_ips, options);
  if (!after.ok()) return after.status();
  return Retier{before->ports_per_node, after->ports_per_node,
                DefaultTierIndex(old_pool_size) != DefaultTierIndex(new_pool_size)};
}

Status ValidateLbIdleTimeout(int minutes, IdleTimeoutLimit limit) {
  if (limit == IdleTimeoutLimit::kAzCli) {
    if (minutes < kLbIdleTimeoutMinMinutes || minutes > kLbIdleTimeoutMaxMinutesAzCli) {
      // azure-cli acs/_validators.py validate_load_balancer_idle_timeout, verbatim.
      return Status::OutOfRange("--load-balancer-idle-timeout must be in the range [4,100]");
    }
    return Status::Ok();
  }
  if (minutes < kLbIdleTimeoutMinMinutes || minutes > kLbIdleTimeoutMaxMinutesApi) {
    return Status::OutOfRange(
        fmt::format("idleTimeoutInMinutes {} is out of range; expected {} to {} minutes", minutes,
                    kLbIdleTimeoutMinMinutes, kLbIdleTimeoutMaxMinutesApi));
  }
  return Status::Ok();
}

Status ValidateOutboundRule(const LbOutboundRule& rule, IdleTimeoutLimit limit) {
  if (rule.frontend_ips < 1 || rule.frontend_ips > kLbMaxFrontendIps) {
    return Status::OutOfRange(
        fmt::format("outbound frontend IP count {} is out of range; expected 1 to {}",
                    rule.frontend_ips, kLbMaxFrontendIps));
  }
  if (Status s = ValidateAllocatedOutboundPorts(rule.allocated_outbound_ports); !s.ok()) return s;
  if (Status s = ValidateLbIdleTimeout(rule.idle_timeout_minutes, limit); !s.ok()) return s;
  if (rule.fin_release_seconds < 0 || rule.rst_release_seconds < 0) {
    return Status::InvalidArgument(
        fmt::format("FIN/RST port release times {}s/{}s are invalid; expected >= 0",
                    rule.fin_release_seconds, rule.rst_release_seconds));
  }
  if (rule.rule_ports_on_outbound_frontends < 0) {
    return Status::InvalidArgument(fmt::format("rule port count {} is invalid; expected >= 0",
                                               rule.rule_ports_on_outbound_frontends));
  }
  if (rule.allocation.ports_beyond_table &&
      (*rule.allocation.ports_beyond_table <= 0 || *rule.allocation.ports_beyond_table % 8 != 0)) {
    return Status::InvalidArgument(
        fmt::format("assumed default of {} ports beyond the table is invalid; expected a "
                    "positive multiple of 8",
                    *rule.allocation.ports_beyond_table));
  }
  return Status::Ok();
}

}  // namespace tunnelsim::snat
