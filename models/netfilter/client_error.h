// What a client sees for a verdict on the node (reference/netfilter-ufw.md §3, observed with
// Go 1.19 and a 2 s dial timeout): the outcome, the first reply on the wire, and the error
// text Go's net package prints. A DROP is silence, so a client with a timeout reports
// "i/o timeout"; each REJECT type maps to the errno its ICMP error (or RST) produces.
#pragma once

#include <string>
#include <string_view>

#include "models/core/protocol.h"
#include "models/netfilter/packet.h"
#include "models/netfilter/verdict.h"

namespace tunnelsim::netfilter {

enum class ClientOutcome : uint8_t { kConnected, kRefused, kTimeout, kUnreachable, kUnknown };
std::string_view ClientOutcomeName(ClientOutcome outcome);  // "connected", "refused", ...

struct ClientSymptom {
  ClientOutcome outcome = ClientOutcome::kUnknown;
  std::string_view wire;   // "syn-ack", "rst", "icmp 3/3 port-unreachable", "none", ""
  std::string_view error;  // Go's text after the address ("connect: connection refused"); ""
                           // when connected or unknown
};

// `listener_present`: whether something listens on the (translated) destination port; an
// accepted packet to a closed port is answered with RST (TCP) or ICMP port unreachable (UDP).
// UDP rejects other than port-unreachable are not observed; they map by the same errno.
ClientSymptom SymptomOf(VerdictKind kind, RejectType reject, IpProtocol protocol,
                        bool listener_present = true);
inline ClientSymptom SymptomOf(const Verdict& v, IpProtocol protocol,
                               bool listener_present = true) {
  return SymptomOf(v.kind, v.reject, protocol, listener_present);
}

// The whole error line for the probe the client sent (its original destination):
// "dial tcp 10.250.0.2:10250: i/o timeout", or for UDP
// "read udp 10.250.0.1:42798->10.250.0.2:53: i/o timeout". Empty when there is no error.
std::string GoClientError(const ClientSymptom& symptom, const Packet& probe);

}  // namespace tunnelsim::netfilter
