#include "engine/snat/snat_progress.h"

#include <fmt/format.h>

namespace tunnelsim::snatsim {

ProgressIndicator::ProgressIndicator(std::FILE* out, bool enabled, std::string what, int total_runs)
    : out_(out),
      what_(std::move(what)),
      total_(total_runs),
      start_(std::chrono::steady_clock::now()) {
  if (enabled) thread_ = std::thread([this] { Loop(); });
}

ProgressIndicator::~ProgressIndicator() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (drawn_) {  // erase the status line
    std::fputs("\r\033[K", out_);
    std::fflush(out_);
  }
}

void ProgressIndicator::Loop() {
  using namespace std::chrono_literals;
  std::unique_lock lock(mutex_);
  // Quiet during the first second: short runs print nothing.
  if (wake_.wait_for(lock, 1s, [this] { return stop_; })) return;
  while (!stop_) {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const std::string line =
        total_ > 1 ? fmt::format("\rtunnelsim snat: simulating {}: {}/{} runs done, {:.1f}s", what_,
                                 done_.load(std::memory_order_relaxed), total_, elapsed)
                   : fmt::format("\rtunnelsim snat: simulating {}: {:.1f}s", what_, elapsed);
    std::fputs(line.c_str(), out_);
    std::fputs("\033[K", out_);
    std::fflush(out_);
    drawn_ = true;
    wake_.wait_for(lock, 200ms, [this] { return stop_; });
  }
}

}  // namespace tunnelsim::snatsim
