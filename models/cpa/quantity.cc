#include "models/cpa/quantity.h"

#include <charconv>
#include <limits>
#include <optional>
#include <string>

#include <fmt/format.h>

namespace tunnelsim::cpa {
namespace {

__extension__ typedef unsigned __int128 u128;  // __extension__: GCC/Clang type, -Wpedantic

constexpr int kMaxSignificantDigits = 38;  // 10^38 < 2^127: fits u128 with room to double
constexpr u128 kInt64Max = static_cast<u128>(std::numeric_limits<int64_t>::max());
// Anything above int64 is "too large"; saturating here keeps every product within u128.
constexpr u128 kSaturated = kInt64Max * 4;

constexpr std::string_view kFormatWrong =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// An exact decimal: sign, significant digits, and multipliers 2^pow2 * 10^pow10.
struct Parsed {
  bool negative = false;
  std::string digits;  // no leading or trailing zeros; empty means zero
  int pow2 = 0;
  int64_t pow10 = 0;
  bool binary = false;  // a binary SI suffix: the value is capped at 2^63-1
};

Status Error(std::string_view text, std::string_view why) {
  return Status::InvalidArgument(fmt::format("'{}' is not a quantity: {}", text, why));
}

// parseQuantityString and quantitySuffixer.interpret.
Result<Parsed> Parse(std::string_view s) {
  if (s.empty()) return Error(s, kFormatWrong);
  Parsed p;
  size_t pos = 0;
  if (s[0] == '-' || s[0] == '+') p.negative = s[pos++] == '-';
  while (pos < s.size() && s[pos] == '0') ++pos;
  if (pos == s.size()) return p;  // only zeros (or nothing) after the sign: 0
  size_t num_start = pos;
  while (pos < s.size() && IsDigit(s[pos])) ++pos;
  std::string digits(s.substr(num_start, pos - num_start));
  size_t denom_len = 0;
  if (pos < s.size() && s[pos] == '.') {
    size_t denom_start = ++pos;
    while (pos < s.size() && IsDigit(s[pos])) ++pos;
    denom_len = pos - denom_start;
    digits += s.substr(denom_start, denom_len);
  }
  size_t suffix_start = pos;
  while (pos < s.size() &&
         std::string_view("eEinumkKMGTP").find(s[pos]) != std::string_view::npos) {
    ++pos;
  }
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) ++pos;
  while (pos < s.size() && IsDigit(s[pos])) ++pos;
  if (pos != s.size()) return Error(s, kFormatWrong);
  std::string_view suffix = s.substr(suffix_start);

  static constexpr std::pair<std::string_view, int> kDecimal[] = {
      {"n", -9}, {"u", -6}, {"m", -3}, {"", 0},   {"k", 3},
      {"M", 6},  {"G", 9},  {"T", 12}, {"P", 15}, {"E", 18}};
  static constexpr std::pair<std::string_view, int> kBinary[] = {
      {"Ki", 10}, {"Mi", 20}, {"Gi", 30}, {"Ti", 40}, {"Pi", 50}, {"Ei", 60}};
  int64_t exponent10 = 0;
  bool known = false;
  for (auto [name, e] : kDecimal) {
    if (suffix == name) exponent10 = e, known = true;
  }
  for (auto [name, e] : kBinary) {
    if (suffix == name) p.pow2 = e, p.binary = known = true;
  }
  if (!known && suffix.size() > 1 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    std::string_view number = suffix.substr(1);
    if (number[0] == '+') number.remove_prefix(1);  // strconv.ParseInt accepts a leading +
    int64_t parsed = 0;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), parsed);
    if (ec == std::errc() && end == number.data() + number.size() && !number.empty() &&
        number[0] != '+') {
      exponent10 = static_cast<int32_t>(parsed);  // upstream keeps it as int32
      known = true;
    }
  }
  if (!known) return Error(s, "unable to parse quantity's suffix");

  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return p;  // zero
  size_t last = digits.find_last_not_of('0');
  p.pow10 =
      exponent10 - static_cast<int64_t>(denom_len) + static_cast<int64_t>(digits.size() - 1 - last);
  p.digits = digits.substr(first, last - first + 1);
  if (p.digits.size() > kMaxSignificantDigits) {
    return Error(s, fmt::format("more than {} significant digits", kMaxSignificantDigits));
  }
  return p;
}

u128 SaturatingMul(u128 a, u128 b) {
  if (a == 0 || b == 0) return 0;
  if (a > kSaturated / b) return kSaturated;
  u128 r = a * b;
  return r > kSaturated ? kSaturated : r;
}

u128 Pow10(int k) {  // REQUIRES: 0 <= k <= 38
  u128 r = 1;
  while (k-- > 0) r *= 10;
  return r;
}

u128 CeilDiv(u128 a, u128 b) { return a / b + (a % b != 0 ? 1 : 0); }

// ceil(n * 2^pow2 / d) without overflow, saturated. REQUIRES: n < 2^127, d <= 10^38.
u128 CeilMulPow2Div(u128 n, int pow2, u128 d) {
  u128 whole = SaturatingMul(n / d, static_cast<u128>(1) << pow2);
  u128 rem = n % d, frac = 0;
  for (int i = 0; i < pow2; ++i) {  // long division of rem * 2^pow2 by d, bit by bit
    rem <<= 1;
    frac <<= 1;
    if (rem >= d) rem -= d, frac |= 1;
  }
  u128 r = whole + frac + (rem != 0 ? 1 : 0);
  return r > kSaturated ? kSaturated : r;
}

// ceil(n * 2^pow2 * 10^pow10), saturated at kSaturated.
u128 CeilScaled(u128 n, int pow2, int64_t pow10) {
  if (n == 0) return 0;
  if (pow10 >= 0) {
    u128 r = SaturatingMul(n, static_cast<u128>(1) << pow2);
    for (int64_t i = 0; i < pow10 && r < kSaturated; ++i) r = SaturatingMul(r, 10);
    return r;
  }
  // ceil(ceil(x / a) / b) == ceil(x / (a * b)) for positive integers, so divide in chunks.
  int64_t k = -pow10;
  int chunk = static_cast<int>(std::min<int64_t>(k, kMaxSignificantDigits));
  u128 r = CeilMulPow2Div(n, pow2, Pow10(chunk));
  for (k -= chunk; k > 0 && r > 1; k -= chunk) {
    chunk = static_cast<int>(std::min<int64_t>(k, kMaxSignificantDigits));
    r = CeilDiv(r, Pow10(chunk));
  }
  return r;
}

Result<int64_t> Scaled(std::string_view text, int extra_pow10) {
  Result<Parsed> parsed = Parse(text);
  if (!parsed.ok()) return parsed.status();
  const Parsed& p = *parsed;
  if (p.digits.empty()) return int64_t{0};
  if (p.negative) return Error(text, "negative; expected an amount >= 0");
  u128 n = 0;
  for (char c : p.digits) n = n * 10 + static_cast<u128>(c - '0');
  u128 result;
  if (p.binary && CeilScaled(n, p.pow2, p.pow10) > kInt64Max) {
    result = SaturatingMul(kInt64Max, Pow10(extra_pow10));  // upstream's silent cap
  } else {
    result = CeilScaled(n, p.pow2, p.pow10 + extra_pow10);
  }
  if (result > kInt64Max) {
    return Status::OutOfRange(fmt::format("'{}' is beyond int64 in {}; expected a smaller amount",
                                          text, extra_pow10 == 0 ? "units" : "thousandths"));
  }
  return static_cast<int64_t>(result);
}

}  // namespace

Result<int64_t> QuantityValue(std::string_view text) { return Scaled(text, 0); }
Result<int64_t> QuantityMilliValue(std::string_view text) { return Scaled(text, 3); }

}  // namespace tunnelsim::cpa
