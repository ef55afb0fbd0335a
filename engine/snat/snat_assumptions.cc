#include "engine/snat/snat_assumptions.h"

#include <charconv>

#include <fmt/format.h>

#include "engine/snat/snat_config.h"

namespace tunnelsim::snatsim {
namespace {

constexpr double kMaxHoldSeconds = 86400;  // a day: far beyond any documented hold

// A hold or interval: a duration from 0 to a day.
Status ParseHold(std::string_view key, std::string_view value, std::optional<double>* out) {
  const std::string flag = fmt::format("--assume {}", key);
  Result<double> seconds = ParseDurationFlag(flag, value);
  if (!seconds.ok()) return seconds.status();
  if (!(*seconds >= 0 && *seconds <= kMaxHoldSeconds)) {
    return Status::InvalidArgument(
        fmt::format("{}={} is out of range; expected a duration from 0s to 24h", flag, value));
  }
  *out = *seconds;
  return Status::Ok();
}

}  // namespace

Status ParseAssumption(std::string_view key_value, SnatAssumptions* out) {
  const size_t eq = key_value.find('=');
  if (eq == std::string_view::npos) {
    return Status::InvalidArgument(
        fmt::format("--assume '{}' has no '='; expected KEY=VALUE, one of: {}", key_value,
                    "lb-fin-hold, lb-rst-hold, lb-ports-beyond-table, nat-fin-hold, "
                    "nat-rst-hold, nat-udp-hold, nat-idle-hold, agent-duplicate-dial"));
  }
  const std::string_view key = key_value.substr(0, eq);
  const std::string_view value = key_value.substr(eq + 1);
  Status st;
  if (key == "lb-fin-hold") {
    st = ParseHold(key, value, &out->lb_fin_hold_seconds);
  } else if (key == "lb-rst-hold") {
    st = ParseHold(key, value, &out->lb_rst_hold_seconds);
  } else if (key == "nat-fin-hold") {
    st = ParseHold(key, value, &out->nat_fin_hold_seconds);
  } else if (key == "nat-rst-hold") {
    st = ParseHold(key, value, &out->nat_rst_hold_seconds);
  } else if (key == "nat-udp-hold") {
    st = ParseHold(key, value, &out->nat_udp_hold_seconds);
  } else if (key == "nat-idle-hold") {
    st = ParseHold(key, value, &out->nat_idle_hold_seconds);
  } else if (key == "agent-duplicate-dial") {
    if (value == "off") {
      out->agent_duplicate_dial_seconds = 0.0;
    } else {
      st = ParseHold(key, value, &out->agent_duplicate_dial_seconds);
      if (st.ok() && *out->agent_duplicate_dial_seconds < 1) {
        st = Status::InvalidArgument(fmt::format(
            "--assume agent-duplicate-dial={} is too short; expected at least 1s, or off", value));
      }
    }
  } else if (key == "lb-ports-beyond-table") {
    int ports = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ports);
    if (value == "refuse") {
      out->lb_ports_beyond_table.emplace(std::nullopt);  // set, to "refuse"
    } else if (ec != std::errc() || end != value.data() + value.size() || ports < 8 ||
               ports > 1024 || ports % 8 != 0) {
      st = Status::InvalidArgument(fmt::format(
          "--assume lb-ports-beyond-table={} is not valid; expected ports per IP from 8 to "
          "1024 in multiples of 8 (the table's granularity, reference/azure.md §2.3), or refuse",
          value));
    } else {
      out->lb_ports_beyond_table = ports;
    }
  } else {
    st = Status::InvalidArgument(fmt::format(
        "--assume has no key '{}'; expected one of: lb-fin-hold, lb-rst-hold, "
        "lb-ports-beyond-table, nat-fin-hold, nat-rst-hold, nat-udp-hold, nat-idle-hold, "
        "agent-duplicate-dial",
        key));
  }
  if (st.ok()) out->given.emplace_back(key_value);
  return st;
}

std::string AssumptionKeys() {
  return "lb-fin-hold=240s, lb-rst-hold=15s (LB port hold after FIN/RST, 2020 docs), "
         "lb-ports-beyond-table=16|refuse (default allocation past 1,000 nodes), "
         "nat-fin-hold=65s, nat-rst-hold=16s, nat-udp-hold=65s, nat-idle-hold=0s (NAT Gateway "
         "hold-downs), agent-duplicate-dial=10s|off (konnectivity --sync-forever)";
}

void ApplyToLoadBalancer(const SnatAssumptions& a, snat::LoadBalancerSetup* lb) {
  if (a.lb_fin_hold_seconds) lb->rule.fin_release_seconds = *a.lb_fin_hold_seconds;
  if (a.lb_rst_hold_seconds) lb->rule.rst_release_seconds = *a.lb_rst_hold_seconds;
  if (a.lb_ports_beyond_table) lb->rule.allocation.ports_beyond_table = *a.lb_ports_beyond_table;
}

void ApplyToNatGateway(const SnatAssumptions& a, snat::NatGatewayConfig* nat) {
  if (a.nat_fin_hold_seconds) nat->fin_cooldown_seconds = *a.nat_fin_hold_seconds;
  if (a.nat_rst_hold_seconds) nat->rst_cooldown_seconds = *a.nat_rst_hold_seconds;
  if (a.nat_udp_hold_seconds) nat->udp_cooldown_seconds = *a.nat_udp_hold_seconds;
  if (a.nat_idle_hold_seconds) nat->tcp_idle_cooldown_seconds = *a.nat_idle_hold_seconds;
}

void ApplyToTunnel(const SnatAssumptions& a, snat::TunnelAgents* tunnel) {
  if (a.agent_duplicate_dial_seconds) {
    tunnel->duplicate_dial_interval_seconds = *a.agent_duplicate_dial_seconds;
  }
}

}  // namespace tunnelsim::snatsim
