#include "models/core/ipv4.h"

#include <gtest/gtest.h>

namespace tunnelsim {
namespace {

TEST(Ipv4AddressTest, ParsesDottedQuad) {
  auto a = Ipv4Address::Parse("10.224.0.4");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->value(), (10u << 24) | (224u << 16) | 4u);
  EXPECT_EQ(a->ToString(), "10.224.0.4");
  EXPECT_EQ(Ipv4Address::Parse("255.255.255.255")->value(), 0xffffffffu);
}

TEST(Ipv4AddressTest, RejectsMalformed) {
  for (const char* bad : {"", "10", "10.0.0", "10.0.0.0.0", "256.0.0.1", "10.0.0.01", "a.b.c.d",
                          "10.0.0.-1", "10..0.1", "10.0.0.1 ", " 10.0.0.1", "1000.0.0.1"}) {
    EXPECT_FALSE(Ipv4Address::Parse(bad).ok()) << bad;
  }
}

TEST(Ipv4PrefixTest, ParsesCidrAndBareAddress) {
  auto p = Ipv4Prefix::Parse("10.224.0.0/16");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->length(), 16);
  EXPECT_EQ(p->Size(), 65536u);
  EXPECT_TRUE(p->Contains(*Ipv4Address::Parse("10.224.255.255")));
  EXPECT_FALSE(p->Contains(*Ipv4Address::Parse("10.225.0.0")));
  auto host = Ipv4Prefix::Parse("20.61.10.5");
  ASSERT_TRUE(host.ok());
  EXPECT_EQ(host->length(), 32);
  EXPECT_EQ(Ipv4Prefix::Parse("0.0.0.0/0")->Size(), uint64_t{1} << 32);
}

TEST(Ipv4PrefixTest, HostBitsAreClearedOrRejected) {
  auto loose = Ipv4Prefix::Parse("10.0.0.5/24");
  ASSERT_TRUE(loose.ok());
  EXPECT_EQ(loose->ToString(), "10.0.0.0/24");
  auto strict = Ipv4Prefix::Parse("10.0.0.5/24", /*require_network_address=*/true);
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.status().message().find("10.0.0.0/24"), std::string::npos);
}

TEST(Ipv4PrefixTest, RejectsBadLengths) {
  for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0.0/x"}) {
    EXPECT_FALSE(Ipv4Prefix::Parse(bad).ok()) << bad;
  }
}

TEST(Ipv4RangeTest, ContainsAndOverlaps) {
  Ipv4Range r = Ipv4Prefix::Parse("10.0.0.0/30")->Range();
  EXPECT_EQ(r.Size(), 4u);
  EXPECT_TRUE(r.Contains(Ipv4Address::Parse("10.0.0.3").value()));
  EXPECT_FALSE(r.Contains(Ipv4Address::Parse("10.0.0.4").value()));
  EXPECT_TRUE(Ipv4Range::All().Contains(r));
  EXPECT_TRUE(r.Overlaps(Ipv4Prefix::Parse("10.0.0.2/31")->Range()));
  EXPECT_FALSE(r.Overlaps(Ipv4Prefix::Parse("10.0.0.4/31")->Range()));
}

}  // namespace
}  // namespace tunnelsim
