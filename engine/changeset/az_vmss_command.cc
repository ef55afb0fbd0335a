// az vmss run-command invoke on an AKS node pool's scale set: how the article runs ufw on a
// node (Solutions 2a and 2b). Each line of --scripts must be a ufw or iptables command; it
// becomes a Command on the node that --name and --instance-id name.
#include <cctype>

#include <fmt/format.h>

#include "engine/changeset/az_args.h"
#include "engine/changeset/cloud_parsers.h"

namespace tunnelsim {
namespace {

constexpr AzOption kInvokeOptions[] = {
    {"--resource-group", "-g", AzArity::kOne, true},
    {"--name", "-n", AzArity::kOne, true},
    {"--command-id", "", AzArity::kOne, true},
    {"--instance-id", "", AzArity::kOne, true},
    {"--scripts", "", AzArity::kList},
    {"--parameters",
     "",
     AzArity::kList,
     false,
     {},
     "passes script parameters, which tunnelsim does not model; expected the values written "
     "into --scripts"},
};

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// An AKS pool's scale set is aks-<pool>-<8 digits>-vmss; its instances' computer names append
// the instance id in base 36, six characters wide (nodes.h names the nodes the same way).
bool IsAksScaleSet(std::string_view name) {
  if (!name.starts_with("aks-") || !name.ends_with("-vmss")) return false;
  std::string_view middle = name.substr(4, name.size() - 4 - 5);
  size_t dash = middle.rfind('-');
  return dash != std::string_view::npos && dash > 0 && middle.size() - dash - 1 == 8 &&
         AllDigits(middle.substr(dash + 1));
}

std::string NodeName(std::string_view scale_set, uint64_t instance) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string suffix(6, '0');
  for (int i = 5; i >= 0 && instance > 0; --i) {
    suffix[static_cast<size_t>(i)] = kDigits[instance % 36];
    instance /= 36;
  }
  return std::string(scale_set) + suffix;
}

// One --scripts line: its own shell words, with offsets moved into the command's line.
std::optional<std::vector<ShellWord>> ScriptWords(const CommandContext& ctx,
                                                  const ArgValue& script) {
  ShellSplit split = SplitShellWords(script.text);
  if (!split.ok()) {
    ctx.Error(script.PosAt(ctx, split.error_offset), split.error);
    return std::nullopt;
  }
  if (split.words.empty()) {
    ctx.Error(script.PosAt(ctx), "the script is empty; expected a ufw or iptables command");
    return std::nullopt;
  }
  for (ShellWord& word : split.words) {
    word.offset = script.word->OffsetOf(script.start + word.offset);
    for (size_t& at : word.char_offsets) at = script.word->OffsetOf(script.start + at);
  }
  return split.words;
}

}  // namespace

bool ParseAzVmssRunCommandInvoke(const CommandContext& ctx, const ShellWord& anchor,
                                 std::span<const ShellWord> args, std::vector<ChangeBody>* out) {
  auto parsed = AzArgs::Parse(ctx, "az vmss run-command invoke", anchor, args, kInvokeOptions);
  if (!parsed) return false;
  const AzArgs& a = *parsed;
  bool ok = true;
  const ArgValue& command_id = *a.Value("--command-id");
  if (!EqualsIgnoreCase(command_id.text, "RunShellScript")) {
    ctx.Error(command_id.PosAt(ctx),
              fmt::format("--command-id is '{}'; AKS Linux nodes run shell scripts, expected "
                          "RunShellScript",
                          command_id.text));
    ok = false;
  }
  const ArgValue& scale_set = *a.Value("--name");
  if (!IsAksScaleSet(scale_set.text)) {
    ctx.Error(scale_set.PosAt(ctx),
              fmt::format("--name is '{}'; expected an AKS node pool's scale set, "
                          "aks-<pool>-<8 digits>-vmss",
                          scale_set.text));
    ok = false;
  }
  const ArgValue& instance = *a.Value("--instance-id");
  std::optional<int64_t> id =
      AllDigits(instance.text) ? ParsePythonInt(instance.text) : std::nullopt;
  if (!id) {
    ctx.Error(instance.PosAt(ctx),
              fmt::format("--instance-id is '{}'; expected a scale set instance id such as 0",
                          instance.text));
    ok = false;
  }
  const AzParsedOption* scripts = a.Get("--scripts");
  if (scripts == nullptr) {
    ctx.Error(ctx.PosOf(anchor),
              "RunShellScript needs --scripts; expected the ufw or iptables command to run");
    return false;
  }
  std::vector<Command> commands;
  for (const ArgValue& script : scripts->values) {
    auto words = ScriptWords(ctx, script);
    if (!words) {
      ok = false;
      continue;
    }
    std::string program = (*words)[0].text;
    if (program != "ufw" && !program.ends_with("/ufw") && !program.starts_with("iptables") &&
        program.find("/iptables") == std::string::npos) {
      ctx.Error(ctx.PosOf((*words)[0]),
                fmt::format("the script runs '{}', which changes nothing tunnelsim models; "
                            "expected a ufw or iptables command",
                            program));
      ok = false;
      continue;
    }
    if (auto command = ParseHostCommand(ctx, *words)) {
      commands.push_back(std::move(*command));
    } else {
      ok = false;
    }
  }
  if (!ok) return false;
  LString node(NodeName(scale_set.text, static_cast<uint64_t>(*id)), instance.PosAt(ctx));
  for (Command& command : commands) {
    command.node = node;
    out->push_back(std::move(command));
  }
  return true;
}

}  // namespace tunnelsim
