#include "engine/changeset/cloud_command.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "engine/changeset/cloud_parsers.h"

namespace tunnelsim {
namespace {

constexpr std::string_view kSupportedAz =
    "az network nsg rule create|update|delete, az aks update, az aks nodepool scale, "
    "az vmss run-command invoke";
constexpr std::string_view kSupportedPrograms =
    "az (network nsg rule create|update|delete, aks update, aks nodepool scale, vmss "
    "run-command invoke), kubectl patch, ufw or iptables";

struct AzCommand {
  std::array<std::string_view, 4> path;
  size_t length;
  AzCommandParser parse;
};

constexpr AzCommand kAzCommands[] = {
    {{"network", "nsg", "rule", "create"}, 4, ParseAzNsgRuleCreate},
    {{"network", "nsg", "rule", "update"}, 4, ParseAzNsgRuleUpdate},
    {{"network", "nsg", "rule", "delete"}, 4, ParseAzNsgRuleDelete},
    {{"aks", "update"}, 2, ParseAzAksUpdate},
    {{"aks", "nodepool", "scale"}, 3, ParseAzAksNodepoolScale},
    {{"vmss", "run-command", "invoke"}, 3, ParseAzVmssRunCommandInvoke},
};

std::string_view Program(const ShellWord& word) {
  std::string_view text(word.text);
  size_t slash = text.rfind('/');
  return slash == std::string_view::npos ? text : text.substr(slash + 1);
}

bool IsIptables(std::string_view program) {
  return program == "iptables" || program == "iptables-nft" || program == "iptables-legacy";
}

// How many words after `az` continue `command`'s path.
size_t Matched(const CommandContext& ctx, const AzCommand& command) {
  size_t n = 0;
  while (n < command.length && n + 1 < ctx.words.size() &&
         ctx.words[n + 1].text == command.path[n]) {
    ++n;
  }
  return n;
}

bool ParseAz(const CommandContext& ctx, std::vector<ChangeBody>* out) {
  size_t best = 0;
  for (const AzCommand& command : kAzCommands) {
    size_t n = Matched(ctx, command);
    if (n == command.length) {
      std::span<const ShellWord> args(ctx.words);
      return command.parse(ctx, ctx.words[n], args.subspan(n + 1), out);
    }
    best = std::max(best, n);
  }
  // Name the command as written, up to its first option.
  std::string written = "az";
  for (size_t i = 1; i < ctx.words.size() && i <= 5 && !ctx.words[i].text.starts_with("-"); ++i) {
    written += " " + ctx.words[i].text;
  }
  size_t at = std::min(best + 1, ctx.words.size() - 1);
  ctx.Error(ctx.PosOf(ctx.words[at]), fmt::format("'{}' is not a change tunnelsim models; "
                                                  "supported: {}",
                                                  written, kSupportedAz));
  return false;
}

// Splits the line; reports and returns nullopt when it is not one simple command.
std::optional<CommandContext> Split(const LString& text, const std::string& file, Diagnostics* d,
                                    const ScenarioLimits& limits) {
  ShellSplit split = SplitShellWords(text.value);
  CommandContext ctx{text, std::move(split.words), file, d, limits};
  if (!split.ok()) {
    ctx.Error(ctx.PosAt(split.error_offset), split.error);
    return std::nullopt;
  }
  if (ctx.words.empty()) {
    ctx.Error(text.pos,
              fmt::format("the command line has no command; expected {}", kSupportedPrograms));
    return std::nullopt;
  }
  return ctx;
}

bool ParseCloud(const CommandContext& ctx, std::vector<ChangeBody>* out) {
  std::vector<ChangeBody> bodies;
  std::string_view program = Program(ctx.words.front());
  bool ok = false;
  if (program == "az") {
    ok = ParseAz(ctx, &bodies);
  } else if (program == "kubectl") {
    ok = ParseKubectlCommand(ctx, &bodies);
  } else {
    ctx.Error(
        ctx.PosOf(ctx.words.front()),
        fmt::format("'{}' is not a cloud tool; expected az or kubectl", ctx.words.front().text));
  }
  if (!ok) return false;
  for (ChangeBody& body : bodies) out->push_back(std::move(body));
  return true;
}

}  // namespace

bool ParseCloudCommand(const LString& text, const std::string& file, std::vector<ChangeBody>* out,
                       Diagnostics* d, const ScenarioLimits& limits) {
  std::optional<CommandContext> ctx = Split(text, file, d, limits);
  return ctx && ParseCloud(*ctx, out);
}

bool ParseCommandChange(const LString& text, const LString& node_pool, const LString& node,
                        const std::string& file, std::vector<ChangeBody>* out, Diagnostics* d,
                        const ScenarioLimits& limits) {
  std::optional<CommandContext> ctx = Split(text, file, d, limits);
  if (!ctx) return false;
  const ShellWord& first = ctx->words.front();
  std::string_view program = Program(first);
  bool target = !node_pool.value.empty() || !node.value.empty();
  if (program == "az" || program == "kubectl") {
    if (target) {
      const LString& given = node_pool.value.empty() ? node : node_pool;
      ctx->Error(given.pos, fmt::format("'{}' applies to ufw and iptables commands; {} commands "
                                        "name what they change themselves",
                                        node_pool.value.empty() ? "node" : "nodePool", program));
      return false;
    }
    return ParseCloud(*ctx, out);
  }
  if (program == "ufw" || IsIptables(program)) {
    if (!target) {
      ctx->Error(ctx->PosOf(first),
                 fmt::format("a {} command runs on nodes; expected 'nodePool' (every node of "
                             "the pool) or 'node' with it",
                             program));
      return false;
    }
    std::optional<Command> command = ParseHostCommand(*ctx, ctx->words);
    if (!command) return false;
    command->node_pool = node_pool;
    command->node = node;
    out->push_back(std::move(*command));
    return true;
  }
  ctx->Error(ctx->PosOf(first), fmt::format("'{}' is not a supported command; expected {}",
                                            first.text, kSupportedPrograms));
  return false;
}

}  // namespace tunnelsim
