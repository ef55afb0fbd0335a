#include "models/snat/analytic.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace tunnelsim::snat {

double OfferedLoad(double rate_per_second, double mean_holding_seconds) {
  assert(rate_per_second >= 0 && mean_holding_seconds >= 0);
  return rate_per_second * mean_holding_seconds;
}

double ErlangB(int64_t c, double a) {
  assert(c >= 0 && a >= 0);
  double b = 1.0;
  for (int64_t k = 1; k <= c; ++k) b = a * b / (static_cast<double>(k) + a * b);
  return b;
}

double CarriedLoad(int64_t c, double a) { return a * (1.0 - ErlangB(c, a)); }

int64_t PortsForLossTarget(double a, double target) {
  assert(target > 0 && target < 1);
  double b = 1.0;
  int64_t c = 0;
  while (b > target) {
    ++c;
    b = a * b / (static_cast<double>(c) + a * b);
  }
  return c;
}

double PoissonTailAtLeast(int64_t c, double mean) {
  assert(mean >= 0);
  if (c <= 0) return 1.0;
  if (mean == 0) return 0.0;
  const auto log_pmf = [mean](int64_t k) {
    return -mean + static_cast<double>(k) * std::log(mean) -
           std::lgamma(static_cast<double>(k) + 1);
  };
  double sum = 0;
  if (static_cast<double>(c) <= mean) {  // the head {0..c-1} is the smaller side
    for (int64_t k = 0; k < c; ++k) sum += std::exp(log_pmf(k));
    return std::max(0.0, 1.0 - sum);
  }
  for (int64_t k = c;; ++k) {  // terms shrink geometrically past the mean
    const double term = std::exp(log_pmf(k));
    sum += term;
    if (term < sum * 1e-17 || term == 0) break;
  }
  return std::min(1.0, sum);
}

}  // namespace tunnelsim::snat
