// Walk: the filters a packet crosses on a route of the topology, in the order it crosses them.
//
// Request direction, from the route's first vertex to its last:
//   a node: its host tables, by where the packet comes from and goes to: from a local process
//     (the node itself, its kubelet, a host-network agent) to the wire: OUTPUT out eth0; from
//     the wire to a local process: PREROUTING + INPUT in eth0; from the wire to a pod: FORWARD;
//     from a local process to a local process: OUTPUT then INPUT through lo; to one of its own
//     pods: OUTPUT out azv0 (reference/netfilter-ufw.md §1);
//   NIC -> subnet: the NIC's NSG then the subnet's, outbound; subnet -> NIC: the subnet's then
//     the NIC's, inbound; also between two NICs of one subnet (reference/azure.md §1.5); no
//     crossing when no NSG is attached;
//   entering an egress device (load balancer, NAT gateway, egress firewall, none, private
//     endpoint): the device;
//   entering the API server from an egress device other than the private endpoint: its
//     authorized IP ranges (reference/azure.md §5).
// Reply direction, from the last vertex back to the first: only the host tables, with the
// packet's in/out sides swapped. NSGs are stateful and let the replies of a flow they allowed
// through (reference/azure.md §1.7); SNAT devices and the egress firewall track the connection
// as well; a node's rules see the reply as ESTABLISHED and may still drop it.
// Cost: O(route length); no search.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "engine/topology/topology.h"

namespace tunnelsim {

enum class WalkDirection : uint8_t { kRequest, kReply };

enum class CrossingKind : uint8_t {
  kHostOutput,        // nat + filter OUTPUT: the packet leaves a local process
  kHostInput,         // nat PREROUTING + filter INPUT: it arrives for a local process
  kHostForward,       // nat PREROUTING + filter FORWARD: the node routes it to or from a pod
  kNicNsg,            // the NSG on a node's NIC
  kSubnetNsg,         // the NSG on a node's subnet
  kEgress,            // the egress device; its vertex kind says which
  kAuthorizedRanges,  // the API server's authorized IP ranges
};
std::string_view CrossingKindName(CrossingKind kind);  // "host-output", "nic-nsg", ...

// The interfaces a host crossing names: the node's NIC, loopback, the pod bridge.
inline constexpr std::string_view kWireInterface = "eth0";
inline constexpr std::string_view kLoopbackInterface = "lo";
inline constexpr std::string_view kPodBridgeInterface = "azv0";

struct Crossing {
  CrossingKind kind = CrossingKind::kHostOutput;
  WalkDirection direction = WalkDirection::kRequest;
  TopologyVertex vertex = 0;  // the node, NIC, subnet, egress device or API server
  size_t node = 0;            // host and NSG crossings: index into ClusterModel::nodes
  int nsg = -1;               // NSG crossings: index into ClusterModel::nsg_specs
  bool inbound = false;       // NSG crossings: towards the node
  // Host crossings: where the packet enters and leaves the node ("" for a local process).
  std::string_view in_interface;
  std::string_view out_interface;

  bool operator==(const Crossing&) const = default;
};

// The crossings along `route` (as Topology::Route returns it) in `direction`.
std::vector<Crossing> CrossingsAlong(const Topology& topology,
                                     const std::vector<TopologyVertex>& route,
                                     WalkDirection direction);

// Route then crossings; empty when `to` cannot be reached from `from`.
std::vector<Crossing> Walk(const Topology& topology, TopologyVertex from, TopologyVertex to,
                           WalkDirection direction);

}  // namespace tunnelsim
