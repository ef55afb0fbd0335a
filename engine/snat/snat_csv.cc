// CSV in the shape of Azure's Load Balancer metrics (reference/azure.md §2.7): one row per
// step and pool. SnatConnectionCount (by connection state) is the sum over the pool's nodes
// (the portal's "Sum" aggregation); AllocatedSnatPorts and UsedSnatPorts are per backend
// instance, averaged over the step and the nodes (the portal's "Average"); the maximum over
// nodes is added. NAT Gateway has no per-node allocation, so AllocatedSnatPorts is empty.
#include <cmath>

#include <fmt/format.h>

#include "engine/snat/snat_output.h"

namespace tunnelsim::snatsim {
namespace {

std::string Number(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9) return fmt::format("{}", std::llround(v));
  return fmt::format("{:.2f}", v);
}

// Pool names are Azure names ([a-z0-9]), but quote defensively.
std::string Field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string FormatSnatCsv(const SnatReport& r) {
  std::string out =
      "time,seconds,pool,SnatConnectionCount_successful,SnatConnectionCount_failed,"
      "AllocatedSnatPorts,UsedSnatPorts,UsedSnatPorts_max\n";
  if (r.first.groups.empty()) return out;
  const size_t steps = r.first.groups.front().steps.size();
  for (size_t i = 0; i < steps; ++i) {
    for (const snat::GroupResult& g : r.first.groups) {
      const snat::StepMetrics& m = g.steps[i];
      out +=
          fmt::format("{},{},{},{},{},{},{},{}\n", Clock(m.start_seconds), Number(m.start_seconds),
                      Field(g.name), std::llround(m.successful_mean * g.nodes),
                      std::llround(m.failed_mean * g.nodes),
                      r.plan->nat_gateway ? "" : Number(m.allocated_ports),
                      Number(m.used_ports_mean), m.used_ports_max_node);
    }
  }
  return out;
}

}  // namespace tunnelsim::snatsim
