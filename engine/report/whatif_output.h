// Renders a WhatIfReport for people and for pull-request tooling:
//  * table: the changes, then what changed first (regressions, fixes), grouped so that pods
//    sharing a verdict are one line, the filter differences and the summary figures;
//  * json: schema tunnelsim.whatif/v1 (docs/whatif-json.md), one entry per operation and pod;
//  * junit: one test case per operation and pod (JUnit XML as CI test reporters read it); a
//    case fails when the operation fails after the change, with the error and the rule;
//  * sarif: SARIF 2.1.0; each regression and each flow region a change opens is a result
//    located at the change-set line that causes it;
//  * markdown: a summary fit for a pull-request comment.
#pragma once

#include <string>
#include <string_view>

#include "engine/whatif/whatif.h"

namespace tunnelsim {

std::string FormatWhatIfTable(const WhatIfReport& report);
std::string FormatWhatIfJson(const WhatIfReport& report);
std::string FormatWhatIfJunit(const WhatIfReport& report);
std::string FormatWhatIfSarif(const WhatIfReport& report, std::string_view tool_version);
std::string FormatWhatIfMarkdown(const WhatIfReport& report);

// Groups rows that read the same (class, workload, verdicts, blocker, cause), for the table
// and the markdown: operations and targets are collected per group, in report order.
struct OutcomeGroup {
  ChangeClass change_class = ChangeClass::kStillWorking;
  std::string workload;
  std::vector<std::string> operations;
  std::vector<std::string> targets;
  const OutcomeRow* first = nullptr;  // representative row
};
std::vector<OutcomeGroup> GroupOutcomes(const WhatIfReport& report);

// "works", "FAILS", "works 50%", "uncertain", "absent".
std::string VerdictWord(const OutcomeSide& side);
// "change 2 (change.yaml:14)".
std::string ChangeRef(const WhatIfReport& report, int change);

}  // namespace tunnelsim
