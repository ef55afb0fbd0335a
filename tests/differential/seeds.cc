#include "tests/differential/seeds.h"

#include <charconv>
#include <cstdlib>
#include <set>

#include <fmt/format.h>

namespace tunnelsim::differential {
namespace {

std::optional<uint64_t> Number(std::string_view text) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Result<std::vector<uint64_t>> ParseSeeds(std::string_view text) {
  std::vector<uint64_t> seeds;
  std::set<uint64_t> seen;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? "" : text.substr(comma + 1);
    size_t dash = item.find('-');
    auto first = Number(item.substr(0, dash));
    auto last = dash == std::string_view::npos ? first : Number(item.substr(dash + 1));
    if (!first || !last || *last < *first || *last - *first > 1'000'000) {
      return Status::InvalidArgument(fmt::format(
          "bad seed list item '{}'; expected N or N-M with N <= M, e.g. 1-260,900", item));
    }
    for (uint64_t s = *first; s <= *last; ++s) {
      if (seen.insert(s).second) seeds.push_back(s);
    }
  }
  if (seeds.empty()) return Status::InvalidArgument("empty seed list; expected e.g. 1-260");
  return seeds;
}

std::string EnvOr(const char* name, std::string_view fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : std::string(fallback);
}

}  // namespace tunnelsim::differential
