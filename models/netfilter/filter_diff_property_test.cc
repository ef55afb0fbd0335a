// DiffHostInput against brute force: random iptables rulesets (user chains, multiport,
// conntrack, addrtype, REJECT, NAT, opaque matches), one random edit, and packets at and
// around every boundary the rules use. A packet is in exactly one delta when its verdict
// changes as filter_diff.h defines it, in none otherwise; the delta states both verdicts.
// Fixed seed: reproducible.
#include <algorithm>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "models/netfilter/filter_diff.h"
#include "models/netfilter/test_util.h"

namespace tunnelsim::netfilter {
namespace {

using testing::Ip;
using testing::MustParse;

const char* const kPrefixes[] = {"10.224.0.0/16",  "10.224.0.5/32", "10.224.1.0/24",
                                 "203.0.113.0/24", "10.0.0.0/8",    "10.224.0.4/32"};
const char* const kPorts[] = {"22", "80", "443", "1000:2000", "10250", "30000:32767"};
const char* const kTargets[] = {"ACCEPT", "DROP", "REJECT", "LOG --log-prefix x", "X"};

template <typename T, size_t N>
const T& Pick(std::mt19937& rng, const T (&items)[N]) {
  return items[std::uniform_int_distribution<size_t>(0, N - 1)(rng)];
}

std::string RandomLine(std::mt19937& rng) {
  std::string target = Pick(rng, kTargets);
  std::string s = Pick(rng, kPrefixes), p = Pick(rng, kPorts);
  switch (std::uniform_int_distribution<int>(0, 9)(rng)) {
    case 0:
      return "-A INPUT -s " + s + " -p tcp -m tcp --dport " + p + " -j " + target;
    case 1:
      return "-A INPUT -p udp -m udp --dport " + p + " -j " + target;
    case 2:
      return "-A INPUT -p tcp -m multiport --dports 22,80,1000:2000 -j " + target;
    case 3:
      return "-A INPUT ! -s " + s + " -j " + target;
    case 4:
      return "-A INPUT -p icmp -m icmp --icmp-type 8 -j " + target;
    case 5:
      return "-A INPUT -m conntrack --ctstate NEW --ctorigsrc " + s + " -j " + target;
    case 6:
      return "-A INPUT -m addrtype --src-type LOCAL -j " + target;
    case 7:
      return "-A X -p tcp -m tcp --dport " + p + " -j RETURN";
    case 8:
      return "-A X -s " + s + " -j " + (target == "X" ? "DROP" : target);
    default:
      return std::uniform_int_distribution<int>(0, 3)(rng) == 0
                 ? "-A INPUT -p tcp -m tcp --dport " + p + " -m recent --rcheck --name r -j DROP"
                 : "-A INPUT -s " + s + " -j " + target;
  }
}

// REDIRECT and DNAT that rewrite the port (so filter rules on the new port decide), to the
// node itself or to a pod (FORWARD decides).
std::string RandomNatLine(std::mt19937& rng) {
  const char* const to_ports[] = {"22", "80", "10250"};
  std::string match = "-A PREROUTING -p tcp -m tcp --dport " + std::string(Pick(rng, kPorts));
  switch (std::uniform_int_distribution<int>(0, 2)(rng)) {
    case 0:
      return match + " -j REDIRECT --to-ports " + Pick(rng, to_ports);
    case 1:
      return "-A PREROUTING -s " + std::string(Pick(rng, kPrefixes)) + match.substr(13) +
             " -j DNAT --to-destination 10.224.0.4:" + Pick(rng, to_ports);
    default:
      return match + " -j DNAT --to-destination 10.244.1.7:80";
  }
}

struct Text {
  std::string input_policy = "ACCEPT";
  std::vector<std::string> filter, nat;

  std::string Render() const {
    std::string out = "*nat\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n";
    for (const std::string& l : nat) out += l + "\n";
    out += "COMMIT\n*filter\n:INPUT " + input_policy +
           " [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:X - [0:0]\n";
    for (const std::string& l : filter) out += l + "\n";
    return out + "COMMIT\n";
  }
};

void Edit(std::mt19937& rng, Text* text) {
  int kind = std::uniform_int_distribution<int>(0, 5)(rng);
  std::vector<std::string>& lines = kind == 4 ? text->nat : text->filter;
  if (kind == 3) {
    text->input_policy = text->input_policy == "ACCEPT" ? "DROP" : "ACCEPT";
  } else if (kind == 0 || lines.empty()) {
    size_t at = std::uniform_int_distribution<size_t>(0, lines.size())(rng);
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at),
                 &lines == &text->nat ? RandomNatLine(rng) : RandomLine(rng));
  } else {
    size_t at = std::uniform_int_distribution<size_t>(0, lines.size() - 1)(rng);
    if (kind == 1) {
      lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(at));
    } else if (kind == 5) {  // move a rule: same rules, another order
      std::string moved = lines[at];
      lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(at));
      size_t to = std::uniform_int_distribution<size_t>(0, lines.size())(rng);
      lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(to), moved);
    } else {
      lines[at] = &lines == &text->nat ? RandomNatLine(rng) : RandomLine(rng);
    }
  }
}

// The rule a verdict names: the deciding one, or for kUncertain the one with the opaque match.
const RuleRef& Decider(const Verdict& v) {
  return v.kind == VerdictKind::kUncertain && v.uncertain_at ? *v.uncertain_at : v.decided_by;
}

// The diff's notion of a change (filter_diff.h), restated from the evaluator's verdicts.
bool Changed(const Verdict& b, const Verdict& a, bool rule_changes) {
  auto decider = [](const Verdict& v) {
    const RuleRef& r = Decider(v);
    return std::string(TableName(r.table)) + " " + r.chain + " " + r.text;
  };
  bool same_outcome = a.kind == b.kind && a.forwarded == b.forwarded &&
                      (a.kind != VerdictKind::kReject || a.reject == b.reject);
  auto certain = [](const Verdict& v) {
    return v.kind != VerdictKind::kUncertain && v.kind != VerdictKind::kError;
  };
  if (!same_outcome) return true;
  return (!certain(a) || !certain(b) || rule_changes) && decider(a) != decider(b);
}

TEST(FilterDiffPropertyTest, MatchesTheEvaluatorAroundEveryBoundary) {
  std::mt19937 rng(4242);
  NodeContext node;
  node.AddAddress("eth0", Ip("10.224.0.4"), 16);
  const char* const addresses[] = {
      "0.0.0.0",     "9.255.255.255", "10.0.0.0",       "10.223.255.255", "10.224.0.0",
      "10.224.0.3",  "10.224.0.4",    "10.224.0.5",     "10.224.0.6",     "10.224.0.255",
      "10.224.1.0",  "10.224.1.255",  "10.224.2.0",     "10.224.255.255", "10.225.0.0",
      "11.0.0.0",    "127.0.0.1",     "203.0.112.255",  "203.0.113.0",    "203.0.113.255",
      "203.0.114.0", "224.0.0.1",     "255.255.255.255"};
  const uint16_t ports[] = {0,     21,    22,    23,    79,    80,   81,    442,
                            443,   444,   999,   1000,  2000,  2001, 10249, 10250,
                            10251, 29999, 30000, 32767, 32768, 65535};
  const IpProtocol protocols[] = {IpProtocol::kTcp, IpProtocol::kUdp, IpProtocol::kIcmp};
  size_t deltas_seen = 0;
  for (int round = 0; round < 400; ++round) {
    Text text;
    text.input_policy = std::bernoulli_distribution(0.5)(rng) ? "ACCEPT" : "DROP";
    int count = std::uniform_int_distribution<int>(0, 8)(rng);
    for (int k = 0; k < count; ++k) text.filter.push_back(RandomLine(rng));
    int nat_lines = std::uniform_int_distribution<int>(0, 2)(rng);
    for (int k = 0; k < nat_lines; ++k) text.nat.push_back(RandomNatLine(rng));
    Ruleset before = MustParse(text.Render());
    Edit(rng, &text);
    Ruleset after = MustParse(text.Render());
    HostDiffOptions options;
    options.report_rule_changes = round % 3 == 0;
    auto result = DiffHostInput(before, after, node, options);
    ASSERT_TRUE(result.ok());
    const HostDiff& diff = *result;
    ASSERT_TRUE(diff.exhaustive);
    deltas_seen += diff.deltas.size();
    Evaluator eb(before), ea(after);
    for (const HostFlowDelta& d : diff.deltas) {
      Verdict vb = eb.EvaluateInbound(d.example, node), va = ea.EvaluateInbound(d.example, node);
      EXPECT_EQ(vb.kind, d.before.kind);
      EXPECT_EQ(va.kind, d.after.kind);
      EXPECT_EQ(Decider(vb).text, d.before.rule.text);
      EXPECT_EQ(Decider(va).text, d.after.rule.text);
    }
    for (int k = 0; k < 300; ++k) {
      Packet p;
      p.src = Ip(Pick(rng, addresses));
      p.dst = Ip("10.224.0.4");
      p.protocol = Pick(rng, protocols);
      p.sport = HasPorts(p.protocol) ? kDefaultEphemeralSourcePort : 0;
      p.dport = HasPorts(p.protocol) ? Pick(rng, ports) : 0;
      p.in_interface = "eth0";
      Verdict vb = eb.EvaluateInbound(p, node), va = ea.EvaluateInbound(p, node);
      const HostFlowDelta* holder = nullptr;
      int holders = 0;
      for (const HostFlowDelta& d : diff.deltas) {
        bool in_protocols =
            std::find(d.protocols.begin(), d.protocols.end(), p.protocol) != d.protocols.end();
        bool in_sources = std::any_of(d.sources.begin(), d.sources.end(),
                                      [&](const Ipv4Range& r) { return r.Contains(p.src); });
        bool in_ports = !HasPorts(p.protocol) ||
                        std::any_of(d.destination_ports.begin(), d.destination_ports.end(),
                                    [&](const PortRange& r) { return r.Contains(p.dport); });
        if (in_protocols && in_sources && in_ports) holder = &d, ++holders;
      }
      ASSERT_EQ(holders, Changed(vb, va, options.report_rule_changes) ? 1 : 0)
          << "round " << round << ": " << ProtocolName(p.protocol) << " " << p.src.ToString()
          << " -> :" << p.dport << "\n"
          << text.Render();
      if (holder != nullptr) {
        EXPECT_EQ(holder->before.kind, vb.kind);
        EXPECT_EQ(holder->after.kind, va.kind);
        EXPECT_EQ(holder->before.forwarded, vb.forwarded);
        EXPECT_EQ(holder->before.rule.text, Decider(vb).text);
        EXPECT_EQ(holder->after.rule.text, Decider(va).text);
        EXPECT_EQ(holder->after.rule.rule_number, Decider(va).rule_number);
      }
    }
  }
  EXPECT_GT(deltas_seen, 100u);
}

}  // namespace
}  // namespace tunnelsim::netfilter
