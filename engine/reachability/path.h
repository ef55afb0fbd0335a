// One path through the cluster, hop by hop: each hop a filter (a node's netfilter tables, an
// NSG stage, the egress path, the API server's authorized ranges, the listener) with its
// verdict and the rule that decided. Every hop is evaluated, also after a block, so a report
// shows all blockers at once; `reached` says whether the packet would really get there.
//
// Which filters a path crosses, and in which order, comes from the model's topology: the
// route between two vertices (engine/topology/topology.h) and its crossings, request then
// reply (engine/topology/walk.h); this file evaluates each crossing. Not evaluated: replies
// over lo or the pod bridge, and a pod's reply that its node forwards (FORWARD, ESTABLISHED).
//
// The paths (reference/azure.md §1.5, §5; reference/netfilter-ufw.md §1; DESIGN.md):
//   TunnelPath: an agent's node dials the API server on the tunnel's port: node OUTPUT, NIC
//     then subnet NSG outbound, the egress (SNAT / firewall / private endpoint), authorized IP
//     ranges, and the reply through the node's INPUT as ESTABLISHED.
//   DialPath: the agent's node dials a target (kubelet 10250, or a webhook pod): to its own
//     node through lo (no NSG sees it), otherwise node OUTPUT, NSG outbound at the source and
//     inbound at the target, the target's nat PREROUTING and filter INPUT (FORWARD for a pod),
//     the listener (a DNAT/REDIRECT away from the kubelet gives the plain-HTTP error), and the
//     replies (target OUTPUT, source INPUT as ESTABLISHED).
//   DirectPath: with API Server VNet Integration there is no tunnel; the API server dials the
//     target from its own address, through the target's NSGs and host tables.
// Cost: a handful of NSG and netfilter evaluations; a route lookup of O(route length) from an
// agent's node or the API server (O(V + E) search from any other node); small allocations
// for the route and its crossings besides the hop list.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/reachability/cluster_model.h"

namespace tunnelsim {

enum class HopOutcome : uint8_t { kPass, kDrop, kReject, kUncertain };
std::string_view HopOutcomeName(HopOutcome outcome);  // "pass", "drop", "reject", "uncertain"

enum class HopLayer : uint8_t {
  kHost,        // netfilter tables (iptables, ufw) of a node
  kNsg,         // one NSG stage
  kEgress,      // load balancer / NAT gateway SNAT, egress firewall, private endpoint
  kAuthorized,  // API server authorized IP ranges
  kListener,    // what answers on the destination port
};

struct Hop {
  HopLayer layer = HopLayer::kHost;
  std::string where;  // "aks-nodepool1-...-vmss000000 filter INPUT", "NSG aks-subnet-nsg ..."
  // `where` without the node: equal for the same filter on every node of a pool, so reports
  // can group the nodes that fail the same way.
  std::string where_class;
  HopOutcome outcome = HopOutcome::kPass;
  std::string decided_by;  // "rule deny-kubelet (priority 100, Inbound)", "rule 3: -A INPUT ..."
  std::string error;       // for blocks: what the client sees after "dial tcp a:p: "
  bool reached = true;     // false after an earlier hop blocked
  bool is_reply = false;   // the hop filters the answer, not the request
  // For remedies: which object decided.
  int nsg = -1;  // index into ClusterModel::nsg_specs
  std::optional<nsg::Verdict> nsg_verdict;
  nsg::Flow nsg_flow;
  size_t pool = 0;              // kHost: the node's pool
  std::string netfilter_chain;  // kHost: chain of the deciding rule
  int netfilter_rule = 0;       // kHost: its number, 0 for a policy
  bool by_ufw = false;          // kHost: decided inside ufw's chains or ufw's policy
};

struct PathResult {
  std::vector<Hop> hops;
  std::string destination;  // "10.224.0.5:10250"
  bool ok() const;
  bool uncertain() const;
  // The first hop that blocks the request (nullptr when ok).
  const Hop* first_block() const;
  // What the client reports when the path fails: "dial tcp 10.224.0.5:10250: i/o timeout",
  // "http: server gave HTTP response to HTTPS client", ...
  std::string ClientError() const;
};

PathResult TunnelPath(const ClusterModel& model, size_t agent_node);
PathResult DialPath(const ClusterModel& model, size_t from_node, size_t to_node,
                    Ipv4Address destination, uint16_t port, bool to_pod);
PathResult DirectPath(const ClusterModel& model, Ipv4Address source, size_t to_node,
                      Ipv4Address destination, uint16_t port, bool to_pod);

}  // namespace tunnelsim
