// tunnelsim validate FILE...: checks scenarios and change sets without running an analysis.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "engine/diagnostics/diagnostics.h"
#include "engine/input/load_document.h"

namespace tunnelsim::cli {

void RegisterValidate(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "validate", "Check scenarios and change sets strictly: every problem with file:line:col.");
  cmd->footer("Example: tunnelsim validate scenarios/contoso-prod.yaml changes/allow-kubelet.yaml");
  auto files = std::make_shared<std::vector<std::string>>();
  cmd->add_option("FILE", *files, "Scenario (kind: Scenario) or change set (kind: ChangeSet)")
      ->required();
  cmd->callback([files, exit_code] {
    Diagnostics diagnostics;
    for (const std::string& file : *files) {
      size_t before = diagnostics.error_count();
      DocumentKind kind = LoadAndValidateDocument(file, &diagnostics);
      if (diagnostics.error_count() == before) {
        std::printf("%s: ok (%s)\n", file.c_str(), DocumentKindName(kind));
      }
    }
    diagnostics.SortByPosition();
    std::fputs(diagnostics.Format().c_str(), stderr);
    *exit_code = diagnostics.HasErrors() ? kExitBadInput : kExitOk;
  });
}

}  // namespace tunnelsim::cli
