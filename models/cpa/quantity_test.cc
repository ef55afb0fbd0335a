#include "models/cpa/quantity.h"

#include <gtest/gtest.h>

namespace tunnelsim::cpa {
namespace {

int64_t Bytes(std::string_view s) {
  Result<int64_t> r = ParseMemoryBytes(s);
  EXPECT_TRUE(r.ok()) << s << ": " << r.status().message();
  return r.ok() ? *r : -1;
}

int64_t Millis(std::string_view s) {
  Result<int64_t> r = ParseCpuMillicores(s);
  EXPECT_TRUE(r.ok()) << s << ": " << r.status().message();
  return r.ok() ? *r : -1;
}

std::string Error(std::string_view s) {
  Result<int64_t> r = QuantityValue(s);
  return r.ok() ? "ok" : r.status().message();
}

TEST(Quantity, MemoryLimitsSeenForKonnectivityAgents) {
  EXPECT_EQ(Bytes("30Mi"), 30 * 1024 * 1024);    // upstream example limit
  EXPECT_EQ(Bytes("125Mi"), 125 * 1024 * 1024);  // GKE limit
  EXPECT_EQ(Bytes("1Gi"), int64_t{1} << 30);
  EXPECT_EQ(Bytes("128M"), 128'000'000);
  EXPECT_EQ(Bytes("500k"), 500'000);
  EXPECT_EQ(Bytes("123456"), 123456);
  EXPECT_EQ(Bytes("0"), 0);
}

TEST(Quantity, CpuInMillicores) {
  EXPECT_EQ(Millis("10m"), 10);
  EXPECT_EQ(Millis("0.5"), 500);
  EXPECT_EQ(Millis("2"), 2000);
  EXPECT_EQ(Millis("1900m"), 1900);
  EXPECT_EQ(Millis("1.5"), 1500);
  EXPECT_EQ(Millis("250000u"), 250);
}

TEST(Quantity, ValueRoundsUpLikeApimachinery) {
  EXPECT_EQ(Bytes("0.5"), 1);
  EXPECT_EQ(Bytes("1m"), 1);       // 0.001 bytes still needs a byte
  EXPECT_EQ(Bytes("0.1Ki"), 103);  // 102.4
  EXPECT_EQ(Millis("100u"), 1);
  EXPECT_EQ(Millis("1n"), 1);
  EXPECT_EQ(Bytes("1e-100000"), 1);
  EXPECT_EQ(Bytes("1.5Gi"), 1610612736);
}

TEST(Quantity, ExponentsAndSuffixLetters) {
  EXPECT_EQ(Bytes("1e3"), 1000);
  EXPECT_EQ(Bytes("1E3"), 1000);
  EXPECT_EQ(Bytes("1e+3"), 1000);
  EXPECT_EQ(Bytes("15e-1"), 2);
  EXPECT_EQ(Bytes("1E"), 1'000'000'000'000'000'000);  // E alone is exa
  EXPECT_EQ(Bytes("2P"), 2'000'000'000'000'000);
}

TEST(Quantity, UpstreamQuirksAreKept) {
  EXPECT_EQ(Bytes("1.G"), 1'000'000'000);
  EXPECT_EQ(Bytes(".5k"), 500);
  EXPECT_EQ(Bytes("."), 0);
  EXPECT_EQ(Bytes("G"), 0);
  EXPECT_EQ(Bytes("-0"), 0);
  EXPECT_EQ(Bytes("+1Ki"), 1024);
  EXPECT_EQ(Bytes("007"), 7);
  // A binary-suffixed value above 2^63-1 is capped there silently.
  EXPECT_EQ(Bytes("8Ei"), INT64_MAX);
  EXPECT_EQ(Bytes("100000Ei"), INT64_MAX);
  EXPECT_EQ(Bytes("7.5Ei"), 8646911284551352320);
}

TEST(Quantity, MalformedInputsUseUpstreamWords) {
  EXPECT_NE(Error("").find("quantities must match the regular expression"), std::string::npos);
  EXPECT_NE(Error("1 Gi").find("quantities must match"), std::string::npos);
  EXPECT_NE(Error("1.5.5").find("quantities must match"), std::string::npos);
  EXPECT_EQ(Error("1ki"), "'1ki' is not a quantity: unable to parse quantity's suffix");
  EXPECT_EQ(Error("1K"), "'1K' is not a quantity: unable to parse quantity's suffix");
  EXPECT_EQ(Error("1e"), "'1e' is not a quantity: unable to parse quantity's suffix");
  EXPECT_EQ(Error("1Mi3"), "'1Mi3' is not a quantity: unable to parse quantity's suffix");
  EXPECT_EQ(Error("1e99999999999999999999"),
            "'1e99999999999999999999' is not a quantity: unable to parse quantity's suffix");
}

TEST(Quantity, RejectsWhatTunnelsimCannotUse) {
  EXPECT_EQ(Error("-1Mi"), "'-1Mi' is not a quantity: negative; expected an amount >= 0");
  EXPECT_EQ(QuantityValue("1e19").status().code(), Status::Code::kOutOfRange);
  EXPECT_EQ(QuantityValue("9223372036854775807").value(), INT64_MAX);
  EXPECT_EQ(QuantityValue("9223372036854775808").status().code(), Status::Code::kOutOfRange);
  EXPECT_EQ(QuantityMilliValue("8Ei").status().code(), Status::Code::kOutOfRange);
  EXPECT_EQ(QuantityMilliValue("9223372036854775807m").value(), INT64_MAX);
  EXPECT_NE(Error("123456789012345678901234567890123456789").find("significant digits"),
            std::string::npos);
  // Zeros around the digits are not significant.
  EXPECT_EQ(Bytes("000000000000000000000000000000000000000001.000000000000000000000000000"), 1);
}

}  // namespace
}  // namespace tunnelsim::cpa
