// kubectl patch of the konnectivity-agent-autoscaler configmap (Solution 6). Flags are read
// as kubectl's pflag reads them (--flag value, --flag=value, -n value, -nvalue, -n=value,
// flags before or after the subcommand); errors use kubectl's texts where they exist.
#include <fmt/format.h>

#include "engine/changeset/cloud_parsers.h"

namespace tunnelsim {
namespace {

constexpr std::string_view kConfigMap = "konnectivity-agent-autoscaler";
constexpr std::string_view kSupported =
    "kubectl patch configmap konnectivity-agent-autoscaler -n kube-system --type merge "
    "-p '{\"data\":{\"ladder\":\"...\"}}'";

struct KubectlFlag {
  std::string_view name;  // "--namespace"
  char shorthand = '\0';  // 'n'
  bool boolean = false;
  std::string_view refused = {};  // why tunnelsim refuses it; empty: accepted
};

constexpr KubectlFlag kFlags[] = {
    {"--patch", 'p'},
    {"--type", '\0'},
    {"--namespace", 'n'},
    {"--output", 'o'},
    {"--field-manager", '\0'},
    {"--record", '\0', true},
    {"--context", '\0'},
    {"--kubeconfig", '\0'},
    {"--cluster", '\0'},
    {"--user", '\0'},
    {"--request-timeout", '\0'},
    {"--v", 'v'},
    {"--patch-file", '\0', false,
     "reads the patch from a file; expected the patch inline, -p '{...}'"},
    {"--filename", 'f', false,
     "names the object by a file; expected configmap "
     "konnectivity-agent-autoscaler"},
    {"--kustomize", 'k', false,
     "names the object by a kustomization; expected configmap "
     "konnectivity-agent-autoscaler"},
    {"--dry-run", '\0', false, "changes nothing in the cluster; expected a command that does"},
    {"--local", '\0', true, "patches a local copy and changes nothing in the cluster"},
    {"--subresource", '\0', false,
     "patches a subresource; a configmap's data is the object "
     "itself"},
};

struct GivenFlag {
  const KubectlFlag* spec;
  const ShellWord* word;
  ArgValue value;
};

const KubectlFlag* FindLong(std::string_view name) {
  for (const KubectlFlag& f : kFlags) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const KubectlFlag* FindShort(char c) {
  for (const KubectlFlag& f : kFlags) {
    if (f.shorthand == c) return &f;
  }
  return nullptr;
}

// Splits the words after `kubectl` into flags and positional arguments. Reports and returns
// false on a flag kubectl would refuse.
bool ReadFlags(const CommandContext& ctx, std::vector<GivenFlag>* flags,
               std::vector<const ShellWord*>* positional) {
  bool ok = true;
  bool only_positional = false;
  for (size_t i = 1; i < ctx.words.size(); ++i) {
    const ShellWord& w = ctx.words[i];
    const std::string& t = w.text;
    if (only_positional || t.size() < 2 || t[0] != '-') {
      positional->push_back(&w);
      continue;
    }
    if (t == "--") {
      only_positional = true;
      continue;
    }
    const KubectlFlag* spec = nullptr;
    std::optional<size_t> inline_value;  // index in t where an attached value starts
    std::string shown;                   // how pflag names the flag in errors
    if (t.starts_with("--")) {
      size_t eq = t.find('=');
      std::string name = t.substr(0, eq);
      spec = FindLong(name);
      if (eq != std::string::npos) inline_value = eq + 1;
      shown = name;
      if (spec == nullptr) {
        ctx.Error(ctx.PosOf(w), fmt::format("unknown flag: {}", name));
        ok = false;
        continue;
      }
    } else {
      spec = FindShort(t[1]);
      if (t.size() > 2) inline_value = t[2] == '=' ? 3 : 2;
      shown = fmt::format("'{}' in -{}", t[1], t[1]);
      if (spec == nullptr) {
        ctx.Error(ctx.PosOf(w), fmt::format("unknown shorthand flag: '{}' in {}", t[1], t));
        ok = false;
        continue;
      }
    }
    GivenFlag given{spec, &w, {}};
    if (inline_value) {
      given.value = {t.substr(*inline_value), &w, *inline_value};
    } else if (spec->boolean) {
      given.value = {"true", &w, 0};
    } else if (i + 1 < ctx.words.size()) {
      const ShellWord& next = ctx.words[++i];
      given.value = {next.text, &next, 0};
    } else {
      ctx.Error(ctx.PosOf(w), fmt::format("flag needs an argument: {}", shown));
      ok = false;
      continue;
    }
    if (!spec->refused.empty()) {
      ctx.Error(ctx.PosOf(w), fmt::format("{} {}", spec->name, spec->refused));
      ok = false;
      continue;
    }
    flags->push_back(given);
  }
  return ok;
}

const GivenFlag* Last(const std::vector<GivenFlag>& flags, std::string_view name) {
  const GivenFlag* found = nullptr;
  for (const GivenFlag& f : flags) {
    if (f.spec->name == name) found = &f;
  }
  return found;
}

bool IsConfigMapType(std::string_view type) {
  return EqualsIgnoreCase(type, "configmap") || EqualsIgnoreCase(type, "configmaps") ||
         EqualsIgnoreCase(type, "cm");
}

}  // namespace

bool ParseKubectlCommand(const CommandContext& ctx, std::vector<ChangeBody>* out) {
  std::vector<GivenFlag> flags;
  std::vector<const ShellWord*> args;
  if (!ReadFlags(ctx, &flags, &args)) return false;
  const ShellWord& program = ctx.words.front();
  if (args.empty()) {
    ctx.Error(ctx.PosOf(program),
              fmt::format("kubectl without a command; expected {}", kSupported));
    return false;
  }
  const ShellWord& verb = *args.front();
  if (verb.text == "edit") {
    ctx.Error(ctx.PosOf(verb), fmt::format("kubectl edit opens an editor; expected the change "
                                           "written as {}",
                                           kSupported));
    return false;
  }
  if (verb.text != "patch") {
    ctx.Error(ctx.PosOf(verb), fmt::format("'kubectl {}' is not a change tunnelsim models; "
                                           "expected {}",
                                           verb.text, kSupported));
    return false;
  }
  // TYPE NAME or TYPE/NAME.
  std::string type, name;
  const ShellWord* name_word = args.size() > 1 ? args[1] : nullptr;
  size_t name_start = 0;
  if (args.size() == 2 && args[1]->text.find('/') != std::string::npos) {
    size_t slash = args[1]->text.find('/');
    type = args[1]->text.substr(0, slash);
    name = args[1]->text.substr(slash + 1);
    name_start = slash + 1;
  } else if (args.size() == 3) {
    type = args[1]->text;
    name = args[2]->text;
    name_word = args[2];
  } else {
    const ShellWord& where = args.size() > 3 ? *args[3] : verb;
    ctx.Error(ctx.PosOf(where),
              fmt::format("kubectl patch takes one object, TYPE NAME or TYPE/NAME; expected "
                          "configmap {}",
                          kConfigMap));
    return false;
  }
  if (!IsConfigMapType(type)) {
    ctx.Error(ctx.PosOf(*args[1]),
              fmt::format("kubectl patch {}: tunnelsim models the configmap {} in kube-system "
                          "only (the agent deployment's resources are an agentResources: "
                          "change)",
                          type, kConfigMap));
    return false;
  }
  bool ok = true;
  if (name != kConfigMap) {
    ctx.Error(ctx.PosOf(*name_word, name_start),
              fmt::format("configmap '{}' is not modelled; expected {} (the konnectivity "
                          "agent's cluster-proportional autoscaler)",
                          name, kConfigMap));
    ok = false;
  }
  const GivenFlag* ns = Last(flags, "--namespace");
  if (ns == nullptr) {
    ctx.Error(ctx.PosOf(verb),
              fmt::format("configmap {} is in kube-system; without -n kubectl looks in the "
                          "context's namespace (usually default), where it is not found; "
                          "expected -n kube-system",
                          kConfigMap));
    ok = false;
  } else if (ns->value.text != "kube-system") {
    ctx.Error(ns->value.PosAt(ctx),
              fmt::format("configmaps \"{}\" not found in namespace '{}'; expected -n "
                          "kube-system",
                          kConfigMap, ns->value.text));
    ok = false;
  }
  if (const GivenFlag* type_flag = Last(flags, "--type")) {
    const std::string& t = type_flag->value.text;
    if (t == "json") {
      ctx.Error(type_flag->value.PosAt(ctx),
                "--type json is a JSON Patch (a list of operations); tunnelsim reads merge and "
                "strategic patches of the configmap's data, expected --type merge");
      ok = false;
    } else if (t != "merge" && t != "strategic") {
      ctx.Error(type_flag->value.PosAt(ctx),
                fmt::format("--type must be one of [json merge strategic], not \"{}\"", t));
      ok = false;
    }
  }
  const GivenFlag* patch = Last(flags, "--patch");
  if (patch == nullptr) {
    ctx.Error(ctx.PosOf(verb),
              "must specify --patch or --patch-file containing the contents of the patch");
    return false;
  }
  std::optional<SetAutoscaler> change = ReadConfigMapPatch(ctx, patch->value);
  if (!change || !ok) return false;
  out->push_back(std::move(*change));
  return true;
}

}  // namespace tunnelsim
