// ParseDurationFlag (snat_config.h): the flags' durations, in the scenario format's units.
#include <charconv>
#include <cmath>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "engine/snat/snat_config.h"

namespace tunnelsim::snatsim {

Result<double> ParseDurationFlag(std::string_view flag, std::string_view text) {
  auto fail = [&] {
    return Status::InvalidArgument(fmt::format(
        "{} '{}' is not a duration; expected for example 90s, 30m, 2h or 1h30m", flag, text));
  };
  if (text.empty()) return fail();
  double plain = 0;
  auto [plain_end, plain_ec] = std::from_chars(text.data(), text.data() + text.size(), plain);
  if (plain_ec == std::errc() && plain_end == text.data() + text.size()) {
    if (!(plain >= 0) || !std::isfinite(plain)) return fail();
    return plain;
  }
  double total = 0;
  std::string_view rest = text;
  while (!rest.empty()) {
    double amount = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), amount);
    if (ec != std::errc() || amount < 0) return fail();
    rest.remove_prefix(static_cast<size_t>(end - rest.data()));
    double unit = 0;
    for (auto [suffix, seconds] :
         {std::pair{"ms", 0.001}, {"h", 3600.0}, {"m", 60.0}, {"s", 1.0}, {"d", 86400.0}}) {
      if (rest.starts_with(suffix)) {
        unit = seconds;
        rest.remove_prefix(std::string_view(suffix).size());
        break;
      }
    }
    if (unit == 0) return fail();
    total += amount * unit;
  }
  if (!std::isfinite(total)) return fail();
  return total;
}

}  // namespace tunnelsim::snatsim

namespace tunnelsim::snatsim {

Result<snat::BackendPoolChange> ParseBackendPoolFlag(std::string_view text) {
  auto fail = [&](std::string_view why) {
    return Status::InvalidArgument(
        fmt::format("--backend-pool '{}' {}; expected NODES@TIME, for example 130@30m", text, why));
  };
  const size_t at = text.find('@');
  if (at == std::string_view::npos) return fail("has no '@'");
  const std::string_view count = text.substr(0, at);
  int nodes = 0;
  auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), nodes);
  if (ec != std::errc() || end != count.data() + count.size() || nodes < 1 || nodes > 5000) {
    return fail("does not start with a node count from 1 to 5,000 (AKS's cluster limit)");
  }
  Result<double> time = ParseDurationFlag("--backend-pool", text.substr(at + 1));
  if (!time.ok()) return time.status();
  return snat::BackendPoolChange{*time, nodes};
}

}  // namespace tunnelsim::snatsim
