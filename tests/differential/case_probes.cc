#include "tests/differential/case_probes.h"

#include <string>

#include "tests/differential/lab_topology.h"

namespace tunnelsim::differential {

uint16_t SourcePort(uint64_t seed, int index) {
  return static_cast<uint16_t>(20000 + (seed * 8 + static_cast<uint64_t>(index)) % 40000);
}

std::vector<Probe> GenerateProbes(Rng& rng, uint64_t seed, const std::set<uint16_t>& interesting,
                                  int count, int udp_percent) {
  std::vector<uint16_t> ports(interesting.begin(), interesting.end());
  std::vector<Probe> probes;
  for (int i = 0; i < count; ++i) {
    Probe p;
    p.protocol = rng.Percent(udp_percent) ? IpProtocol::kUdp : IpProtocol::kTcp;
    p.src = std::string(rng.Percent(30) ? lab::kClientEth0 : rng.Pick(lab::kClientSources));
    int d = rng.Between(1, 4);
    p.dst = std::string(d <= 2 ? lab::kNodeEth0 : d == 3 ? lab::kNodeEth0Second : lab::kNodeEth1);
    p.sport = SourcePort(seed, i);
    bool listener = ports.empty() || rng.Percent(50);
    p.dport = listener ? rng.Pick(lab::kListenerPorts) : ports[rng.Next() % ports.size()];
    probes.push_back(p);
  }
  return probes;
}

}  // namespace tunnelsim::differential
