// The commands of the article (/work/shared/seed/tunnel-connectivity-issues.md) as a change
// set holds them, host-tool commands, dispatch by program, and the loader's wiring
// (positions inside quoted and block scalars, one command yielding several changes).
#include "engine/changeset/cloud_command.h"

#include <random>

#include "engine/changeset/command_test_util.h"
#include "engine/changeset/load_change_set.h"

namespace tunnelsim {
namespace {

using testing::Col;
using testing::Error;
using testing::ExpectPos;
using testing::kAt;
using testing::Parse;

// Solution 2b exactly as the article writes it, placeholders filled in.
std::string RunCommand(std::string_view script, std::string_view instance = "0") {
  return "az vmss run-command invoke --resource-group MC_rg_contoso_eastus \\\n"
         "    --name aks-nodepool1-12345678-vmss \\\n"
         "    --command-id RunShellScript \\\n"
         "    --instance-id " +
         std::string(instance) +
         " \\\n"
         "    --scripts \"" +
         std::string(script) +
         "\" \\\n"
         "    --output tsv \\\n"
         "    --query 'value[0].message'";
}

TEST(ArticleCommandsTest, RunCommandScriptsBecomeHostCommandsOnThatNode) {
  for (const char* script : {"ufw allow 10250", "ufw disable", "ufw status"}) {
    auto p = Parse(RunCommand(script));
    ASSERT_TRUE(p.ok) << script << "\n" << p.errors();
    const auto& command = p.Only<Command>();
    EXPECT_EQ(command.text.value, script);
    // The script starts on the fifth line, after `    --scripts "`.
    ExpectPos(command.text.pos, kAt.line + 4, kAt.column + 15);
    EXPECT_EQ(command.node.value, "aks-nodepool1-12345678-vmss000000");
    ExpectPos(command.node.pos, kAt.line + 3, kAt.column + 18);
    EXPECT_TRUE(command.node_pool.value.empty());
  }
  // Instance ids become the six base-36 digits of the node's name.
  auto p = Parse(RunCommand("ufw allow 10250", "37"));
  ASSERT_TRUE(p.ok) << p.errors();
  EXPECT_EQ(p.Only<Command>().node.value, "aks-nodepool1-12345678-vmss000011");
}

TEST(ArticleCommandsTest, RunCommandRefusesWhatChangesNothingAndNonAksScaleSets) {
  auto p = Parse(RunCommand("nc -v -w 2 10.224.0.4 10250"));
  EXPECT_EQ(p.errors(),
            "c.yaml:11:31: error: the script runs 'nc', which changes nothing "
            "tunnelsim models; expected a ufw or iptables command\n");
  p = Parse(RunCommand("ufw allow 99999"));
  EXPECT_EQ(p.errors(), "c.yaml:11:31: error: ufw: ERROR: Bad port\n");
  std::string line =
      "az vmss run-command invoke -g rg -n my-vmss --command-id RunPowerShellScript "
      "--instance-id x --scripts 'ufw allow 10250'";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "RunPower"),
                                        "--command-id is 'RunPowerShellScript'; AKS Linux "
                                        "nodes run shell scripts, expected RunShellScript") +
                                      Error(Col(line, "my-vmss"),
                                            "--name is 'my-vmss'; expected an AKS node pool's "
                                            "scale set, aks-<pool>-<8 digits>-vmss") +
                                      Error(Col(line, " x ", 1),
                                            "--instance-id is 'x'; expected a scale set "
                                            "instance id such as 0"));
}

TEST(ArticleCommandsTest, PlaceholdersAsWrittenAreRefusedAtThePlaceholder) {
  std::string line =
      "az vmss run-command invoke --resource-group <infra-or-MC-resource-group> --name x";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "<infra"),
                                        "'<infra-or-MC-resource-group>' is a placeholder; "
                                        "replace it with the real value (a shell reads '<' as an "
                                        "input redirection)"));
  line = "iptables --delete INPUT <input-rule-number>";
  EXPECT_EQ(Parse(line, "nodepool1").errors(),
            Error(Col(line, "<input"),
                  "'<input-rule-number>' is a placeholder; replace it with "
                  "the real value (a shell reads '<' as an input "
                  "redirection)"));
}

TEST(ArticleCommandsTest, Solution3IptablesDeletesStayHostCommands) {
  const char* lines[] = {
      "iptables --delete INPUT --jump DROP --protocol tcp --source 10.224.0.5 "
      "--destination-port 10250",
      "iptables --delete INPUT 3",
      "sudo iptables -D INPUT -p tcp --dport 10250 -j DROP",
  };
  for (const char* line : lines) {
    auto p = Parse(line, "nodepool1");
    ASSERT_TRUE(p.ok) << line << "\n" << p.errors();
    const auto& command = p.Only<Command>();
    EXPECT_EQ(command.node_pool.value, "nodepool1");
    EXPECT_TRUE(command.text.value.starts_with("iptables ")) << command.text.value;
  }
  EXPECT_EQ(Parse(lines[1], "", "aks-nodepool1-12345678-vmss000002").Only<Command>().node.value,
            "aks-nodepool1-12345678-vmss000002");
}

TEST(HostCommandTest, ModelErrorsPointIntoTheLine) {
  // Cause 3's `iptables --list --line-numbers` only reads: not a change.
  std::string line = "iptables --list --line-numbers";
  EXPECT_EQ(Parse(line, "nodepool1").errors(),
            Error(Col(line, "--list"),
                  "iptables: --list does not change the ruleset; expected "
                  "-A, -I, -D, -R, -P, -N, -F, -X or -E"));
  line = "ufw allow 10250/sctp";
  EXPECT_TRUE(Parse(line, "nodepool1").errors().starts_with("c.yaml:7:16: error: ufw: "));
}

TEST(HostCommandTest, HostCommandsNeedATargetAndTextIsOneLine) {
  std::string line = "ufw allow 10250";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "ufw"),
                                        "a ufw command runs on nodes; expected 'nodePool' (every "
                                        "node of the pool) or 'node' with it"));
  auto p = Parse("sudo ufw \\\n  allow 10250", "nodepool1");
  ASSERT_TRUE(p.ok) << p.errors();
  EXPECT_EQ(p.Only<Command>().text.value, "ufw allow 10250");
  ExpectPos(p.Only<Command>().text.pos, kAt.line, kAt.column + 5);
}

TEST(DispatchTest, ProgramsAndCommandsOutsideTheModelAreNamed) {
  std::string line = "helm upgrade x";
  EXPECT_EQ(Parse(line).errors(),
            Error(kAt.column,
                  "'helm' is not a supported command; expected az (network nsg rule "
                  "create|update|delete, aks update, aks nodepool scale, vmss "
                  "run-command invoke), kubectl patch, ufw or iptables"));
  line = "az network nsg rule list -g rg --nsg-name n";
  EXPECT_EQ(Parse(line).errors(), Error(Col(line, "list"),
                                        "'az network nsg rule list' is not a change tunnelsim "
                                        "models; supported: az network nsg rule create|update|"
                                        "delete, az aks update, az aks nodepool scale, az vmss "
                                        "run-command invoke"));
  line = "az aks update -g rg -n c --outbound-type none";
  EXPECT_EQ(Parse(line, "nodepool1").errors(),
            "c.yaml:8:15: error: 'nodePool' applies to ufw and iptables commands; az commands "
            "name what they change themselves\n");
  std::vector<ChangeBody> out;
  Diagnostics d;
  EXPECT_FALSE(ParseCloudCommand(LString("ufw allow 22", kAt), "c.yaml", &out, &d));
  EXPECT_EQ(d.Format(), Error(kAt.column, "'ufw' is not a cloud tool; expected az or kubectl"));
}

constexpr const char* kHeader =
    "apiVersion: tunnelsim/v1\nkind: ChangeSet\nmetadata: {name: c}\n"
    "changes:\n";

std::optional<ChangeSet> Load(const std::string& changes, Diagnostics* d) {
  return LoadChangeSetText(std::string(kHeader) + changes, "c.yaml", d);
}

TEST(LoaderCommandTest, OneCommandCanYieldSeveralChangesSharingItsEntry) {
  Diagnostics d;
  auto c = Load(
      "  - command: az aks update -g rg -n c --load-balancer-outbound-ports 4000 "
      "--api-server-authorized-ip-ranges 20.61.10.5\n"
      "  - command: ufw allow 10250\n    nodePool: nodepool1\n",
      &d);
  ASSERT_TRUE(c.has_value()) << d.Format();
  ASSERT_EQ(c->changes.size(), 3u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(c->changes[i].kind, "command");
    ExpectPos(c->changes[i].pos, 5, 5);
    EXPECT_TRUE(c->changes[i].command.starts_with("az aks update"));
  }
  EXPECT_TRUE(std::holds_alternative<LoadBalancerSettings>(c->changes[0].body));
  EXPECT_TRUE(std::holds_alternative<SetAuthorizedIpRanges>(c->changes[1].body));
  EXPECT_EQ(std::get<Command>(c->changes[2].body).node_pool.value, "nodepool1");
  EXPECT_EQ(c->changes[2].command, "ufw allow 10250");
}

TEST(LoaderCommandTest, ErrorColumnsInPlainQuotedAndBlockScalars) {
  Diagnostics d;
  EXPECT_FALSE(Load("  - command: az aks update -g rg -n c --load-balancer-idle-timeout 2\n", &d));
  EXPECT_EQ(d.Format(),
            "c.yaml:5:68: error: --load-balancer-idle-timeout must be in the range "
            "[4,100]\n");
  Diagnostics quoted;
  EXPECT_FALSE(
      Load("  - command: \"az aks update -g rg -n c --load-balancer-idle-timeout 2\"\n", &quoted));
  EXPECT_EQ(quoted.Format(),
            "c.yaml:5:69: error: --load-balancer-idle-timeout must be in the "
            "range [4,100]\n");
  Diagnostics block;
  EXPECT_FALSE(
      Load("  - command: |\n"
           "      az aks update -g rg -n c \\\n"
           "        --load-balancer-idle-timeout 2\n",
           &block));
  EXPECT_EQ(block.Format(),
            "c.yaml:7:38: error: --load-balancer-idle-timeout must be in the "
            "range [4,100]\n");
}

TEST(LoaderCommandTest, CloudAndHostCommandsLoadWithTheirTargets) {
  Diagnostics d;
  auto c = Load(
      "  - command: >-\n"
      "      kubectl patch cm konnectivity-agent-autoscaler -n kube-system --type merge\n"
      "      -p '{\"data\":{\"ladder\":\"{\\\"nodesToReplicas\\\":[[1,3]]}\"}}'\n"
      "  - command: iptables -D INPUT 3\n    node: aks-nodepool1-12345678-vmss000001\n",
      &d);
  ASSERT_TRUE(c.has_value()) << d.Format();
  ASSERT_EQ(c->changes.size(), 2u);
  const auto& autoscaler = std::get<SetAutoscaler>(c->changes[0].body);
  EXPECT_EQ(autoscaler.data[0].second.value, R"({"nodesToReplicas":[[1,3]]})");
  EXPECT_EQ(std::get<Command>(c->changes[1].body).node.value, "aks-nodepool1-12345678-vmss000001");
}

TEST(LoaderCommandTest, TheFormatDocumentsExampleLoads) {
  // docs/change-set-format.md, section `command`.
  Diagnostics d;
  auto c = Load(
      "  - command: az network nsg rule create -g contoso-rg --nsg-name aks-subnet-nsg -n "
      "allow-kubelet --priority 150 --source-address-prefixes VirtualNetwork "
      "--destination-port-ranges 10250\n"
      "  - command: |\n"
      "      az vmss run-command invoke --resource-group MC_contoso-rg_contoso-prod_eastus \\\n"
      "          --name aks-nodepool1-12345678-vmss --command-id RunShellScript --instance-id 0 "
      "\\\n"
      "          --scripts \"ufw allow 10250\" --output tsv --query 'value[0].message'\n"
      "  - command: sudo iptables --delete INPUT 3\n"
      "    nodePool: nodepool1\n",
      &d);
  ASSERT_TRUE(c.has_value()) << d.Format();
  ASSERT_EQ(c->changes.size(), 3u);
  EXPECT_TRUE(std::holds_alternative<AddSecurityRule>(c->changes[0].body));
  const auto& ufw = std::get<Command>(c->changes[1].body);
  EXPECT_EQ(ufw.text.value, "ufw allow 10250");
  ExpectPos(ufw.text.pos, 9, 22);
  EXPECT_EQ(ufw.node.value, "aks-nodepool1-12345678-vmss000000");
  EXPECT_EQ(std::get<Command>(c->changes[2].body).text.value, "iptables --delete INPUT 3");
}

// Lines built from the commands' own vocabulary, cut and mixed at random: whatever they are,
// parsing ends with bodies xor errors (Parse checks both) and never reads out of bounds.
TEST(RobustnessTest, RandomLinesEndInBodiesOrErrors) {
  const char* kTokens[] = {"az",
                           "network",
                           "nsg",
                           "rule",
                           "create",
                           "update",
                           "delete",
                           "aks",
                           "nodepool",
                           "scale",
                           "vmss",
                           "run-command",
                           "invoke",
                           "kubectl",
                           "patch",
                           "cm",
                           "konnectivity-agent-autoscaler",
                           "ufw",
                           "iptables",
                           "sudo",
                           "-g",
                           "rg",
                           "-n",
                           "--name",
                           "--nsg-name",
                           "--priority",
                           "100",
                           "--priority=",
                           "--load-balancer-outbound-ports",
                           "4000",
                           "--outbound-type",
                           "--api-server-authorized-ip-ranges",
                           "20.61.10.5,",
                           "--instance-id",
                           "0",
                           "--scripts",
                           "--command-id",
                           "RunShellScript",
                           "aks-pool-12345678-vmss",
                           "-p",
                           "--type",
                           "merge",
                           "-nkube-system",
                           "'{\"data\":{\"ladder\":\"x\"}}'",
                           "{",
                           "}",
                           "\"",
                           "'",
                           "\\",
                           "\n",
                           "#",
                           "--",
                           "-",
                           "=",
                           "allow",
                           "10250",
                           "-D",
                           "INPUT",
                           "3",
                           "$",
                           "<",
                           "*",
                           "-c",
                           "-5"};
  std::mt19937 random(20240611);
  for (int i = 0; i < 20000; ++i) {
    std::string line;
    int words = 1 + static_cast<int>(random() % 12);
    for (int w = 0; w < words; ++w) {
      const char* token = kTokens[random() % std::size(kTokens)];
      line += token;
      if (random() % 4 != 0) line += ' ';
    }
    SCOPED_TRACE(line);
    Parse(line, random() % 2 == 0 ? "nodepool1" : "");
  }
}

}  // namespace
}  // namespace tunnelsim
