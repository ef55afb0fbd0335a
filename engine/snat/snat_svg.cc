// SVG chart, one panel per node pool (and one for a NAT Gateway): ports (allocated, mean
// used, busiest node) on the left axis and failed connections per step (bars, summed over the
// pool's nodes) on the right axis, over time; markers for the first exhaustion and the
// tunnel's first failed re-dial, and a band where no agent was connected. Hand-written SVG 1.1
// with fixed-precision numbers: deterministic bytes.
#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "engine/snat/snat_output.h"
#include "engine/snat/snat_svg_panel.h"

namespace tunnelsim::snatsim {
namespace {

using namespace svg;  // NOLINT: the panel's primitives and palette

// Marks the tunnel on the panel of each pool that hosts agents.
void AddTunnel(const SnatReport& r, int group, PanelData* d) {
  bool hosts_agents = false;
  for (size_t k = 0; k < r.first_tunnel_parts.size(); ++k) {
    if (r.plan->tunnel_parts[k].group != group) continue;
    hosts_agents = true;
    const auto& t = r.first_tunnel_parts[k].first_failed_dial_seconds;
    if (t) d->tunnel.push_back({*t, "tunnel re-dial failed " + Clock(t)});
  }
  if (!hosts_agents || !r.first.tunnel) return;
  const snat::TunnelResult& t = *r.first.tunnel;
  for (const snat::TunnelStep& ts : t.steps) {
    d->tunnel_down.push_back(ts.connections_down == t.agents * t.connections_per_agent);
  }
}

PanelData PoolPanel(const SnatReport& r, size_t index) {
  const snat::GroupResult& g = r.first.groups[index];
  const bool nat = r.plan->nat_gateway;
  PanelData d;
  // A node split off its pool by node-specific traffic is titled by node and pool.
  const int group = static_cast<int>(index);
  const std::string who =
      IsNodeGroup(*r.plan, group)
          ? fmt::format("node {} (pool {})", g.name, PoolNameOfGroup(*r.plan, group))
          : fmt::format("pool {}: {} nodes", g.name, Thousands(g.nodes));
  d.title =
      nat ? fmt::format("{}; NAT Gateway ports shared by all nodes", who)
          : fmt::format("{}, {} ports allocated per node", who, Thousands(r.plan->ports_per_node));
  d.left_label = nat ? "open connections per node" : "SNAT ports per node";
  Line allocated{{}, kAllocatedColor, " stroke-dasharray=\"6 4\""};
  Line busiest{{}, kMaxColor, ""};
  Line mean{{}, kUsedColor, ""};
  for (const snat::StepMetrics& m : g.steps) {
    allocated.values.push_back(m.allocated_ports);
    busiest.values.push_back(m.used_ports_max_node);
    mean.values.push_back(m.used_ports_mean);
    d.failed.push_back(m.failed_mean * g.nodes);
  }
  if (!nat) d.lines.push_back(std::move(allocated));
  d.lines.push_back(std::move(busiest));
  d.lines.push_back(std::move(mean));
  if (g.first_exhaustion_seconds) {
    d.exhaustion.push_back(
        {*g.first_exhaustion_seconds, "first exhaustion " + Clock(g.first_exhaustion_seconds)});
  }
  AddTunnel(r, static_cast<int>(index), &d);
  return d;
}

// NAT Gateway: the busiest destination's unavailable ports against the gateway's ports.
PanelData GatewayPanel(const SnatReport& r) {
  const snat::GatewayResult& gw = *r.first.gateway;
  PanelData d;
  d.title = fmt::format("NAT Gateway: {} ports per destination, shared by every pool",
                        Thousands(gw.ports_per_destination));
  d.left_label = "ports to the busiest destination";
  Line capacity{{}, kAllocatedColor, " stroke-dasharray=\"6 4\""};
  Line blocked{{}, kGatewayColor, ""};
  for (const snat::GatewayStep& s : gw.steps) {
    capacity.values.push_back(gw.ports_per_destination);
    blocked.values.push_back(s.busiest_destination_blocked_peak);
    d.failed.push_back(static_cast<double>(s.failed));
  }
  d.lines = {std::move(capacity), std::move(blocked)};
  std::optional<double> first;
  for (const snat::GroupResult& g : r.first.groups) {
    if (g.first_exhaustion_seconds && (!first || *g.first_exhaustion_seconds < *first)) {
      first = g.first_exhaustion_seconds;
    }
  }
  if (first) d.exhaustion.push_back({*first, "first exhaustion " + Clock(first)});
  return d;
}

std::string Legend(bool nat, bool tunnel) {
  struct Item {
    const char* color;
    const char* label;
    bool dashed, bar;
  };
  std::vector<Item> items;
  if (nat) {
    items.push_back({kAllocatedColor, "gateway ports per destination", true, false});
    items.push_back(
        {kGatewayColor, "ports in use or cooling down, busiest destination (peak)", false, false});
    items.push_back({kUsedColor, "pools: open connections per node, mean", false, false});
    items.push_back({kMaxColor, "pools: open connections, busiest node", false, false});
  } else {
    items.push_back({kAllocatedColor, "AllocatedSnatPorts (per node)", true, false});
    items.push_back({kUsedColor, "UsedSnatPorts, mean over the pool's nodes", false, false});
    items.push_back({kMaxColor, "UsedSnatPorts, busiest node", false, false});
  }
  items.push_back({kFailedColor, "failed connections, whole pool (right axis)", false, true});
  if (tunnel) {
    items.push_back({kTunnelColor, "no tunnel agent connected at the step's end", false, true});
  }
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {  // two columns
    const Item& item = items[i];
    const double x = kLeft + (i % 2 == 0 ? 0 : 400);
    const double y = 61 + 18 * static_cast<double>(i / 2);
    if (item.bar) {
      out += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"18\" height=\"10\" fill=\"{}\" "
          "fill-opacity=\"{}\"/>\n",
          x, y - 5, item.color, item.color == kFailedColor ? "0.35" : "1");
    } else {
      out += fmt::format(
          "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" "
          "stroke-width=\"2\"{}/>\n",
          x, y, x + 18, y, item.color, item.dashed ? " stroke-dasharray=\"6 4\"" : "");
    }
    out += Text(x + 24, y + 4, item.label);
  }
  return out;
}

}  // namespace

std::string FormatSnatSvg(const SnatReport& r) {
  std::vector<PanelData> panels;
  if (r.first.gateway) panels.push_back(GatewayPanel(r));
  for (size_t g = 0; g < r.first.groups.size(); ++g) panels.push_back(PoolPanel(r, g));
  const SnatPlan& p = *r.plan;
  const int legend_items = (p.nat_gateway ? 5 : 4) + (r.first.tunnel ? 1 : 0);
  const double legend_rows = (legend_items + 1) / 2;
  const double first_top = 61 + 18 * legend_rows + 50;
  const double height =
      first_top + static_cast<double>(panels.size()) * (kPanelHeight + kPanelGap) - 40;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" "
      "viewBox=\"0 0 {:.0f} {:.0f}\" font-family=\"sans-serif\" font-size=\"12\">\n",
      kWidth, height, kWidth, height);
  out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  out += Text(kLeft, 24,
              fmt::format("SNAT ports and failed connections: {} ({}, {}, seed {})",
                          p.scenario->metadata.name.value,
                          p.nat_gateway ? "NAT Gateway" : "Azure Load Balancer",
                          HumanDuration(p.options.duration_seconds), p.options.seed),
              "start", " font-size=\"16\" font-weight=\"bold\"");
  std::string restarts;
  for (double t : p.options.agent_restarts_seconds) {
    restarts += (restarts.empty() ? "; tunnel agents restarted at " : ", ") + Clock(t);
  }
  out += Text(kLeft, 42,
              fmt::format("per {} step; failed connections (whole pool or gateway) on the right "
                          "axis{}",
                          HumanDuration(p.options.step_seconds), restarts),
              "start", " fill=\"#555555\"");
  out += Legend(p.nat_gateway, r.first.tunnel.has_value());
  for (size_t i = 0; i < panels.size(); ++i) {
    out += Panel(panels[i], p.options.duration_seconds, p.options.step_seconds,
                 first_top + static_cast<double>(i) * (kPanelHeight + kPanelGap));
  }
  out += "</svg>\n";
  return out;
}

}  // namespace tunnelsim::snatsim