// The tunnel's own outbound connections, as the SNAT simulation sees them: each
// konnectivity-agent holds one long-lived TCP connection per konnectivity-server replica to
// the API server's public IP:443 (reference/konnectivity-cpa.md C1; public clusters only,
// reference/azure.md §5). Those connections never go idle (gRPC keepalive 30 s is below every
// idle timeout, 4 min at least), so they lose their port only when the Load Balancer re-tiers
// or the agent restarts; then the agent re-dials, and a re-dial needs a free SNAT port towards
// the API server at that moment.
//
// Agent dial timing (konnectivity-cpa.md C1, v0.32.1 as AKS runs it): a failed dial is retried
// after a backoff starting at 1 s, x1.5 per failure, capped at 10 s, each wait stretched by
// U[1, 1.1) (Jitter 0.1). With --sync-forever the agent also keeps dialing while fully
// connected, about every 10-11 s; the server it reaches is a duplicate and the agent closes
// that connection at once (a FIN), so each duplicate dial briefly costs a port.
#pragma once

#include <vector>

#include "models/snat/destination.h"
#include "models/snat/rng.h"

namespace tunnelsim::snat {

struct DialBackoffPolicy {
  double initial_seconds = 1;  // --sync-interval
  double factor = 1.5;
  double cap_seconds = 10;  // --sync-interval-cap
  double jitter = 0.1;
};

// The wait before each retry of a failing dial. Not thread-safe; O(1).
class DialBackoff {
 public:
  explicit DialBackoff(const DialBackoffPolicy& policy = {}) : policy_(policy) { Reset(); }
  // The wait before the next attempt (jittered), then grows the base wait.
  double Next(Rng& rng);
  // After a successful dial.
  void Reset() { current_ = policy_.initial_seconds; }

 private:
  DialBackoffPolicy policy_;
  double current_ = 0;
};

struct TunnelAgents {
  int group = 0;                  // node group whose nodes host the agents
  int agents = 2;                 // one agent on each of this many nodes (CPA ladder result)
  int connections_per_agent = 1;  // konnectivity-server replicas
  Destination api_server;         // the public API server endpoint, TCP 443
  std::vector<double> restart_at_seconds;  // agent restarts: every connection is re-dialed
  DialBackoffPolicy backoff;
  // --sync-forever duplicate dials while connected; 0 turns them off.
  double duplicate_dial_interval_seconds = 10;
};

}  // namespace tunnelsim::snat
