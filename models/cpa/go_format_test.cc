// Expected strings were printed by Go 1.19 (encoding/json's quoteChar, fmt's %v).
#include "models/cpa/go_format.h"

#include <cmath>

#include <gtest/gtest.h>

namespace tunnelsim::cpa {
namespace {

TEST(GoFormat, QuoteCharLikeEncodingJson) {
  EXPECT_EQ(QuoteGoChar('\''), "'\\''");
  EXPECT_EQ(QuoteGoChar('"'), "'\"'");
  EXPECT_EQ(QuoteGoChar('\\'), "'\\\\'");
  EXPECT_EQ(QuoteGoChar('a'), "'a'");
  EXPECT_EQ(QuoteGoChar(0x07), "'\\a'");
  EXPECT_EQ(QuoteGoChar(0x0B), "'\\v'");
  EXPECT_EQ(QuoteGoChar(0x7F), "'\\x7f'");
  // A byte >= 0x80 is shown as the rune U+00XX, escaped when Go deems it unprintable.
  EXPECT_EQ(QuoteGoChar(0x85), "'\\u0085'");
  EXPECT_EQ(QuoteGoChar(0xA0), "'\\u00a0'");
  EXPECT_EQ(QuoteGoChar(0xAD), "'\\u00ad'");
  EXPECT_EQ(QuoteGoChar(0xE9), "'\xC3\xA9'");
  EXPECT_EQ(QuoteGoChar(0xFF), "'\xC3\xBF'");
}

TEST(GoFormat, FloatLikeFmtV) {
  EXPECT_EQ(FormatGoFloat(-20), "-20");
  EXPECT_EQ(FormatGoFloat(123456), "123456");
  EXPECT_EQ(FormatGoFloat(1e6), "1e+06");
  EXPECT_EQ(FormatGoFloat(1234567), "1.234567e+06");
  EXPECT_EQ(FormatGoFloat(0.0001), "0.0001");
  EXPECT_EQ(FormatGoFloat(0.00001), "1e-05");
  EXPECT_EQ(FormatGoFloat(std::copysign(0.0, -1.0)), "-0");
  EXPECT_EQ(FormatGoFloat(1e21), "1e+21");
  EXPECT_EQ(FormatGoFloat(5e-324), "5e-324");
  EXPECT_EQ(FormatGoFloat(-0.7), "-0.7");
  EXPECT_EQ(FormatGoFloat(1.0 / 3), "0.3333333333333333");
}

}  // namespace
}  // namespace tunnelsim::cpa
