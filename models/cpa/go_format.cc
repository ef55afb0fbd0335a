#include "models/cpa/go_format.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

namespace tunnelsim::cpa {
namespace {

// strconv.IsPrint for the runes U+0080..U+00FF that a single byte becomes in Go's
// string(byte) conversion: C1 controls, NO-BREAK SPACE and SOFT HYPHEN are not printable.
bool IsGoPrintableLatin1(unsigned char c) { return c >= 0xA1 && c != 0xAD; }

// strconv.Quote(string(rune(c))) without its double quotes.
std::string QuotedRuneBody(unsigned char c) {
  static constexpr std::pair<unsigned char, const char*> kEscapes[] = {
      {'\a', "\\a"}, {'\b', "\\b"}, {'\f', "\\f"}, {'\n', "\\n"},
      {'\r', "\\r"}, {'\t', "\\t"}, {'\v', "\\v"}, {'\\', "\\\\"}};
  for (auto [raw, escaped] : kEscapes) {
    if (c == raw) return escaped;
  }
  char buf[8];
  if (c < 0x20 || c == 0x7F) {
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    return buf;
  }
  if (c < 0x80) return std::string(1, static_cast<char>(c));
  if (IsGoPrintableLatin1(c)) {  // the rune U+00XX, encoded as UTF-8
    return {static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
  }
  std::snprintf(buf, sizeof buf, "\\u%04x", c);
  return buf;
}

}  // namespace

std::string QuoteGoChar(unsigned char c) {
  // encoding/json's quoteChar: two special cases, else the Go-quoted rune in single quotes.
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  return "'" + QuotedRuneBody(c) + "'";
}

std::string FormatGoFloat(double value) {
  // fmt %v on a float64 is strconv.FormatFloat(v, 'g', -1, 64): the shortest digits that
  // round-trip, in %e form when the decimal exponent is < -4 or >= 6 (strconv uses 6 as
  // the 'g' threshold when the precision is "shortest"). -20 -> "-20", 1e6 -> "1e+06".
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char sci[64];
  auto [sci_end, sci_ec] =
      std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific);
  std::string scientific(sci, sci_end);
  size_t e = scientific.find('e');
  int exponent = std::stoi(scientific.substr(e + 1));
  if (exponent < -4 || exponent >= 6) return scientific;
  char fix[400];
  auto [fix_end, fix_ec] = std::to_chars(fix, fix + sizeof fix, value, std::chars_format::fixed);
  return std::string(fix, fix_end);
}

}  // namespace tunnelsim::cpa
