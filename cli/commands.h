// The subcommands of the tunnelsim executable. Each Register* adds one subcommand to the app
// and sets the callback that runs it; the callback stores the process exit code in *exit_code:
// 0 all good, 1 the analysis found a failure (policy), 2 bad input or usage.
#pragma once

#include <CLI/CLI.hpp>

namespace tunnelsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitBadInput = 2;

void RegisterValidate(CLI::App& app, int* exit_code);
void RegisterCheck(CLI::App& app, int* exit_code);
void RegisterTrace(CLI::App& app, int* exit_code);
void RegisterCpa(CLI::App& app, int* exit_code);
void RegisterSnat(CLI::App& app, int* exit_code);
void RegisterWhatIf(CLI::App& app, int* exit_code);
void RegisterApply(CLI::App& app, int* exit_code);
void RegisterLint(CLI::App& app, int* exit_code);
void RegisterGraph(CLI::App& app, int* exit_code);

}  // namespace tunnelsim::cli
