// Renders a CheckReport: a grouped table for people (pods that share a verdict, blocker and
// remedy are one group, so a 5,000-node cluster prints a page, not 250,000 lines; `details`
// lists every pod) and a JSON document for machines (schema tunnelsim.check/v1, one entry per
// operation and pod, documented in docs/json-schema.md).
#pragma once

#include <string>

#include "engine/reachability/check.h"

namespace tunnelsim {

std::string FormatCheckTable(const CheckReport& report, bool details);
std::string FormatCheckJson(const CheckReport& report);

}  // namespace tunnelsim
