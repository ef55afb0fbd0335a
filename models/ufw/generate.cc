#include "models/ufw/generate.h"

#include <vector>

#include <fmt/format.h>

#include "models/ufw/filter_table.h"
#include "models/ufw/packaged_rules.h"
#include "models/ufw/rule_iptables.h"

namespace tunnelsim::ufw {
namespace {

// The chains user.rules declares, in the order backend_iptables._write_rules writes them.
constexpr std::string_view kUserRulesHeader =
    "*filter\n"
    ":ufw-user-input - [0:0]\n"
    ":ufw-user-output - [0:0]\n"
    ":ufw-user-forward - [0:0]\n"
    ":ufw-before-logging-input - [0:0]\n"
    ":ufw-before-logging-output - [0:0]\n"
    ":ufw-before-logging-forward - [0:0]\n"
    ":ufw-user-logging-input - [0:0]\n"
    ":ufw-user-logging-output - [0:0]\n"
    ":ufw-user-logging-forward - [0:0]\n"
    ":ufw-after-logging-input - [0:0]\n"
    ":ufw-after-logging-output - [0:0]\n"
    ":ufw-after-logging-forward - [0:0]\n"
    ":ufw-logging-deny - [0:0]\n"
    ":ufw-logging-allow - [0:0]\n"
    ":ufw-user-limit - [0:0]\n"
    ":ufw-user-limit-accept - [0:0]\n";

struct Line {
  std::string_view text;  // without the newline and trailing '\r' / blanks
  size_t begin;           // offset of the line in the input
  size_t end;             // offset just past its newline (or the end of the input)
};

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t newline = text.find('\n', begin);
    size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    std::string_view line = text.substr(begin, end - begin);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ' ||
                             line.back() == '\t')) {
      line.remove_suffix(1);
    }
    lines.push_back({line, begin, end});
    begin = end;
  }
  return lines;
}

}  // namespace

std::string IptablesSaveText(const State& state) {
  if (!state.enabled) return "";
  FilterTable table = FilterTable::Empty();
  internal::LoadUfw(state, /*hook_builtins=*/true, &table);
  return table.Render();
}

std::string UserRulesSection(const State& state) {
  std::string text = "### RULES ###\n";
  for (const UfwRule& rule : state.rules) {
    text += "\n" + TupleLine(rule) + "\n";
    for (const IptablesRule& r : ExpandRule(rule)) text += UserRulesLine(r) + "\n";
  }
  return text + "\n### END RULES ###\n";
}

std::string UserRulesFile(const State& state) {
  std::string text(kUserRulesHeader);
  text += UserRulesSection(state);
  text += "\n### LOGGING ###\n";
  for (const internal::LoggingRule& rule : internal::LoggingRules(state)) {
    text += rule.UserRulesLine() + "\n";
  }
  text += "### END LOGGING ###\n\n### RATE LIMITING ###\n";
  if (state.log_level != LogLevel::kOff) {
    text +=
        "-A ufw-user-limit -m limit --limit 3/minute -j LOG --log-prefix "
        "\"[UFW LIMIT BLOCK] \"\n";
  }
  text += "-A ufw-user-limit -j REJECT\n-A ufw-user-limit-accept -j ACCEPT\n";
  return text + "### END RATE LIMITING ###\nCOMMIT\n";
}

Result<std::string> MergeIntoIptablesSave(std::string_view existing, const State& state) {
  std::vector<Line> lines = SplitLines(existing);
  size_t filter = 0;
  while (filter < lines.size() && lines[filter].text != "*filter") ++filter;
  if (filter == lines.size()) {
    if (!state.enabled) return std::string(existing);
    std::string text(existing);
    if (!text.empty() && text.back() != '\n') text += '\n';
    return text + IptablesSaveText(state);
  }
  size_t commit = filter + 1;
  while (commit < lines.size() && lines[commit].text != "COMMIT") ++commit;
  if (commit == lines.size()) {
    return Status::InvalidArgument(
        fmt::format("line {}: the *filter table has no COMMIT line", filter + 1));
  }
  std::vector<std::string_view> body;
  for (size_t i = filter + 1; i < commit; ++i) body.push_back(lines[i].text);
  auto parsed = FilterTable::Parse(body, static_cast<int>(filter) + 2);
  if (!parsed.ok()) return parsed.status();
  FilterTable table = std::move(parsed).value();
  // A stopped ufw keeps its primary chains and the jumps to them; ufw-init then adds no
  // new jumps when it starts again.
  bool ran_before = table.HasChain("ufw-before-logging-input");
  if (!state.enabled) {
    if (!ran_before) return std::string(existing);  // ufw never touched this node
    internal::StopUfw(&table);
  } else {
    internal::LoadUfw(state, /*hook_builtins=*/!ran_before, &table);
  }
  return std::string(existing.substr(0, lines[filter].begin)) + table.Render() +
         std::string(existing.substr(lines[commit].end));
}

}  // namespace tunnelsim::ufw
