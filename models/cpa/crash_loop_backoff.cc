#include "models/cpa/crash_loop_backoff.h"

#include <algorithm>

#include <fmt/format.h>

namespace tunnelsim::cpa {

Status ValidateBackOffPolicy(const BackOffPolicy& p) {
  if (p.initial_seconds < 1 || p.max_seconds < p.initial_seconds || p.reset_after_seconds < 0) {
    return Status::InvalidArgument(fmt::format(
        "restart back-off {} s doubling to {} s, reset after {} s; expected 1 <= initial <= max "
        "and a reset time >= 0",
        p.initial_seconds, p.max_seconds, p.reset_after_seconds));
  }
  return Status::Ok();
}

int64_t CrashLoopBackOff::RestartAfterExit(int64_t exit_seconds) {
  // IsInBackOffSince: no entry, or one that expired, means no back-off: restart now.
  bool expired = has_entry_ && exit_seconds - last_update_ > policy_.reset_after_seconds;
  int64_t restart = exit_seconds;
  if (has_entry_ && !expired) restart = exit_seconds + delay_;
  // Next(): a fresh entry starts at `initial`; a live one doubles up to `max`. The kubelet
  // calls it when it starts the container, which is the entry's new update time.
  delay_ =
      !has_entry_ || expired ? policy_.initial_seconds : std::min(2 * delay_, policy_.max_seconds);
  has_entry_ = true;
  last_delay_ = restart - exit_seconds;
  last_update_ = restart;
  return restart;
}

}  // namespace tunnelsim::cpa
