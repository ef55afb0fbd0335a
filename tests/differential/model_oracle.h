// What tunnelsim's models predict for a probe of the lab: the probe's first packet (TCP SYN or
// UDP datagram, conntrack NEW) arriving at the node on its ingress interface goes through
// netfilter::Evaluator::EvaluateInbound, and netfilter::SymptomOf turns the verdict into the
// client's outcome, with a listener present when the (possibly NAT-translated) port is one of
// lab::kListenerPorts. UNCERTAIN and ERROR verdicts predict kUnknown, which never equals an
// observation, so they count as disagreements.
#pragma once

#include <string>

#include "models/netfilter/evaluator.h"
#include "models/netfilter/packet.h"
#include "tests/differential/probe.h"

namespace tunnelsim::differential {

// The node namespace as the model sees it (lab_topology.h).
netfilter::NodeContext LabNodeContext();

netfilter::Packet ToPacket(const Probe& probe);

struct Prediction {
  netfilter::ClientOutcome outcome = netfilter::ClientOutcome::kUnknown;
  // "DROP by filter INPUT rule 3: -A INPUT ...; nat 10.250.0.2:10255 -> 10.250.0.2:8080".
  std::string explanation;
};

Prediction Predict(const netfilter::Evaluator& evaluator, const netfilter::NodeContext& node,
                   const Probe& probe);

}  // namespace tunnelsim::differential
