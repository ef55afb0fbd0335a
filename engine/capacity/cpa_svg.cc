// The SVG writer of `tunnelsim cpa` (cpa_output.h): one self-contained chart, hand-written
// with fmt so that it needs no library and is byte-for-byte deterministic. Left axis: memory
// of the busiest replica (MiB) and the limit; right axis: replicas (a step line); x axis:
// the swept nodes or cores over the range, logarithmic when the range spans 100x or more.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "engine/capacity/cpa_format.h"
#include "engine/capacity/cpa_output.h"

namespace tunnelsim::capacity {
namespace {

constexpr double kWidth = 760, kHeight = 470;
constexpr double kLeft = 80, kRight = 680, kTop = 70, kBottom = 370;  // the plot area
constexpr double kMiB = 1024.0 * 1024.0;

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The smallest of 1, 2, 5 x 10^k that is >= raw (raw > 0).
double NiceStep(double raw) {
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double f : {1.0, 2.0, 5.0, 10.0}) {
    if (f * magnitude >= raw) return f * magnitude;
  }
  return 10 * magnitude;
}

class XAxis {
 public:
  explicit XAxis(const SweepRange& r)
      : lo_(static_cast<double>(r.first)),
        hi_(static_cast<double>(r.last == r.first ? r.last + 1 : r.last)),
        log_(r.last >= 100 * r.first) {}
  bool log() const { return log_; }
  double operator()(double n) const {
    double t = log_ ? (std::log10(n) - std::log10(lo_)) / (std::log10(hi_) - std::log10(lo_))
                    : (n - lo_) / (hi_ - lo_);
    return kLeft + t * (kRight - kLeft);
  }
  // The swept value at plot x (inverse of operator()).
  double ValueAt(double x) const {
    double t = (x - kLeft) / (kRight - kLeft);
    return log_ ? std::pow(10.0, std::log10(lo_) + t * (std::log10(hi_) - std::log10(lo_)))
                : lo_ + t * (hi_ - lo_);
  }
  std::vector<int64_t> Ticks() const {
    std::vector<int64_t> ticks;
    if (log_) {
      for (double decade = 1; decade <= hi_; decade *= 10) {
        for (double f : {1.0, 2.0, 5.0}) {
          if (f * decade >= lo_ && f * decade <= hi_) ticks.push_back(std::llround(f * decade));
        }
      }
    } else {
      double step = std::max(1.0, NiceStep((hi_ - lo_) / 8));
      for (double v = std::ceil(lo_ / step) * step; v <= hi_; v += step) {
        ticks.push_back(std::llround(v));
      }
    }
    return ticks;
  }

 private:
  double lo_, hi_;
  bool log_;
};

struct YAxis {
  double top_value;  // the value at kTop; 0 is at kBottom
  double step;
  double operator()(double v) const { return kBottom - v / top_value * (kBottom - kTop); }
};

YAxis MakeY(double max_value, double min_step) {
  double step = std::max(min_step, NiceStep(std::max(max_value, min_step) / 5));
  return {std::max(step, std::ceil(max_value * 1.1 / step) * step), step};
}

std::string Polyline(const std::vector<std::pair<double, double>>& points, std::string_view style) {
  std::string out = "<polyline fill=\"none\" " + std::string(style) + " points=\"";
  for (size_t i = 0; i < points.size(); ++i) {
    out += fmt::format("{}{:.1f},{:.1f}", i ? " " : "", points[i].first, points[i].second);
  }
  return out + "\"/>\n";
}

// Swept values to draw the memory line through: one per pixel column plus both sides of
// every replica step, so the line is exact at the jumps.
std::vector<int64_t> SampleValues(const XAxis& x, const CpaReport& r) {
  std::set<int64_t> values = {r.query.range.first, r.query.range.last};
  for (double px = kLeft; px <= kRight; px += 1) {
    auto v = std::llround(x.ValueAt(px));
    values.insert(std::clamp<int64_t>(v, r.query.range.first, r.query.range.last));
  }
  for (const cpa::ReplicaStep& s : r.steps) {
    values.insert(s.from);
    if (s.from > r.query.range.first) values.insert(s.from - 1);
  }
  return {values.begin(), values.end()};
}

// REQUIRES: v >= the first step's value. O(log steps).
int32_t ReplicasAt(const CpaReport& r, int64_t v) {
  auto after = std::upper_bound(r.steps.begin(), r.steps.end(), v,
                                [](int64_t x, const cpa::ReplicaStep& s) { return x < s.from; });
  return std::prev(after)->replicas;
}

}  // namespace

std::string FormatCpaSvg(const CpaSetup& setup, const CpaReport& r) {
  XAxis x(r.query.range);
  std::vector<int64_t> samples = SampleValues(x, r);
  bool cores = r.query.axis == SweepAxis::kCores;
  std::string_view unit = cores ? "cores" : "nodes";
  std::vector<CapacityFigures> memory;
  double max_bytes = setup.memory_limit_bytes ? static_cast<double>(*setup.memory_limit_bytes) : 0;
  int32_t max_replicas = 1;
  for (int64_t v : samples) {
    memory.push_back(FiguresAlong(setup, r, v, ReplicasAt(r, v)));
    max_bytes =
        std::max(max_bytes, static_cast<double>(memory.back().memory.busiest_replica_bytes));
  }
  for (const cpa::ReplicaStep& s : r.steps) max_replicas = std::max(max_replicas, s.replicas);
  YAxis mem_y = MakeY(max_bytes / kMiB, 1);
  YAxis rep_y = MakeY(max_replicas, 1);

  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" font-family=\"sans-serif\" font-size=\"11\">\n"
      "<rect width=\"{0}\" height=\"{1}\" fill=\"white\"/>\n",
      kWidth, kHeight);
  out += fmt::format(
      "<text x=\"{}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">"
      "konnectivity-agent replicas and memory per replica: {}</text>\n",
      kWidth / 2, Escape(setup.scenario_name));
  std::string limit_text =
      setup.memory_limit_bytes ? "limit " + format::Mib(*setup.memory_limit_bytes) : "no limit";
  std::string verdict =
      r.first_under_provisioned
          ? fmt::format("OOM from {} {}",
                        format::Thousands(SweptValue(r, *r.first_under_provisioned)), unit)
          : (setup.memory_limit_bytes ? "no OOM in this range" : "no OOM judgement");
  out += fmt::format(
      "<text x=\"{}\" y=\"44\" text-anchor=\"middle\">replicas from {}; {}; {}; memory figures "
      "are estimates</text>\n",
      kWidth / 2,
      setup.source == ReplicaSource::kConfigMap          ? "the autoscaler configmap"
      : setup.source == ReplicaSource::kAksDefaultLadder ? "AKS's default ladder (assumed)"
                                                         : "a fixed count",
      limit_text, verdict);

  // Grid, ticks and labels.
  for (int64_t tick : x.Ticks()) {
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#e5e5e5\"/>\n"
        "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>\n",
        x(static_cast<double>(tick)), kTop, kBottom, kBottom + 16, format::Thousands(tick));
  }
  for (double v = 0; v <= mem_y.top_value + 1e-9; v += mem_y.step) {
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"#e5e5e5\"/>\n"
        "<text x=\"{3}\" y=\"{4:.1f}\" text-anchor=\"end\">{5}</text>\n",
        kLeft, mem_y(v), kRight, kLeft - 6, mem_y(v) + 4, format::Trimmed(v, 1));
  }
  for (double v = 0; v <= rep_y.top_value + 1e-9; v += rep_y.step) {
    out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" fill=\"#1f5fbf\">{}</text>\n", kRight + 6,
                       rep_y(v) + 4, format::Trimmed(v, 0));
  }
  out += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#333\"/>\n", kLeft,
      kTop, kRight - kLeft, kBottom - kTop);
  out += fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}{}</text>\n", (kLeft + kRight) / 2,
      kBottom + 36,
      cores ? fmt::format("cores on {} nodes", format::Thousands(r.held)) : std::string("nodes"),
      x.log() ? " (log scale)" : "");
  out += fmt::format(
      "<text transform=\"translate(24 {0}) rotate(-90)\" text-anchor=\"middle\" "
      "fill=\"#d9480f\">memory per replica (MiB)</text>\n"
      "<text transform=\"translate({1} {0}) rotate(90)\" text-anchor=\"middle\" "
      "fill=\"#1f5fbf\">replicas</text>\n",
      (kTop + kBottom) / 2, kWidth - 36);

  // The current size and the first under-provisioned size, when inside the range.
  auto marker = [&](int64_t n, std::string_view color, std::string_view label, double label_y) {
    if (n < r.query.range.first || n > r.query.range.last) return;
    double px = x(static_cast<double>(n));
    bool right_half = px > (kLeft + kRight) / 2;  // keep the label inside the plot
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"{3}\" "
        "stroke-dasharray=\"2 3\"/>\n"
        "<text x=\"{4:.1f}\" y=\"{5}\" fill=\"{3}\" text-anchor=\"{6}\">{7}</text>\n",
        px, kTop, kBottom, color, right_half ? px - 4 : px + 4, label_y,
        right_half ? "end" : "start", Escape(label));
  };
  // "now" is a node count; on a core sweep it is the scenario's cores, if its nodes are held.
  if (!cores) {
    marker(setup.current_nodes, "#555",
           fmt::format("now: {} nodes", format::Thousands(setup.current_nodes)), kTop + 14);
  } else if (r.held == setup.current_nodes) {
    int64_t now = setup.current_status.schedulable_cores;
    marker(now, "#555", fmt::format("now: {} cores", format::Thousands(now)), kTop + 14);
  }
  if (r.first_under_provisioned) {
    int64_t v = SweptValue(r, *r.first_under_provisioned);
    marker(v, "#7b2cbf", fmt::format("first OOM: {} {}", format::Thousands(v), unit), kTop + 28);
  }
  if (setup.memory_limit_bytes) {
    double py = mem_y(static_cast<double>(*setup.memory_limit_bytes) / kMiB);
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"#c92a2a\" "
        "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n"
        "<text x=\"{3}\" y=\"{4:.1f}\" text-anchor=\"end\" fill=\"#c92a2a\">{5}</text>\n",
        kLeft, py, kRight, kRight - 4, py - 4, limit_text);
  }

  std::vector<std::pair<double, double>> replicas;
  for (size_t i = 0; i < r.steps.size(); ++i) {
    double from = x(static_cast<double>(r.steps[i].from));
    double to = i + 1 < r.steps.size() ? x(static_cast<double>(r.steps[i + 1].from)) : kRight;
    double py = rep_y(r.steps[i].replicas);
    replicas.push_back({from, py});
    replicas.push_back({to, py});
  }
  std::vector<std::pair<double, double>> line;
  for (size_t i = 0; i < memory.size(); ++i) {
    double px = x(static_cast<double>(SweptValue(r, memory[i])));
    double py = mem_y(static_cast<double>(memory[i].memory.busiest_replica_bytes) / kMiB);
    if (i > 0 && memory[i].replicas != memory[i - 1].replicas)
      line.push_back({px, line.back().second});
    // Drop the middle of three points at one height: flat stretches need only their ends.
    if (line.size() >= 2 && line.back().second == py && line[line.size() - 2].second == py) {
      line.back().first = px;
    } else {
      line.push_back({px, py});
    }
  }
  out += Polyline(line, "stroke=\"#d9480f\" stroke-width=\"2\"");
  out += Polyline(replicas, "stroke=\"#1f5fbf\" stroke-width=\"2\"");

  // Legend, below the x label.
  double ly = kBottom + 62;
  auto legend = [&](double at, std::string_view style, std::string_view label) {
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" {3}/><text x=\"{4}\" "
        "y=\"{5}\">{6}</text>\n",
        at, ly, at + 24, style, at + 30, ly + 4, label);
  };
  legend(kLeft, "stroke=\"#1f5fbf\" stroke-width=\"2\"", "replicas (right axis)");
  legend(kLeft + 160, "stroke=\"#d9480f\" stroke-width=\"2\"",
         "memory of the busiest replica (left axis)");
  if (setup.memory_limit_bytes) {
    legend(kLeft + 440, "stroke=\"#c92a2a\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"",
           "memory limit");
  }
  return out + "</svg>\n";
}

}  // namespace tunnelsim::capacity
