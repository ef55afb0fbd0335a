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

}  // namespace tunnelsim::capacity::format
