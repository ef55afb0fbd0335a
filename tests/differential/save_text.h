// Helpers for comparing iptables-save texts: the kernel's dump carries time-stamped comment
// lines and packet counters that a model's text cannot know.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace tunnelsim::differential {

// Drops "#" lines and blank lines and writes every chain's counters as [0:0].
std::string NormalizeSaveText(std::string_view text);

// The normalised "*table ... COMMIT" blocks of a dump, by table name.
std::map<std::string, std::string> SaveTables(std::string_view text);

// A line-by-line comparison for messages: "" when equal, else the first differing lines and
// both texts.
std::string DescribeDifference(std::string_view expected, std::string_view actual);

}  // namespace tunnelsim::differential
