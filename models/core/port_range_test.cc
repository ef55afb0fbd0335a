#include "models/core/port_range.h"

#include <gtest/gtest.h>

namespace tunnelsim {
namespace {

TEST(PortRangeTest, ParsesSingleAndRange) {
  EXPECT_EQ(*PortRange::Parse("10250", '-'), PortRange::Single(10250));
  EXPECT_EQ(*PortRange::Parse("10000-10005", '-'), (PortRange{10000, 10005}));
  EXPECT_EQ(*PortRange::Parse("10000:10300", ':'), (PortRange{10000, 10300}));
  EXPECT_EQ(*PortRange::Parse("0-65535", '-'), PortRange::All());
}

TEST(PortRangeTest, RejectsBadInput) {
  for (const char* bad : {"", "65536", "-1", "10-5", "a", "10-", "-10", "1 0", "99999999"}) {
    EXPECT_FALSE(PortRange::Parse(bad, '-').ok()) << bad;
  }
  EXPECT_FALSE(PortRange::Parse("10-20", ':').ok());
}

TEST(PortRangeTest, ContainsAndPrints) {
  PortRange r{10000, 10300};
  EXPECT_TRUE(r.Contains(10250));
  EXPECT_FALSE(r.Contains(10301));
  EXPECT_EQ(r.ToString(), "10000-10300");
  EXPECT_EQ(r.ToString(':'), "10000:10300");
  EXPECT_EQ(PortRange::Single(443).ToString(), "443");
}

}  // namespace
}  // namespace tunnelsim
