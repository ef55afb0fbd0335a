#include "engine/diagnostics/diagnostics.h"

#include <gtest/gtest.h>

namespace tunnelsim {
namespace {

TEST(DiagnosticsTest, FormatsLikeACompiler) {
  Diagnostics d;
  d.Error("s.yaml", {3, 7}, "priority 5000 is out of range; expected 100-4096");
  d.Warning("s.yaml", {}, "no node pools");
  EXPECT_TRUE(d.HasErrors());
  EXPECT_EQ(d.error_count(), 1u);
  EXPECT_EQ(d.Format(),
            "s.yaml:3:7: error: priority 5000 is out of range; expected 100-4096\n"
            "s.yaml: warning: no node pools\n");
}

TEST(DiagnosticsTest, SortsByPositionAndCapsOutput) {
  Diagnostics d;
  d.Error("a", {9, 1}, "late");
  d.Error("a", {2, 5}, "early");
  d.SortByPosition();
  EXPECT_EQ(d.items()[0].message, "early");
  for (size_t i = 0; i < Diagnostics::kMaxKept; ++i) d.Error("a", {1, 1}, "x");
  EXPECT_EQ(d.items().size(), Diagnostics::kMaxKept);
  EXPECT_EQ(d.error_count(), Diagnostics::kMaxKept + 2);
  EXPECT_NE(d.Format().find("and 2 more problems not shown"), std::string::npos);
}

TEST(DiagnosticsTest, WarningsAloneAreNotErrors) {
  Diagnostics d;
  d.Warning("a", {1, 1}, "w");
  EXPECT_FALSE(d.HasErrors());
}

}  // namespace
}  // namespace tunnelsim
