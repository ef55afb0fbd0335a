// The probes of one generated case: which (protocol, source, destination, port) combinations
// to try against a ruleset. Half of the destination ports are the node's listener ports, half
// come from the case's "interesting" ports (every port, range bound and bound +-1 that its
// rules mention, and NAT's original ports), so port boundaries are tested from both sides.
#pragma once

#include <cstdint>
#include <set>
#include <vector>

#include "tests/differential/probe.h"
#include "tests/differential/rng.h"

namespace tunnelsim::differential {

// Source ports are a function of (seed, probe index), unique for seeds below 5000, so no two
// probes of one run share a connection tuple (no conntrack or socket state is ever reused).
uint16_t SourcePort(uint64_t seed, int index);

// `udp_percent` of the probes are UDP.
std::vector<Probe> GenerateProbes(Rng& rng, uint64_t seed, const std::set<uint16_t>& interesting,
                                  int count, int udp_percent);

}  // namespace tunnelsim::differential
