#include "tests/differential/ufw_generator.h"

#include <array>
#include <set>
#include <string_view>

#include "tests/differential/case_probes.h"
#include "tests/differential/ipt_generator.h"
#include "tests/differential/rng.h"

namespace tunnelsim::differential {
namespace {

constexpr int kProbesPerCase = 7;
constexpr int kUdpPercent = 25;

// Listener ports, a closed port, and 139 which ufw's after-rules send to the policy.
constexpr std::array<int, 7> kPorts = {22, 80, 8080, 10250, 10251, 139, 10255};
constexpr std::array<std::string_view, 3> kRanges = {"10000:10300", "8000:8100", "10250:10251"};
constexpr std::array<std::string_view, 3> kLists = {"22,80", "80,8080,10250", "10251,139"};
constexpr std::array<std::string_view, 12> kSources = {
    "10.250.0.1",      "10.250.0.9",    "10.250.0.66",   "10.250.0.200",
    "10.251.0.5",      "10.252.0.9",    "10.250.0.0/24", "10.250.0.0/25",
    "10.250.0.128/25", "10.251.0.0/16", "10.0.0.0/8",    "192.168.0.0/16"};
constexpr std::array<std::string_view, 5> kDestinations = {"10.250.0.2", "10.250.0.3", "10.252.0.1",
                                                           "10.250.0.0/24", "10.250.0.9/24"};

class CommandWriter {
 public:
  CommandWriter(Rng& rng, std::set<uint16_t>& interesting) : rng_(rng), interesting_(interesting) {}

  // A rule as typed after `ufw` (without insert/prepend/delete).
  std::string Rule() {
    static constexpr std::array<std::string_view, 3> kActions = {"allow", "deny", "reject"};
    int a = rng_.Between(1, 100);
    std::string rule(kActions[a <= 45 ? 0 : a <= 75 ? 1 : 2]);
    int form = rng_.Between(1, 100);
    if (form <= 35) return rule + " " + SimpleTarget();
    if (form <= 48) return rule + " from " + Source();
    if (form <= 95) return rule + " " + Extended();
    return rule + " in on " + Interface();
  }

 private:
  std::string Interface() { return rng_.Percent(50) ? "eth0" : "eth1"; }
  std::string Proto() { return rng_.Percent(50) ? "tcp" : "udp"; }

  std::string Source() {
    std::string source(rng_.Pick(kSources));
    // ufw clears host bits itself (with a warning) when a network is written with them.
    return rng_.Percent(5) ? "10.250.0.9/24" : source;
  }

  // A port field: mostly one port, sometimes a range or list (which need a protocol).
  std::string Ports(bool* multi) {
    int r = rng_.Between(1, 100);
    *multi = r > 70;
    if (r <= 70) {
      int port = rng_.Pick(kPorts);
      interesting_.insert(static_cast<uint16_t>(port));
      return std::to_string(port);
    }
    if (r <= 85) {
      std::string range(rng_.Pick(kRanges));
      int lo = std::stoi(range.substr(0, range.find(':')));
      int hi = std::stoi(range.substr(range.find(':') + 1));
      for (int p : {lo - 1, lo, hi, hi + 1}) interesting_.insert(static_cast<uint16_t>(p));
      return range;
    }
    std::string list(rng_.Pick(kLists));
    for (size_t start = 0; start < list.size();) {
      size_t comma = list.find(',', start);
      if (comma == std::string::npos) comma = list.size();
      interesting_.insert(static_cast<uint16_t>(std::stoi(list.substr(start, comma - start))));
      start = comma + 1;
    }
    return list;
  }

  // "22", "22/tcp", "10000:10300/udp"; 5% of port ranges and lists lack the protocol ufw
  // demands for them.
  std::string SimpleTarget() {
    bool multi = false;
    std::string ports = Ports(&multi);
    bool with_proto = multi ? !rng_.Percent(5) : rng_.Percent(50);
    return with_proto ? ports + "/" + Proto() : ports;
  }

  std::string Extended() {
    std::string text;
    if (rng_.Percent(25)) text += "in on " + Interface() + " ";
    bool multi = false;
    std::string dport = rng_.Percent(85) ? Ports(&multi) : "";
    bool sport = rng_.Percent(5);
    bool proto = multi || sport || rng_.Percent(40);
    if (multi && rng_.Percent(5)) proto = false;  // invalid on purpose
    bool proto_first = proto && rng_.Percent(30);
    std::string p = proto ? Proto() : "";
    if (proto_first) text += "proto " + p + " ";
    text += "from " + std::string(rng_.Percent(50) ? "any" : Source());
    if (sport) text += " port 20000:40000";
    text += " to " + std::string(rng_.Percent(60) ? "any" : rng_.Pick(kDestinations));
    if (!dport.empty()) text += " port " + dport;
    if (proto && !proto_first) text += " proto " + p;
    return text;
  }

  Rng& rng_;
  std::set<uint16_t>& interesting_;
};

// One rule operation: append, insert, prepend or delete.
std::string RuleOperation(Rng& rng, CommandWriter& writer, std::vector<std::string>& added) {
  int op = rng.Between(1, 100);
  if (op <= 72 || added.empty()) {
    added.push_back(writer.Rule());
    return added.back();
  }
  if (op <= 82) return "insert " + std::to_string(rng.Between(1, 4)) + " " + writer.Rule();
  if (op <= 87) return "prepend " + writer.Rule();
  if (op <= 94) return "delete " + added[rng.Next() % added.size()];
  return "--force delete " + std::to_string(rng.Between(1, 4));
}

std::string DefaultPolicy(Rng& rng) {
  int p = rng.Between(1, 100);
  return std::string("default ") + (p <= 40 ? "deny" : p <= 70 ? "allow" : "reject") + " incoming";
}

}  // namespace

UfwCase GenerateUfwCase(uint64_t seed, GeneratorOptions options) {
  // A different stream from the iptables case with the same seed.
  Rng rng(seed ^ 0x75667700ull);
  std::set<uint16_t> interesting = {139, 137, 445};
  UfwCase c;
  c.seed = seed;
  if (rng.Percent(20)) c.existing = GenerateExistingRules(rng, interesting, options);

  CommandWriter writer(rng, interesting);
  std::vector<std::string> added;
  if (rng.Percent(70)) c.commands.push_back(DefaultPolicy(rng));
  int n = rng.Between(2, 5);
  for (int i = 0; i < n; ++i) c.commands.push_back(RuleOperation(rng, writer, added));
  if (rng.Percent(15)) c.commands.push_back(DefaultPolicy(rng));
  c.commands.push_back("--force enable");
  if (rng.Percent(25)) {
    int m = rng.Between(1, 2);
    for (int i = 0; i < m; ++i) c.commands.push_back(RuleOperation(rng, writer, added));
  }
  if (rng.Percent(40)) {
    static constexpr std::array<std::string_view, 3> kStatus = {"status", "status verbose",
                                                                "status numbered"};
    c.commands.emplace_back(rng.Pick(kStatus));
  }
  c.probes = GenerateProbes(rng, seed, interesting, kProbesPerCase, kUdpPercent);
  return c;
}

}  // namespace tunnelsim::differential
