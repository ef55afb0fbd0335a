#include "tests/differential/probe.h"

#include <fmt/format.h>

#include "tests/differential/lab_topology.h"

namespace tunnelsim::differential {

std::string Probe::Describe() const {
  return fmt::format("{} {}:{} -> {}:{} (arrives on {})", ProtocolName(protocol), src, sport, dst,
                     dport, lab::IngressInterface(dst));
}

}  // namespace tunnelsim::differential
