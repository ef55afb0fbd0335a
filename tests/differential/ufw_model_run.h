// The ufw model's side of a ufw case: ufw::Apply for each command in turn (a failed command
// leaves the state unchanged, as in ufw), then the iptables-save text ufw leaves in the kernel:
// ufw::IptablesSaveText, or ufw::MergeIntoIptablesSave when the node already had rules.
#pragma once

#include <string>
#include <vector>

#include "models/core/status.h"

namespace tunnelsim::differential {

struct ModelUfwCommand {
  Status status;    // ok, or the model's error (ufw's "ERROR: ..." text)
  std::string out;  // what ufw prints on stdout when ok
};

struct ModelUfwRun {
  std::vector<ModelUfwCommand> commands;
  std::string iptables_save;  // "" with `error` set when the merge failed
  std::string error;
};

// `existing_saved`: the node's iptables-save before ufw started ("" for none).
ModelUfwRun RunUfwModel(const std::vector<std::string>& commands,
                        const std::string& existing_saved);

// Whether the real command agrees with the model's: "" when it does, else why not.
// ufw reports "Could not delete non-existent rule" on stdout with exit status 0, and every
// other error on stderr with a non-zero status.
std::string CompareUfwCommand(const ModelUfwCommand& model, int real_exit_code,
                              const std::string& real_out, const std::string& real_stderr);

}  // namespace tunnelsim::differential
