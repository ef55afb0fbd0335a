#include "tests/differential/ipt_generator.h"

#include <array>
#include <string_view>

#include "tests/differential/case_probes.h"
#include "tests/differential/rule_writer.h"

namespace tunnelsim::differential {
namespace {

constexpr int kProbesPerCase = 7;
constexpr int kUdpPercent = 25;

// Names iptables accepts for user chains (letters, digits, '-', '_', '.'), some shaped like
// kube-proxy's and ufw's.
constexpr std::array<std::string_view, 6> kChainNames = {
    "KUBE-FIREWALL", "ts-allow", "TS_DENY.v2", "chain-c", "ufw-user-input", "CUSTOM-INPUT-2"};

// Lines of one chain, kept with their count so "-I CHAIN N" can name a valid position.
struct ChainText {
  std::string name;
  int rules = 0;
};

// "-A CHAIN spec" or, now and then, "-I CHAIN [N] spec" at a valid position.
std::string AddLine(Rng& rng, ChainText& chain, const std::string& spec) {
  std::string line;
  if (chain.rules > 0 && rng.Percent(12)) {
    int position = rng.Between(1, chain.rules + 1);
    line = "-I " + chain.name +
           (position == 1 && rng.Percent(50) ? "" : " " + std::to_string(position));
  } else {
    line = "-A " + chain.name;
  }
  ++chain.rules;
  return line + (spec.empty() ? "" : " " + spec) + "\n";
}

std::string NatTable(Rng& rng, std::set<uint16_t>& interesting) {
  RuleWriter writer(rng, interesting);  // no REJECT in nat, so no options
  bool user_chain = rng.Percent(35);
  std::string text =
      "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
      ":POSTROUTING ACCEPT [0:0]\n";
  std::vector<std::string> callable;
  if (user_chain) {
    text += ":TS-NAT - [0:0]\n";
    callable.push_back("TS-NAT");
  }
  ChainText prerouting{"PREROUTING"};
  int n = rng.Between(1, 4);
  for (int i = 0; i < n; ++i) {
    text += AddLine(rng, prerouting, writer.Rule(ChainRole::kNatPrerouting, callable));
  }
  if (user_chain) {
    ChainText chain{"TS-NAT"};
    int m = rng.Between(1, 3);
    for (int i = 0; i < m; ++i)
      text += AddLine(rng, chain, writer.Rule(ChainRole::kNatPrerouting, {}));
  }
  return text + "COMMIT\n";
}

}  // namespace

IptablesCase GenerateIptablesCase(uint64_t seed, GeneratorOptions options) {
  Rng rng(seed);
  std::set<uint16_t> interesting;
  RuleWriter writer(rng, interesting, options);

  std::vector<std::string> chains;
  int user_chains = rng.Between(0, 4);
  std::vector<std::string_view> names(kChainNames.begin(), kChainNames.end());
  for (int i = 0; i < user_chains; ++i) {
    size_t k = rng.Next() % names.size();
    chains.emplace_back(names[k]);
    names.erase(names.begin() + static_cast<std::ptrdiff_t>(k));
  }

  std::string text = "*filter\n";
  text += std::string(":INPUT ") + (rng.Percent(50) ? "ACCEPT" : "DROP") + " [0:0]\n";
  text += std::string(":FORWARD ") + (rng.Percent(50) ? "ACCEPT" : "DROP") + " [0:0]\n";
  text += ":OUTPUT ACCEPT [0:0]\n";
  for (const std::string& c : chains) text += ":" + c + " - [0:0]\n";

  ChainText input{"INPUT"};
  int input_rules = rng.Between(1, 8);
  for (int i = 0; i < input_rules; ++i) {
    text += AddLine(rng, input, writer.Rule(ChainRole::kInput, chains));
  }
  ChainText forward{"FORWARD"};
  int forward_rules = rng.Between(0, 2);
  for (int i = 0; i < forward_rules; ++i) {
    text += AddLine(rng, forward, writer.Rule(ChainRole::kForward, {}));
  }
  // Chain i may call only chains after it: no cycles, nesting at most 5 deep.
  for (size_t i = 0; i < chains.size(); ++i) {
    std::vector<std::string> callable(chains.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                      chains.end());
    ChainText chain{chains[i]};
    int n = rng.Between(1, 5);
    for (int k = 0; k < n; ++k)
      text += AddLine(rng, chain, writer.Rule(ChainRole::kUserChain, callable));
  }
  text += "COMMIT\n";
  if (rng.Percent(35)) text += NatTable(rng, interesting);

  IptablesCase c;
  c.seed = seed;
  c.ruleset = text;
  c.probes = GenerateProbes(rng, seed, interesting, kProbesPerCase, kUdpPercent);
  return c;
}

std::string GenerateExistingRules(Rng& rng, std::set<uint16_t>& interesting,
                                  GeneratorOptions options) {
  RuleWriter writer(rng, interesting, options);
  std::string text = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n";
  ChainText input{"INPUT"};
  int n = rng.Between(1, 3);
  for (int i = 0; i < n; ++i) text += AddLine(rng, input, writer.Rule(ChainRole::kInput, {}));
  text += "COMMIT\n";
  if (rng.Percent(60)) text += NatTable(rng, interesting);
  return text;
}

}  // namespace tunnelsim::differential
