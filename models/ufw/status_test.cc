#include "models/ufw/status.h"

#include <string>

#include <gtest/gtest.h>

#include "models/ufw/test_util.h"

namespace tunnelsim::ufw {
namespace {

using test_util::ApplyAll;
using test_util::Golden;
using test_util::Output;

// §4.5: every observed output, byte for byte (trailing blanks included).
TEST(StatusText, VerboseWithPackagedDefaults) {
  EXPECT_EQ(StatusText(ApplyAll({"ufw --force enable"}), StatusMode::kVerbose),
            Golden("status_verbose_defaults.txt"));
}

TEST(StatusText, InactiveWhateverTheMode) {
  State state = ApplyAll({"ufw allow 10250"});
  EXPECT_EQ(StatusText(state, StatusMode::kVerbose), Golden("status_inactive.txt"));
  EXPECT_EQ(StatusText(state, StatusMode::kPlain), "Status: inactive\n");
  EXPECT_EQ(StatusText(state, StatusMode::kNumbered), "Status: inactive\n");
}

TEST(StatusText, VerboseAfterAllow10250ListsTheV6Twin) {
  EXPECT_EQ(StatusText(ApplyAll({"ufw --force enable", "ufw allow 10250"}), StatusMode::kVerbose),
            Golden("status_verbose_allow_10250.txt"));
}

TEST(StatusText, NumberedAfterInsert) {
  State state =
      ApplyAll({"ufw allow 10250/tcp", "ufw insert 1 deny from 10.250.0.1", "ufw --force enable"});
  EXPECT_EQ(StatusText(state, StatusMode::kNumbered), Golden("status_numbered_insert_deny.txt"));
}

TEST(StatusText, NumberedWithInterfaces) {
  State state =
      ApplyAll({"ufw allow in on eth0 to any port 10250 proto tcp",
                "ufw allow in on eth1 to any port 10251 proto tcp", "ufw --force enable"});
  EXPECT_EQ(StatusText(state, StatusMode::kNumbered), Golden("status_numbered_interfaces.txt"));
}

TEST(StatusText, VerboseRuleWithAnAddressHasNoTwin) {
  State state = ApplyAll({"ufw allow from 10.0.0.0/8 to any port 10250", "ufw --force enable"});
  EXPECT_EQ(StatusText(state, StatusMode::kVerbose), Golden("status_verbose_from_cidr.txt"));
}

TEST(StatusText, VerboseDefaultReject) {
  State state = ApplyAll({"ufw default reject incoming", "ufw --force enable"});
  EXPECT_EQ(StatusText(state, StatusMode::kVerbose), Golden("status_verbose_default_reject.txt"));
}

TEST(StatusText, VerboseLimit) {
  State state = ApplyAll({"ufw limit 10250/tcp", "ufw --force enable"});
  EXPECT_EQ(StatusText(state, StatusMode::kVerbose), Golden("status_verbose_limit.txt"));
}

TEST(ShowAddedText, ListsEachCommandOnceInRuleOrder) {
  State state = ApplyAll({"ufw allow 10250/tcp", "ufw insert 1 deny from 10.250.0.1"});
  EXPECT_EQ(ShowAddedText(state), Golden("show_added.txt"));
  EXPECT_EQ(Output(state, "ufw show added"), Golden("show_added.txt"));
}

TEST(ShowAddedText, NoRules) {
  EXPECT_EQ(ShowAddedText(State{}),
            "Added user rules (see 'ufw status' for running firewall):\n(None)\n");
}

TEST(StatusText, PlainOmitsInAndGroupsOutgoingAfterIncoming) {
  State state = ApplyAll({"ufw --force enable", "ufw deny out 25", "ufw allow 10250"});
  EXPECT_EQ(StatusText(state, StatusMode::kPlain),
            "Status: active\n"
            "\n"
            "To                         Action      From\n"
            "--                         ------      ----\n"
            "10250                      ALLOW       Anywhere                  \n"
            "10250 (v6)                 ALLOW       Anywhere (v6)             \n"
            "\n"
            "25                         DENY OUT    Anywhere                  \n"
            "25 (v6)                    DENY OUT    Anywhere (v6)             \n"
            "\n");
}

TEST(StatusText, NumberedKeepsOrderAndMarksOutgoing) {
  State state = ApplyAll({"ufw --force enable", "ufw deny out 25", "ufw allow 10250"});
  EXPECT_EQ(StatusText(state, StatusMode::kNumbered),
            "Status: active\n"
            "\n"
            "     To                         Action      From\n"
            "     --                         ------      ----\n"
            "[ 1] 25                         DENY OUT    Anywhere                   (out)\n"
            "[ 2] 10250                      ALLOW IN    Anywhere                  \n"
            "[ 3] 25 (v6)                    DENY OUT    Anywhere (v6)              (out)\n"
            "[ 4] 10250 (v6)                 ALLOW IN    Anywhere (v6)             \n"
            "\n");
}

TEST(StatusText, LocationsForProtocolsAddressesAndOutInterfaces) {
  State state = ApplyAll({"ufw --force enable", "ufw allow proto tcp from 1.2.3.4",
                          "ufw allow proto udp to any", "ufw deny out on eth1 to 10.0.0.0/8",
                          "ufw allow to 10.0.0.5 port 80,443 proto tcp"});
  EXPECT_EQ(StatusText(state, StatusMode::kPlain),
            "Status: active\n"
            "\n"
            "To                         Action      From\n"
            "--                         ------      ----\n"
            "Anywhere                   ALLOW       1.2.3.4/tcp               \n"
            "Anywhere/udp               ALLOW       Anywhere/udp              \n"
            "10.0.0.5 80,443/tcp        ALLOW       Anywhere                  \n"
            "Anywhere/udp (v6)          ALLOW       Anywhere/udp (v6)         \n"
            "\n"
            "10.0.0.0/8                 DENY OUT    Anywhere on eth1          \n"
            "\n");
}

TEST(StatusText, VerboseReportsLoggingAndRoutedPolicy) {
  State state = ApplyAll({"ufw --force enable", "ufw logging off", "ufw default allow outgoing"});
  EXPECT_EQ(StatusText(state, StatusMode::kVerbose, /*ip_forward=*/true),
            "Status: active\nLogging: off\n"
            "Default: deny (incoming), allow (outgoing), deny (routed)\nNew profiles: skip\n");
  state = ApplyAll({"ufw logging medium", "ufw default reject routed", "ufw default deny outgoing"},
                   state);
  EXPECT_EQ(StatusText(state, StatusMode::kVerbose),
            "Status: active\nLogging: on (medium)\n"
            "Default: deny (incoming), deny (outgoing), disabled (routed)\nNew profiles: skip\n");
  EXPECT_EQ(
      StatusText(state, StatusMode::kVerbose, true).find("reject (routed)") != std::string::npos,
      true);
}

TEST(StatusText, ApplyPrintsTheSameText) {
  State state = ApplyAll({"ufw --force enable", "ufw allow 10250"});
  EXPECT_EQ(Output(state, "sudo ufw status verbose"), Golden("status_verbose_allow_10250.txt"));
  EXPECT_EQ(Output(state, "ufw status numbered"), StatusText(state, StatusMode::kNumbered));
  ApplyOptions forwarding;
  forwarding.ip_forward = true;
  auto outcome = Apply(state, "ufw status verbose", forwarding);
  ASSERT_TRUE(outcome.ok());
  EXPECT_NE(outcome->output.find("deny (routed)"), std::string::npos);
}

}  // namespace
}  // namespace tunnelsim::ufw
