// Random ufw command lists for the differential test, deterministic in their seed: an optional
// `default allow|deny|reject incoming`, 2-5 rule commands (allow/deny/reject with a port,
// port/proto, port range or list, `from CIDR`, `[in on IFACE] [proto P] from SRC [port P] to
// DST [port P] [proto P]`, `insert N`, `prepend`, `delete RULE`, `--force delete N`), then
// `--force enable`, sometimes more rule commands while active and a final `status`. Some
// commands are invalid on purpose (a port list without a protocol, an insert position past
// the end): ufw and the model must then fail alike. `limit` is left out: its -m recent makes
// the verdict depend on history, which the model reports as uncertain by design.
// In a fifth of the cases the node already has rules when ufw starts (GenerateExistingRules).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/differential/probe.h"
#include "tests/differential/rule_writer.h"

namespace tunnelsim::differential {

struct UfwCase {
  uint64_t seed = 0;
  std::string existing;               // iptables-restore input loaded before ufw; "" for none
  std::vector<std::string> commands;  // ufw's arguments, e.g. "allow 10250/tcp"
  std::vector<Probe> probes;
};

// `options` apply to the existing rules.
UfwCase GenerateUfwCase(uint64_t seed, GeneratorOptions options = {});

}  // namespace tunnelsim::differential
