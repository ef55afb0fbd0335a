// RunWhatIf on the bundled scenarios and change sets: classes, attribution to the change, and
// the filter differences of the touched NSGs and host firewalls.
#include "engine/whatif/whatif.h"

#include <gtest/gtest.h>

#include "engine/changeset/load_change_set.h"
#include "engine/scenario/load_scenario.h"

namespace tunnelsim {
namespace {

std::string Path(std::string_view name) {
  return std::string(TUNNELSIM_SOURCE_ROOT) + "/scenarios/" + std::string(name);
}

std::unique_ptr<WhatIfReport> RunCase(std::string_view scenario, std::vector<std::string> changes,
                                      Diagnostics* d, bool summaries = false) {
  auto s = LoadScenarioFile(Path(scenario), d);
  EXPECT_TRUE(s.has_value()) << d->Format();
  std::vector<ChangeSet> sets;
  for (const std::string& c : changes) {
    auto set = LoadChangeSetFile(c.starts_with("/") ? c : Path(c), d);
    EXPECT_TRUE(set.has_value()) << d->Format();
    if (set) sets.push_back(std::move(*set));
  }
  if (!s) return nullptr;
  WhatIfOptions options;
  options.summaries = summaries;
  return RunWhatIf(*s, sets, options, d);
}

TEST(WhatIf, Solution1FixesEveryPodAndNamesTheAllowRule) {
  Diagnostics d;
  auto r = RunCase("contoso-prod.yaml", {"allow-kubelet-in-vnet.change.yaml"}, &d);
  ASSERT_TRUE(r) << d.Format();
  EXPECT_EQ(r->Count(ChangeClass::kRegression), 0u);
  EXPECT_EQ(r->Count(ChangeClass::kFix), 18u);  // 6 pods x logs, exec, port-forward
  ASSERT_EQ(r->changes.size(), 4u);
  for (const OutcomeRow& row : r->rows) {
    if (row.change_class != ChangeClass::kFix) continue;
    EXPECT_EQ(row.cause, 1) << row.target;  // the allow rule, not the deny's new priority
    EXPECT_TRUE(row.after.works());
    EXPECT_NE(row.before.error.find("i/o timeout"), std::string::npos);
  }
  ASSERT_FALSE(r->filters.empty());
  const FilterDelta& nsg = r->filters[0];
  EXPECT_EQ(nsg.filter, "NSG aks-subnet-nsg inbound");
  ASSERT_EQ(nsg.rows.size(), 1u);
  EXPECT_TRUE(nsg.rows[0].opens);
  EXPECT_NE(nsg.rows[0].region.find(":10250"), std::string::npos) << nsg.rows[0].region;
  EXPECT_EQ(nsg.rows[0].before, "Deny by deny-kubelet (100)");
  // The ufw command only adds a rule while ufw stays disabled: no host-firewall difference.
  for (const FilterDelta& f : r->filters)
    EXPECT_EQ(f.filter.find("host firewall"), std::string::npos);
}

TEST(WhatIf, OutboundDenyIsARegressionForEveryOperation) {
  Diagnostics d;
  auto r = RunCase("solution1-nsg-allows-kubelet.yaml", {"deny-tunnel-egress.change.yaml"}, &d);
  ASSERT_TRUE(r) << d.Format();
  EXPECT_EQ(r->Count(ChangeClass::kRegression), r->rows.size());
  EXPECT_EQ(r->rows.front().after.error.find("No agent available") == std::string::npos, false)
      << r->rows.front().after.error;
  EXPECT_EQ(r->rows.front().cause, 0);
  bool outbound = false;
  for (const FilterDelta& f : r->filters) {
    if (f.filter != "NSG aks-subnet-nsg outbound") continue;
    outbound = true;
    for (const FilterDeltaRow& row : f.rows) EXPECT_FALSE(row.opens);
  }
  EXPECT_TRUE(outbound);
}

TEST(WhatIf, UfwCommandOpensTheHostFirewall) {
  Diagnostics d;
  auto r =
      RunCase("cause2-ufw-blocks-kubelet.yaml", {"solution2-ufw-allow-kubelet.change.yaml"}, &d);
  ASSERT_TRUE(r) << d.Format();
  EXPECT_GT(r->Count(ChangeClass::kFix), 0u);
  EXPECT_EQ(r->Count(ChangeClass::kRegression), 0u);
  const FilterDelta* host = nullptr;
  for (const FilterDelta& f : r->filters) {
    if (f.filter == "host firewall of node pool user (INPUT)") host = &f;
  }
  ASSERT_NE(host, nullptr);
  ASSERT_EQ(host->rows.size(), 1u);
  EXPECT_TRUE(host->rows[0].opens);
  EXPECT_NE(host->rows[0].region.find("10.224.0.0/16"), std::string::npos) << host->rows[0].region;
  EXPECT_NE(host->rows[0].region.find("10250"), std::string::npos) << host->rows[0].region;
}

TEST(WhatIf, IptablesDeleteBySpecificationFixesCause3) {
  Diagnostics d;
  auto r = RunCase("cause3-iptables-drops-kubelet.yaml",
                   {"solution3-iptables-delete-drop.change.yaml"}, &d);
  ASSERT_TRUE(r) << d.Format();
  EXPECT_GT(r->Count(ChangeClass::kFix), 0u);
  EXPECT_EQ(r->Count(ChangeClass::kStillFailing), 0u);
}

TEST(WhatIf, LaterChangeThatUndoesAFixIsTheCause) {
  // Fix with the allow rule, then break again by removing it: the rows end unchanged.
  std::string extra = testing::TempDir() + "/undo.change.yaml";
  FILE* f = std::fopen(extra.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(
      "apiVersion: tunnelsim/v1\nkind: ChangeSet\nmetadata: {name: undo}\nchanges:\n"
      "  - removeSecurityRule: {networkSecurityGroup: aks-subnet-nsg, name: allow-kubelet-vnet}\n"
      "  - command: az network nsg rule delete -g rg --nsg-name aks-subnet-nsg -n deny-kubelet\n",
      f);
  std::fclose(f);
  Diagnostics d;
  auto r = RunCase("contoso-prod.yaml", {"allow-kubelet-in-vnet.change.yaml", extra}, &d);
  ASSERT_TRUE(r) << d.Format();
  ASSERT_EQ(r->changes.size(), 6u);
  // Without any deny rule the pods work: fixed by the last change (index 5).
  EXPECT_EQ(r->Count(ChangeClass::kFix), 18u);
  for (const OutcomeRow& row : r->rows) {
    if (row.change_class == ChangeClass::kFix) {
      EXPECT_EQ(row.cause, 5) << row.target;
    }
  }
}

TEST(WhatIf, RefusedChangeStopsWithTheToolsError) {
  Diagnostics d;
  auto r = RunCase(
      "cause3-iptables-drops-kubelet.yaml",
      {"solution3-iptables-delete-drop.change.yaml", "solution3-iptables-delete-drop.change.yaml"},
      &d);
  EXPECT_EQ(r, nullptr);
  EXPECT_NE(d.Format().find("Bad rule (does a matching rule exist in that chain?)"),
            std::string::npos)
      << d.Format();
}

TEST(WhatIf, SummariesCompareSnatBeforeAndAfter) {
  Diagnostics d;
  auto r = RunCase("contoso-prod.yaml", {"allow-kubelet-in-vnet.change.yaml"}, &d, true);
  ASSERT_TRUE(r) << d.Format();
  const SummaryFigure* ports = nullptr;
  for (const SummaryFigure& f : r->figures) {
    if (f.name == "ports per node (nodepool1)") ports = &f;
  }
  ASSERT_NE(ports, nullptr);
  EXPECT_EQ(ports->before, "1024");  // default table, 3 nodes (reference/azure.md §2.2)
  EXPECT_EQ(ports->after, "4000");
}

}  // namespace
}  // namespace tunnelsim
