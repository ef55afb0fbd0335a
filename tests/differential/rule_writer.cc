#include "tests/differential/rule_writer.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "models/core/ipv4.h"
#include "tests/differential/lab_topology.h"

namespace tunnelsim::differential {
namespace {

constexpr std::array<int, 11> kPorts = {22,    53,    80,    443,   8080, 9000,
                                        10000, 10250, 10251, 10255, 30007};
// Ports a NAT rule may send a connection to: listeners and one closed port.
constexpr std::array<int, 6> kNatTargets = {8080, 80, 10250, 22, 10251, 10255};
constexpr std::array<std::string_view, 8> kInInterfaces = {"eth0",  "eth1", "eth+", "lo",
                                                           "veth+", "e+",   "eth1", "eth0"};
constexpr std::array<std::string_view, 3> kOutInterfaces = {"eth0", "lo", "eth+"};
constexpr std::array<std::string_view, 9> kClientBases = {
    "10.250.0.1", "10.250.0.9", "10.250.0.66",  "10.250.0.200", "10.251.0.5",
    "10.252.0.9", "10.0.0.0",   "192.168.77.0", "127.0.0.1"};
constexpr std::array<std::string_view, 5> kNodeBases = {"10.250.0.2", "10.250.0.3", "10.252.0.1",
                                                        "10.250.0.0", "10.252.0.0"};
constexpr std::array<int, 11> kPrefixLengths = {8, 16, 24, 25, 26, 27, 28, 29, 30, 31, 32};
constexpr std::array<std::string_view, 6> kComments = {"ALLOW-ALL",
                                                       "\"allow kubelet\"",
                                                       "x",
                                                       "\"kubernetes health check service ports\"",
                                                       "\"ts: [block] 10250\"",
                                                       "kube_fw"};
constexpr std::array<std::string_view, 11> kAddrtypes = {
    "--dst-type LOCAL",           "! --dst-type LOCAL",
    "--dst-type UNICAST",         "--dst-type BROADCAST",
    "--src-type LOCAL",           "! --src-type LOCAL",
    "--src-type UNICAST",         "--dst-type LOCAL --limit-iface-in",
    "--dst-type LOCAL,BROADCAST", "--src-type UNICAST --dst-type LOCAL",
    "! --dst-type MULTICAST"};
constexpr std::array<std::string_view, 7> kRejectTypes = {
    "icmp-net-unreachable",   "icmp-host-unreachable", "icmp-port-unreachable",
    "icmp-proto-unreachable", "icmp-net-prohibited",   "icmp-host-prohibited",
    "icmp-admin-prohibited"};
// iptables' short names for the same types (libipt_REJECT), in the same order.
constexpr std::array<std::string_view, 7> kRejectAliases = {
    "net-unreach", "host-unreach", "port-unreach", "proto-unreach",
    "net-prohib",  "host-prohib",  "admin-prohib"};
constexpr std::array<std::string_view, 5> kMarkMatches = {"0x1/0x1", "0x2/0x2", "0x3", "0x0/0x4",
                                                          "0x1"};
constexpr std::array<std::string_view, 6> kMarkTargets = {
    "--set-xmark 0x1/0x1", "--set-mark 0x2", "--or-mark 0x4",
    "--and-mark 0x2",      "--xor-mark 0x1", "--set-xmark 0x3/0xffffffff"};
constexpr std::array<std::string_view, 5> kTcpFlags = {
    "--syn", "! --syn", "--tcp-flags SYN,ACK SYN", "--tcp-flags ALL SYN",
    "! --tcp-flags SYN,RST SYN"};
constexpr std::array<std::string_view, 4> kIcmpTypes = {"8", "echo-request", "3/3", "0"};

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    out += (out.empty() ? "" : " ") + p;
  }
  return out;
}

void Shuffle(Rng& rng, std::vector<std::string>& items) {
  for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[rng.Next() % i]);
}

std::string States(Rng& rng, bool conntrack_module) {
  // The state module knows no DNAT/SNAT.
  static constexpr std::array<std::string_view, 7> kStates = {
      "NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED", "DNAT", "SNAT"};
  int limit = conntrack_module ? 7 : 5;
  std::string first(rng.Percent(45) ? "NEW" : kStates[rng.Next() % limit]);
  if (!rng.Percent(35)) return first;
  std::string second(kStates[rng.Next() % limit]);
  return second == first ? first : first + "," + second;
}

}  // namespace

void RuleWriter::Note(int port) {
  if (port >= 1 && port <= 65535) interesting_.insert(static_cast<uint16_t>(port));
}

std::string RuleWriter::Not(int percent) { return rng_.Percent(percent) ? "! " : ""; }

std::string RuleWriter::Cidr(bool node_side) {
  std::string base(node_side ? rng_.Pick(kNodeBases) : rng_.Pick(kClientBases));
  int length = rng_.Pick(kPrefixLengths);
  if (length == 32 && rng_.Percent(50)) return base;
  // Most rules name the network; the others leave host bits for iptables to clear.
  if (rng_.Percent(20)) return base + "/" + std::to_string(length);
  return Ipv4Prefix(*Ipv4Address::Parse(base), length).ToString();
}

std::string RuleWriter::PortSpec() {
  int base = rng_.Pick(kPorts);
  int form = rng_.Between(1, 100);
  if (form <= 60) {
    Note(base);
    return std::to_string(base);
  }
  if (form <= 80) {
    int hi = std::min(65535, base + rng_.Between(0, 400));
    for (int p : {base - 1, base, hi, hi + 1}) Note(p);
    return std::to_string(base) + ":" + std::to_string(hi);
  }
  if (form <= 90) {
    Note(base);
    Note(base + 1);
    return ":" + std::to_string(base);
  }
  Note(base - 1);
  Note(base);
  return std::to_string(base) + ":";
}

// Probes use source ports 20000-59999 (case_probes.h).
std::string RuleWriter::SourcePortSpec() {
  int lo = rng_.Between(1024, 45000);
  int hi = std::min(65535, lo + rng_.Between(500, 20000));
  int form = rng_.Between(1, 10);
  if (form <= 5) return std::to_string(lo) + ":" + std::to_string(hi);
  if (form <= 7) return std::to_string(lo) + ":";
  if (form <= 9) return ":" + std::to_string(hi);
  return std::to_string(lo);
}

std::string RuleWriter::SourcePortRange() {
  int lo = rng_.Between(1024, 45000);
  return std::to_string(lo) + ":" + std::to_string(std::min(65535, lo + rng_.Between(500, 20000)));
}

std::string RuleWriter::MultiportList() {
  std::vector<std::string> entries;
  int n = rng_.Between(1, 4);
  for (int i = 0; i < n; ++i) {
    int p = rng_.Pick(kPorts);
    if (rng_.Percent(25)) {
      int hi = std::min(65535, p + rng_.Between(1, 300));
      for (int q : {p - 1, p, hi, hi + 1}) Note(q);
      entries.push_back(std::to_string(p) + ":" + std::to_string(hi));
    } else {
      Note(p);
      entries.push_back(std::to_string(p));
    }
  }
  std::string out;
  for (const std::string& e : entries) out += (out.empty() ? "" : ",") + e;
  return out;
}

std::string RuleWriter::ProtocolMatches(const Protocol& p, bool force_dport) {
  if (!p.HasPorts()) {
    if (p.name == "icmp" && !p.inverted && rng_.Percent(40)) {
      return std::string(rng_.Percent(40) ? "-m icmp " : "") + Not(10) + "--icmp-type " +
             std::string(rng_.Pick(kIcmpTypes));
    }
    return "";
  }
  std::vector<std::string> options;
  if (force_dport || rng_.Percent(50)) options.push_back(Not(15) + "--dport " + PortSpec());
  if (rng_.Percent(15)) options.push_back(Not(15) + "--sport " + SourcePortSpec());
  if (p.name == "tcp" && rng_.Percent(8)) options.emplace_back(rng_.Pick(kTcpFlags));
  if (options.empty()) return "";
  Shuffle(rng_, options);
  return (rng_.Percent(40) ? "-m " + p.name + " " : "") + Join(options);
}

std::string RuleWriter::ConntrackMatch() {
  if (rng_.Percent(20)) return "-m state " + Not(15) + "--state " + States(rng_, false);
  std::vector<std::string> options;
  if (rng_.Percent(85)) options.push_back(Not(20) + "--ctstate " + States(rng_, true));
  if (rng_.Percent(20)) {
    int port = rng_.Pick(kPorts);
    Note(port);
    options.push_back(Not(15) + "--ctorigdstport " + std::to_string(port));
  }
  if (rng_.Percent(10)) options.push_back(Not(15) + "--ctorigdst " + Cidr(true));
  if (rng_.Percent(8)) options.push_back(Not(15) + "--ctorigsrc " + Cidr(false));
  if (options.empty()) options.push_back("--ctstate NEW");
  return "-m conntrack " + Join(options);
}

std::string RuleWriter::AddrtypeMatch() {
  return "-m addrtype " + std::string(rng_.Pick(kAddrtypes));
}

std::string RuleWriter::FilterTarget(ChainRole role, const Protocol& p,
                                     const std::vector<std::string>& callable) {
  if (!callable.empty()) {
    int call = rng_.Between(1, 100);
    if (call <= 14) return "-j " + callable[rng_.Next() % callable.size()];
    if (call <= 19) return "-g " + callable[rng_.Next() % callable.size()];
  }
  int t = rng_.Between(1, 100);
  if (t <= 28) return "-j ACCEPT";
  if (t <= 50) return "-j DROP";
  if (t <= 70) {
    if (rng_.Percent(20)) return "-j REJECT";
    if (p.HasPorts() && p.name == "tcp" && rng_.Percent(35)) {
      return std::string("-j REJECT --reject-with ") + (rng_.Percent(20) ? "tcp-rst" : "tcp-reset");
    }
    size_t i = rng_.Next() % kRejectTypes.size();
    bool tcp_only = p.name == "tcp" && !p.inverted;
    if (i <= 1 && !tcp_only && !options_.udp_soft_icmp_rejects) i += 4;  // -> *-prohibited
    return "-j REJECT --reject-with " +
           std::string(rng_.Percent(15) ? kRejectAliases[i] : kRejectTypes[i]);
  }
  if (t <= 77) {
    static constexpr std::array<std::string_view, 4> kLogOptions = {
        "", " --log-prefix \"ts: \"", " --log-level 4", " --log-level debug --log-prefix drop"};
    return "-j LOG" + std::string(rng_.Pick(kLogOptions));
  }
  if (t <= 86) return role == ChainRole::kForward && rng_.Percent(50) ? "-j DROP" : "-j RETURN";
  if (t <= 92) return "-j MARK " + std::string(rng_.Pick(kMarkTargets));
  if (t <= 96) return "";  // counts packets only
  return "-j ACCEPT";
}

std::string RuleWriter::NatTarget(const Protocol& p, const std::vector<std::string>& callable) {
  int t = rng_.Between(1, 100);
  if (t <= 40) {
    if (!p.HasPorts() || rng_.Percent(10)) return "-j REDIRECT";
    int to = rng_.Pick(kNatTargets);
    Note(to);
    return "-j REDIRECT --to-ports " + std::to_string(to);
  }
  if (t <= 65) {
    std::string to(rng_.Pick(lab::kNodeAddresses));
    if (p.HasPorts() && rng_.Percent(70)) {
      int port = rng_.Pick(kNatTargets);
      Note(port);
      to += ":" + std::to_string(port);
    }
    return "-j DNAT --to-destination " + to;
  }
  if (t <= 75) return "-j ACCEPT";
  if (t <= 83) return "-j RETURN";
  if (t <= 93 && !callable.empty()) return "-j " + callable[rng_.Next() % callable.size()];
  return rng_.Percent(50) ? "-j LOG" : "";
}

std::string RuleWriter::Rule(ChainRole role, const std::vector<std::string>& callable) {
  bool nat = role == ChainRole::kNatPrerouting;
  std::vector<std::string> header;
  if (rng_.Percent(30)) header.push_back(Not(20) + "-s " + Cidr(false));
  if (rng_.Percent(nat ? 30 : 20)) header.push_back(Not(20) + "-d " + Cidr(true));
  if (rng_.Percent(20)) header.push_back(Not(25) + "-i " + std::string(rng_.Pick(kInInterfaces)));
  if ((role == ChainRole::kUserChain || role == ChainRole::kForward) && rng_.Percent(6)) {
    header.push_back(Not(30) + "-o " + std::string(rng_.Pick(kOutInterfaces)));
  }

  Protocol p;
  int r = rng_.Between(1, 100);
  if (nat) {
    p.name = r <= 65 ? "tcp" : r <= 85 ? "udp" : "";
  } else {
    p.name = r <= 36 ? "tcp" : r <= 54 ? "udp" : r <= 60 ? "icmp" : r <= 63 ? "all" : "";
    if ((p.name == "tcp" || p.name == "udp" || p.name == "icmp") && rng_.Percent(8)) {
      p.inverted = true;
    }
  }
  std::string protocol = p.name.empty() ? "" : (p.inverted ? "! -p " : "-p ") + p.name;
  std::string protocol_matches = ProtocolMatches(p, nat && rng_.Percent(85));

  std::vector<std::string> matches;
  if (p.HasPorts() && rng_.Percent(nat ? 10 : 12)) {
    static constexpr std::array<std::string_view, 4> kMultiport = {"--dports", "--dports",
                                                                   "--ports", "--sports"};
    std::string_view option = rng_.Pick(kMultiport);
    matches.push_back("-m multiport " + Not(15) + std::string(option) + " " +
                      (option == "--sports" ? SourcePortRange() : MultiportList()));
  }
  if (rng_.Percent(nat ? 5 : 15)) matches.push_back(ConntrackMatch());
  if (rng_.Percent(nat ? 20 : 8)) matches.push_back(AddrtypeMatch());
  if (rng_.Percent(12))
    matches.push_back("-m comment --comment " + std::string(rng_.Pick(kComments)));
  if (rng_.Percent(nat ? 3 : 6)) {
    matches.push_back("-m mark " + Not(20) + "--mark " + std::string(rng_.Pick(kMarkMatches)));
  }
  Shuffle(rng_, matches);

  std::vector<std::string> parts;
  std::vector<std::string> trailing;
  for (std::string& h : header) (rng_.Percent(80) ? parts : trailing).push_back(std::move(h));
  parts.push_back(protocol);
  parts.push_back(protocol_matches);
  parts.insert(parts.end(), matches.begin(), matches.end());
  parts.insert(parts.end(), trailing.begin(), trailing.end());
  parts.push_back(nat ? NatTarget(p, callable) : FilterTarget(role, p, callable));
  return Join(parts);
}

}  // namespace tunnelsim::differential
