// RunLint on small scenarios, one per finding kind; positions point at the scenario lines.
#include "engine/lint/lint.h"

#include <gtest/gtest.h>

#include "engine/scenario/load_scenario.h"

namespace tunnelsim {
namespace {

constexpr std::string_view kScenario = R"(apiVersion: tunnelsim/v1
kind: Scenario
metadata: {name: lint}
cluster:
  apiServer: {access: public, publicIP: 20.61.10.5}
network:
  vnets:
    - name: vnet
      addressSpace: [10.224.0.0/12]
      subnets: [{name: s, addressPrefix: 10.224.0.0/16, networkSecurityGroup: nsg}]
  networkSecurityGroups:
    - name: nsg
      securityRules:
        - {name: ssh-any, priority: 100, direction: Inbound, access: Allow, protocol: '*',
           sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*',
           destinationPortRange: '10000-11000'}
        - {name: kubelet-internet, priority: 200, direction: Inbound, access: Allow, protocol: Tcp,
           sourceAddressPrefix: Internet, sourcePortRange: '*', destinationAddressPrefix: '*',
           destinationPortRange: '10250'}
        - {name: icmp-port, priority: 300, direction: Inbound, access: Deny, protocol: Icmp,
           sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*',
           destinationPortRange: '22'}
nodePools:
  - name: pool
    count: 2
    vmSize: Standard_D4s_v5
    subnet: s
    hostFirewall:
      ufw: {enabled: true}
      iptables: |
        *filter
        :INPUT ACCEPT [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        -A INPUT -j ACCEPT
        -A INPUT -p tcp --dport 22 -j DROP
        COMMIT
workloads:
  - {namespace: default, name: web, replicas: 2, nodePool: pool}
)";

std::vector<LintFinding> Lint(std::string_view text) {
  Diagnostics d;
  auto scenario = LoadScenarioText(text, "lint.yaml", ".", &d);
  EXPECT_TRUE(scenario.has_value()) << d.Format();
  if (!scenario) return {};
  static std::vector<std::unique_ptr<Scenario>> keep;  // the model points into the scenario
  keep.push_back(std::make_unique<Scenario>(std::move(*scenario)));
  auto model = ClusterModel::Build(*keep.back(), &d);
  EXPECT_TRUE(model) << d.Format();
  return model ? RunLint(*model) : std::vector<LintFinding>{};
}

const LintFinding* Find(const std::vector<LintFinding>& all, std::string_view id) {
  for (const LintFinding& f : all) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

TEST(Lint, FindsEachKind) {
  std::vector<LintFinding> all = Lint(kScenario);
  std::string listing;
  for (const auto& f : all) listing += f.id + " " + f.message + "\n";

  const LintFinding* shadowed = Find(all, "TS2004");
  ASSERT_NE(shadowed, nullptr) << listing;
  EXPECT_EQ(shadowed->pos.line, 17);
  EXPECT_NE(shadowed->message.find("rule kubelet-internet (priority 200, Inbound) can never "
                                   "match: ssh-any decides"),
            std::string::npos)
      << shadowed->message;

  const LintFinding* empty = Find(all, "TS2007");
  ASSERT_NE(empty, nullptr) << listing;
  EXPECT_EQ(empty->pos.line, 20);

  const LintFinding* unreachable = Find(all, "TS2005");
  ASSERT_NE(unreachable, nullptr) << listing;
  EXPECT_NE(unreachable->message.find("are never reached: rule 1 (-A INPUT -j ACCEPT)"),
            std::string::npos)
      << unreachable->message;
  EXPECT_EQ(unreachable->severity, LintSeverity::kWarning);

  // ufw is enabled with its default deny: 10250 from the VNet is dropped.
  const LintFinding* ufw = Find(all, "TS2003");
  EXPECT_EQ(ufw, nullptr) << "the iptables ACCEPT before ufw's jumps lets 10250 in\n" << listing;
}

TEST(Lint, InternetToKubeletAndTunnelBlockers) {
  std::string text(kScenario);
  // Without ssh-any the Internet rule is reachable; without the ACCEPT, ufw decides.
  text.replace(
      text.find("        - {name: ssh-any"),
      text.find("        - {name: kubelet-internet") - text.find("        - {name: ssh-any"), "");
  text.replace(text.find("        -A INPUT -j ACCEPT\n"), 27, "");
  std::vector<LintFinding> all = Lint(text);
  std::string listing;
  for (const auto& f : all) listing += f.id + " " + f.message + "\n";
  const LintFinding* open = Find(all, "TS2002");
  ASSERT_NE(open, nullptr) << listing;
  EXPECT_EQ(open->severity, LintSeverity::kError);
  EXPECT_NE(open->message.find("allows Internet to TCP 10250"), std::string::npos) << listing;
  const LintFinding* ufw = Find(all, "TS2003");
  ASSERT_NE(ufw, nullptr) << listing;
  EXPECT_NE(ufw->message.find("drops TCP 10250 from the VNet"), std::string::npos) << listing;
  const LintFinding* breaks = Find(all, "TS2001");
  ASSERT_NE(breaks, nullptr) << listing;
  EXPECT_NE(breaks->message.find("kubectl logs/exec/port-forward"), std::string::npos) << listing;
}

TEST(Lint, CleanScenarioHasNoErrors) {
  std::string text(kScenario);
  size_t nsg = text.find("  networkSecurityGroups:");
  size_t pools = text.find("nodePools:");
  text.replace(nsg, pools - nsg, "  networkSecurityGroups: [{name: nsg, securityRules: []}]\n");
  text.replace(text.find("ufw: {enabled: true}"), 20, "ufw: {enabled: false}");
  text.replace(text.find("        -A INPUT -p tcp --dport 22 -j DROP\n"), 43, "");
  std::vector<LintFinding> all = Lint(text);
  for (const LintFinding& f : all) ADD_FAILURE() << f.id << " " << f.message;
}

}  // namespace
}  // namespace tunnelsim
