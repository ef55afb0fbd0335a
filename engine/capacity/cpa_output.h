// Renders a CpaReport for `tunnelsim cpa`:
//   table  for people: the setup and its assumptions, the replica steps, the key sizes (now,
//          the first under-provisioned size, --at), what OOM kills do at those sizes and at
//          each step's end, the growth timeline, a verdict and what to change (article
//          Solution 6);
//   json   schema "tunnelsim.cpa/v1": the same content, bytes as integers (docs/cpa.md);
//   csv    one row per swept value (node or core count): replicas, memory per replica,
//          headroom (empty without a limit), oom, then the OOM kills' figures;
//   svg    a self-contained chart of replicas (step line) and memory per replica against the
//          limit, over the range (log x axis when the range spans 100x or more).
// All four are deterministic (no locale, no clock), so golden files can hold them.
// REQUIRES: `report` came from AnalyzeCpa(setup, ...).
#pragma once

#include <string>

#include "engine/capacity/cpa_analysis.h"

namespace tunnelsim::capacity {

std::string FormatCpaTable(const CpaSetup& setup, const CpaReport& report);
std::string FormatCpaJson(const CpaSetup& setup, const CpaReport& report);
std::string FormatCpaCsv(const CpaSetup& setup, const CpaReport& report);
std::string FormatCpaSvg(const CpaSetup& setup, const CpaReport& report);

}  // namespace tunnelsim::capacity
