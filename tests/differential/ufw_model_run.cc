#include "tests/differential/ufw_model_run.h"

#include <fmt/format.h>

#include "models/ufw/generate.h"
#include "models/ufw/state.h"

namespace tunnelsim::differential {

ModelUfwRun RunUfwModel(const std::vector<std::string>& commands,
                        const std::string& existing_saved) {
  ModelUfwRun run;
  ufw::State state;
  for (const std::string& command : commands) {
    auto applied = ufw::Apply(state, command);
    if (!applied.ok()) {
      run.commands.push_back({applied.status(), ""});
      continue;
    }
    state = applied->state;
    run.commands.push_back({Status::Ok(), applied->output});
  }
  if (existing_saved.empty()) {
    run.iptables_save = ufw::IptablesSaveText(state);
    return run;
  }
  auto merged = ufw::MergeIntoIptablesSave(existing_saved, state);
  if (merged.ok()) {
    run.iptables_save = *merged;
  } else {
    run.error = "ufw::MergeIntoIptablesSave failed: " + merged.status().message();
  }
  return run;
}

std::string CompareUfwCommand(const ModelUfwCommand& model, int real_exit_code,
                              const std::string& real_out, const std::string& real_stderr) {
  const Status& s = model.status;
  if (s.ok()) {
    if (real_exit_code != 0) {
      return fmt::format("model succeeded printing {:?}; ufw failed (exit {})", model.out,
                         real_exit_code);
    }
    if (real_out != model.out) {
      return fmt::format("stdout differs:\n  model: {:?}\n  ufw:   {:?}", model.out, real_out);
    }
    return "";
  }
  if (s.code() == Status::Code::kNotFound) {
    std::string expected = s.message() + "\n";
    if (real_exit_code == 0 && real_out == expected) return "";
    return fmt::format("model: {:?} (exit 0); ufw: exit {} printing {:?}", expected, real_exit_code,
                       real_out);
  }
  if (s.code() == Status::Code::kUnsupported) {
    return "the model does not support this command: " + s.message();
  }
  if (real_exit_code == 0) {
    return fmt::format("model failed with {:?}; ufw succeeded printing {:?}", s.message(),
                       real_out);
  }
  if (real_stderr.find(s.message()) == std::string::npos) {
    return fmt::format("both failed, but ufw's stderr lacks the model's message {:?}:\n{}",
                       s.message(), real_stderr);
  }
  return "";
}

}  // namespace tunnelsim::differential
