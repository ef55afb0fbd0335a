// Rule options -> model -> iptables-save form. Every expected canonical form below is what
// iptables-save 1.8.9 (nf_tables) printed for the same input in a scratch network namespace.
#include "models/netfilter/rule_spec_parser.h"

#include <gtest/gtest.h>

#include "models/netfilter/iptables_command.h"
#include "models/netfilter/rule_format.h"

namespace tunnelsim::netfilter {
namespace {

Result<IptablesCommand> ParseAppend(std::string_view chain, std::string_view args, TableId table) {
  auto tokens = Tokenize(std::string("-A ") + std::string(chain) + " " + std::string(args));
  if (!tokens.ok()) return tokens.status();
  return ParseIptablesArguments(*tokens, table, /*restore=*/true);
}

std::string Canonical(std::string_view args, TableId table = TableId::kFilter) {
  std::string_view chain = table == TableId::kNat ? "PREROUTING" : "INPUT";
  auto cmd = ParseAppend(chain, args, table);
  EXPECT_TRUE(cmd.ok()) << args << ": " << cmd.status().message();
  return cmd.ok() ? FormatRule(chain, cmd->spec->rule) : "";
}

// The error for "-A INPUT <args>"; columns count from the start of that line.
std::string Error(std::string_view args, TableId table = TableId::kFilter) {
  std::string_view chain = table == TableId::kNat ? "PREROUTING" : "INPUT";
  auto cmd = ParseAppend(chain, args, table);
  EXPECT_FALSE(cmd.ok()) << args;
  return cmd.ok() ? "" : cmd.status().message();
}

TEST(RuleSpecParserTest, HeaderOptionsPrintInIptablesSaveOrder) {
  EXPECT_EQ(Canonical("-p 6 --dport 22 -j ACCEPT"), "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT");
  EXPECT_EQ(Canonical("-p all -j ACCEPT"), "-A INPUT -j ACCEPT");
  EXPECT_EQ(Canonical("-j ACCEPT ! -i lo -s 10.0.0.5/255.255.0.0"),
            "-A INPUT -s 10.0.0.0/16 ! -i lo -j ACCEPT");
  EXPECT_EQ(Canonical("--protocol tcp --destination-port 10250 --source 10.224.0.5 --jump DROP"),
            "-A INPUT -s 10.224.0.5/32 -p tcp -m tcp --dport 10250 -j DROP");
  EXPECT_EQ(Canonical("-i eth+ -p 47 -f"), "-A INPUT -i eth+ -p gre -f");
  EXPECT_EQ(Canonical("-p TCP --dport ssh"), "-A INPUT -p tcp -m tcp --dport 22");
  EXPECT_EQ(Canonical(""), "-A INPUT");
}

TEST(RuleSpecParserTest, PortsAndTcpOptions) {
  EXPECT_EQ(Canonical("-p tcp --dport 10000: -j ACCEPT"),
            "-A INPUT -p tcp -m tcp --dport 10000:65535 -j ACCEPT");
  EXPECT_EQ(Canonical("-p tcp --sport :1023"), "-A INPUT -p tcp -m tcp --sport 0:1023");
  EXPECT_EQ(Canonical("-p tcp ! --dport 10250:10250"), "-A INPUT -p tcp -m tcp ! --dport 10250");
  EXPECT_EQ(Canonical("-p tcp --syn"), "-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN");
  EXPECT_EQ(Canonical("-p tcp --tcp-flags SYN,ACK SYN"),
            "-A INPUT -p tcp -m tcp --tcp-flags SYN,ACK SYN");
  EXPECT_EQ(Canonical("-p tcp -m multiport --dports 22,10250:10255 -j DROP"),
            "-A INPUT -p tcp -m multiport --dports 22,10250:10255 -j DROP");
  EXPECT_EQ(Canonical("-p udp -m multiport ! --ports 53"),
            "-A INPUT -p udp -m multiport ! --ports 53");
}

TEST(RuleSpecParserTest, ImplicitProtocolMatchIsLoadedWhereItsFirstOptionAppears) {
  EXPECT_EQ(Canonical("-p tcp --dport 22 ! -s 10.0.0.0/8 -m comment --comment x --sport 5 -j "
                      "ACCEPT"),
            "-A INPUT ! -s 10.0.0.0/8 -p tcp -m tcp --sport 5 --dport 22 -m comment --comment x "
            "-j ACCEPT");
  EXPECT_EQ(Canonical("-p tcp -m comment --comment x --dport 5 -j ACCEPT"),
            "-A INPUT -p tcp -m comment --comment x -m tcp --dport 5 -j ACCEPT");
  EXPECT_EQ(Canonical("-m tcp -p tcp --dport 1 -m tcp --sport 2 -j ACCEPT"),
            "-A INPUT -p tcp -m tcp --sport 2 --dport 1 -j ACCEPT");
  EXPECT_EQ(Canonical("-p tcp -m conntrack --ctstate NEW --dport 5 -j ACCEPT"),
            "-A INPUT -p tcp -m conntrack --ctstate NEW -m tcp --dport 5 -j ACCEPT");
  // An opaque module does not swallow the protocol's own options.
  EXPECT_EQ(Canonical("-p tcp -m limit --limit 3/min --dport 5"),
            "-A INPUT -p tcp -m limit --limit 3/min -m tcp --dport 5");
}

TEST(RuleSpecParserTest, ConntrackMarkAddrtypeIcmpComment) {
  EXPECT_EQ(Canonical("-m conntrack --ctstate ESTABLISHED,RELATED,DNAT,INVALID,NEW,UNTRACKED,SNAT"),
            "-A INPUT -m conntrack --ctstate INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT");
  EXPECT_EQ(Canonical("-m state --state ESTABLISHED,RELATED -j ACCEPT"),
            "-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT");
  EXPECT_EQ(Canonical("-m conntrack --ctstate NEW --ctorigdstport 10251 -j ACCEPT"),
            "-A INPUT -m conntrack --ctstate NEW --ctorigdstport 10251 -j ACCEPT");
  EXPECT_EQ(Canonical("-m conntrack --ctorigdst 10.0.0.1"),
            "-A INPUT -m conntrack --ctorigdst 10.0.0.1");
  EXPECT_EQ(Canonical("-m mark --mark 0x4000/0x4000"), "-A INPUT -m mark --mark 0x4000/0x4000");
  EXPECT_EQ(Canonical("-m mark ! --mark 16"), "-A INPUT -m mark ! --mark 0x10");
  EXPECT_EQ(Canonical("-m addrtype --dst-type LOCAL,BROADCAST --src-type UNICAST --limit-iface-in"),
            "-A INPUT -m addrtype --src-type UNICAST --dst-type LOCAL,BROADCAST --limit-iface-in");
  EXPECT_EQ(Canonical("-p icmp --icmp-type echo-request"),
            "-A INPUT -p icmp -m icmp --icmp-type 8");
  EXPECT_EQ(Canonical("-p icmp -m icmp --icmp-type port-unreachable"),
            "-A INPUT -p icmp -m icmp --icmp-type 3/3");
  EXPECT_EQ(Canonical("-p icmp --icmp-type any"), "-A INPUT -p icmp -m icmp --icmp-type any");
  EXPECT_EQ(Canonical("-m comment --comment ALLOW-ALL"), "-A INPUT -m comment --comment ALLOW-ALL");
  EXPECT_EQ(Canonical("-m comment --comment a_b"), "-A INPUT -m comment --comment a_b");
  EXPECT_EQ(Canonical("-m comment --comment a.b"), "-A INPUT -m comment --comment \"a.b\"");
  EXPECT_EQ(Canonical("-m comment --comment \"a \\\"b\\\" c\""),
            "-A INPUT -m comment --comment \"a \\\"b\\\" c\"");
  EXPECT_EQ(Canonical("-m comment --comment \"x'y\""), "-A INPUT -m comment --comment \"x\\'y\"");
  EXPECT_EQ(Canonical("-m comment --comment \"\""), "-A INPUT -m comment --comment \"\"");
}

TEST(RuleSpecParserTest, TargetsPrintTheirOptionsLikeIptablesSave) {
  EXPECT_EQ(Canonical("-j REJECT"), "-A INPUT -j REJECT --reject-with icmp-port-unreachable");
  EXPECT_EQ(Canonical("-j REJECT --reject-with host-prohib"),
            "-A INPUT -j REJECT --reject-with icmp-host-prohibited");
  EXPECT_EQ(Canonical("-p tcp -j REJECT --reject-with tcp-rst"),
            "-A INPUT -p tcp -j REJECT --reject-with tcp-reset");
  EXPECT_EQ(Canonical("-j MARK --set-mark 0x10"), "-A INPUT -j MARK --set-xmark 0x10/0xffffffff");
  EXPECT_EQ(Canonical("-j MARK --set-mark 0x10/0x30"), "-A INPUT -j MARK --set-xmark 0x10/0x30");
  EXPECT_EQ(Canonical("-j MARK --or-mark 0x10"), "-A INPUT -j MARK --set-xmark 0x10/0x10");
  EXPECT_EQ(Canonical("-j MARK --and-mark 0x10"), "-A INPUT -j MARK --set-xmark 0x0/0xffffffef");
  EXPECT_EQ(Canonical("-j CONNMARK --restore-mark"),
            "-A INPUT -j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff");
  EXPECT_EQ(Canonical("-m limit --limit 3/min -j LOG --log-prefix \"x\" --log-level 4"),
            "-A INPUT -m limit --limit 3/min -j LOG --log-prefix x");
  EXPECT_EQ(Canonical("-j LOG --log-tcp-options --log-level info"),
            "-A INPUT -j LOG --log-level 6 --log-tcp-options");
  EXPECT_EQ(Canonical("-j LOG --log-prefix \"[UFW BLOCK] \""),
            "-A INPUT -j LOG --log-prefix \"[UFW BLOCK] \"");
  EXPECT_EQ(Canonical("-j CT --notrack"), "-A INPUT -j CT --notrack");
  EXPECT_TRUE(IsTerminating(TargetKind::kAccept));
  EXPECT_TRUE(IsTerminating(TargetKind::kGoto));
  EXPECT_TRUE(IsTerminating(TargetKind::kOpaqueVerdict));
  EXPECT_FALSE(IsTerminating(TargetKind::kLog));
  EXPECT_FALSE(IsTerminating(TargetKind::kMark));
  EXPECT_FALSE(IsTerminating(TargetKind::kNone));
}

TEST(RuleSpecParserTest, NatTargets) {
  EXPECT_EQ(Canonical("-p tcp --dport 10250 -j REDIRECT --to-ports 8080", TableId::kNat),
            "-A PREROUTING -p tcp -m tcp --dport 10250 -j REDIRECT --to-ports 8080");
  EXPECT_EQ(Canonical("-p tcp --dport 10251 -j DNAT --to-destination 10.0.0.1:80", TableId::kNat),
            "-A PREROUTING -p tcp -m tcp --dport 10251 -j DNAT --to-destination 10.0.0.1:80");
  EXPECT_EQ(Canonical("-p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.3:80-81", TableId::kNat),
            "-A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.3:80-81");
  EXPECT_EQ(Canonical("-p tcp -j DNAT --to-destination :81", TableId::kNat),
            "-A PREROUTING -p tcp -j DNAT --to-destination :81");
  EXPECT_EQ(Canonical("-j MASQUERADE --random-fully", TableId::kNat),
            "-A PREROUTING -j MASQUERADE --random-fully");
  EXPECT_EQ(Canonical("-j SNAT --to-source 1.2.3.4", TableId::kNat),
            "-A PREROUTING -j SNAT --to-source 1.2.3.4");
}

TEST(RuleSpecParserTest, UnknownModulesAreKeptAsOpaqueMatches) {
  auto cmd = ParseAppend("INPUT", "-m set --match-set azure-npm-1 src -m nosuchmod --x 1 -j ACCEPT",
                         TableId::kFilter);
  ASSERT_TRUE(cmd.ok()) << cmd.status().message();
  const Rule& rule = cmd->spec->rule;
  EXPECT_TRUE(rule.has_opaque_match);
  ASSERT_EQ(rule.matches.size(), 2u);
  const auto& set = std::get<OpaqueMatch>(rule.matches[0]);
  EXPECT_EQ(set.module, "set");
  EXPECT_EQ(set.options, (std::vector<std::string>{"--match-set", "azure-npm-1", "src"}));
  EXPECT_EQ(FormatRuleSpec(rule),
            "-m set --match-set azure-npm-1 src -m nosuchmod --x 1 -j ACCEPT");
  // A conntrack option the model does not evaluate makes the whole match opaque.
  cmd = ParseAppend("INPUT", "-m conntrack --ctstate NEW --ctstatus CONFIRMED", TableId::kFilter);
  ASSERT_TRUE(cmd.ok());
  EXPECT_EQ(std::get<OpaqueMatch>(cmd->spec->rule.matches[0]).options,
            (std::vector<std::string>{"--ctstate", "NEW", "--ctstatus", "CONFIRMED"}));
  EXPECT_EQ(Canonical("-m set ! --match-set x src -j DROP"),
            "-A INPUT -m set ! --match-set x src -j DROP");
}

TEST(RuleSpecParserTest, ErrorsNameTheColumnAndWhatWasExpected) {
  // "-A INPUT " takes 9 columns, so the first option starts at column 10.
  EXPECT_EQ(Error("-p tcp --dport 70000"),
            "column 25: invalid port/service `70000' specified; expected a port 0-65535 or a "
            "service name");
  EXPECT_EQ(Error("--dport 80 -p tcp"),
            "column 10: unknown option \"--dport\"; expected an option of the loaded modules "
            "(-p, -m) or of the target (-j)");
  EXPECT_EQ(Error("-m tcp --dport 22"), "column 13: TCP match requires '-p tcp'");
  EXPECT_EQ(Error("-p udp -m tcp --dport 22"), "column 20: TCP match requires '-p tcp'");
  EXPECT_EQ(Error("-m multiport --dports 1"),
            "column 13: multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
  EXPECT_TRUE(ParseAppend("INPUT",
                          "-p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14:16",
                          TableId::kFilter)
                  .ok());  // 13 ports and a range fill the 15 slots
  EXPECT_EQ(Error("-p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15:16"),
            "column 39: too many ports specified; expected at most 15 (a range counts as two)");
  EXPECT_EQ(Error("-p tcp --dport 22 --dport 23"),
            "column 28: Only one `--destination-port' allowed; expected the option once");
  EXPECT_EQ(Error("-j ACCEPT -j DROP"),
            "column 20: multiple -j flags not allowed; expected one -j or -g");
  EXPECT_EQ(Error("! ! -s 1.2.3.4"), "column 12: multiple consecutive ! not allowed");
  EXPECT_EQ(Error("-s 1.2.3.4 !"),
            "column 21: nothing appropriate following !; expected an option");
  EXPECT_EQ(Error("! -m mark --mark 1"), "column 10: unexpected ! flag before --match");
  EXPECT_EQ(
      Error("-s 10.0.0.300"),
      "column 13: host/network `10.0.0.300' not found; expected an IPv4 address a.b.c.d[/len]");
  EXPECT_EQ(Error("-s 10.0.0.1/33"),
            "column 13: invalid mask `33' specified; expected a prefix length 0-32");
  EXPECT_EQ(Error("-p tcp --dport 5:3"),
            "column 25: invalid portrange (min > max) `5:3'; expected A:B with A <= B");
  EXPECT_EQ(Error("-m mark --mark zz"),
            "column 25: mark: bad integer value for option \"--mark\", or out of range; expected "
            "VALUE[/MASK]");
  EXPECT_EQ(
      Error("-j REJECT --reject-with foo"),
      "column 34: unknown reject type \"foo\"; expected e.g. icmp-port-unreachable or tcp-reset");
  EXPECT_EQ(
      Error("-p udp -j REJECT --reject-with tcp-reset"),
      "column 20: REJECT --reject-with tcp-reset is only valid with -p tcp; expected -p tcp on "
      "this rule");
  EXPECT_EQ(
      Error("-m state --state NEW,DNAT"),
      "column 27: Bad state \"DNAT\"; expected INVALID, NEW, ESTABLISHED, RELATED or UNTRACKED");
  EXPECT_EQ(
      Error("-m addrtype --dst-type FOO"),
      "column 33: addrtype: bad type \"FOO\"; expected LOCAL, UNICAST, BROADCAST, MULTICAST or "
      "another route type");
  EXPECT_EQ(Error("-p icmp --icmp-type foo"),
            "column 30: Unknown ICMP type `foo'; expected a number, TYPE/CODE, any or a name like "
            "echo-request");
  EXPECT_EQ(
      Error("-i verylonginterfacename0"),
      "column 13: interface name `verylonginterfacename0' must be shorter than IFNAMSIZ (15); "
      "expected 1-15 characters");
  EXPECT_EQ(
      Error("-p foo"),
      "column 13: unknown protocol \"foo\" specified; expected tcp, udp, icmp, all or a number "
      "0-255");
  EXPECT_EQ(Error("-j ACCEPT extra"), "column 20: Bad argument `extra'; expected an option");
  EXPECT_EQ(Error("-p tcp --dport"), "column 17: option \"--dport\" requires an argument");
}

TEST(RuleSpecParserTest, TargetErrors) {
  EXPECT_EQ(Error("-j DNAT", TableId::kNat),
            "column 18: DNAT: option \"--to-destination\" must be specified");
  EXPECT_EQ(Error("-j REDIRECT --to-ports 80", TableId::kNat),
            "column 18: Need TCP, UDP, SCTP or DCCP with port specification; expected -p tcp or "
            "-p udp on this rule");
  EXPECT_EQ(Error("-p tcp -j DNAT --to-destination 1.2.3", TableId::kNat),
            "column 47: Bad IP address \"1.2.3\"; expected A or A-B with IPv4 addresses A <= B");
  EXPECT_EQ(Error("-j DROP", TableId::kNat),
            "column 18: The \"nat\" table is not intended for filtering, the use of DROP is "
            "therefore inhibited; expected DROP in the filter table");
  EXPECT_EQ(Error("-p tcp -j DNAT --to-destination 1.2.3.4"),
            "column 20: DNAT target: only valid in nat table, not this one; expected -t nat");
  EXPECT_EQ(Error("-j MARK --set-mark 1 --or-mark 2"),
            "column 31: MARK target: only one of --set-xmark, --set-mark, --and-mark, --or-mark, "
            "--xor-mark is allowed");
  EXPECT_EQ(Error("-g ACCEPT"),
            "column 13: -g needs a user chain, not the target ACCEPT; expected -g CHAIN");
}

TEST(RuleSpecParserTest, AddressListsStandForOneRuleEach) {
  auto cmd =
      ParseAppend("INPUT", "-s 1.1.1.1,2.2.2.2 -d 3.3.3.3,4.4.4.4 -j ACCEPT", TableId::kFilter);
  ASSERT_TRUE(cmd.ok());
  EXPECT_EQ(cmd->spec->sources.size(), 2u);
  EXPECT_EQ(cmd->spec->destinations.size(), 2u);
  EXPECT_EQ(Error("! -s 1.1.1.1,2.2.2.2"),
            "column 15: ! not allowed with multiple source or destination IP addresses; expected "
            "a single address after !");
}

}  // namespace
}  // namespace tunnelsim::netfilter
