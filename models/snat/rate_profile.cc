#include "models/snat/rate_profile.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace tunnelsim::snat {

RateProfile RateProfile::Constant(double rate) {
  RateProfile p;
  p.constant_rate_ = rate;
  p.max_rate_ = rate;
  return p;
}

Result<RateProfile> RateProfile::PiecewiseLinear(std::vector<RatePoint> points,
                                                 double period_seconds) {
  if (points.empty()) {
    return Status::InvalidArgument("rate profile has no points; expected at least one");
  }
  if (!std::isfinite(period_seconds) || period_seconds < 0) {
    return Status::InvalidArgument(
        fmt::format("rate profile period {}s is invalid; expected >= 0", period_seconds));
  }
  double max_rate = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    const RatePoint& p = points[i];
    if (!std::isfinite(p.time_seconds) || p.time_seconds < 0 || !std::isfinite(p.rate) ||
        p.rate < 0) {
      return Status::InvalidArgument(
          fmt::format("rate profile point {} (t={}s, rate={}) is invalid; expected time >= 0 "
                      "and rate >= 0",
                      i, p.time_seconds, p.rate));
    }
    if (i > 0 && p.time_seconds < points[i - 1].time_seconds) {
      return Status::InvalidArgument(fmt::format(
          "rate profile point {} at {}s comes before point {} at {}s; expected times in order", i,
          p.time_seconds, i - 1, points[i - 1].time_seconds));
    }
    if (period_seconds > 0 && p.time_seconds > period_seconds) {
      return Status::InvalidArgument(
          fmt::format("rate profile point {} at {}s is past the period {}s", i, p.time_seconds,
                      period_seconds));
    }
    max_rate = std::max(max_rate, p.rate);
  }
  RateProfile profile;
  profile.points_ = std::make_shared<const std::vector<RatePoint>>(std::move(points));
  profile.period_ = period_seconds;
  profile.max_rate_ = max_rate;
  if (period_seconds > 0) {  // one pass over the period's pieces
    for (double t = 0; t < period_seconds;) {
      const Piece piece = profile.PieceAt(t);
      const double end = std::min(piece.end, period_seconds);
      profile.period_mass_ += 0.5 * (piece.rate_start + piece.rate_end) * (end - t);
      t = end;
    }
  }
  return profile;
}

RateProfile::Piece RateProfile::PieceAt(double t) const {
  if (points_ == nullptr) return {kNever, constant_rate_, constant_rate_};
  const std::vector<RatePoint>& points = *points_;
  double base = 0;
  double tau = t;
  if (period_ > 0) {
    base = std::floor(t / period_) * period_;
    tau = t - base;
    if (tau >= period_) {
      base += period_;
      tau -= period_;
    }
    tau = std::max(tau, 0.0);
  }
  // First point strictly after tau: equal times (a step) resolve to the later point.
  const auto it = std::upper_bound(points.begin(), points.end(), tau,
                                   [](double x, const RatePoint& p) { return x < p.time_seconds; });
  const size_t i = static_cast<size_t>(it - points.begin());
  Piece piece{};
  double end_local;
  if (i == 0) {
    end_local = points[0].time_seconds;
    piece.rate_start = piece.rate_end = points[0].rate;
  } else if (i == points.size()) {
    end_local = period_ > 0 ? period_ : kNever;
    piece.rate_start = piece.rate_end = points.back().rate;
  } else {
    const RatePoint& a = points[i - 1];
    const RatePoint& b = points[i];
    const double f = (tau - a.time_seconds) / (b.time_seconds - a.time_seconds);
    piece.rate_start = a.rate + f * (b.rate - a.rate);
    piece.rate_end = b.rate;
    end_local = b.time_seconds;
  }
  piece.end = base + end_local;
  if (!(piece.end > t)) piece.end = std::nextafter(t, kNever);  // rounding at a boundary
  return piece;
}

double RateProfile::RateAt(double t) const { return PieceAt(t).rate_start; }

double RateProfile::AdvanceThroughPieces(double t, double mass) const {
  if (max_rate_ <= 0) return kNever;
  if (period_ > 0) {
    // A positive rate only at an instant (a spike of zero width) carries no mass: never.
    if (!(period_mass_ > 0)) return kNever;
    // Skip whole periods at once (a tiny daily rate would otherwise walk day by day); one
    // period's worth is left to the pieces so rounding cannot overshoot.
    const double whole = std::floor(mass / period_mass_) - 1;
    if (whole >= 1) {
      t += whole * period_;
      mass -= whole * period_mass_;
      if (!std::isfinite(t)) return kNever;
    }
  }
  for (;;) {
    const Piece p = PieceAt(t);
    if (std::isinf(p.end)) return p.rate_start > 0 ? t + mass / p.rate_start : kNever;
    const double length = p.end - t;
    const double area = 0.5 * (p.rate_start + p.rate_end) * length;
    if (area >= mass) {
      // Solve rate_start*x + slope/2*x^2 = mass, in the form that is stable for any slope.
      const double slope = (p.rate_end - p.rate_start) / length;
      const double disc = std::max(0.0, p.rate_start * p.rate_start + 2 * slope * mass);
      const double denom = p.rate_start + std::sqrt(disc);
      const double x = denom > 0 ? 2 * mass / denom : length;
      return t + std::min(x, length);
    }
    mass -= area;
    t = p.end;  // the last piece is infinite, or the profile repeats with a positive rate
  }
}

}  // namespace tunnelsim::snat
