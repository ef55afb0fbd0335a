#include "engine/topology/walk.h"

#include "engine/reachability/cluster_model.h"

namespace tunnelsim {
namespace {

// The route in walking order, reversed for replies, without a copy.
struct Ordered {
  const std::vector<TopologyVertex>& route;
  bool reversed = false;
  size_t size() const { return route.size(); }
  TopologyVertex operator[](size_t i) const {
    return reversed ? route[route.size() - 1 - i] : route[i];
  }
};

// Which side of a node a neighbour on the route is.
enum class Side : uint8_t { kLocal, kWire, kPod };

Side SideOf(const Topology& t, const Ordered& route, size_t i) {
  if (i >= route.size()) return Side::kLocal;  // the node itself is the endpoint
  switch (t.info(route[i]).kind) {
    case VertexKind::kNic:
      return Side::kWire;
    case VertexKind::kPodNetwork:
    case VertexKind::kWebhookPod:
      return Side::kPod;
    default:
      return Side::kLocal;  // kubelet, host-network agent
  }
}

std::string_view InterfaceOf(Side side) {
  switch (side) {
    case Side::kWire:
      return kWireInterface;
    case Side::kPod:
      return kPodBridgeInterface;
    case Side::kLocal:
      return kLoopbackInterface;
  }
  return kWireInterface;
}

void AddHostCrossings(const Ordered& route, size_t i, Side from, Side to, Crossing base,
                      std::vector<Crossing>* out) {
  base.vertex = route[i];
  auto add = [&](CrossingKind kind, std::string_view in, std::string_view out_interface) {
    Crossing c = base;
    c.kind = kind;
    c.in_interface = in;
    c.out_interface = out_interface;
    out->push_back(c);
  };
  if (from == Side::kLocal && to == Side::kLocal) {
    // Local delivery: out through lo and back in through lo.
    add(CrossingKind::kHostOutput, "", kLoopbackInterface);
    add(CrossingKind::kHostInput, kLoopbackInterface, "");
  } else if (from == Side::kLocal) {
    add(CrossingKind::kHostOutput, "", InterfaceOf(to));
  } else if (to == Side::kLocal) {
    add(CrossingKind::kHostInput, InterfaceOf(from), "");
  } else {
    add(CrossingKind::kHostForward, InterfaceOf(from), InterfaceOf(to));
  }
}

}  // namespace

std::string_view CrossingKindName(CrossingKind kind) {
  switch (kind) {
    case CrossingKind::kHostOutput:
      return "host-output";
    case CrossingKind::kHostInput:
      return "host-input";
    case CrossingKind::kHostForward:
      return "host-forward";
    case CrossingKind::kNicNsg:
      return "nic-nsg";
    case CrossingKind::kSubnetNsg:
      return "subnet-nsg";
    case CrossingKind::kEgress:
      return "egress";
    case CrossingKind::kAuthorizedRanges:
      return "authorized-ranges";
  }
  return "?";
}

std::vector<Crossing> CrossingsAlong(const Topology& t, const std::vector<TopologyVertex>& route,
                                     WalkDirection direction) {
  bool request = direction == WalkDirection::kRequest;
  Ordered path{route, !request};
  const ClusterModel& m = t.model();
  std::vector<Crossing> out;
  out.reserve(route.size() + 2);  // a hint: about one crossing per vertex
  for (size_t i = 0; i < path.size(); ++i) {
    const VertexInfo& here = t.info(path[i]);
    Crossing base;
    base.direction = direction;
    if (here.kind == VertexKind::kNode) {
      base.node = here.index;
      Side from = i == 0 ? Side::kLocal : SideOf(t, path, i - 1);
      AddHostCrossings(path, i, from, SideOf(t, path, i + 1), base, &out);
      continue;
    }
    if (!request || i == 0) continue;  // the rest are stateful, or entered from outside
    const VertexInfo& previous = t.info(path[i - 1]);
    auto nsg_crossing = [&](CrossingKind kind, TopologyVertex vertex, size_t node, int nsg,
                            bool inbound) {
      if (nsg < 0) return;
      Crossing c = base;
      c.kind = kind;
      c.vertex = vertex;
      c.node = node;
      c.nsg = nsg;
      c.inbound = inbound;
      out.push_back(c);
    };
    if (here.kind == VertexKind::kSubnet && previous.kind == VertexKind::kNic) {
      size_t node = previous.index;  // outbound: the NIC's NSG first (reference/azure.md §1.5)
      nsg_crossing(CrossingKind::kNicNsg, path[i - 1], node, m.pools[m.nodes[node].pool].nic_nsg,
                   false);
      nsg_crossing(CrossingKind::kSubnetNsg, path[i], node, t.subnets()[here.index].nsg, false);
    } else if (here.kind == VertexKind::kNic && previous.kind == VertexKind::kSubnet) {
      size_t node = here.index;  // inbound: the subnet's NSG first
      nsg_crossing(CrossingKind::kSubnetNsg, path[i - 1], node, t.subnets()[previous.index].nsg,
                   true);
      nsg_crossing(CrossingKind::kNicNsg, path[i], node, m.pools[m.nodes[node].pool].nic_nsg, true);
    } else if (IsEgressDevice(here.kind)) {
      Crossing c = base;
      c.kind = CrossingKind::kEgress;
      c.vertex = path[i];
      out.push_back(c);
    } else if (here.kind == VertexKind::kApiServer && IsEgressDevice(previous.kind) &&
               previous.kind != VertexKind::kPrivateEndpoint) {
      Crossing c = base;
      c.kind = CrossingKind::kAuthorizedRanges;
      c.vertex = path[i];
      out.push_back(c);
    }
  }
  return out;
}

std::vector<Crossing> Walk(const Topology& t, TopologyVertex from, TopologyVertex to,
                           WalkDirection direction) {
  return CrossingsAlong(t, t.Route(from, to), direction);
}

}  // namespace tunnelsim
