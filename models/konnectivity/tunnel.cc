#include "models/konnectivity/tunnel.h"

namespace tunnelsim::konnectivity {

std::optional<TunnelKind> ParseTunnelKind(std::string_view text) {
  if (text == "konnectivity") return TunnelKind::kKonnectivity;
  if (text == "tunnel-front") return TunnelKind::kTunnelFront;
  if (text == "aks-link") return TunnelKind::kAksLink;
  return std::nullopt;
}

std::string_view TunnelKindName(TunnelKind kind) {
  switch (kind) {
    case TunnelKind::kKonnectivity:
      return "konnectivity";
    case TunnelKind::kTunnelFront:
      return "tunnel-front";
    case TunnelKind::kAksLink:
      return "aks-link";
  }
  return "konnectivity";
}

}  // namespace tunnelsim::konnectivity
