// The tunnel kinds AKS has used between the control plane and the nodes, and what each needs
// from the network. Konnectivity (today) dials the API server's 443 and tells itself apart by
// ALPN; tunnel-front (an SSH reverse tunnel) dials TCP 9000; aks-link (OpenVPN) dials UDP 1194
// (reference/konnectivity-cpa.md §C1, §E; reference/azure.md §6).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "models/core/protocol.h"

namespace tunnelsim::konnectivity {

enum class TunnelKind : uint8_t { kKonnectivity, kTunnelFront, kAksLink };

struct TunnelEndpoint {
  IpProtocol protocol;
  uint16_t port;
  std::string_view pod_name;  // what `kubectl get pods -n kube-system` shows
};

constexpr TunnelEndpoint EndpointOf(TunnelKind kind) {
  switch (kind) {
    case TunnelKind::kKonnectivity:
      return {IpProtocol::kTcp, 443, "konnectivity-agent"};
    case TunnelKind::kTunnelFront:
      return {IpProtocol::kTcp, 9000, "tunnel-front"};
    case TunnelKind::kAksLink:
      return {IpProtocol::kUdp, 1194, "aks-link"};
  }
  return {IpProtocol::kTcp, 443, "konnectivity-agent"};
}

std::optional<TunnelKind> ParseTunnelKind(std::string_view text);
std::string_view TunnelKindName(TunnelKind kind);

// The kubelet's HTTPS port, which the API server dials through the tunnel for logs, exec,
// attach and port-forward (reference/azure.md §7).
inline constexpr uint16_t kKubeletPort = 10250;

// How long the agent waits for its dial to the target before reporting an i/o timeout, and the
// client's backstop (reference/konnectivity-cpa.md §C3).
inline constexpr int kAgentDialTimeoutSeconds = 5;
inline constexpr int kClientDialBackstopSeconds = 30;

}  // namespace tunnelsim::konnectivity
