#include "models/ufw/filter_table.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/ufw/test_util.h"

namespace tunnelsim::ufw {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t newline = text.find('\n');
    lines.push_back(text.substr(0, newline));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
  }
  return lines;
}

Result<FilterTable> ParseText(std::string_view body) { return FilterTable::Parse(Lines(body), 2); }

TEST(FilterTable, RoundTripsARealLayout) {
  std::string kube = test_util::Golden("kube_proxy_aks_like.rules");
  size_t begin = kube.find("*filter\n");
  size_t end = kube.find("COMMIT\n", begin) + 7;
  std::string filter = kube.substr(begin, end - begin);
  auto table = ParseText(filter.substr(8, filter.size() - 8 - 7));
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->Render(), filter);
  EXPECT_EQ(table->Rules("KUBE-FORWARD").size(), 3u);
  EXPECT_TRUE(table->HasChain("KUBE-SERVICES"));
  EXPECT_FALSE(table->HasChain("ufw-user-input"));
}

TEST(FilterTable, EmptyHasTheBuiltinsOnly) {
  EXPECT_EQ(FilterTable::Empty().Render(),
            "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n");
}

TEST(FilterTable, SortsUserChainsAndGroupsRulesByChain) {
  auto parsed = ParseText(
      ":OUTPUT ACCEPT [0:0]\n:zeta - [0:0]\n:INPUT DROP [1:2]\n:ALPHA - [0:0]\n"
      "-A zeta -j RETURN\n-A INPUT -j zeta\n-A ALPHA -j DROP\n-A INPUT -j ALPHA\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  FilterTable table = std::move(parsed).value();
  table.DeclareChain("middle");
  table.AppendRule("middle", "-A middle -j ACCEPT");
  table.SetPolicy("FORWARD", "DROP");
  EXPECT_EQ(table.Render(),
            "*filter\n:INPUT DROP [1:2]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            ":ALPHA - [0:0]\n:middle - [0:0]\n:zeta - [0:0]\n"
            "-A INPUT -j zeta\n-A INPUT -j ALPHA\n-A ALPHA -j DROP\n-A middle -j ACCEPT\n"
            "-A zeta -j RETURN\nCOMMIT\n");
  table.ClearChain("zeta");
  table.ClearChain("absent");
  EXPECT_TRUE(table.Rules("zeta").empty());
  EXPECT_EQ(table.Rules("INPUT").size(), 2u);
  table.RemoveChain("middle");
  EXPECT_FALSE(table.HasChain("middle"));
}

TEST(FilterTable, RejectsWhatIptablesSaveNeverPrints) {
  EXPECT_EQ(ParseText(":INPUT ACCEPT [0:0]\n:INPUT DROP [0:0]\n").status().message(),
            "line 3: chain 'INPUT' is declared twice");
  EXPECT_EQ(ParseText(":INPUT - [0:0]\n").status().message(),
            "line 2: chain 'INPUT' has policy '-'; expected ACCEPT or DROP");
  EXPECT_EQ(ParseText(":KUBE-X ACCEPT [0:0]\n").status().message(),
            "line 2: chain 'KUBE-X' has policy 'ACCEPT'; expected '-' (user chain)");
  EXPECT_EQ(ParseText(":\n").status().message(),
            "line 2: expected ':CHAIN POLICY [packets:bytes]', got ':'");
  EXPECT_EQ(ParseText(":INPUT ACCEPT [0:0]\n[1:2]\n").status().message(),
            "line 3: expected iptables-save output (':CHAIN ...' or '-A CHAIN ...') in the "
            "*filter table, got '[1:2]'");
}

}  // namespace
}  // namespace tunnelsim::ufw
