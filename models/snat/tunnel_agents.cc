#include "models/snat/tunnel_agents.h"

#include <algorithm>

namespace tunnelsim::snat {

double DialBackoff::Next(Rng& rng) {
  // k8s.io/apimachinery wait.Backoff: Jitter(d, f) = d + rand * f * d; once the cap is hit
  // the wait stays at the cap.
  const double wait = current_ + rng.Uniform() * policy_.jitter * current_;
  current_ = std::min(current_ * policy_.factor, policy_.cap_seconds);
  return wait;
}

}  // namespace tunnelsim::snat
