// Runs a ufw command list with the real ufw inside a Lab's node namespace, the way
// reference/netfilter-ufw.md §4.7 describes: every case gets fresh private copies of
// /etc/ufw, /etc/default/ufw and /lib/ufw (the packaged files: rule files and ufw.conf from
// /usr/share/ufw, /etc/default/ufw with the packaged values), bind-mounted over the real paths
// inside `ip netns exec`'s private mount namespace, with TESTSTATE=1 so ufw's lock file is in
// the private /lib/ufw too. The host's ufw files, lock and firewall are never touched.
// Cost: one ufw process per command (about 0.5 s each, `enable` about 2 s).
#pragma once

#include <string>
#include <vector>

#include "models/core/result.h"
#include "tests/differential/netns_lab.h"

namespace tunnelsim::differential {

struct UfwCommandResult {
  int exit_code = -1;
  std::string out;  // ufw's stdout
};

struct RealUfwRun {
  std::string existing_saved;  // iptables-save after loading the case's existing rules ("" if none)
  std::vector<UfwCommandResult> commands;
  std::string stderr_text;    // everything ufw wrote on stderr, for messages
  std::string iptables_save;  // after the last command, all IPv4 tables
};

// Why ufw cannot be run here ("" when it can).
std::string UfwUnavailableReason();

// REQUIRES: `lab` is used by this thread only. Resets the node's firewall first.
Result<RealUfwRun> RunRealUfw(Lab& lab, const std::string& existing,
                              const std::vector<std::string>& commands);

}  // namespace tunnelsim::differential
