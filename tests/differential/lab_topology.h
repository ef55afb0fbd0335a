// The differential lab's fixed addressing, shared by the lab builder, the case generators and
// the model side (so the model's NodeContext describes exactly the namespaces the kernel runs):
//
//   client namespace                         node namespace
//   eth0 10.250.0.1/24 (+ .9 .66 .200,  <->  eth0 10.250.0.2/24, 10.250.0.3/24
//        and 10.251.0.5/32)                   route 10.251.0.0/24 via 10.250.0.1
//   eth1 10.252.0.9/24                  <->  eth1 10.252.0.1/24
//
// Private test ranges only, and they exist only inside the two namespaces. Addresses may be
// the same in parallel runs: each run has its own namespaces. The node listens on
// kListenerPorts (TCP and UDP, every address). Reverse-path filtering is off so a probe may
// leave the client on one link and get its answer on the other.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace tunnelsim::differential::lab {

inline constexpr std::string_view kClientEth0 = "10.250.0.1";
inline constexpr std::array<std::string_view, 3> kClientEth0Extra = {"10.250.0.9", "10.250.0.66",
                                                                     "10.250.0.200"};
inline constexpr std::string_view kClientOtherNet = "10.251.0.5";  // routed, not on a link
inline constexpr std::string_view kClientEth1 = "10.252.0.9";
// Every source address a remote probe may use.
inline constexpr std::array<std::string_view, 6> kClientSources = {
    "10.250.0.1", "10.250.0.9", "10.250.0.66", "10.250.0.200", "10.251.0.5", "10.252.0.9"};

inline constexpr std::string_view kNodeEth0 = "10.250.0.2";  // primary: REDIRECT's target
inline constexpr std::string_view kNodeEth0Second = "10.250.0.3";
inline constexpr std::string_view kNodeEth1 = "10.252.0.1";
inline constexpr std::array<std::string_view, 3> kNodeAddresses = {"10.250.0.2", "10.250.0.3",
                                                                   "10.252.0.1"};
inline constexpr int kSubnetPrefix = 24;

// Ports with a TCP and a UDP listener on the node.
inline constexpr std::array<uint16_t, 5> kListenerPorts = {22, 80, 8080, 10250, 10251};
bool IsListenerPort(uint16_t port);

// The node interface a probe to `node_address` arrives on: the client routes 10.252.0.0/24
// through eth1 and everything else through eth0.
std::string_view IngressInterface(std::string_view node_address);

}  // namespace tunnelsim::differential::lab
