// Helpers shared by the netfilter tests: reading testdata/ through TUNNELSIM_SOURCE_DIR (set by
// the test harness), parsing rulesets that must be valid, and the lab's node and probes
// (reference/netfilter-ufw.md §9: peer 10.250.0.1 -> node 10.250.0.2 over eth0).
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "models/netfilter/evaluator.h"
#include "models/netfilter/iptables_save_parser.h"

namespace tunnelsim::netfilter::testing {

inline std::string ReadTestdata(std::string_view name) {
  const char* root = std::getenv("TUNNELSIM_SOURCE_DIR");
  std::string path =
      std::string(root ? root : ".") + "/models/netfilter/testdata/" + std::string(name);
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline Ruleset MustParse(std::string_view text) {
  auto parsed = ParseIptablesSave(text);
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  return parsed.ok() ? *parsed : Ruleset();
}

inline Ipv4Address Ip(std::string_view text) { return *Ipv4Address::Parse(text); }

// The lab node: 10.250.0.2/24 and 10.250.0.3/24 on eth0 (match-dst probes .3 as local).
inline NodeContext LabNode() {
  NodeContext node;
  node.AddAddress("eth0", Ip("10.250.0.2"), 24);
  node.AddAddress("eth0", Ip("10.250.0.3"), 24);
  return node;
}

// A TCP SYN from the peer arriving on eth0.
inline Packet Probe(std::string_view src, std::string_view dst, uint16_t dport,
                    IpProtocol protocol = IpProtocol::kTcp) {
  Packet p;
  p.src = Ip(src);
  p.dst = Ip(dst);
  p.protocol = protocol;
  p.sport = 42798;
  p.dport = dport;
  p.in_interface = "eth0";
  return p;
}

inline Packet KubeletProbe(uint16_t dport = 10250) {
  return Probe("10.250.0.1", "10.250.0.2", dport);
}

// A connection the node opens to itself (from 10.250.0.2 or 127.0.0.1).
inline Packet LocalProbe(std::string_view address, uint16_t dport) {
  Packet p;
  p.src = Ip(address);
  p.dst = Ip(address);
  p.sport = 51000;
  p.dport = dport;
  return p;
}

inline Verdict Inbound(const Ruleset& rules, const Packet& packet) {
  return Evaluator(rules).EvaluateInbound(packet, LabNode());
}

inline Verdict LocalOut(const Ruleset& rules, const Packet& packet) {
  return Evaluator(rules).EvaluateLocalOut(packet, LabNode());
}

// "*filter" with the given policies and rule lines, then COMMIT.
inline std::string Filter(std::string_view body, std::string_view input_policy = "ACCEPT") {
  return "*filter\n:INPUT " + std::string(input_policy) +
         " [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n" + std::string(body) + "COMMIT\n";
}

}  // namespace tunnelsim::netfilter::testing
