#include "engine/capacity/cpa_inputs.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace tunnelsim::capacity {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> SplitCommas(std::string_view s) {
  std::vector<std::string_view> parts;
  while (true) {
    size_t comma = s.find(',');
    parts.push_back(Trim(s.substr(0, comma)));
    if (comma == std::string_view::npos) return parts;
    s.remove_prefix(comma + 1);
  }
}

// Digits only (no sign, no spaces inside), and small enough for int64.
bool ParseDigits(std::string_view s, int64_t* out) {
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

// What one grammar counts: its name, the example in its errors, and its bounds.
struct Quantity {
  std::string_view name;     // "node"
  std::string_view example;  // "1..5000"
  int64_t max;
  std::string_view why_max;  // appended to the out-of-range error
};

constexpr Quantity kNodes{"node", "1..5000", kMaxClusterNodes,
                          " (AKS allows at most 5000 nodes per cluster)"};
constexpr Quantity kCores{"core", "8..64", kMaxClusterCores, " (5000 nodes of 1000 cores)"};

Result<int64_t> ParseCount(std::string_view s, const Quantity& q) {
  int64_t n = 0;
  if (!ParseDigits(s, &n)) {
    return Status::InvalidArgument(
        fmt::format("{} count '{}' is not a whole number; expected 1..{}", q.name, s, q.max));
  }
  if (n < 1 || n > q.max) {
    return Status::OutOfRange(
        fmt::format("{} count {} is out of range; expected 1..{}{}", q.name, n, q.max, q.why_max));
  }
  return n;
}

Result<int64_t> ParseNodeCount(std::string_view s) { return ParseCount(s, kNodes); }

Result<SweepRange> ParseRange(std::string_view text, const Quantity& q) {
  std::string_view s = Trim(text);
  size_t dots = s.find("..");
  if (dots == std::string_view::npos) {
    int64_t ignored = 0;
    if (!ParseDigits(s, &ignored)) {
      return Status::InvalidArgument(
          fmt::format("'{}' is not a {} count or range; expected N or FIRST..LAST such as {}", text,
                      q.name, q.example));
    }
    Result<int64_t> n = ParseCount(s, q);
    if (!n.ok()) return n.status();
    return SweepRange{*n, *n};
  }
  Result<int64_t> first = ParseCount(Trim(s.substr(0, dots)), q);
  if (!first.ok()) return first.status();
  Result<int64_t> last = ParseCount(Trim(s.substr(dots + 2)), q);
  if (!last.ok()) return last.status();
  if (*first > *last) {
    return Status::InvalidArgument(
        fmt::format("{} range {}..{} is reversed; expected FIRST <= LAST such as {}", q.name,
                    *first, *last, q.example));
  }
  return SweepRange{*first, *last};
}

}  // namespace

Result<SweepRange> ParseNodeRange(std::string_view text) { return ParseRange(text, kNodes); }

Result<SweepRange> ParseCoreRange(std::string_view text) { return ParseRange(text, kCores); }

Result<std::vector<int64_t>> ParseNodeCounts(std::string_view text) {
  std::vector<std::string_view> parts = SplitCommas(text);
  if (parts.size() > kMaxNodeCounts) {
    return Status::OutOfRange(
        fmt::format("{} node counts; expected at most {}", parts.size(), kMaxNodeCounts));
  }
  std::vector<int64_t> counts;
  for (std::string_view part : parts) {
    Result<int64_t> n = ParseNodeCount(part);
    if (!n.ok()) return n.status();
    counts.push_back(*n);
  }
  std::sort(counts.begin(), counts.end());
  counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
  return counts;
}

Result<int64_t> ParseDurationSeconds(std::string_view text) {
  std::string_view s = Trim(text);
  auto bad = [&] {
    return Status::InvalidArgument(fmt::format(
        "'{}' is not a duration; expected whole seconds or units d, h, m, s in that order, "
        "such as 90, 45s, 10m, 1h30m",
        text));
  };
  int64_t total = 0;
  if (ParseDigits(s, &total)) {
    // Bare seconds; the range check is below.
  } else {
    constexpr std::string_view kUnits = "dhms";
    constexpr int64_t kUnitSeconds[] = {86400, 3600, 60, 1};
    size_t next_unit = 0;  // units must come in order, each once
    if (s.empty()) return bad();
    while (!s.empty()) {
      size_t digits = 0;
      while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
      int64_t amount = 0;
      if (digits == 0 || digits == s.size() || digits > 9 ||
          !ParseDigits(s.substr(0, digits), &amount)) {
        return bad();
      }
      size_t unit = kUnits.find(s[digits], next_unit);
      if (unit == std::string_view::npos) return bad();
      total += amount * kUnitSeconds[unit];
      next_unit = unit + 1;
      s.remove_prefix(digits + 1);
    }
  }
  if (total > kMaxTimelineSeconds) {
    return Status::OutOfRange(fmt::format("duration '{}' is {} s; expected at most 30d ({} s)",
                                          text, total, kMaxTimelineSeconds));
  }
  return total;
}

Result<std::vector<TimelinePoint>> ParseTimeline(std::string_view text) {
  std::vector<std::string_view> parts = SplitCommas(text);
  if (parts.size() > kMaxTimelinePoints) {
    return Status::OutOfRange(
        fmt::format("{} timeline points; expected at most {}", parts.size(), kMaxTimelinePoints));
  }
  std::vector<TimelinePoint> points;
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string_view part = parts[i];
    auto where = [&](const Status& s) {
      return Status::InvalidArgument(
          fmt::format("timeline point {} '{}': {}", i + 1, part, s.message()));
    };
    size_t colon = part.find(':');
    if (colon == std::string_view::npos) {
      return where(Status::InvalidArgument("expected TIME:NODES such as 10m:100"));
    }
    Result<int64_t> time = ParseDurationSeconds(Trim(part.substr(0, colon)));
    if (!time.ok()) return where(time.status());
    Result<int64_t> nodes = ParseNodeCount(Trim(part.substr(colon + 1)));
    if (!nodes.ok()) return where(nodes.status());
    if (!points.empty() && *time <= points.back().time_seconds) {
      return where(Status::InvalidArgument(
          fmt::format("time {} s is not after the previous point's {} s; expected strictly "
                      "increasing times",
                      *time, points.back().time_seconds)));
    }
    points.push_back({*time, *nodes});
  }
  return points;
}

}  // namespace tunnelsim::capacity
