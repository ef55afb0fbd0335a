#include "tests/differential/lab_topology.h"

#include <algorithm>

namespace tunnelsim::differential::lab {

bool IsListenerPort(uint16_t port) {
  return std::find(kListenerPorts.begin(), kListenerPorts.end(), port) != kListenerPorts.end();
}

std::string_view IngressInterface(std::string_view node_address) {
  return node_address.starts_with("10.252.0.") ? "eth1" : "eth0";
}

}  // namespace tunnelsim::differential::lab
