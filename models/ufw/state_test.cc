#include "models/ufw/state.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/ufw/status.h"
#include "models/ufw/test_util.h"

namespace tunnelsim::ufw {
namespace {

using test_util::ApplyAll;
using test_util::Output;

// The `ufw status numbered` lines' To/Action/From, trimmed, for compact order checks.
std::vector<std::string> Numbered(const State& state) {
  std::vector<std::string> out;
  for (const UfwRule* rule : NumberedRules(state)) {
    out.push_back(std::string(ActionName(rule->action)) + " " + CommandText(*rule) +
                  (rule->v6 ? " (v6)" : ""));
  }
  return out;
}

TEST(Apply, PackagedDefaults) {
  State state;
  EXPECT_FALSE(state.enabled);
  EXPECT_EQ(state.incoming, Policy::kDeny);
  EXPECT_EQ(state.outgoing, Policy::kAllow);
  EXPECT_EQ(state.routed, Policy::kDeny);
  EXPECT_EQ(state.log_level, LogLevel::kLow);
}

TEST(Apply, EnableDisableReloadMessages) {
  EXPECT_EQ(Output(State{}, "ufw --force enable"),
            "Firewall is active and enabled on system startup\n");
  EXPECT_EQ(Output(ApplyAll({"ufw enable"}), "ufw disable"),
            "Firewall stopped and disabled on system startup\n");
  EXPECT_EQ(Output(State{}, "ufw reload"), "Firewall not enabled (skipping reload)\n");
  EXPECT_EQ(Output(ApplyAll({"ufw enable"}), "ufw reload"), "Firewall reloaded\n");
  EXPECT_TRUE(ApplyAll({"ufw enable"}).enabled);
  EXPECT_FALSE(ApplyAll({"ufw enable", "ufw disable"}).enabled);
}

TEST(Apply, RulesWhileInactiveAreOnlyStored) {  // §4.1
  auto outcome = Apply(State{}, "ufw allow 10250");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->output, "Rules updated\nRules updated (v6)\n");
  EXPECT_FALSE(outcome->state.enabled);
  EXPECT_EQ(outcome->state.rules.size(), 1u);
  EXPECT_EQ(outcome->state.rules_v6.size(), 1u);
  EXPECT_TRUE(outcome->state.rules_v6[0].v6);
}

TEST(Apply, RuleMessagesWhileActive) {
  State active = ApplyAll({"ufw enable"});
  EXPECT_EQ(Output(active, "ufw allow 10250"), "Rule added\nRule added (v6)\n");
  EXPECT_EQ(Output(active, "ufw deny from 10.250.0.1"), "Rule added\n");
  State one = ApplyAll({"ufw allow 22/tcp"}, active);
  EXPECT_EQ(Output(one, "ufw insert 1 deny 80/tcp"), "Rule inserted\nRule inserted (v6)\n");
  EXPECT_EQ(Output(one, "ufw delete allow 22/tcp"), "Rule deleted\nRule deleted (v6)\n");
}

TEST(Apply, DuplicateIsSkippedAndChangesNothing) {
  State state = ApplyAll({"ufw allow 10250/tcp"});
  auto outcome = Apply(state, "ufw allow 10250/tcp");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->output, "Skipping adding existing rule\nSkipping adding existing rule (v6)\n");
  EXPECT_EQ(outcome->state.rules.size(), 1u);
  EXPECT_EQ(Output(state, "ufw insert 1 allow 10250/tcp"),
            "Skipping inserting existing rule\nSkipping inserting existing rule (v6)\n");
  // The same ports in another order are the same rule once normalised.
  EXPECT_EQ(Output(ApplyAll({"ufw allow 80,443/tcp"}), "ufw allow 443,80/tcp"),
            "Skipping adding existing rule\nSkipping adding existing rule (v6)\n");
}

TEST(Apply, SameRuleWithOtherActionReplacesItInPlace) {
  State state = ApplyAll({"ufw enable", "ufw allow 22/tcp", "ufw allow 80/tcp"});
  auto outcome = Apply(state, "ufw deny 22/tcp");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->output, "Rule updated\nRule updated (v6)\n");
  EXPECT_EQ(Numbered(outcome->state),
            (std::vector<std::string>{"deny deny 22/tcp", "allow allow 80/tcp",
                                      "deny deny 22/tcp (v6)", "allow allow 80/tcp (v6)"}));
}

TEST(Apply, DeleteRule) {
  State state = ApplyAll({"ufw allow 22/tcp", "ufw deny from 10.250.0.1"});
  auto deleted = Apply(state, "ufw delete deny from 10.250.0.1");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->output, "Rules updated\n");
  EXPECT_EQ(deleted->state.rules.size(), 1u);
  for (const char* missing : {"ufw delete allow 23/tcp", "ufw delete deny 22/tcp",
                              "ufw delete allow 22", "ufw delete allow kubelet"}) {
    auto outcome = Apply(state, missing);
    ASSERT_FALSE(outcome.ok()) << missing;
    EXPECT_EQ(outcome.status().code(), Status::Code::kNotFound);
    EXPECT_EQ(outcome.status().message(), "Could not delete non-existent rule");
  }
}

TEST(Apply, DeleteNumberRemovesOnlyThatEntry) {
  State state = ApplyAll({"ufw enable", "ufw allow 10250", "ufw deny from 10.250.0.1"});
  // Numbered: [1] allow 10250, [2] deny from .1, [3] allow 10250 (v6).
  auto first = Apply(state, "ufw --force delete 1");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->output, "Rule deleted\n");
  EXPECT_EQ(Numbered(first->state),
            (std::vector<std::string>{"deny deny from 10.250.0.1", "allow allow 10250 (v6)"}));
  auto twin = Apply(state, "ufw delete 3");
  ASSERT_TRUE(twin.ok());
  EXPECT_EQ(twin->output, "Rule deleted (v6)\n");
  EXPECT_TRUE(twin->state.rules_v6.empty());
  EXPECT_EQ(Output(state, "ufw delete 4"), "ERROR: Could not find rule '4'");
  EXPECT_EQ(Output(state, "ufw delete 0"), "ERROR: Could not find rule '0'");
  EXPECT_EQ(Output(state, "ufw delete 004"), "ERROR: Could not find rule '4'");
  EXPECT_EQ(Output(state, "ufw delete -1"), "ERROR: Could not find rule ''");  // ufw's split('-')
}

TEST(Apply, InsertPositionsCountIpv4ThenIpv6Entries) {  // §4.6
  State state = ApplyAll({"ufw allow 22/tcp", "ufw allow 80/tcp"});
  // [1] 22 [2] 80 [3] 22 (v6) [4] 80 (v6): inserting at 2 lands before 80 in both lists.
  State inserted = ApplyAll({"ufw insert 2 deny 443/tcp"}, state);
  EXPECT_EQ(Numbered(inserted),
            (std::vector<std::string>{"allow allow 22/tcp", "deny deny 443/tcp",
                                      "allow allow 80/tcp", "allow allow 22/tcp (v6)",
                                      "deny deny 443/tcp (v6)", "allow allow 80/tcp (v6)"}));
  // Position 4 names "80 (v6)": the IPv4 rule goes before its twin's IPv4 rule.
  State at_v6 = ApplyAll({"ufw insert 4 deny 443/tcp"}, state);
  EXPECT_EQ(Numbered(at_v6), Numbered(inserted));
  EXPECT_EQ(Output(state, "ufw insert 5 deny 443/tcp"), "ERROR: Invalid position '5'");
  // An IPv4-only rule may only name IPv4 entries.
  EXPECT_EQ(Output(state, "ufw insert 3 deny from 10.250.0.1"), "ERROR: Invalid position '3'");
  State v4 = ApplyAll({"ufw insert 2 deny from 10.250.0.1"}, state);
  EXPECT_EQ(Numbered(v4)[1], "deny deny from 10.250.0.1");
  EXPECT_EQ(Output(State{}, "ufw insert 1 allow 22"), "ERROR: Invalid position '1'");
}

TEST(Apply, PrependGoesFirstOrAppendsToAnEmptyList) {
  EXPECT_EQ(Numbered(ApplyAll({"ufw prepend deny 23/tcp"})),
            (std::vector<std::string>{"deny deny 23/tcp", "deny deny 23/tcp (v6)"}));
  State state = ApplyAll({"ufw allow 22/tcp", "ufw allow 80/tcp", "ufw prepend deny 23/tcp",
                          "ufw prepend deny from 10.9.9.9"});
  EXPECT_EQ(
      Numbered(state),
      (std::vector<std::string>{"deny deny from 10.9.9.9", "deny deny 23/tcp", "allow allow 22/tcp",
                                "allow allow 80/tcp", "deny deny 23/tcp (v6)",
                                "allow allow 22/tcp (v6)", "allow allow 80/tcp (v6)"}));
}

TEST(Apply, MultiplePortsNeedAProtocol) {
  State state = ApplyAll({"ufw allow 22/tcp"});
  for (const char* command :
       {"ufw allow 10000:11000", "ufw allow 80,443", "ufw allow to any port 80,443"}) {
    auto outcome = Apply(state, command);
    ASSERT_FALSE(outcome.ok()) << command;
    EXPECT_EQ(outcome.status().message(), "ERROR: Must specify 'tcp' or 'udp' with multiple ports");
  }
}

TEST(Apply, DefaultAndLogging) {
  EXPECT_EQ(Output(State{}, "ufw default reject incoming"),
            "Default incoming policy changed to 'reject'\n(be sure to update your rules "
            "accordingly)\n");
  EXPECT_EQ(ApplyAll({"ufw default allow routed"}).routed, Policy::kAllow);
  EXPECT_EQ(ApplyAll({"ufw default deny outgoing"}).outgoing, Policy::kDeny);
  EXPECT_EQ(Output(State{}, "ufw logging off"), "Logging disabled\n");
  EXPECT_EQ(ApplyAll({"ufw logging off", "ufw logging on"}).log_level, LogLevel::kLow);
  EXPECT_EQ(ApplyAll({"ufw logging high", "ufw logging on"}).log_level, LogLevel::kHigh);
  EXPECT_EQ(Output(State{}, "ufw logging medium"), "Logging enabled\n");
}

TEST(Apply, ResetKeepsPoliciesAndLogLevel) {
  State state = ApplyAll(
      {"ufw default allow incoming", "ufw logging high", "ufw allow 22", "ufw --force enable"});
  ApplyOptions options;
  options.reset_backup_suffix = "20250102_030405";
  auto outcome = Apply(state, "ufw --force reset", options);
  ASSERT_TRUE(outcome.ok());
  EXPECT_FALSE(outcome->state.enabled);
  EXPECT_TRUE(outcome->state.rules.empty());
  EXPECT_TRUE(outcome->state.rules_v6.empty());
  EXPECT_EQ(outcome->state.incoming, Policy::kAllow);
  EXPECT_EQ(outcome->state.log_level, LogLevel::kHigh);
  EXPECT_EQ(outcome->output.substr(0, 75),
            "Backing up 'user.rules' to '/etc/ufw/user.rules.20250102_030405'\nBacking up");
  EXPECT_TRUE(outcome->output.ends_with("to '/etc/ufw/after6.rules.20250102_030405'\n\n"));
}

TEST(Apply, NormalisedAddressWarns) {
  auto outcome = Apply(State{}, "ufw allow from 10.1.2.3/8");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->warnings,
            (std::vector<std::string>{"WARN: Rule changed after normalization"}));
  EXPECT_EQ(TupleLine(outcome->state.rules[0]),
            "### tuple ### allow any any 0.0.0.0/0 any 10.0.0.0/8 in");
  EXPECT_TRUE(Apply(State{}, "ufw allow from 10.0.0.0/8")->warnings.empty());
}

TEST(Apply, ErrorsLeaveTheStateAlone) {
  State state = ApplyAll({"ufw allow 22/tcp"});
  auto outcome = Apply(state, "ufw allow 70000");
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().message(), "ERROR: Bad port");
  EXPECT_EQ(state.rules.size(), 1u);
}

}  // namespace
}  // namespace tunnelsim::ufw
