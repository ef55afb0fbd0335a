#include "models/ufw/rule.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/ufw/command.h"
#include "models/ufw/rule_iptables.h"
#include "models/ufw/state.h"

namespace tunnelsim::ufw {
namespace {

UfwRule Parsed(std::string_view line) {
  auto command = ParseCommand(line);
  EXPECT_TRUE(command.ok()) << line << ": " << command.status().message();
  return command.ok() ? command->rule.rule : UfwRule{};
}

// (user.rules line, iptables-save line) for every iptables rule of `line`.
std::vector<std::pair<std::string, std::string>> Lines(std::string_view line) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const IptablesRule& r : ExpandRule(Parsed(line))) {
    out.emplace_back(UserRulesLine(r), SaveLine(r));
  }
  return out;
}

using LinePairs = std::vector<std::pair<std::string, std::string>>;

TEST(ExpandRule, OutgoingRuleToHostUsesOutputChainAndSlash32) {
  EXPECT_EQ(Lines("ufw allow out to 10.0.0.5 port 443 proto tcp"),
            (LinePairs{{"-A ufw-user-output -p tcp -d 10.0.0.5 --dport 443 -j ACCEPT",
                        "-A ufw-user-output -d 10.0.0.5/32 -p tcp -m tcp --dport 443 -j ACCEPT"}}));
}

TEST(ExpandRule, OutOnInterfaceUsesDashO) {
  EXPECT_EQ(Lines("ufw deny out on eth1 to any port 25 proto tcp"),
            (LinePairs{{"-A ufw-user-output -o eth1 -p tcp --dport 25 -j DROP",
                        "-A ufw-user-output -o eth1 -p tcp -m tcp --dport 25 -j DROP"}}));
}

TEST(ExpandRule, PortListsAndSourcePortsUseMultiport) {
  EXPECT_EQ(
      Lines("ufw allow proto tcp from 10.1.0.0/16 port 1000:2000 to any port 80,443"),
      (LinePairs{{"-A ufw-user-input -p tcp -m multiport --dports 80,443 -m multiport --sports "
                  "1000:2000 -s 10.1.0.0/16 -j ACCEPT",
                  "-A ufw-user-input -s 10.1.0.0/16 -p tcp -m multiport --dports 80,443 -m "
                  "multiport --sports 1000:2000 -j ACCEPT"}}));
  EXPECT_EQ(Lines("ufw allow 22,80,443/tcp"),
            (LinePairs{{"-A ufw-user-input -p tcp -m multiport --dports 22,80,443 -j ACCEPT",
                        "-A ufw-user-input -p tcp -m multiport --dports 22,80,443 -j ACCEPT"}}));
}

TEST(ExpandRule, SourceAndDestinationPortPrintSourceFirstWhenSaved) {
  EXPECT_EQ(Lines("ufw allow from any port 53 to any port 1024 proto udp"),
            (LinePairs{{"-A ufw-user-input -p udp --dport 1024 --sport 53 -j ACCEPT",
                        "-A ufw-user-input -p udp -m udp --sport 53 --dport 1024 -j ACCEPT"}}));
}

TEST(ExpandRule, ProtocolWithoutPortHasNoImplicitMatch) {
  EXPECT_EQ(Lines("ufw reject proto udp from 1.2.3.4"),
            (LinePairs{{"-A ufw-user-input -p udp -s 1.2.3.4 -j REJECT",
                        "-A ufw-user-input -s 1.2.3.4/32 -p udp -j REJECT --reject-with "
                        "icmp-port-unreachable"}}));
  EXPECT_EQ(Lines("ufw reject from 1.2.3.4 to 10.0.0.0/8"),
            (LinePairs{{"-A ufw-user-input -d 10.0.0.0/8 -s 1.2.3.4 -j REJECT",
                        "-A ufw-user-input -s 1.2.3.4/32 -d 10.0.0.0/8 -j REJECT --reject-with "
                        "icmp-port-unreachable"}}));
}

TEST(ExpandRule, InterfaceOnlyRule) {
  EXPECT_EQ(
      Lines("ufw allow in on eth0"),
      (LinePairs{{"-A ufw-user-input -i eth0 -j ACCEPT", "-A ufw-user-input -i eth0 -j ACCEPT"}}));
}

TEST(ExpandRule, LimitWithoutProtocolGivesThreeRulesPerProtocol) {
  std::vector<IptablesRule> rules = ExpandRule(Parsed("ufw limit 10250"));
  ASSERT_EQ(rules.size(), 6u);
  EXPECT_EQ(UserRulesLine(rules[2]),
            "-A ufw-user-input -p tcp --dport 10250 -j ufw-user-limit-accept");
  EXPECT_EQ(UserRulesLine(rules[3]),
            "-A ufw-user-input -p udp --dport 10250 -m conntrack --ctstate NEW -m recent --set");
  EXPECT_EQ(rules[5].target, "ufw-user-limit-accept");
}

TEST(TupleLine, InterfacesAndDirection) {
  EXPECT_EQ(TupleLine(Parsed("ufw deny out 25")),
            "### tuple ### deny any 25 0.0.0.0/0 any 0.0.0.0/0 out");
  EXPECT_EQ(TupleLine(Parsed("ufw allow out on eth1 to any port 80")),
            "### tuple ### allow any 80 0.0.0.0/0 any 0.0.0.0/0 out_eth1");
  UfwRule twin = Parsed("ufw allow 22/tcp");
  twin.v6 = true;
  EXPECT_EQ(TupleLine(twin), "### tuple ### allow tcp 22 ::/0 any ::/0 in");
}

TEST(CommandText, ShortAndExtendedForms) {  // parser.get_command, used by `ufw show added`
  EXPECT_EQ(CommandText(Parsed("ufw allow 10250/tcp")), "allow 10250/tcp");
  EXPECT_EQ(CommandText(Parsed("ufw allow in 10250")), "allow 10250");
  EXPECT_EQ(CommandText(Parsed("ufw deny out 25")), "deny out 25");
  EXPECT_EQ(CommandText(Parsed("ufw deny from 10.250.0.1")), "deny from 10.250.0.1");
  EXPECT_EQ(CommandText(Parsed("ufw allow from 10.0.0.0/8 to any port 10250")),
            "allow from 10.0.0.0/8 to any port 10250");
  EXPECT_EQ(CommandText(Parsed("ufw allow in on eth0 to any port 10250 proto tcp")),
            "allow in on eth0 to any port 10250 proto tcp");
  EXPECT_EQ(CommandText(Parsed("ufw allow out on eth1 from any port 53")),
            "allow out on eth1 from any port 53");
  EXPECT_EQ(CommandText(Parsed("ufw limit proto tcp to any")), "limit to any proto tcp");
  EXPECT_EQ(CommandText(Parsed("ufw allow ssh")), "allow 22/tcp");
}

TEST(NormalizePortList, StoredRulesHaveSortedPortLists) {
  auto outcome = Apply(State{}, "ufw allow 443,80/tcp");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->state.rules[0].dport, "80,443");
  EXPECT_EQ(TupleLine(outcome->state.rules[0]),
            "### tuple ### allow tcp 80,443 0.0.0.0/0 any 0.0.0.0/0 in");
}

TEST(NormalizePortList, SortsNumericallyLikeHumanSort) {
  EXPECT_EQ(NormalizePortList("443,80,22"), "22,80,443");
  EXPECT_EQ(NormalizePortList("22:25,22,8080,9000:9100"), "22,22:25,8080,9000:9100");
  EXPECT_EQ(NormalizePortList("22:30,22:25"), "22:25,22:30");
  EXPECT_EQ(NormalizePortList("any"), "any");
  EXPECT_EQ(NormalizePortList("10250"), "10250");
}

TEST(Match, ComparesEveryFieldAndSeparatesTheAction) {
  UfwRule allow = Parsed("ufw allow 22/tcp");
  EXPECT_EQ(Match(allow, Parsed("ufw allow 22/tcp")), RuleMatch::kSame);
  EXPECT_EQ(Match(allow, Parsed("ufw deny 22/tcp")), RuleMatch::kSameButAction);
  EXPECT_EQ(Match(allow, Parsed("ufw allow 22")), RuleMatch::kDifferent);
  EXPECT_EQ(Match(allow, Parsed("ufw allow out 22/tcp")), RuleMatch::kDifferent);
  EXPECT_EQ(Match(allow, Parsed("ufw allow in on eth0 to any port 22 proto tcp")),
            RuleMatch::kDifferent);
  UfwRule twin = allow;
  twin.v6 = true;
  EXPECT_EQ(Match(allow, twin), RuleMatch::kDifferent);
}

TEST(AddressText, HostsNetworksAndAnywhere) {
  EXPECT_EQ(AddressText(std::nullopt, false), "0.0.0.0/0");
  EXPECT_EQ(AddressText(std::nullopt, true), "::/0");
  EXPECT_EQ(AddressText(*Ipv4Prefix::Parse("10.250.0.1"), false), "10.250.0.1");
  EXPECT_EQ(AddressText(*Ipv4Prefix::Parse("10.0.0.0/8"), false), "10.0.0.0/8");
}

}  // namespace
}  // namespace tunnelsim::ufw
