// ProgressIndicator: a one-line "simulating ... runs done, elapsed" status on a terminal for
// runs that take longer than a second. It draws nothing at all unless `enabled` (the caller
// passes isatty(stderr): never in pipes, files or tests) and nothing during the first second;
// on destruction it erases its line, so the command's real output is unaffected.
// Thread safety: RunDone() may be called from any thread. One background thread redraws the
// line every 200 ms; it is joined by the destructor.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace tunnelsim::snatsim {

class ProgressIndicator {
 public:
  // `what` names the work, e.g. "120 nodes x 1h". REQUIRES: total_runs >= 1.
  ProgressIndicator(std::FILE* out, bool enabled, std::string what, int total_runs);
  ~ProgressIndicator();
  ProgressIndicator(const ProgressIndicator&) = delete;
  ProgressIndicator& operator=(const ProgressIndicator&) = delete;

  void RunDone() { done_.fetch_add(1, std::memory_order_relaxed); }

 private:
  void Loop();

  std::FILE* out_;
  std::string what_;
  int total_;
  std::atomic<int> done_{0};
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool drawn_ = false;
  std::thread thread_;
};

}  // namespace tunnelsim::snatsim
