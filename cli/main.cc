// tunnelsim: a what-if engine for the tunnel between an AKS control plane and its nodes.
#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace tunnelsim::cli;
  CLI::App app{
      "tunnelsim: predicts whether kubectl logs/exec/port-forward and admission webhooks work "
      "through the AKS tunnel (Konnectivity, tunnel-front, aks-link), and why not.",
      "tunnelsim"};
  app.set_version_flag("--version", std::string("tunnelsim ") + TUNNELSIM_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 all good, 1 something fails, 2 bad input.\n"
      "Example: tunnelsim validate scenarios/contoso-prod.yaml");
  int exit_code = kExitOk;
  RegisterValidate(app, &exit_code);
  RegisterCheck(app, &exit_code);
  RegisterTrace(app, &exit_code);
  RegisterCpa(app, &exit_code);
  RegisterSnat(app, &exit_code);
  RegisterWhatIf(app, &exit_code);
  RegisterApply(app, &exit_code);
  RegisterLint(app, &exit_code);
  RegisterGraph(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    // --help and --version are successful exits; anything else is a usage error.
    return code == 0 ? 0 : kExitBadInput;
  }
  return exit_code;
}
