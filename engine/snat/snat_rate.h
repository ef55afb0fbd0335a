// A scenario traffic entry's rate (scenario.h TrafficRate) as the simulation's RateProfile
// (models/snat rate_profile.h), and in words for the reports. Times are seconds since the
// simulation starts, except the `daily` form's, which are times of day.
//
//   connectionsPerSecond, constant  -> RateProfile::Constant
//   ramp {from, to, start, end}     -> linear through (start, from) and (end, to); `from`
//                                      before start, `to` after end
//   steps [{at, perSecond}, ...]    -> held until the next step: two points at each step time
//                                      (the previous rate, then the new one); the first step
//                                      is at 0s (the loader checks it)
//   points [{at, perSecond}, ...]   -> linear through the points; the first rate holds before
//                                      the first point, the last after the last
//   daily {points, start}           -> periodic with a period of 86,400 s: linear through the
//                                      points over the day and from the last point through
//                                      midnight to the first; the run begins at `start`, so
//                                      the points are shifted by it and the rate at `start`
//                                      is added at 0 s and at 86,400 s
// REQUIRES: the entry passed the loader (forms complete, times increasing, at most
// ScenarioLimits::max_rate_points points). Cost: O(points).
#pragma once

#include <string>

#include "engine/scenario/scenario.h"
#include "models/core/result.h"
#include "models/snat/rate_profile.h"

namespace tunnelsim::snatsim {

inline constexpr double kSecondsPerDay = 86400;

Result<snat::RateProfile> RateProfileOf(const TrafficRate& rate);

// The `daily` form's rate at `time_of_day` seconds since midnight (0 <= time_of_day < 86,400).
// REQUIRES: `points` non-empty, times increasing within [0, 86,400).
double DailyRateAt(const std::vector<RatePointSpec>& points, double time_of_day);

// "0.5/s per node", "ramp 1/s to 10/s per node from 00:10:00 to 00:40:00", "3 steps between
// 1/s and 10/s per node", "daily profile between 0.5/s and 3/s per node (peak at 08:30), the
// run starts at 07:00".
std::string DescribeRate(const TrafficRate& rate);

// "07:00" or "07:00:30".
std::string TimeOfDayText(double seconds_since_midnight);

}  // namespace tunnelsim::snatsim
