#include "models/ufw/generate.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/ufw/test_util.h"

namespace tunnelsim::ufw {
namespace {

using test_util::ApplyAll;
using test_util::Golden;

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// §4.2 with `default allow incoming` applied as §4.3 states: INPUT ACCEPT, NEW tcp/udp
// accepted in ufw-track-input, ufw-skip-to-policy-input ACCEPT. At LOGLEVEL low ufw logs only
// blocked traffic, so the "[UFW BLOCK]" rule of ufw-after-logging-input goes too
// (backend_iptables._get_logging_rules).
std::string DefaultAllowGolden() {
  std::string text = Golden("enable_defaults.iptables-save");
  text = Replace(text, ":INPUT DROP", ":INPUT ACCEPT");
  text = Replace(text,
                 "-A ufw-after-logging-input -m limit --limit 3/min --limit-burst 10 -j LOG "
                 "--log-prefix \"[UFW BLOCK] \"\n",
                 "");
  text =
      Replace(text, "-A ufw-skip-to-policy-input -j DROP", "-A ufw-skip-to-policy-input -j ACCEPT");
  return Replace(text, "-A ufw-track-output",
                 "-A ufw-track-input -p tcp -m conntrack --ctstate NEW -j ACCEPT\n"
                 "-A ufw-track-input -p udp -m conntrack --ctstate NEW -j ACCEPT\n"
                 "-A ufw-track-output");
}

// The user chain's rules sit between ufw-track-* and ufw-user-limit in iptables-save order.
std::string WithUserInput(std::string base, const std::vector<std::string>& lines) {
  std::string block;
  for (const std::string& line : lines) block += line + "\n";
  return Replace(std::move(base), "-A ufw-user-limit -m limit",
                 block + "-A ufw-user-limit -m limit");
}

TEST(IptablesSaveText, EnableWithPackagedDefaultsMatchesObservedDump) {  // §4.2
  State state = ApplyAll({"ufw --force enable"});
  EXPECT_EQ(IptablesSaveText(state), Golden("enable_defaults.iptables-save"));
}

TEST(IptablesSaveText, NothingIsLoadedWhileInactive) {  // §4.1 ufw-rules-without-enable
  State state = ApplyAll({"ufw deny 10250"});
  EXPECT_EQ(state.rules.size(), 1u);
  EXPECT_EQ(IptablesSaveText(state), "");
  EXPECT_EQ(IptablesSaveText(ApplyAll({"ufw enable", "ufw disable"})), "");
}

TEST(IptablesSaveText, DefaultRejectIncoming) {  // §4.3
  std::string expected = Golden("enable_defaults.iptables-save");
  expected = Replace(expected, "-A ufw-skip-to-policy-forward",
                     "-A ufw-reject-input -j REJECT --reject-with icmp-port-unreachable\n"
                     "-A ufw-skip-to-policy-forward");
  expected = Replace(expected, "-A ufw-skip-to-policy-input -j DROP",
                     "-A ufw-skip-to-policy-input -j REJECT --reject-with icmp-port-unreachable");
  EXPECT_EQ(IptablesSaveText(ApplyAll({"ufw default reject incoming", "ufw --force enable"})),
            expected);
}

TEST(IptablesSaveText, DefaultAllowIncoming) {  // §4.3
  EXPECT_EQ(IptablesSaveText(ApplyAll({"ufw default allow incoming", "ufw --force enable"})),
            DefaultAllowGolden());
}

TEST(IptablesSaveText, PolicyChangedWhileActiveIsReloaded) {
  EXPECT_EQ(IptablesSaveText(ApplyAll({"ufw --force enable", "ufw default allow incoming"})),
            DefaultAllowGolden());
}

// One row of the §4.4 table: commands, user.rules RULES lines, iptables-save ufw-user-input.
struct Row {
  const char* name;
  std::vector<std::string_view> commands;
  std::vector<std::string> user_rules;
  std::vector<std::string> saved;
  bool default_allow = false;
};

class Section44 : public ::testing::TestWithParam<Row> {};

TEST_P(Section44, UserRulesAndIptablesSave) {
  const Row& row = GetParam();
  State state;
  for (std::string_view command : row.commands) state = ApplyAll({command}, state);
  std::string section = "### RULES ###\n";
  for (const std::string& line : row.user_rules) {
    section += (line.starts_with("### tuple") ? "\n" : "") + line + "\n";
  }
  EXPECT_EQ(UserRulesSection(state), section + "\n### END RULES ###\n");
  std::string base =
      row.default_allow ? DefaultAllowGolden() : Golden("enable_defaults.iptables-save");
  EXPECT_EQ(IptablesSaveText(state), WithUserInput(base, row.saved));
}

INSTANTIATE_TEST_SUITE_P(
    Reference, Section44,
    ::testing::Values(
        Row{"allow_10250",
            {"ufw default deny incoming", "ufw allow 10250", "ufw --force enable"},
            {"### tuple ### allow any 10250 0.0.0.0/0 any 0.0.0.0/0 in",
             "-A ufw-user-input -p tcp --dport 10250 -j ACCEPT",
             "-A ufw-user-input -p udp --dport 10250 -j ACCEPT"},
            {"-A ufw-user-input -p tcp -m tcp --dport 10250 -j ACCEPT",
             "-A ufw-user-input -p udp -m udp --dport 10250 -j ACCEPT"}},
        Row{"allow_10250_tcp",
            {"ufw default deny incoming", "ufw allow 10250/tcp", "ufw --force enable"},
            {"### tuple ### allow tcp 10250 0.0.0.0/0 any 0.0.0.0/0 in",
             "-A ufw-user-input -p tcp --dport 10250 -j ACCEPT"},
            {"-A ufw-user-input -p tcp -m tcp --dport 10250 -j ACCEPT"}},
        Row{"allow_from_cidr_to_port",
            {"ufw default deny incoming", "ufw allow from 10.0.0.0/8 to any port 10250",
             "ufw --force enable"},
            {"### tuple ### allow any 10250 0.0.0.0/0 any 10.0.0.0/8 in",
             "-A ufw-user-input -p tcp --dport 10250 -s 10.0.0.0/8 -j ACCEPT",
             "-A ufw-user-input -p udp --dport 10250 -s 10.0.0.0/8 -j ACCEPT"},
            {"-A ufw-user-input -s 10.0.0.0/8 -p tcp -m tcp --dport 10250 -j ACCEPT",
             "-A ufw-user-input -s 10.0.0.0/8 -p udp -m udp --dport 10250 -j ACCEPT"}},
        Row{"default_allow_deny_10250",
            {"ufw default allow incoming", "ufw deny 10250", "ufw --force enable"},
            {"### tuple ### deny any 10250 0.0.0.0/0 any 0.0.0.0/0 in",
             "-A ufw-user-input -p tcp --dport 10250 -j DROP",
             "-A ufw-user-input -p udp --dport 10250 -j DROP"},
            {"-A ufw-user-input -p tcp -m tcp --dport 10250 -j DROP",
             "-A ufw-user-input -p udp -m udp --dport 10250 -j DROP"},
            true},
        Row{"default_allow_reject_10250_tcp",
            {"ufw default allow incoming", "ufw reject 10250/tcp", "ufw --force enable"},
            {"### tuple ### reject tcp 10250 0.0.0.0/0 any 0.0.0.0/0 in",
             "-A ufw-user-input -p tcp --dport 10250 -j REJECT --reject-with tcp-reset"},
            {"-A ufw-user-input -p tcp -m tcp --dport 10250 -j REJECT --reject-with tcp-reset"},
            true},
        Row{"default_allow_reject_10250_anyproto",
            {"ufw default allow incoming", "ufw reject 10250", "ufw --force enable"},
            {"### tuple ### reject any 10250 0.0.0.0/0 any 0.0.0.0/0 in",
             "-A ufw-user-input -p tcp --dport 10250 -j REJECT --reject-with tcp-reset",
             "-A ufw-user-input -p udp --dport 10250 -j REJECT"},
            {"-A ufw-user-input -p tcp -m tcp --dport 10250 -j REJECT --reject-with tcp-reset",
             "-A ufw-user-input -p udp -m udp --dport 10250 -j REJECT --reject-with "
             "icmp-port-unreachable"},
            true},
        Row{"order_allow_before_deny",
            {"ufw default deny incoming", "ufw allow 10250/tcp", "ufw deny from 10.250.0.1",
             "ufw --force enable"},
            {"### tuple ### allow tcp 10250 0.0.0.0/0 any 0.0.0.0/0 in",
             "-A ufw-user-input -p tcp --dport 10250 -j ACCEPT",
             "### tuple ### deny any any 0.0.0.0/0 any 10.250.0.1 in",
             "-A ufw-user-input -s 10.250.0.1 -j DROP"},
            {"-A ufw-user-input -p tcp -m tcp --dport 10250 -j ACCEPT",
             "-A ufw-user-input -s 10.250.0.1/32 -j DROP"}},
        Row{"order_insert_deny_first",
            {"ufw default deny incoming", "ufw allow 10250/tcp",
             "ufw insert 1 deny from 10.250.0.1", "ufw --force enable"},
            {"### tuple ### deny any any 0.0.0.0/0 any 10.250.0.1 in",
             "-A ufw-user-input -s 10.250.0.1 -j DROP",
             "### tuple ### allow tcp 10250 0.0.0.0/0 any 0.0.0.0/0 in",
             "-A ufw-user-input -p tcp --dport 10250 -j ACCEPT"},
            {"-A ufw-user-input -s 10.250.0.1/32 -j DROP",
             "-A ufw-user-input -p tcp -m tcp --dport 10250 -j ACCEPT"}},
        Row{"limit_10250",
            {"ufw default deny incoming", "ufw limit 10250/tcp", "ufw --force enable"},
            {"### tuple ### limit tcp 10250 0.0.0.0/0 any 0.0.0.0/0 in",
             "-A ufw-user-input -p tcp --dport 10250 -m conntrack --ctstate NEW -m recent --set",
             "-A ufw-user-input -p tcp --dport 10250 -m conntrack --ctstate NEW -m recent "
             "--update --seconds 30 --hitcount 6 -j ufw-user-limit",
             "-A ufw-user-input -p tcp --dport 10250 -j ufw-user-limit-accept"},
            {"-A ufw-user-input -p tcp -m tcp --dport 10250 -m conntrack --ctstate NEW -m recent "
             "--set --name DEFAULT --mask 255.255.255.255 --rsource",
             "-A ufw-user-input -p tcp -m tcp --dport 10250 -m conntrack --ctstate NEW -m recent "
             "--update --seconds 30 --hitcount 6 --name DEFAULT --mask 255.255.255.255 --rsource "
             "-j ufw-user-limit",
             "-A ufw-user-input -p tcp -m tcp --dport 10250 -j ufw-user-limit-accept"}},
        Row{"allow_in_on_interface",
            {"ufw default deny incoming", "ufw allow in on eth0 to any port 10250 proto tcp",
             "ufw allow in on eth1 to any port 10251 proto tcp", "ufw --force enable"},
            {"### tuple ### allow tcp 10250 0.0.0.0/0 any 0.0.0.0/0 in_eth0",
             "-A ufw-user-input -i eth0 -p tcp --dport 10250 -j ACCEPT",
             "### tuple ### allow tcp 10251 0.0.0.0/0 any 0.0.0.0/0 in_eth1",
             "-A ufw-user-input -i eth1 -p tcp --dport 10251 -j ACCEPT"},
            {"-A ufw-user-input -i eth0 -p tcp -m tcp --dport 10250 -j ACCEPT",
             "-A ufw-user-input -i eth1 -p tcp -m tcp --dport 10251 -j ACCEPT"}},
        Row{"allow_port_range",
            {"ufw default deny incoming", "ufw allow 10000:11000/tcp", "ufw --force enable"},
            {"### tuple ### allow tcp 10000:11000 0.0.0.0/0 any 0.0.0.0/0 in",
             "-A ufw-user-input -p tcp -m multiport --dports 10000:11000 -j ACCEPT"},
            {"-A ufw-user-input -p tcp -m multiport --dports 10000:11000 -j ACCEPT"}}),
    [](const ::testing::TestParamInfo<Row>& param_info) {
      return std::string(param_info.param.name);
    });

}  // namespace
}  // namespace tunnelsim::ufw
