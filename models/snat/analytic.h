// Closed-form estimates that cross-check the SNAT simulation (DESIGN.md "SNAT simulation").
//
// Flows from one node to one destination arriving as a Poisson process of rate lambda, each
// holding its port for a mean time h (active time + FIN/RST hold or idle timeout), form an
// M/G/infinity system: the number of ports in use is Poisson with mean a = lambda * h
// whatever the holding-time distribution. With a hard cap of c ports (the node's allocation
// under the Load Balancer) a flow that finds c in use is lost, and the loss probability is
// Erlang's B(c, a), again insensitive to the holding-time distribution. All functions are
// pure; costs are O(c) or O(a + tail).
#pragma once

#include <cstdint>

namespace tunnelsim::snat {

// a = lambda * h (Erlangs). REQUIRES: both >= 0.
double OfferedLoad(double rate_per_second, double mean_holding_seconds);

// Erlang B by the recurrence B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)): every term lies in
// [0, 1], so it neither overflows nor cancels for any c and a. REQUIRES: c >= 0, a >= 0.
double ErlangB(int64_t c, double a);

// Mean ports in use with the cap: a (1 - B(c, a)).
double CarriedLoad(int64_t c, double a);

// Fewest ports c with B(c, a) <= target (a capacity answer). REQUIRES: 0 < target < 1.
int64_t PortsForLossTarget(double a, double target);

// P(N >= c) for N ~ Poisson(mean): how often an uncapped node would need c or more ports.
// Summed on the smaller side in log space, accurate for means up to about 1e7.
double PoissonTailAtLeast(int64_t c, double mean);

}  // namespace tunnelsim::snat
