#include "engine/snat/snat_rate.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/snat/snat_output.h"

namespace tunnelsim::snatsim {
namespace {

using Form = TrafficRate::Form;

// Linear interpolation at x between (x0, y0) and (x1, y1), x0 < x1.
double Lerp(double x0, double y0, double x1, double y1, double x) {
  return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
}

snat::RatePoint PointAt(double time_seconds, double rate) { return {time_seconds, rate}; }

Result<snat::RateProfile> Daily(const std::vector<RatePointSpec>& points, double start) {
  if (points.empty()) {
    return Status::InvalidArgument("a daily rate has no points; expected at least one");
  }
  // Rotate the day so that the run's start is at 0: points from `start` on come first.
  const auto first_after_start =
      std::find_if(points.begin(), points.end(),
                   [start](const RatePointSpec& p) { return p.at.value >= start; });
  std::vector<snat::RatePoint> shifted;
  const double at_start = DailyRateAt(points, start);
  if (first_after_start == points.end() || first_after_start->at.value != start) {
    shifted.push_back(PointAt(0, at_start));
  }
  for (auto it = first_after_start; it != points.end(); ++it) {
    shifted.push_back(PointAt(it->at.value - start, it->per_second.value));
  }
  for (auto it = points.begin(); it != first_after_start; ++it) {
    shifted.push_back(PointAt(it->at.value - start + kSecondsPerDay, it->per_second.value));
  }
  shifted.push_back(PointAt(kSecondsPerDay, at_start));  // back to the start's rate at midnight
  return snat::RateProfile::PiecewiseLinear(std::move(shifted), kSecondsPerDay);
}

std::string Rate(double per_second) { return fmt::format("{}/s", per_second); }

// "between 1/s and 10/s per node", or "5/s per node" when every point has the same rate.
std::string Range(const std::vector<RatePointSpec>& points) {
  double low = points.empty() ? 0 : points.front().per_second.value;
  double high = low;
  for (const RatePointSpec& p : points) {
    low = std::min(low, p.per_second.value);
    high = std::max(high, p.per_second.value);
  }
  if (low == high) return Rate(low) + " per node";
  return fmt::format("between {} and {} per node", Rate(low), Rate(high));
}

}  // namespace

double DailyRateAt(const std::vector<RatePointSpec>& points, double t) {
  const RatePointSpec& first = points.front();
  const RatePointSpec& last = points.back();
  if (points.size() == 1) return first.per_second.value;
  if (t < first.at.value || t >= last.at.value) {  // through midnight, last point to first
    const double x = t < first.at.value ? t + kSecondsPerDay : t;
    return Lerp(last.at.value, last.per_second.value, first.at.value + kSecondsPerDay,
                first.per_second.value, x);
  }
  const auto next =
      std::upper_bound(points.begin(), points.end(), t,
                       [](double x, const RatePointSpec& p) { return x < p.at.value; });
  const RatePointSpec& a = *(next - 1);
  return Lerp(a.at.value, a.per_second.value, next->at.value, next->per_second.value, t);
}

Result<snat::RateProfile> RateProfileOf(const TrafficRate& r) {
  switch (r.form) {
    case Form::kPerSecond:
    case Form::kConstant:
      return snat::RateProfile::Constant(r.per_second.value);
    case Form::kRamp:
      return snat::RateProfile::PiecewiseLinear(
          {PointAt(r.start.value, r.from.value), PointAt(r.end.value, r.to.value)});
    case Form::kSteps: {
      std::vector<snat::RatePoint> points;
      for (size_t i = 0; i < r.points.size(); ++i) {
        const double at = r.points[i].at.value;
        // The previous rate holds up to the step: two points at one time make the jump.
        if (i > 0) points.push_back(PointAt(at, r.points[i - 1].per_second.value));
        points.push_back(PointAt(at, r.points[i].per_second.value));
      }
      return snat::RateProfile::PiecewiseLinear(std::move(points));
    }
    case Form::kPoints: {
      std::vector<snat::RatePoint> points;
      for (const RatePointSpec& p : r.points)
        points.push_back(PointAt(p.at.value, p.per_second.value));
      return snat::RateProfile::PiecewiseLinear(std::move(points));
    }
    case Form::kDaily:
      return Daily(r.points, r.start.value);
  }
  return Status::InvalidArgument("unknown rate form");
}

std::string TimeOfDayText(double seconds) {
  const auto s = static_cast<int64_t>(std::floor(seconds));
  if (s % 60 == 0) return fmt::format("{:02}:{:02}", s / 3600, s / 60 % 60);
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

std::string DescribeRate(const TrafficRate& r) {
  switch (r.form) {
    case Form::kPerSecond:
    case Form::kConstant:
      return Rate(r.per_second.value) + " per node";
    case Form::kRamp:
      return fmt::format("ramp {} to {} per node from {} to {}", Rate(r.from.value),
                         Rate(r.to.value), Clock(r.start.value), Clock(r.end.value));
    case Form::kSteps:
      return fmt::format("{} step{} {}", r.points.size(), r.points.size() == 1 ? "" : "s",
                         Range(r.points));
    case Form::kPoints:
      return fmt::format("linear through {} point{} {}", r.points.size(),
                         r.points.size() == 1 ? "" : "s", Range(r.points));
    case Form::kDaily: {
      const auto peak = std::max_element(r.points.begin(), r.points.end(),
                                         [](const RatePointSpec& a, const RatePointSpec& b) {
                                           return a.per_second.value < b.per_second.value;
                                         });
      std::string peak_text =
          peak == r.points.end() ? "" : fmt::format(" (peak at {})", TimeOfDayText(peak->at.value));
      return fmt::format("daily profile {}{}, the run starts at {}", Range(r.points), peak_text,
                         TimeOfDayText(r.start.value));
    }
  }
  return "";
}

}  // namespace tunnelsim::snatsim
