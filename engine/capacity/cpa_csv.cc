// The CSV writer of `tunnelsim cpa` (cpa_output.h).
#include <fmt/format.h>

#include "engine/capacity/cpa_format.h"
#include "engine/capacity/cpa_output.h"

namespace tunnelsim::capacity {

std::string FormatCpaCsv(const CpaSetup& setup, const CpaReport& report) {
  std::string out = fmt::format(
      "{},replicas,memory_per_replica_bytes,headroom_bytes,oom,oom_replicas_killed,oom_cascade,"
      "oom_stream_breaks,oom_restarts,oom_redial_snat_ports,one_lost_cascade\n",
      format::AxisName(report));
  for (const CapacityFigures& f : EverySweepValue(setup, report)) {
    std::string headroom =
        f.has_limit && !f.memory.no_agents ? fmt::format("{}", f.memory.headroom_bytes) : "";
    // The oom_ columns describe the kills of an over-limit size (zeros otherwise); the last
    // column whether losing one replica at a size under the limit takes the others down.
    std::string kills = ",,,,,";
    if (f.oom) {
      const cpa::OomRestartReport& k = f.oom->report;
      bool over = f.oom->trigger == OomOutcome::Trigger::kOverLimit;
      std::string ports = f.oom->redial_snat_ports ? "0" : "";
      if (over && f.oom->redial_snat_ports) ports = fmt::format("{}", *f.oom->redial_snat_ports);
      kills = over ? fmt::format("{},{},{},{},{},", k.replicas_killed, k.cascade, k.stream_breaks,
                                 k.restarts, ports)
                   : fmt::format("0,false,0,0,{},{}", ports, k.cascade);
    }
    out += fmt::format("{},{},{},{},{},{}\n", SweptValue(report, f), f.replicas,
                       f.memory.busiest_replica_bytes, headroom, f.memory.oom ? "true" : "false",
                       kills);
  }
  return out;
}

}  // namespace tunnelsim::capacity
