// Prober: the node's listeners and the client's probes, done with sockets the harness creates
// inside the namespaces (ScopedNetns), so no helper process is needed.
//
// The node listens on lab::kListenerPorts over TCP (connections are accepted and closed) and
// UDP (every datagram is answered from the address it was sent to, so a REDIRECTed flow's
// answer is translated back by conntrack). A probe is a non-blocking connect() (TCP) or a
// connected send() and recv() (UDP) from the client, like Go's net.Dial:
//   TCP handshake done        -> connected   (also when the connection is reset or gets an
//                                             ICMP error right after: the model predicts the
//                                             handshake, i.e. the verdict on the SYN)
//   ECONNREFUSED              -> refused     (RST, or ICMP port-unreachable)
//   ENETUNREACH/EHOSTUNREACH/ENOPROTOOPT -> unreachable (ICMP 3/0,1,2,9,10,13)
//   nothing before the deadline -> timeout   (DROP; the first SYN retransmission is at 1 s, so
//                                             deadlines below 1 s see exactly one SYN)
// All probes of one call run at the same time and share one deadline. Client sockets are
// closed with an RST (SO_LINGER 0) so no TIME_WAIT state outlives a call.
// REQUIRES: every probe of one call has a different (protocol, source address, source port).
#pragma once

#include <chrono>
#include <vector>

#include "models/core/result.h"
#include "tests/differential/netns_lab.h"
#include "tests/differential/probe.h"

namespace tunnelsim::differential {

class Prober {
 public:
  // Opens the listeners inside lab's node namespace. REQUIRES: `lab` outlives the Prober.
  static Result<std::unique_ptr<Prober>> Create(const Lab& lab);
  ~Prober();
  Prober(const Prober&) = delete;
  Prober& operator=(const Prober&) = delete;

  std::vector<Observation> Run(const std::vector<Probe>& probes,
                               std::chrono::milliseconds deadline);

 private:
  explicit Prober(const Lab& lab) : lab_(lab) {}
  void ServeListeners(const std::vector<int>& ready);
  void DrainListeners();

  const Lab& lab_;
  std::vector<int> tcp_listeners_;
  std::vector<int> udp_listeners_;
};

}  // namespace tunnelsim::differential
