#include "engine/hostfw/host_firewall.h"

#include <charconv>

#include <fmt/format.h>

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

std::unique_ptr<HostFirewall> HostFirewall::Build(const Scenario& scenario, const NodePool& pool,
                                                  Diagnostics* d) {
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
