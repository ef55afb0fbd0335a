#include "engine/hostfw/host_firewall.h"

#include <charconv>

#include <fmt/format.h>

#include "engine/hostfw/save_text.h"
#include "models/netfilter/iptables_command.h"
#include "models/netfilter/iptables_save_parser.h"
#include "models/ufw/generate.h"

namespace tunnelsim {
namespace {

// The model reports "line L, column C: message" (or "line L: message") relative to the text.
// Re-anchors it at the text's place in its file: an inline block scalar starts on the line
// after `iptables: |`, indented by `indent`.
void ReportTextError(const std::string& message, const std::string& file, SourcePos text_pos,
                     int indent, Diagnostics* d) {
  int line = 0, column = 0;
  std::string_view rest = message;
  if (rest.starts_with("line ")) {
    rest.remove_prefix(5);
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), line);
    rest.remove_prefix(static_cast<size_t>(p - rest.data()));
    if (rest.starts_with(", column ")) {
      rest.remove_prefix(9);
      auto [q, ec2] = std::from_chars(rest.data(), rest.data() + rest.size(), column);
      rest.remove_prefix(static_cast<size_t>(q - rest.data()));
    }
    if (rest.starts_with(":")) rest.remove_prefix(1);
    if (rest.starts_with(" ")) rest.remove_prefix(1);
  }
  if (line == 0) {
    d->Error(file, text_pos, fmt::format("iptables: {}", message));
    return;
  }
  SourcePos pos{line, column};
  if (text_pos.known()) pos = {text_pos.line + line, column == 0 ? indent + 1 : column + indent};
  d->Error(file, pos, fmt::format("iptables: {}", rest));
}

// The indentation of the first non-empty line after `line` (1-based) in `text`: where a YAML
// block scalar's content starts.
int BlockIndent(const std::string& text, int line) {
  size_t at = 0;
  for (int i = 1; i <= line && at != std::string::npos; ++i) {
    at = text.find('\n', at);
    if (at != std::string::npos) ++at;
  }
  while (at != std::string::npos && at < text.size()) {
    size_t end = text.find('\n', at);
    std::string_view row(text.data() + at, (end == std::string::npos ? text.size() : end) - at);
    size_t first = row.find_first_not_of(' ');
    if (first != std::string_view::npos) return static_cast<int>(first);
    at = end == std::string::npos ? end : end + 1;
  }
  return 0;
}

// The program a host command runs: "ufw", "iptables", or "" for anything else. A leading
// "sudo" and a path ("/usr/sbin/ufw") are allowed, as a user would type them.
std::string_view HostProgram(std::string_view line) {
  auto next_word = [&line]() {
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos) return std::string_view();
    size_t end = line.find_first_of(" \t", start);
    std::string_view word = line.substr(start, end == std::string_view::npos ? end : end - start);
    line.remove_prefix(end == std::string_view::npos ? line.size() : end);
    return word;
  };
  std::string_view word = next_word();
  if (word == "sudo") word = next_word();
  if (size_t slash = word.rfind('/'); slash != std::string_view::npos)
    word.remove_prefix(slash + 1);
  if (word == "ufw") return "ufw";
  if (word == "iptables" || word == "iptables-nft" || word == "iptables-legacy") return "iptables";
  return "";
}

}  // namespace

std::optional<ufw::State> BuildUfwState(const Scenario& scenario, const UfwSpec& spec,
                                        Diagnostics* d) {
  ufw::State state;
  bool ok = true;
  auto apply = [&](const std::string& line, SourcePos pos) {
    auto outcome = ufw::Apply(state, line);
    if (!outcome.ok()) {
      d->Error(scenario.file, pos, fmt::format("ufw {}: {}", line, outcome.status().message()));
      ok = false;
      return;
    }
    state = std::move(outcome).value().state;
  };
  apply("default " + spec.default_incoming.value + " incoming", spec.default_incoming.pos);
  apply("default " + spec.default_outgoing.value + " outgoing", spec.default_outgoing.pos);
  for (const LString& rule : spec.rules) apply(rule.value, rule.pos);
  if (spec.enabled.value) apply("--force enable", spec.enabled.pos);
  if (!ok) return std::nullopt;
  return state;
}

bool HostFirewall::ReplayCommand(const Scenario& scenario, const HostCommand& command,
                                 Diagnostics* d) {
  const std::string& file = command.file.empty() ? scenario.file : command.file;
  const std::string& line = command.text.value;
  std::string_view program = HostProgram(line);
  if (program == "ufw") {
    ufw::ApplyOptions options;
    options.ip_forward = true;  // AKS nodes forward pod traffic (reference/netfilter-ufw.md §4.5)
    auto outcome = ufw::Apply(ufw_, line, options);
    if (!outcome.ok()) {
      d->Error(file, command.text.pos, fmt::format("{}: {}", line, outcome.status().message()));
      return false;
    }
    ufw_ = std::move(outcome).value().state;
    auto merged = ufw::MergeIntoIptablesSave(effective_text_, ufw_);
    if (!merged.ok()) {
      d->Error(file, command.text.pos,
               fmt::format("{}: merging ufw's chains into the node's rules: {}", line,
                           merged.status().message()));
      return false;
    }
    effective_text_ = std::move(merged).value();
    return true;
  }
  if (program == "iptables") {
    auto parsed = netfilter::ParseIptablesCommand(line);
    if (!parsed.ok()) {
      d->Error(file, command.text.pos, fmt::format("{}: {}", line, parsed.status().message()));
      return false;
    }
    auto ruleset = netfilter::ParseIptablesSave(effective_text_);
    if (!ruleset.ok()) {
      d->Error(
          file, command.text.pos,
          fmt::format("{}: the node's rules do not parse: {}", line, ruleset.status().message()));
      return false;
    }
    Status applied = netfilter::ApplyIptablesCommand(*parsed, ruleset.value());
    if (!applied.ok()) {
      d->Error(file, command.text.pos, fmt::format("{}: {}", line, applied.message()));
      return false;
    }
    effective_text_ = FormatIptablesSave(*ruleset);
    has_iptables_ = true;
    return true;
  }
  d->Error(file, command.text.pos,
           fmt::format("host command '{}' runs neither ufw nor iptables; expected a ufw or "
                       "iptables command line",
                       line));
  return false;
}

std::unique_ptr<HostFirewall> HostFirewall::Build(const Scenario& scenario, const NodePool& pool,
                                                  Diagnostics* d, std::string_view node) {
  std::unique_ptr<HostFirewall> fw(new HostFirewall());
  auto state = BuildUfwState(scenario, pool.ufw, d);
  bool ok = state.has_value();
  if (state) fw->ufw_ = std::move(*state);

  const IptablesSpec& ipt = pool.iptables;
  fw->has_iptables_ = ipt.present;
  if (ipt.present) {
    auto parsed = netfilter::ParseIptablesSave(ipt.text);
    if (!parsed.ok()) {
      bool inline_text = ipt.file.value.empty();
      ReportTextError(parsed.status().message(), inline_text ? scenario.file : ipt.file.value,
                      inline_text ? ipt.text_pos : SourcePos{},
                      inline_text ? BlockIndent(scenario.source_text, ipt.text_pos.line) : 0, d);
      ok = false;
    }
  }
  if (!ok) return nullptr;

  if (fw->ufw_.enabled) {
    auto merged = ufw::MergeIntoIptablesSave(ipt.present ? ipt.text : "", fw->ufw_);
    if (!merged.ok()) {
      d->Error(
          scenario.file, pool.ufw.enabled.pos,
          fmt::format("merging ufw's chains into the node's rules: {}", merged.status().message()));
      return nullptr;
    }
    fw->effective_text_ = std::move(merged).value();
  } else if (ipt.present) {
    fw->effective_text_ = ipt.text;
  }
  for (const HostCommand& command : pool.host_commands) {
    if (!command.node.value.empty() && command.node.value != node) continue;
    if (!fw->ReplayCommand(scenario, command, d)) return nullptr;
  }
  auto ruleset = netfilter::ParseIptablesSave(fw->effective_text_);
  if (!ruleset.ok()) {
    d->Error(scenario.file, pool.pos,
             fmt::format("node pool '{}': the merged host rules do not parse: {}", pool.name.value,
                         ruleset.status().message()));
    return nullptr;
  }
  fw->ruleset_ = std::move(ruleset).value();
  fw->evaluator_ = std::make_unique<netfilter::Evaluator>(fw->ruleset_);
  return fw;
}

}  // namespace tunnelsim
