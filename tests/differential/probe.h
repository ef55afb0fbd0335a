// Probe: one connection attempt from the client namespace to the node, fully specified (source
// address and port included) so the model sees exactly the packet the kernel saw, and a case
// can be reproduced from its printout.
#pragma once

#include <cstdint>
#include <string>

#include "models/core/protocol.h"
#include "models/netfilter/client_error.h"

namespace tunnelsim::differential {

struct Probe {
  IpProtocol protocol = IpProtocol::kTcp;  // kTcp or kUdp
  std::string src;                         // one of lab::kClientSources
  uint16_t sport = 0;
  std::string dst;  // one of lab::kNodeAddresses
  uint16_t dport = 0;

  // "tcp 10.250.0.9:20017 -> 10.250.0.2:10250 (arrives on eth0)".
  std::string Describe() const;
};

// What the client saw: the outcome and, for errors, the errno text ("Connection refused").
struct Observation {
  netfilter::ClientOutcome outcome = netfilter::ClientOutcome::kUnknown;
  std::string detail;
};

}  // namespace tunnelsim::differential
