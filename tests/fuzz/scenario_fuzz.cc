// libFuzzer entry point for the strict loaders: feeds the same bytes to LoadScenarioText and to
// LoadChangeSetText. Both must return (a value or diagnostics) for any input: no crash, no
// sanitizer report, no exception escaping, and bounded time and memory. The base directory
// does not exist, so a relative `iptables: {file: ...}` takes the missing-file path (an
// absolute path is still read, as the loader does for any scenario).
// See tests/fuzz/README.md for building and running it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/changeset/load_change_set.h"
#include "engine/diagnostics/diagnostics.h"
#include "engine/scenario/load_scenario.h"

namespace {

// Small bounds keep each run fast; the defaults are exercised by the unit tests.
tunnelsim::ScenarioLimits FuzzLimits() {
  tunnelsim::ScenarioLimits limits;
  limits.max_file_bytes = 1u << 20;
  limits.max_iptables_bytes = 1u << 20;
  return limits;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tunnelsim::ScenarioLimits kLimits = FuzzLimits();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  {
    tunnelsim::Diagnostics diagnostics;
    auto scenario = tunnelsim::LoadScenarioText(text, "fuzz.yaml", "/nonexistent-tunnelsim-fuzz",
                                                &diagnostics, kLimits);
    // A load either succeeds without errors or fails with at least one.
    if (scenario.has_value() == diagnostics.HasErrors()) __builtin_trap();
    (void)diagnostics.Format();
  }
  {
    tunnelsim::Diagnostics diagnostics;
    auto change_set = tunnelsim::LoadChangeSetText(text, "fuzz.yaml", &diagnostics, kLimits);
    if (change_set.has_value() == diagnostics.HasErrors()) __builtin_trap();
    (void)diagnostics.Format();
  }
  return 0;
}
