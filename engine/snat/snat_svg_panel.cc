#include "engine/snat/snat_svg_panel.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/snat/snat_output.h"

namespace tunnelsim::snatsim::svg {
namespace {

// A "nice" axis: a maximum and a tick step of 1, 2 or 5 x 10^k giving about `ticks` ticks.
struct Axis {
  double max = 1;
  double step = 1;
};
Axis NiceAxis(double value, int ticks) {
  if (!(value > 0)) return {1, 0.25};
  const double raw = value / ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude * 10;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (raw <= m * magnitude) {
      step = m * magnitude;
      break;
    }
  }
  return {std::ceil(value / step - 1e-9) * step, step};
}

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

std::string TickLabel(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9) return Thousands(std::llround(v));
  return fmt::format("{:.2g}", v);
}

std::string TextImpl(double x, double y, const std::string& text, const char* anchor,
                     const char* extra) {
  return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\"{}>{}</text>\n", x, y,
                     anchor, extra, Escape(text));
}

std::string Marker(double x, double top, double bottom, const char* color,
                   const std::string& label) {
  return fmt::format(
             "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\" "
             "stroke-dasharray=\"4 3\"/>\n",
             x, top, bottom, color) +
         Text(x + 4, top + 12, label, "start",
              fmt::format(" fill=\"{}\" stroke=\"white\" stroke-width=\"3\" "
                          "paint-order=\"stroke\"",
                          color)
                  .c_str());
}

}  // namespace

std::string Text(double x, double y, const std::string& text, const char* anchor,
                 const char* extra) {
  return TextImpl(x, y, text, anchor, extra);
}

std::string Panel(const PanelData& d, double duration, double step, double top) {
  const double plot_w = kWidth - kLeft - kRight;
  const double bottom = top + kPanelHeight;
  double left_max = 0;
  for (const Line& line : d.lines) {
    for (double v : line.values) left_max = std::max(left_max, v);
  }
  double failed_max = 0;
  for (double v : d.failed) failed_max = std::max(failed_max, v);
  const Axis left = NiceAxis(left_max * 1.05, 5);
  const Axis failed = failed_max > 0 ? NiceAxis(failed_max * 1.05, 5) : Axis{4, 1};
  const Axis time = NiceAxis(duration / 60, 8);  // minutes
  auto x = [&](double seconds) { return kLeft + plot_w * std::min(seconds, duration) / duration; };
  auto y_left = [&](double v) { return bottom - kPanelHeight * v / left.max; };
  auto y_failed = [&](double v) { return bottom - kPanelHeight * v / failed.max; };
  auto step_start = [&](size_t i) { return static_cast<double>(i) * step; };

  std::string out = Text(kLeft, top - 14, d.title, "start", " font-weight=\"bold\"");
  out += fmt::format(
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"none\" "
      "stroke=\"#cccccc\"/>\n",
      kLeft, top, plot_w, kPanelHeight);
  for (double v = 0; v <= left.max + 1e-9; v += left.step) {  // left axis and grid
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#eeeeee\"/>\n",
        kLeft, y_left(v), kLeft + plot_w, y_left(v));
    out += Text(kLeft - 6, y_left(v) + 4, TickLabel(v), "end");
  }
  for (double v = 0; v <= failed.max + 1e-9; v += failed.step) {  // right axis
    out += Text(kLeft + plot_w + 6, y_failed(v) + 4, TickLabel(v), "start",
                fmt::format(" fill=\"{}\"", kFailedColor).c_str());
  }
  for (double v = 0; v <= time.max + 1e-9 && v * 60 <= duration + 1e-9; v += time.step) {
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#999999\"/>\n",
        x(v * 60), bottom, bottom + 5);
    out += Text(x(v * 60), bottom + 18, TickLabel(v), "middle");
  }
  out += Text(kLeft + plot_w / 2, bottom + 36, "minutes since start", "middle");
  const double mid = top + kPanelHeight / 2;
  out += fmt::format(
      "<text x=\"{0:.1f}\" y=\"{1:.1f}\" text-anchor=\"middle\" transform=\"rotate(-90 {0:.1f} "
      "{1:.1f})\">{2}</text>\n",
      kLeft - 52, mid, Escape(d.left_label));
  out += fmt::format(
      "<text x=\"{0:.1f}\" y=\"{1:.1f}\" text-anchor=\"middle\" fill=\"{2}\" "
      "transform=\"rotate(90 {0:.1f} {1:.1f})\">failed connections per {3}</text>\n",
      kLeft + plot_w + 56, mid, kFailedColor, HumanDuration(step));

  for (size_t i = 0; i < d.failed.size(); ++i) {  // failed connections: bars
    if (d.failed[i] <= 0) continue;
    const double x0 = x(step_start(i));
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\" "
        "fill-opacity=\"0.35\"/>\n",
        x0, y_failed(d.failed[i]), std::max(0.5, x(step_start(i) + step) - x0),
        bottom - y_failed(d.failed[i]), kFailedColor);
  }
  for (const Line& line : d.lines) {  // step lines, drawn flat across each step
    std::string points;
    for (size_t i = 0; i < line.values.size(); ++i) {
      points +=
          fmt::format("{:.1f},{:.1f} {:.1f},{:.1f} ", x(step_start(i)), y_left(line.values[i]),
                      x(step_start(i) + step), y_left(line.values[i]));
    }
    if (!points.empty()) points.pop_back();
    out +=
        fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{} points=\"{}\"/>\n",
                    line.color, line.extra, points);
  }
  for (const auto& [t, label] : d.exhaustion) {
    out += Marker(x(t), top, bottom, kFailedColor, label);
  }
  for (const auto& [t, label] : d.tunnel) {
    out += Marker(x(t), top + 48, bottom, kTunnelColor, label);
  }
  for (size_t i = 0; i < d.tunnel_down.size(); ++i) {
    if (!d.tunnel_down[i]) continue;
    const double x0 = x(step_start(i));
    out +=
        fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"6\" fill=\"{}\"/>\n",
                    x0, bottom - 6, std::max(0.5, x(step_start(i) + step) - x0), kTunnelColor);
  }
  return out;
}

}  // namespace tunnelsim::snatsim::svg
