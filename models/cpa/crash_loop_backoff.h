// When the kubelet starts a crashed container again (restartPolicy Always): the
// CrashLoopBackOff delay, as kubelet's doBackOff (pkg/kubelet/kuberuntime) drives client-go's
// flowcontrol.Backoff, and as kubernetes.io documents it (concepts/workloads/pods,
// "Container restarts" and "Container restart policy"):
//   - the first exit restarts at once ("an immediate restart"); the back-off entry then
//     starts at `initial` (10 s);
//   - every later exit restarts `delay` after the exit, and the delay doubles, capped at
//     `max` (300 s): restarts come 0, 10, 20, 40, 80, 160, 300, 300, ... s after each exit;
//   - an exit more than `reset_after` (2 x max = 600 s; "once a container has executed for
//     10 minutes without any problems") after the last restart counts as a first exit again.
// With kubelet's CrashLoopBackOff.MaxContainerRestartPeriod (a feature gate from 1.32) below
// 10 s the delay starts at that maximum; set `max` and `initial` alike to model it.
// Times are whole seconds. Not thread-safe; O(1) per exit.
#pragma once

#include <cstdint>

#include "models/core/status.h"

namespace tunnelsim::cpa {

struct BackOffPolicy {
  int64_t initial_seconds = 10;       // kubelet's backOffPeriod
  int64_t max_seconds = 300;          // MaxContainerBackOff
  int64_t reset_after_seconds = 600;  // flowcontrol: an entry expires after 2 x max
  friend bool operator==(const BackOffPolicy&, const BackOffPolicy&) = default;
};

// REQUIRES for the policy (else an error): 1 <= initial <= max and reset_after >= 0.
Status ValidateBackOffPolicy(const BackOffPolicy& policy);

class CrashLoopBackOff {
 public:
  explicit CrashLoopBackOff(const BackOffPolicy& policy = {}) : policy_(policy) {}

  // The container exited at `exit_seconds`; returns when the kubelet starts it again.
  // REQUIRES: exits come in time order, each at or after the previous restart.
  int64_t RestartAfterExit(int64_t exit_seconds);

  // The wait before the last restart (0 for a first exit).
  int64_t last_delay_seconds() const { return last_delay_; }

  friend bool operator==(const CrashLoopBackOff&, const CrashLoopBackOff&) = default;

 private:
  BackOffPolicy policy_;
  bool has_entry_ = false;
  int64_t delay_ = 0;        // the entry's current back-off
  int64_t last_update_ = 0;  // when the entry last changed: the last restart
  int64_t last_delay_ = 0;
};

}  // namespace tunnelsim::cpa
