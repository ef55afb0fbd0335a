// Internal to the SVG writer (snat_svg.cc): the drawing primitives and one chart panel, a
// plot of step series against time with a left axis for ports, a right axis for failed
// connections, markers and a tunnel band. Deterministic: fixed-precision numbers only.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace tunnelsim::snatsim::svg {

inline constexpr double kWidth = 960;
inline constexpr double kLeft = 80, kRight = 80;  // room for the two axes' labels
inline constexpr double kPanelHeight = 230;       // plot area per pool
inline constexpr double kPanelGap = 110;          // subtitle, x-axis labels, spacing
inline constexpr const char* kAllocatedColor = "#555555";
inline constexpr const char* kUsedColor = "#1f77b4";
inline constexpr const char* kMaxColor = "#9ecae1";
inline constexpr const char* kFailedColor = "#d62728";
inline constexpr const char* kTunnelColor = "#9467bd";
inline constexpr const char* kGatewayColor = "#ff7f0e";

// What one panel shows; every series has one value per step.
struct Line {
  std::vector<double> values;
  const char* color;
  const char* extra;  // e.g. a dash pattern
};
struct PanelData {
  std::string title;
  std::string left_label;
  std::vector<Line> lines;
  std::vector<double> failed;
  std::vector<std::pair<double, std::string>> exhaustion;  // (time, label)
  std::vector<std::pair<double, std::string>> tunnel;
  std::vector<bool> tunnel_down;  // no agent connected at the step's end
};

// Text with its characters escaped; `extra` adds attributes (starting with a space).
std::string Text(double x, double y, const std::string& text, const char* anchor = "start",
                 const char* extra = "");

// The panel with its plot area's top edge at `top` (it draws its title above it).
std::string Panel(const PanelData& d, double duration_seconds, double step_seconds, double top);

}  // namespace tunnelsim::snatsim::svg
