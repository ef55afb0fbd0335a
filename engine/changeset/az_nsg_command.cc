// az network nsg rule create | update | delete.
#include <fmt/format.h>

#include "engine/changeset/az_args.h"
#include "engine/changeset/cloud_parsers.h"
#include "engine/network/nsg_build.h"
#include "models/nsg/security_rule.h"

namespace tunnelsim {
namespace {

constexpr std::string_view kDirections[] = {"Inbound", "Outbound"};
constexpr std::string_view kAccesses[] = {"Allow", "Deny"};
constexpr std::string_view kProtocols[] = {"*", "Ah", "Esp", "Icmp", "Tcp", "Udp"};

constexpr std::string_view kAsgRefused =
    "names application security groups, which tunnelsim does not model; expected address "
    "prefixes (--source-address-prefixes / --destination-address-prefixes)";
constexpr std::string_view kIdsRefused =
    "names the rule by resource ID; expected --resource-group, --nsg-name and --name";
constexpr std::string_view kGenericRefused =
    "is a generic update argument; expected the named options (--priority, --access, "
    "--destination-port-ranges, ...)";

// The options of `az network nsg rule create` and `update` (Azure/azure-cli, network module:
// aaz/latest/network/nsg/rule/_create.py and _update.py; NSGRuleCreate makes --priority
// required and unregisters the singular --source-address-prefix style options).
constexpr AzOption kCreateOptions[] = {
    {"--resource-group", "-g", AzArity::kOne, true},
    {"--nsg-name", "", AzArity::kOne, true},
    {"--name", "-n", AzArity::kOne, true},
    {"--priority", "", AzArity::kOne, true},
    {"--direction", "", AzArity::kOne, false, kDirections},
    {"--access", "", AzArity::kOne, false, kAccesses},
    {"--protocol", "", AzArity::kOne, false, kProtocols},
    {"--source-address-prefixes", "", AzArity::kList},
    {"--source-port-ranges", "", AzArity::kList},
    {"--destination-address-prefixes", "", AzArity::kList},
    {"--destination-port-ranges", "", AzArity::kList},
    {"--description", "", AzArity::kOne},
    {"--no-wait", "", AzArity::kFlag},
    {"--source-asgs", "", AzArity::kList, false, {}, kAsgRefused},
    {"--destination-asgs", "", AzArity::kList, false, {}, kAsgRefused},
    {"--ids", "", AzArity::kList, false, {}, kIdsRefused},
};
constexpr AzOption kUpdateOptions[] = {
    {"--resource-group", "-g", AzArity::kOne, true},
    {"--nsg-name", "", AzArity::kOne, true},
    {"--name", "-n", AzArity::kOne, true},
    {"--priority", "", AzArity::kOne},
    {"--direction", "", AzArity::kOne, false, kDirections},
    {"--access", "", AzArity::kOne, false, kAccesses},
    {"--protocol", "", AzArity::kOne, false, kProtocols},
    {"--source-address-prefixes", "", AzArity::kList},
    {"--source-port-ranges", "", AzArity::kList},
    {"--destination-address-prefixes", "", AzArity::kList},
    {"--destination-port-ranges", "", AzArity::kList},
    {"--description", "", AzArity::kOne},
    {"--no-wait", "", AzArity::kFlag},
    {"--source-asgs", "", AzArity::kList, false, {}, kAsgRefused},
    {"--destination-asgs", "", AzArity::kList, false, {}, kAsgRefused},
    {"--ids", "", AzArity::kList, false, {}, kIdsRefused},
    {"--set", "", AzArity::kList, false, {}, kGenericRefused},
    {"--add", "", AzArity::kList, false, {}, kGenericRefused},
    {"--remove", "", AzArity::kList, false, {}, kGenericRefused},
    {"--force-string", "", AzArity::kFlag, false, {}, kGenericRefused},
};
constexpr AzOption kDeleteOptions[] = {
    {"--resource-group", "-g", AzArity::kOne, true},
    {"--nsg-name", "", AzArity::kOne, true},
    {"--name", "-n", AzArity::kOne, true},
    {"--no-wait", "", AzArity::kFlag},
    {"--ids", "", AzArity::kList, false, {}, kIdsRefused},
};

const AzOption& Spec(std::span<const AzOption> options, std::string_view name) {
  for (const AzOption& o : options) {
    if (o.name == name) return o;
  }
  return options.front();  // unreachable: every caller names an option of the table
}

std::vector<LString> LocatedValues(const CommandContext& ctx, const AzParsedOption& option) {
  std::vector<LString> out;
  for (const ArgValue& v : option.values) out.push_back(v.ToLString(ctx));
  return out;
}

// The NSG's name follows ARM's naming rule (checked here: applying needs the NSG to exist).
bool CheckNsgName(const CommandContext& ctx, const ArgValue& value) {
  Status s = nsg::ValidateResourceName("network security group name", value.text);
  if (!s.ok()) ctx.Error(value.PosAt(ctx), s.message());
  return s.ok();
}

// Custom rules take 100-4096 (reference/azure.md §1.1); az passes any int to ARM, which
// refuses the rest.
std::optional<Located<int64_t>> Priority(const CommandContext& ctx,
                                         std::span<const AzOption> options, const ArgValue& value) {
  auto n = AzIntValue(ctx, Spec(options, "--priority"), value);
  if (!n) return std::nullopt;
  if (n->value < nsg::kMinCustomPriority || n->value > nsg::kMaxCustomPriority) {
    ctx.Error(n->pos, fmt::format("--priority is {}; custom rules take {} (highest) to {} "
                                  "(lowest)",
                                  n->value, nsg::kMinCustomPriority, nsg::kMaxCustomPriority));
    return std::nullopt;
  }
  return n;
}

// A list option's values as az sends them: strings checked by the NSG model's parsers.
bool CheckList(const CommandContext& ctx, const AzParsedOption& option, bool ports) {
  bool ok = true;
  for (const ArgValue& v : option.values) {
    Status s = ports ? nsg::ParsePortSpec(v.text).status()
                     : nsg::ParseAddressPrefixes(std::string_view(v.text)).status();
    if (!s.ok()) {
      ctx.Error(v.PosAt(ctx), s.message());
      ok = false;
    }
  }
  return ok;
}

}  // namespace

bool ParseAzNsgRuleCreate(const CommandContext& ctx, const ShellWord& anchor,
                          std::span<const ShellWord> args, std::vector<ChangeBody>* out) {
  auto parsed = AzArgs::Parse(ctx, "az network nsg rule create", anchor, args, kCreateOptions);
  if (!parsed) return false;
  const AzArgs& a = *parsed;
  SourcePos here = ctx.PosOf(anchor);
  AddSecurityRule change;
  change.network_security_group = a.Value("--nsg-name")->ToLString(ctx);
  SecurityRuleSpec& rule = change.rule;
  rule.pos = here;
  rule.name = a.Value("--name")->ToLString(ctx);
  bool ok = CheckNsgName(ctx, *a.Value("--nsg-name"));
  if (auto p = Priority(ctx, kCreateOptions, *a.Value("--priority"))) {
    rule.priority = *p;
  } else {
    // Reported; a valid stand-in lets the other fields be checked without a second error.
    rule.priority = {nsg::kMinCustomPriority, here};
    ok = false;
  }
  // az's defaults for what is not given (aaz/latest/network/nsg/rule/_create.py): direction
  // Inbound, access Allow, protocol "*", address prefixes "*", source ports "*", destination
  // ports "80". They point at the command, which is where they come from.
  auto one = [&](std::string_view name, std::string_view fallback) -> LString {
    const ArgValue* v = a.Value(name);
    return v != nullptr ? v->ToLString(ctx) : LString(std::string(fallback), here);
  };
  auto list = [&](std::string_view name, std::string_view fallback) -> std::vector<LString> {
    const AzParsedOption* o = a.Get(name);
    return o != nullptr ? LocatedValues(ctx, *o)
                        : std::vector<LString>{LString(std::string(fallback), here)};
  };
  rule.direction = one("--direction", "Inbound");
  rule.access = one("--access", "Allow");
  rule.protocol = one("--protocol", "*");
  rule.source_address_prefixes = list("--source-address-prefixes", "*");
  rule.source_port_ranges = list("--source-port-ranges", "*");
  rule.destination_address_prefixes = list("--destination-address-prefixes", "*");
  rule.destination_port_ranges = list("--destination-port-ranges", "80");
  if (const ArgValue* d = a.Value("--description")) rule.description = d->text;
  // Field syntax and the whole-rule checks (name, one service tag per side), as for an
  // addSecurityRule entry.
  if (!BuildSecurityRule(rule, ctx.file, ctx.diagnostics)) ok = false;
  if (!ok) return false;
  out->push_back(std::move(change));
  return true;
}

bool ParseAzNsgRuleUpdate(const CommandContext& ctx, const ShellWord& anchor,
                          std::span<const ShellWord> args, std::vector<ChangeBody>* out) {
  auto parsed = AzArgs::Parse(ctx, "az network nsg rule update", anchor, args, kUpdateOptions);
  if (!parsed) return false;
  const AzArgs& a = *parsed;
  PatchSecurityRule change;
  change.network_security_group = a.Value("--nsg-name")->ToLString(ctx);
  change.name = a.Value("--name")->ToLString(ctx);
  bool ok = CheckNsgName(ctx, *a.Value("--nsg-name"));
  if (Status s = nsg::ValidateRuleName(change.name.value); !s.ok()) {
    ctx.Error(change.name.pos, s.message());
    ok = false;
  }
  if (const ArgValue* v = a.Value("--priority")) {
    change.priority = Priority(ctx, kUpdateOptions, *v);
    ok = ok && change.priority.has_value();
  }
  if (const ArgValue* v = a.Value("--direction")) change.direction = v->ToLString(ctx);
  if (const ArgValue* v = a.Value("--access")) change.access = v->ToLString(ctx);
  if (const ArgValue* v = a.Value("--protocol")) change.protocol = v->ToLString(ctx);
  auto list = [&](std::string_view name, bool ports, std::optional<std::vector<LString>>* field) {
    if (const AzParsedOption* o = a.Get(name)) {
      ok = CheckList(ctx, *o, ports) && ok;
      *field = LocatedValues(ctx, *o);
    }
  };
  list("--source-address-prefixes", false, &change.source_address_prefixes);
  list("--source-port-ranges", true, &change.source_port_ranges);
  list("--destination-address-prefixes", false, &change.destination_address_prefixes);
  list("--destination-port-ranges", true, &change.destination_port_ranges);
  if (const ArgValue* v = a.Value("--description")) change.description = v->text;
  if (!ok) return false;
  out->push_back(std::move(change));
  return true;
}

bool ParseAzNsgRuleDelete(const CommandContext& ctx, const ShellWord& anchor,
                          std::span<const ShellWord> args, std::vector<ChangeBody>* out) {
  auto parsed = AzArgs::Parse(ctx, "az network nsg rule delete", anchor, args, kDeleteOptions);
  if (!parsed) return false;
  if (!CheckNsgName(ctx, *parsed->Value("--nsg-name"))) return false;
  out->push_back(RemoveSecurityRule{parsed->Value("--nsg-name")->ToLString(ctx),
                                    parsed->Value("--name")->ToLString(ctx)});
  return true;
}

}  // namespace tunnelsim
