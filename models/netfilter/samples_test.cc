// The saved rulesets of reference/netfilter-ufw.md (samples/ and §4.2) and the §9 probes run
// against them: kube-aks-like-ruleset, kube-aks-npm-list-rules, kube-aks-like-plus-ufw and the
// ufw-* cases whose rules §4.3-4.4 give.
#include <gtest/gtest.h>

#include "models/netfilter/client_error.h"
#include "models/netfilter/rule_format.h"
#include "models/netfilter/test_util.h"

namespace tunnelsim::netfilter {
namespace {

using testing::KubeletProbe;
using testing::LocalProbe;
using testing::MustParse;
using testing::Probe;
using testing::ReadTestdata;

// Outcome as a client sees it: the inbound verdict, then the SYN-ACK through filter OUTPUT.
ClientOutcome Outcome(const Ruleset& rs, const Packet& probe, bool listener = true,
                      bool from_node = false) {
  Evaluator ev(rs);
  NodeContext node = testing::LabNode();
  Verdict v = from_node ? ev.EvaluateLocalOut(probe, node) : ev.EvaluateInbound(probe, node);
  if (v.kind == VerdictKind::kAccept && listener && probe.protocol == IpProtocol::kTcp) {
    Packet reply = ReplyTo(v.final_packet);
    Verdict r = from_node ? ev.EvaluateLocalOut(reply, node) : ev.EvaluateReply(reply, node);
    if (r.kind != VerdictKind::kAccept) return SymptomOf(r, probe.protocol).outcome;
  }
  return SymptomOf(v, probe.protocol, listener).outcome;
}

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// The lines of one "*table" block of an iptables-save text, without *table and COMMIT.
std::vector<std::string> Block(std::string_view text, std::string_view table) {
  std::vector<std::string> out;
  bool inside = false;
  for (const std::string& line : Lines(text)) {
    if (line == "*" + std::string(table)) {
      inside = true;
    } else if (line == "COMMIT") {
      inside = false;
    } else if (inside) {
      out.push_back(line);
    }
  }
  return out;
}

// ufw's §4.2 ruleset with extra lines (user rules, default-policy rules) before COMMIT.
Ruleset Ufw(std::string_view extra, std::string_view input_policy = "DROP") {
  std::string text = "*filter\n";
  for (const std::string& line : Block(ReadTestdata("ufw-enable-defaults.rules"), "filter")) {
    text +=
        (line == ":INPUT DROP [0:0]" ? ":INPUT " + std::string(input_policy) + " [0:0]" : line) +
        "\n";
  }
  return MustParse(text + std::string(extra) + "COMMIT\n");
}

TEST(SamplesTest, AksLikeKubeProxyRulesetParsesAndPrintsBack) {
  auto rs = ParseIptablesSave(ReadTestdata("aks-like-kube-proxy.rules"));
  ASSERT_TRUE(rs.ok()) << rs.status().message();
  ASSERT_NE(rs->table(TableId::kMangle), nullptr);
  EXPECT_EQ(rs->table(TableId::kMangle)->chains().size(), 8u);
  EXPECT_EQ(rs->table(TableId::kFilter)->RuleCount(), 20u);
  EXPECT_EQ(rs->table(TableId::kNat)->RuleCount(), 41u);
  for (TableId id : {TableId::kFilter, TableId::kNat}) {
    for (const Chain& chain : rs->table(id)->chains()) {
      for (const Rule& rule : chain.rules) EXPECT_EQ(FormatRule(chain.name, rule), rule.text);
    }
  }
  const Table& nat = *rs->table(TableId::kNat);
  const Rule& statistic = nat.chain(nat.FindChain("KUBE-SVC-T6WQ2R4MWEBNP3XA")).rules[1];
  EXPECT_TRUE(statistic.has_opaque_match);
  EXPECT_EQ(std::get<OpaqueMatch>(statistic.matches[1]).module, "statistic");
}

TEST(SamplesTest, KubeAksLikeRuleset) {
  Ruleset rs = MustParse(ReadTestdata("aks-like-kube-proxy.rules"));
  EXPECT_EQ(Outcome(rs, KubeletProbe()), ClientOutcome::kConnected);
  // NodePort 30080 -> one of two endpoints chosen by -m statistic: the verdict is certain,
  // the endpoint is not.
  Verdict v = testing::Inbound(rs, KubeletProbe(30080));
  EXPECT_EQ(v.kind, VerdictKind::kAccept);
  ASSERT_TRUE(v.nat.has_value());
  EXPECT_EQ(v.nat->new_dport, 8080);
  EXPECT_EQ(v.nat->rule.chain, "KUBE-SEP-H7K2WEB1EP8080AA");
  ASSERT_EQ(v.other_nat.size(), 1u);
  EXPECT_EQ(v.other_nat[0].new_dport, 8081);
  EXPECT_EQ(v.final_packet.mark & 0x4000u, 0x4000u);  // KUBE-MARK-MASQ
  ASSERT_FALSE(v.opaque_rules.empty());
  EXPECT_EQ(v.opaque_rules[0].chain, "KUBE-SVC-T6WQ2R4MWEBNP3XA");
  EXPECT_EQ(Outcome(rs, KubeletProbe(30007)), ClientOutcome::kRefused);
  EXPECT_EQ(Outcome(rs, KubeletProbe(32100)), ClientOutcome::kConnected);
  EXPECT_EQ(Outcome(rs, KubeletProbe(10255), /*listener=*/false), ClientOutcome::kRefused);
  v = testing::Inbound(rs, Probe("10.250.0.1", "10.0.120.15", 80));
  EXPECT_EQ(v.kind, VerdictKind::kAccept);  // ClusterIP from outside, DNAT'd to the node
  EXPECT_FALSE(v.forwarded);
  EXPECT_EQ(v.nat->new_dst.ToString(), "10.250.0.2");
  // No endpoints: forwarded, and filter KUBE-SERVICES rejects.
  v = testing::Inbound(rs, Probe("10.250.0.1", "10.0.200.7", 80));
  EXPECT_TRUE(v.forwarded);
  EXPECT_EQ(v.kind, VerdictKind::kReject);
  EXPECT_EQ(v.decided_by.chain, "KUBE-SERVICES");
  EXPECT_EQ(v.decided_by.source_line, 48);
  EXPECT_EQ(Outcome(rs, Probe("10.250.0.1", "10.251.0.50", 80)), ClientOutcome::kConnected);
  v = testing::Inbound(rs, Probe("192.168.77.5", "10.251.0.50", 80));
  EXPECT_EQ(v.kind, VerdictKind::kDrop);  // loadBalancerSourceRanges
  EXPECT_EQ(v.decided_by.chain, "KUBE-PROXY-FIREWALL");
  v = testing::Inbound(rs, Probe("10.250.0.1", "10.0.99.99", 80));
  EXPECT_TRUE(v.forwarded);
  EXPECT_EQ(v.kind, VerdictKind::kAccept);  // the lab's timeout came from the peer, not iptables
}

TEST(SamplesTest, KubeAksNpmListRules) {
  auto rs = ParseIptablesListRules(ReadTestdata("aks-npm-like.list-rules"), TableId::kFilter);
  ASSERT_TRUE(rs.ok()) << rs.status().message();
  EXPECT_EQ(rs->table(TableId::kFilter)->chains().size(), 18u);
  EXPECT_EQ(rs->table(TableId::kFilter)->RuleCount(), 31u);
  EXPECT_EQ(Outcome(*rs, KubeletProbe()), ClientOutcome::kConnected);
  EXPECT_EQ(Outcome(*rs, KubeletProbe(22), /*listener=*/false), ClientOutcome::kRefused);
}

TEST(SamplesTest, KubeAksLikePlusUfw) {
  // §4.8: ufw enabled on a kube-proxy node; its jumps come after kube-proxy's.
  std::string kube = ReadTestdata("aks-like-kube-proxy.rules");
  std::string ufw = ReadTestdata("ufw-enable-defaults.rules");
  std::string text = "*filter\n";
  for (const std::string& line : Block(ufw, "filter")) {
    if (line.rfind(":", 0) == 0) text += line + "\n";
  }
  for (const std::string& line : Block(kube, "filter")) {
    if (line.rfind(":KUBE", 0) == 0 || line.rfind("-A", 0) == 0) text += line + "\n";
  }
  for (const std::string& line : Block(ufw, "filter")) {
    if (line.rfind("-A", 0) == 0) text += line + "\n";
  }
  text += "-A ufw-user-input -p tcp -m tcp --dport 10250 -j ACCEPT\nCOMMIT\n*nat\n";
  for (const std::string& line : Block(kube, "nat")) text += line + "\n";
  Ruleset rs = MustParse(text + "COMMIT\n");
  EXPECT_EQ(Outcome(rs, KubeletProbe()), ClientOutcome::kConnected);
  EXPECT_EQ(Outcome(rs, KubeletProbe(30080)), ClientOutcome::kTimeout);  // filter sees 8080
  EXPECT_EQ(Outcome(rs, KubeletProbe(32100)), ClientOutcome::kConnected);
  EXPECT_EQ(Outcome(rs, KubeletProbe(30007)), ClientOutcome::kRefused);
  EXPECT_EQ(Outcome(rs, Probe("10.250.0.1", "10.0.120.15", 80)), ClientOutcome::kTimeout);
  EXPECT_EQ(Outcome(rs, LocalProbe("10.250.0.2", 8080), true, true), ClientOutcome::kConnected);
  Verdict v = testing::Inbound(rs, KubeletProbe(30080));
  EXPECT_EQ(v.decided_by.text, "policy DROP");
}

TEST(SamplesTest, UfwEnableDefaults) {
  Ruleset rs = Ufw("");
  Verdict v = testing::Inbound(rs, KubeletProbe());
  EXPECT_EQ(v.kind, VerdictKind::kDrop);
  EXPECT_EQ(v.decided_by.text, "policy DROP");
  // The rate-limited LOG rules met on the way did not make the verdict uncertain.
  EXPECT_FALSE(v.opaque_rules.empty());
  EXPECT_EQ(Outcome(rs, KubeletProbe(22)), ClientOutcome::kTimeout);
  EXPECT_EQ(Outcome(rs, LocalProbe("127.0.0.1", 10250), true, true), ClientOutcome::kConnected);
  EXPECT_EQ(Outcome(rs, LocalProbe("10.250.0.2", 10250), true, true), ClientOutcome::kConnected);
  // Not addressed to the node: forwarded, and ufw's FORWARD policy drops it.
  Verdict stray = testing::Inbound(rs, Probe("10.250.0.1", "10.9.9.9", 10250));
  EXPECT_TRUE(stray.forwarded);
  EXPECT_EQ(stray.decided_by.text, "policy DROP");
}

TEST(SamplesTest, UfwUserRules) {
  // ufw-default-deny-allow-10250 (§4.4).
  Ruleset allow =
      Ufw("-A ufw-user-input -p tcp -m tcp --dport 10250 -j ACCEPT\n"
          "-A ufw-user-input -p udp -m udp --dport 10250 -j ACCEPT\n");
  EXPECT_EQ(Outcome(allow, KubeletProbe()), ClientOutcome::kConnected);
  EXPECT_EQ(Outcome(allow, Probe("10.250.0.1", "10.250.0.2", 10250, IpProtocol::kUdp)),
            ClientOutcome::kConnected);
  EXPECT_EQ(Outcome(allow, KubeletProbe(22)), ClientOutcome::kTimeout);
  // ufw-order-insert-deny-first.
  Ruleset order =
      Ufw("-A ufw-user-input -s 10.250.0.1/32 -j DROP\n"
          "-A ufw-user-input -p tcp -m tcp --dport 10250 -j ACCEPT\n");
  EXPECT_EQ(Outcome(order, KubeletProbe()), ClientOutcome::kTimeout);
  EXPECT_EQ(Outcome(order, Probe("10.250.0.7", "10.250.0.2", 10250)), ClientOutcome::kConnected);
  // ufw-default-reject-incoming (§4.3): ICMP port unreachable, also for TCP.
  Ruleset reject = Ufw("-A ufw-reject-input -j REJECT --reject-with icmp-port-unreachable\n");
  Verdict v = testing::Inbound(reject, KubeletProbe());
  EXPECT_EQ(v.kind, VerdictKind::kReject);
  EXPECT_EQ(v.reject, RejectType::kIcmpPortUnreachable);
  EXPECT_EQ(v.decided_by.chain, "ufw-reject-input");
  // ufw-limit-10250: whether the 6th connection in 30 s is rejected depends on -m recent.
  Ruleset limit = Ufw(
      "-A ufw-user-input -p tcp -m tcp --dport 10250 -m conntrack --ctstate NEW -m recent --set "
      "--name DEFAULT --mask 255.255.255.255 --rsource\n"
      "-A ufw-user-input -p tcp -m tcp --dport 10250 -m conntrack --ctstate NEW -m recent "
      "--update --seconds 30 --hitcount 6 --name DEFAULT --mask 255.255.255.255 --rsource -j "
      "ufw-user-limit\n"
      "-A ufw-user-input -p tcp -m tcp --dport 10250 -j ufw-user-limit-accept\n");
  v = testing::Inbound(limit, KubeletProbe());
  EXPECT_EQ(v.kind, VerdictKind::kUncertain);
  EXPECT_EQ(v.uncertain_at->chain, "ufw-user-input");
  EXPECT_EQ(v.uncertain_at->rule_number, 2);
  EXPECT_EQ(Outcome(limit, KubeletProbe(22)), ClientOutcome::kTimeout);  // recent never asked
}

}  // namespace
}  // namespace tunnelsim::netfilter
