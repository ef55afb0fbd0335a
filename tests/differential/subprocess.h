// RunCommand: runs a program (looked up on PATH) with the given stdin text and collects its exit
// status, stdout and stderr. Safe to call from several threads at once: every descriptor the
// harness opens is close-on-exec, so a child never inherits another thread's pipes or sockets.
// Blocks until the child exits; output size is unbounded (read while stdin is written).
#pragma once

#include <string>
#include <vector>

namespace tunnelsim::differential {

struct CommandResult {
  int exit_code = -1;  // 128 + signal when killed by a signal; -1 when it could not start
  std::string out;
  std::string err;
  bool ok() const { return exit_code == 0; }
};

CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& stdin_text = "");

// "argv[0] argv[1] ..." with words quoted for a POSIX shell where needed (for messages).
std::string ShellJoin(const std::vector<std::string>& argv);
std::string ShellQuote(const std::string& word);

}  // namespace tunnelsim::differential
