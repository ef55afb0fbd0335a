// Logging levels and default policies: user.rules' LOGGING section and the chains they fill
// (backend_iptables._get_logging_rules, ufw-init-functions; reference §4.1-§4.3).
#include "models/ufw/packaged_rules.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/ufw/generate.h"
#include "models/ufw/test_util.h"

namespace tunnelsim::ufw {
namespace {

using test_util::ApplyAll;
using Lines = std::vector<std::string>;

Lines Chain(const State& state, std::string_view chain) {
  FilterTable table = FilterTable::Empty();
  internal::LoadUfw(state, true, &table);
  return table.Rules(chain);
}

constexpr const char* kLimit3 = "-m limit --limit 3/min --limit-burst 10";

TEST(UserRulesFile, AsUfwWritesIt) {
  EXPECT_EQ(
      UserRulesFile(ApplyAll({"ufw allow 10250/tcp"})),
      "*filter\n"
      ":ufw-user-input - [0:0]\n:ufw-user-output - [0:0]\n:ufw-user-forward - [0:0]\n"
      ":ufw-before-logging-input - [0:0]\n:ufw-before-logging-output - [0:0]\n"
      ":ufw-before-logging-forward - [0:0]\n:ufw-user-logging-input - [0:0]\n"
      ":ufw-user-logging-output - [0:0]\n:ufw-user-logging-forward - [0:0]\n"
      ":ufw-after-logging-input - [0:0]\n:ufw-after-logging-output - [0:0]\n"
      ":ufw-after-logging-forward - [0:0]\n:ufw-logging-deny - [0:0]\n"
      ":ufw-logging-allow - [0:0]\n:ufw-user-limit - [0:0]\n"
      ":ufw-user-limit-accept - [0:0]\n"
      "### RULES ###\n"
      "\n"
      "### tuple ### allow tcp 10250 0.0.0.0/0 any 0.0.0.0/0 in\n"
      "-A ufw-user-input -p tcp --dport 10250 -j ACCEPT\n"
      "\n"
      "### END RULES ###\n"
      "\n"
      "### LOGGING ###\n"
      "-A ufw-after-logging-input -j LOG --log-prefix \"[UFW BLOCK] \" -m limit --limit "
      "3/min --limit-burst 10\n"
      "-A ufw-after-logging-forward -j LOG --log-prefix \"[UFW BLOCK] \" -m limit --limit "
      "3/min --limit-burst 10\n"
      "-I ufw-logging-deny -m conntrack --ctstate INVALID -j RETURN -m limit --limit 3/min "
      "--limit-burst 10\n"
      "-A ufw-logging-deny -j LOG --log-prefix \"[UFW BLOCK] \" -m limit --limit 3/min "
      "--limit-burst 10\n"
      "-A ufw-logging-allow -j LOG --log-prefix \"[UFW ALLOW] \" -m limit --limit 3/min "
      "--limit-burst 10\n"
      "### END LOGGING ###\n"
      "\n"
      "### RATE LIMITING ###\n"
      "-A ufw-user-limit -m limit --limit 3/minute -j LOG --log-prefix \"[UFW LIMIT BLOCK] \"\n"
      "-A ufw-user-limit -j REJECT\n"
      "-A ufw-user-limit-accept -j ACCEPT\n"
      "### END RATE LIMITING ###\n"
      "COMMIT\n");
}

TEST(UserRulesFile, LoggingOffKeepsOnlyReturnRules) {
  std::string file = UserRulesFile(ApplyAll({"ufw logging off"}));
  EXPECT_NE(file.find("### LOGGING ###\n-I ufw-user-logging-input -j RETURN\n"
                      "-I ufw-user-logging-output -j RETURN\n"
                      "-I ufw-user-logging-forward -j RETURN\n### END LOGGING ###\n"),
            std::string::npos);
  EXPECT_NE(file.find("### RATE LIMITING ###\n-A ufw-user-limit -j REJECT\n"), std::string::npos);
}

TEST(LoadUfw, LoggingOff) {
  State state = ApplyAll({"ufw logging off", "ufw enable"});
  EXPECT_EQ(Chain(state, "ufw-user-logging-input"), (Lines{"-A ufw-user-logging-input -j RETURN"}));
  EXPECT_TRUE(Chain(state, "ufw-after-logging-input").empty());
  EXPECT_TRUE(Chain(state, "ufw-logging-deny").empty());
  EXPECT_TRUE(Chain(state, "ufw-logging-allow").empty());
  EXPECT_EQ(Chain(state, "ufw-user-limit"),
            (Lines{"-A ufw-user-limit -j REJECT --reject-with icmp-port-unreachable"}));
}

TEST(LoadUfw, LoggingMediumAddsAuditAndAllowLogs) {
  State state = ApplyAll({"ufw logging medium"});
  EXPECT_EQ(Chain(state, "ufw-before-logging-input"),
            (Lines{"-A ufw-before-logging-input -m conntrack --ctstate NEW " +
                   std::string(kLimit3) + " -j LOG --log-prefix \"[UFW AUDIT] \""}));
  EXPECT_EQ(Chain(state, "ufw-logging-deny"),
            (Lines{"-A ufw-logging-deny -m conntrack --ctstate INVALID " + std::string(kLimit3) +
                       " -j LOG --log-prefix \"[UFW AUDIT INVALID] \"",
                   "-A ufw-logging-deny " + std::string(kLimit3) +
                       " -j LOG --log-prefix \"[UFW BLOCK] \""}));
  EXPECT_EQ(Chain(state, "ufw-after-logging-output"),
            (Lines{"-A ufw-after-logging-output " + std::string(kLimit3) +
                   " -j LOG --log-prefix \"[UFW ALLOW] \""}));
}

TEST(LoadUfw, LoggingHighAndFullDropTheRateLimits) {
  State high = ApplyAll({"ufw logging high"});
  EXPECT_EQ(Chain(high, "ufw-after-logging-input"),
            (Lines{"-A ufw-after-logging-input -j LOG --log-prefix \"[UFW BLOCK] \""}));
  EXPECT_EQ(Chain(high, "ufw-before-logging-forward"),
            (Lines{"-A ufw-before-logging-forward " + std::string(kLimit3) +
                   " -j LOG --log-prefix \"[UFW AUDIT] \""}));
  State full = ApplyAll({"ufw logging full"});
  EXPECT_EQ(Chain(full, "ufw-before-logging-output"),
            (Lines{"-A ufw-before-logging-output -j LOG --log-prefix \"[UFW AUDIT] \""}));
  EXPECT_EQ(Chain(full, "ufw-user-limit")[0],
            "-A ufw-user-limit -m limit --limit 3/min -j LOG --log-prefix \"[UFW LIMIT BLOCK] \"");
}

TEST(LoadUfw, OutgoingPolicies) {
  State deny = ApplyAll({"ufw default deny outgoing"});
  EXPECT_TRUE(Chain(deny, "ufw-track-output").empty());
  EXPECT_EQ(Chain(deny, "ufw-skip-to-policy-output"),
            (Lines{"-A ufw-skip-to-policy-output -j DROP"}));
  EXPECT_EQ(Chain(deny, "ufw-after-logging-output"),
            (Lines{"-A ufw-after-logging-output " + std::string(kLimit3) +
                   " -j LOG --log-prefix \"[UFW BLOCK] \""}));
  State reject = ApplyAll({"ufw default reject outgoing", "ufw enable"});
  EXPECT_NE(IptablesSaveText(reject).find(":OUTPUT DROP [0:0]\n"), std::string::npos);
  EXPECT_EQ(Chain(reject, "ufw-reject-output"),
            (Lines{"-A ufw-reject-output -j REJECT --reject-with icmp-port-unreachable"}));
}

TEST(LoadUfw, RoutedAllow) {
  State state = ApplyAll({"ufw default allow routed", "ufw enable"});
  EXPECT_NE(IptablesSaveText(state).find(":FORWARD ACCEPT [0:0]\n"), std::string::npos);
  EXPECT_EQ(Chain(state, "ufw-track-forward"),
            (Lines{"-A ufw-track-forward -p tcp -m conntrack --ctstate NEW -j ACCEPT",
                   "-A ufw-track-forward -p udp -m conntrack --ctstate NEW -j ACCEPT"}));
  EXPECT_EQ(Chain(state, "ufw-skip-to-policy-forward"),
            (Lines{"-A ufw-skip-to-policy-forward -j ACCEPT"}));
  EXPECT_TRUE(Chain(state, "ufw-after-logging-forward").empty());
}

TEST(LoadUfw, WithoutHooksLeavesBuiltinsAlone) {
  FilterTable table = FilterTable::Empty();
  internal::LoadUfw(State{}, /*hook_builtins=*/false, &table);
  EXPECT_TRUE(table.Rules("INPUT").empty());
  EXPECT_EQ(internal::UfwChainNames().size(), 32u);
  for (std::string_view chain : internal::UfwChainNames()) EXPECT_TRUE(table.HasChain(chain));
}

}  // namespace
}  // namespace tunnelsim::ufw
