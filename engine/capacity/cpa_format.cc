#include "engine/capacity/cpa_format.h"

#include <cstdlib>

#include <fmt/format.h>

namespace tunnelsim::capacity::format {

std::string Thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -static_cast<uint64_t>(n) : static_cast<uint64_t>(n));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string Range(int64_t from, int64_t to, std::string_view suffix) {
  if (from == to) return Thousands(from) + std::string(suffix);
  return fmt::format("{}..{}{}", Thousands(from), Thousands(to), suffix);
}

std::string SweepText(const CpaReport& r) {
  std::string range = Range(r.query.range.first, r.query.range.last);
  if (r.query.axis == SweepAxis::kCores) {
    return fmt::format("{} cores on {} nodes", range, Thousands(r.held));
  }
  if (r.query.fixed_cores)
    return fmt::format("{} nodes sharing {} cores", range, Thousands(r.held));
  return range + " nodes";
}

std::string_view AxisName(const CpaReport& r) {
  return r.query.axis == SweepAxis::kCores ? "cores" : "nodes";
}

std::string SizeText(const CpaReport& r, const CapacityFigures& f) {
  if (r.query.axis == SweepAxis::kCores) {
    return fmt::format("{} cores on {} nodes", Thousands(f.cores), Thousands(f.nodes));
  }
  return Thousands(f.nodes) + " nodes";
}

std::string Mib(int64_t bytes) {
  return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

std::string Kib(int64_t bytes) {
  return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024.0);
}

std::string Trimmed(double value, int decimals) {
  std::string s = fmt::format("{:.{}f}", value, decimals);
  if (s.find('.') != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

std::string Duration(int64_t seconds) {
  if (seconds == 0) return "0s";
  std::string out;
  constexpr std::pair<int64_t, char> kUnits[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
  for (auto [size, unit] : kUnits) {
    if (seconds >= size) {
      out += fmt::format("{}{}", seconds / size, unit);
      seconds %= size;
    }
  }
  return out;
}

std::string_view SourceName(ReplicaSource source) {
  switch (source) {
    case ReplicaSource::kConfigMap:
      return "the konnectivity-agent-autoscaler configmap";
    case ReplicaSource::kAksDefaultLadder:
      return "AKS's documented default ladder (assumed: no configmap in the scenario)";
    case ReplicaSource::kFixedReplicas:
      return "a fixed replica count (no autoscaler)";
  }
  return "?";
}

std::string_view Verdict(const CapacityFigures& f) {
  if (f.memory.no_agents) return f.under_provisioned() ? "no agent" : "idle, no agent";
  if (!f.has_limit) return "no limit";
  return f.memory.oom ? "OOM kill" : "ok";
}

std::string OomVerdict(const OomOutcome& o) {
  const cpa::OomRestartReport& k = o.report;
  if (!k.settled_seconds) return "crash loop";
  if (o.trigger == OomOutcome::Trigger::kOneReplicaLost && !k.cascade) return "absorbed";
  if (*k.settled_seconds == 0) return "recovers at once";
  return "recovers by " + Duration(*k.settled_seconds);
}

}  // namespace tunnelsim::capacity::format
