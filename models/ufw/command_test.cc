#include "models/ufw/command.h"

#include <string>

#include <gtest/gtest.h>

namespace tunnelsim::ufw {
namespace {

Command Parse(std::string_view line) {
  auto command = ParseCommand(line);
  EXPECT_TRUE(command.ok()) << line << ": " << command.status().message();
  return command.ok() ? *command : Command{};
}

std::string Error(std::string_view line) {
  auto command = ParseCommand(line);
  EXPECT_FALSE(command.ok()) << line;
  return command.ok() ? "" : command.status().message();
}

Status::Code Code(std::string_view line) { return ParseCommand(line).status().code(); }

TEST(ParseCommand, PrefixesAndForce) {
  for (const char* line :
       {"sudo ufw enable", "ufw enable", "enable", "/usr/sbin/ufw enable", "ufw Enable"}) {
    EXPECT_EQ(Parse(line).kind, Command::Kind::kEnable) << line;
  }
  EXPECT_TRUE(Parse("ufw --force enable").force);
  EXPECT_TRUE(Parse("ufw -f enable").force);
  EXPECT_FALSE(Parse("ufw enable").force);
  EXPECT_EQ(Parse("ufw disable").kind, Command::Kind::kDisable);
  EXPECT_EQ(Parse("ufw --force reset").kind, Command::Kind::kReset);
  EXPECT_EQ(Parse("ufw reload").kind, Command::Kind::kReload);
  EXPECT_EQ(Error("ufw"), "ERROR: not enough args");
  EXPECT_EQ(Error("ufw enable now"), "ERROR: Invalid syntax");
  EXPECT_EQ(Error("ufw enable --force"), "ERROR: Invalid syntax");
  EXPECT_EQ(Error("ufw frobnicate"), "ERROR: Invalid syntax");
  // ufw looks a bare 'allow' up among the `default` commands first (parser.py), so this fails.
  EXPECT_EQ(Error("ufw --force allow 22"), "ERROR: Invalid syntax");
  EXPECT_EQ(Parse("ufw --force delete 1").kind, Command::Kind::kDeleteNumber);
  EXPECT_EQ(Error("ufw ALLOW 22"), "ERROR: Invalid syntax");  // the rule verb is case-sensitive
  EXPECT_EQ(Error("ufw allow '22"), "unterminated ' quote in ufw command line 'ufw allow '22'");
}

TEST(ParseCommand, Default) {
  Command c = Parse("ufw default deny");
  EXPECT_EQ(c.kind, Command::Kind::kDefault);
  EXPECT_EQ(c.policy, Policy::kDeny);
  EXPECT_EQ(c.direction, PolicyDirection::kIncoming);
  EXPECT_EQ(Parse("ufw default allow outgoing").direction, PolicyDirection::kOutgoing);
  EXPECT_EQ(Parse("ufw default allow output").direction, PolicyDirection::kOutgoing);
  EXPECT_EQ(Parse("ufw default reject routed").policy, Policy::kReject);
  EXPECT_EQ(Parse("ufw default deny forward").direction, PolicyDirection::kRouted);
  EXPECT_EQ(Parse("ufw default deny INPUT").direction, PolicyDirection::kIncoming);
  EXPECT_EQ(Error("ufw default drop"), "ERROR: Invalid syntax");
  EXPECT_EQ(Error("ufw default allow sideways"), "ERROR: Invalid syntax");
  EXPECT_EQ(Error("ufw default"), "ERROR: Invalid syntax");
}

TEST(ParseCommand, LoggingStatusShow) {
  EXPECT_FALSE(Parse("ufw logging on").log_level.has_value());
  EXPECT_EQ(*Parse("ufw logging off").log_level, LogLevel::kOff);
  EXPECT_EQ(*Parse("ufw logging low").log_level, LogLevel::kLow);
  EXPECT_EQ(*Parse("ufw logging medium").log_level, LogLevel::kMedium);
  EXPECT_EQ(*Parse("ufw logging HIGH").log_level, LogLevel::kHigh);
  EXPECT_EQ(*Parse("ufw logging full").log_level, LogLevel::kFull);
  EXPECT_EQ(Error("ufw logging loud"), "ERROR: Invalid syntax");
  EXPECT_EQ(Parse("ufw status").status_mode, StatusMode::kPlain);
  EXPECT_EQ(Parse("ufw status verbose").status_mode, StatusMode::kVerbose);
  EXPECT_EQ(Parse("ufw status numbered").status_mode, StatusMode::kNumbered);
  EXPECT_EQ(Parse("ufw verbose").kind, Command::Kind::kStatus);  // as ufw's parser has it
  EXPECT_EQ(Error("ufw status all"), "ERROR: Invalid syntax");
  EXPECT_EQ(Parse("ufw show added").kind, Command::Kind::kShowAdded);
  EXPECT_EQ(Code("ufw show raw"), Status::Code::kUnsupported);
  EXPECT_EQ(Error("ufw show everything"), "ERROR: Invalid syntax");
}

TEST(ParseCommand, ShortRules) {
  RuleCommand r = Parse("ufw allow 10250").rule;
  EXPECT_EQ(r.rule.action, Action::kAllow);
  EXPECT_EQ(r.rule.protocol, Protocol::kAny);
  EXPECT_EQ(r.rule.dport, "10250");
  EXPECT_EQ(r.ip_version, IpVersion::kBoth);
  EXPECT_EQ(r.position, 0);
  EXPECT_EQ(Parse("ufw allow 10250/tcp").rule.rule.protocol, Protocol::kTcp);
  EXPECT_EQ(Parse("ufw deny 53/udp").rule.rule.protocol, Protocol::kUdp);
  EXPECT_EQ(Parse("ufw allow 10000:11000/tcp").rule.rule.dport, "10000:11000");
  EXPECT_EQ(Parse("ufw allow 10000:11000").rule.rule.dport, "10000:11000");  // fails on apply
  EXPECT_EQ(Parse("ufw allow 443,80/tcp").rule.rule.dport, "443,80");
  EXPECT_EQ(Parse("ufw limit 10250/tcp").rule.rule.action, Action::kLimit);
  EXPECT_EQ(Parse("ufw reject 10250").rule.rule.action, Action::kReject);
  EXPECT_EQ(Parse("ufw allow in 22").rule.rule.dport, "22");
  EXPECT_EQ(Parse("ufw deny out 25").rule.rule.direction, Direction::kOut);
}

TEST(ParseCommand, ServiceNames) {
  UfwRule ssh = Parse("ufw allow ssh").rule.rule;
  EXPECT_EQ(ssh.dport, "22");
  EXPECT_EQ(ssh.protocol, Protocol::kTcp);
  EXPECT_EQ(Parse("ufw allow http").rule.rule.dport, "80");
  UfwRule https = Parse("ufw allow https").rule.rule;
  EXPECT_EQ(https.dport, "443");
  EXPECT_EQ(https.protocol, Protocol::kAny);  // netbase lists 443/udp too
  EXPECT_EQ(Parse("ufw allow to any port ssh").rule.rule.protocol, Protocol::kTcp);
  EXPECT_EQ(Parse("ufw allow ssh/tcp").rule.rule.dport, "22");
  EXPECT_EQ(Error("ufw allow ssh/udp"), "ERROR: Protocol mismatch with specified protocol udp");
  EXPECT_EQ(Error("ufw allow to any port ssh proto udp"),
            "ERROR: Protocol mismatch with specified protocol udp");
  EXPECT_EQ(Error("ufw allow kubelet"), "ERROR: Could not find a profile matching 'kubelet'");
  EXPECT_EQ(Error("ufw allow ssh,http"), "ERROR: Port ranges must be numeric");
  EXPECT_EQ(Error("ufw allow to any port kubelet"), "ERROR: Bad port 'kubelet'");
}

TEST(ParseCommand, ShortRuleErrors) {
  for (const char* line : {"ufw allow 70000", "ufw allow 0", "ufw allow 22/icmp", "ufw allow 1/2/3",
                           "ufw allow 11000:10000/tcp", "ufw allow 10:10/tcp", "ufw allow all"}) {
    EXPECT_EQ(Error(line), "ERROR: Bad port") << line;
  }
  EXPECT_EQ(Error("ufw allow 22,/tcp"), "ERROR: Port ranges must be numeric");
  EXPECT_EQ(Error("ufw allow 22/esp"), "ERROR: Invalid port with protocol 'esp'");
  EXPECT_EQ(Error("ufw allow 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16/tcp"), "ERROR: Bad port");
  EXPECT_EQ(Error("ufw allow"), "ERROR: Invalid syntax");
  EXPECT_EQ(Error("ufw allow in"), "ERROR: Invalid interface clause");
}

TEST(ParseCommand, ExtendedRules) {
  RuleCommand r = Parse("ufw allow from 10.0.0.0/8 to any port 10250").rule;
  EXPECT_EQ(r.rule.src->ToString(), "10.0.0.0/8");
  EXPECT_FALSE(r.rule.dst.has_value());
  EXPECT_EQ(r.rule.dport, "10250");
  EXPECT_EQ(r.ip_version, IpVersion::kV4);
  r = Parse("ufw allow in on eth0 to any port 10250 proto tcp").rule;
  EXPECT_EQ(r.rule.interface_in, "eth0");
  EXPECT_EQ(r.rule.protocol, Protocol::kTcp);
  EXPECT_EQ(r.ip_version, IpVersion::kBoth);
  r = Parse("ufw allow out on eth1 to 10.0.0.5 port 443 proto tcp").rule;
  EXPECT_EQ(r.rule.direction, Direction::kOut);
  EXPECT_EQ(r.rule.interface_out, "eth1");
  EXPECT_EQ(r.rule.dst->ToString(), "10.0.0.5/32");
  r = Parse("ufw deny from 10.250.0.1").rule;
  EXPECT_EQ(r.rule.action, Action::kDeny);
  EXPECT_EQ(r.rule.dport, "any");
  EXPECT_EQ(Parse("ufw allow proto udp from any port 53").rule.rule.sport, "53");
  EXPECT_EQ(Parse("ufw allow from any to 10.0.0.0/255.255.0.0").rule.rule.dst->ToString(),
            "10.0.0.0/16");
  EXPECT_FALSE(Parse("ufw allow from 10.0.0.7/32").rule.rule.src->ToString().empty());
  EXPECT_EQ(Parse("ufw allow from 0.0.0.0/0").rule.ip_version, IpVersion::kV4);
  EXPECT_TRUE(Parse("ufw allow from 10.1.2.3/8").rule.address_normalized);
}

TEST(ParseCommand, ExtendedRuleErrors) {
  EXPECT_EQ(Error("ufw allow from 1.2.3.4 to"), "ERROR: Wrong number of arguments");
  EXPECT_EQ(Error("ufw allow foo bar"), "ERROR: Need 'to' or 'from' clause");
  EXPECT_EQ(Error("ufw allow from 1.2.3.4 blah any"), "ERROR: Invalid token 'blah'");
  EXPECT_EQ(Error("ufw allow from 1.2.3.4 from 5.6.7.8"), "ERROR: Improper rule syntax");
  EXPECT_EQ(Error("ufw allow port 22 from any"), "ERROR: Need 'from' or 'to' with 'port'");
  EXPECT_EQ(Error("ufw allow from 300.1.1.1"), "ERROR: Bad source address");
  EXPECT_EQ(Error("ufw allow from 010.1.1.1"), "ERROR: Bad source address");
  EXPECT_EQ(Error("ufw allow to 10.0.0.0/33"), "ERROR: Bad destination address");
  EXPECT_EQ(Error("ufw allow to any port 70000"), "ERROR: Bad port '70000'");
  EXPECT_EQ(Error("ufw allow to any port 22:"), "ERROR: Port ranges must be numeric");
  EXPECT_EQ(Error("ufw allow proto icmp from any"), "ERROR: Unsupported protocol 'icmp'");
  EXPECT_EQ(Error("ufw allow in on eth0:1"),
            "ERROR: Bad interface name: can't use interface aliases");
  EXPECT_EQ(Error("ufw allow in on averyveryverylongname0"),
            "ERROR: Bad interface name: interface name too long");
  EXPECT_EQ(Error("ufw allow in on et!h0"), "ERROR: Bad interface name: reserved character: '!'");
  EXPECT_EQ(Error("ufw allow in on eth/0"), "ERROR: Bad interface name");
  EXPECT_EQ(Error("ufw allow 22 log"), "ERROR: Option 'log' not allowed here");
}

TEST(ParseCommand, InsertPrependDelete) {
  EXPECT_EQ(Parse("ufw insert 1 allow 22").rule.position, 1);
  EXPECT_EQ(Parse("ufw insert 00 allow 22").rule.position, 0);  // int("00") appends in ufw
  EXPECT_EQ(Error("ufw insert 0 allow 22"), "ERROR: Cannot insert rule at position '0'");
  EXPECT_EQ(Error("ufw insert -1 allow 22"), "ERROR: Cannot insert rule at position '-1'");
  EXPECT_EQ(Error("ufw insert x allow 22"), "ERROR: Insert position 'x' is not a valid position");
  EXPECT_EQ(Error("ufw insert 3x allow 22"), "ERROR: Invalid syntax");
  EXPECT_EQ(Error("ufw insert 1 allow"), "ERROR: Invalid syntax");
  EXPECT_EQ(Error("ufw insert 1 delete 22"), "ERROR: Invalid syntax");
  EXPECT_EQ(Parse("ufw prepend deny from 1.2.3.4").rule.position, -1);
  EXPECT_EQ(Error("ufw prepend"), "ERROR: Invalid syntax");
  Command d = Parse("ufw delete 3");
  EXPECT_EQ(d.kind, Command::Kind::kDeleteNumber);
  EXPECT_EQ(d.delete_number, "3");
  EXPECT_EQ(Parse("ufw delete 007").delete_number, "7");
  EXPECT_EQ(Parse("ufw delete -2").delete_number, "-2");
  RuleCommand r = Parse("ufw delete allow 10250/tcp").rule;
  EXPECT_TRUE(r.remove);
  EXPECT_EQ(r.rule.dport, "10250");
  EXPECT_EQ(Error("ufw delete"), "ERROR: Invalid syntax");
  EXPECT_EQ(Code("ufw delete allow kubelet"), Status::Code::kNotFound);
}

TEST(ParseCommand, NotModelled) {
  for (const char* line :
       {"ufw route allow in on eth0 out on eth1", "ufw app list", "ufw allow 22 comment x",
        "ufw allow log 22", "ufw --dry-run allow 22", "ufw help", "ufw version",
        "ufw allow from fe80::1", "ufw allow proto esp from 1.2.3.4", "ufw allow to any app ssh",
        "ufw allow from 10.0.0.0/255.0.255.0"}) {
    EXPECT_EQ(Code(line), Status::Code::kUnsupported) << line;
  }
}

}  // namespace
}  // namespace tunnelsim::ufw
