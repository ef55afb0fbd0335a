// Runs one generated case against the kernel (in a Lab) and against the models, and reports
// every disagreement in a form that reproduces it: the seed, the ruleset or ufw command list,
// the kernel's own iptables-save, the probe, and both outcomes with the model's reasoning.
//
// iptables case: the ruleset is loaded with iptables-restore (an empty nat table is added when
//   the case has none, so nothing survives from the previous case); the model evaluates both
//   the generated text and the kernel's iptables-save of it.
// ufw case: the commands run in the real ufw (ufw_lab.h) and in the ufw model; each command's
//   exit status and stdout, the resulting iptables-save text (filter table; all tables when the
//   node had rules before) and every probe must agree.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/differential/netns_lab.h"
#include "tests/differential/prober.h"
#include "tests/differential/rule_writer.h"

namespace tunnelsim::differential {

struct CaseReport {
  uint64_t seed = 0;
  int probes = 0;
  int agreed = 0;
  int text_checks = 0;            // ufw: commands and the iptables-save text compared
  std::array<int, 5> observed{};  // probes per kernel outcome, indexed by ClientOutcome
  std::vector<std::string> failures;
};

struct RunOptions {
  std::chrono::milliseconds deadline{500};  // per batch of probes
  GeneratorOptions generator;
};

CaseReport RunIptablesCase(Lab& lab, Prober& prober, uint64_t seed, const RunOptions& options);
CaseReport RunUfwCase(Lab& lab, Prober& prober, uint64_t seed, const RunOptions& options);

}  // namespace tunnelsim::differential
