// The OOM-kill parts of `tunnelsim cpa`'s table (cpa_output.h): a row per reported size with
// what the kills do (models/cpa/oom_restart.h), what users see, the re-dials' SNAT ports, and
// the verdict's line on losing one replica. Internal to engine/capacity.
#pragma once

#include <string>

#include "engine/capacity/cpa_analysis.h"

namespace tunnelsim::capacity {

// The "OOM kills over the first 10m" section; nothing when no OOM is judged (no limit).
void WriteOomKills(const CpaSetup& setup, const CpaReport& report, std::string* out);
// One verdict line: where losing one replica takes the others down, or that it never does.
void WriteOneLoss(const CpaReport& report, std::string* out);

}  // namespace tunnelsim::capacity
