// Remedy: the article's cause and solution for a blocking hop, with a concrete action: for an
// NSG the exact allow rule (as an `az network nsg rule create` command) at a free priority
// below the blocking rule's; for ufw `ufw allow PORT` or `ufw disable`; for iptables the
// `iptables --delete CHAIN N` that removes the rule; for the egress path the port to open.
#pragma once

#include <string>

#include "engine/reachability/cluster_model.h"
#include "engine/reachability/path.h"

namespace tunnelsim {

struct Remedy {
  int cause = 0;         // the article's cause number, 0 when the article has none
  std::string solution;  // "Solution 1", "Solution 2a or 2b", ...
  std::string summary;   // one line: what is wrong
  std::string action;    // the command or change that fixes it
};

// REQUIRES: `hop` blocks (outcome is not kPass). `port` is the destination port of the path.
Remedy RemedyFor(const ClusterModel& model, const Hop& hop, uint16_t port, bool tunnel_path);

// The commands from the article that confirm a prediction on the real cluster.
std::string VerifyNcCommand(const ClusterModel& model, size_t from_node, const std::string& ip,
                            uint16_t port);
std::string VerifyUfwCommand(const ClusterModel& model, size_t node);
std::string VerifyIptablesCommand(const ClusterModel& model, size_t node);

}  // namespace tunnelsim
