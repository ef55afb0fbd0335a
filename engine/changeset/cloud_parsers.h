// The per-command parsers behind ParseCloudCommand. Each takes the words after the command
// path (`args`), reports at the words' positions, appends its change bodies to `out` and
// returns false on error. `anchor` is the last word of the command path, where errors about
// the command as a whole (a missing option) point. Internal to engine/changeset.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "engine/changeset/command_context.h"

namespace tunnelsim {

using AzCommandParser = bool (*)(const CommandContext& ctx, const ShellWord& anchor,
                                 std::span<const ShellWord> args, std::vector<ChangeBody>* out);

// az_nsg_command.cc
bool ParseAzNsgRuleCreate(const CommandContext& ctx, const ShellWord& anchor,
                          std::span<const ShellWord> args, std::vector<ChangeBody>* out);
bool ParseAzNsgRuleUpdate(const CommandContext& ctx, const ShellWord& anchor,
                          std::span<const ShellWord> args, std::vector<ChangeBody>* out);
bool ParseAzNsgRuleDelete(const CommandContext& ctx, const ShellWord& anchor,
                          std::span<const ShellWord> args, std::vector<ChangeBody>* out);

// az_aks_command.cc
bool ParseAzAksUpdate(const CommandContext& ctx, const ShellWord& anchor,
                      std::span<const ShellWord> args, std::vector<ChangeBody>* out);
bool ParseAzAksNodepoolScale(const CommandContext& ctx, const ShellWord& anchor,
                             std::span<const ShellWord> args, std::vector<ChangeBody>* out);

// az_vmss_command.cc
bool ParseAzVmssRunCommandInvoke(const CommandContext& ctx, const ShellWord& anchor,
                                 std::span<const ShellWord> args, std::vector<ChangeBody>* out);

// kubectl_command.cc: the whole line, words[0] being kubectl.
bool ParseKubectlCommand(const CommandContext& ctx, std::vector<ChangeBody>* out);

// kubectl_patch.cc: a configmap patch, {"data": {"key": "string", ...}} as JSON, -> the data
// it sets. Reports and returns nullopt for anything else (other fields, non-string or null
// values, YAML, a JSON syntax error with Go's message).
std::optional<SetAutoscaler> ReadConfigMapPatch(const CommandContext& ctx, const ArgValue& patch);

}  // namespace tunnelsim
