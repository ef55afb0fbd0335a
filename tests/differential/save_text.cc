#include "tests/differential/save_text.h"

#include <sstream>
#include <vector>

#include <fmt/format.h>

namespace tunnelsim::differential {
namespace {

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

std::string NormalizeSaveText(std::string_view text) {
  std::string out;
  for (std::string line : Lines(text)) {
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == ':') {
      size_t bracket = line.rfind(" [");
      if (bracket != std::string::npos && line.back() == ']')
        line = line.substr(0, bracket) + " [0:0]";
    }
    out += line + "\n";
  }
  return out;
}

std::map<std::string, std::string> SaveTables(std::string_view text) {
  std::map<std::string, std::string> tables;
  std::string current;
  for (const std::string& line : Lines(NormalizeSaveText(text))) {
    if (line[0] == '*') current = line.substr(1);
    if (!current.empty()) tables[current] += line + "\n";
    if (line == "COMMIT") current.clear();
  }
  return tables;
}

std::string DescribeDifference(std::string_view expected, std::string_view actual) {
  if (expected == actual) return "";
  std::vector<std::string> e = Lines(expected), a = Lines(actual);
  size_t i = 0;
  while (i < e.size() && i < a.size() && e[i] == a[i]) ++i;
  return fmt::format(
      "first difference at line {}:\n  model:  {}\n  kernel: {}\n--- model ---\n{}--- kernel "
      "---\n{}",
      i + 1, i < e.size() ? e[i] : "(end)", i < a.size() ? a[i] : "(end)", expected, actual);
}

}  // namespace tunnelsim::differential
