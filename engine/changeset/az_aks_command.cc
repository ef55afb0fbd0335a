// az aks update (outbound and API-server settings) and az aks nodepool scale. Flags, ranges
// and error texts are the CLI's own (Azure/azure-cli, acs module: _params.py, _validators.py,
// custom.py; reference/azure.md §3.2).
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/changeset/az_args.h"
#include "engine/changeset/cloud_parsers.h"
#include "models/core/ipv4.h"

namespace tunnelsim {
namespace {

constexpr std::string_view kOutboundTypes[] = {
    "loadBalancer", "userDefinedRouting", "managedNATGateway", "userAssignedNATGateway", "none"};
constexpr std::string_view kOutboundIpsRefused =
    "names public IP resources, which tunnelsim does not model; expected "
    "--load-balancer-managed-outbound-ip-count";

constexpr AzOption kUpdateOptions[] = {
    {"--resource-group", "-g", AzArity::kOne, true},
    {"--name", "-n", AzArity::kOne, true},
    {"--load-balancer-outbound-ports", "", AzArity::kOne},
    {"--load-balancer-managed-outbound-ip-count", "", AzArity::kOne},
    {"--load-balancer-idle-timeout", "", AzArity::kOne},
    {"--outbound-type", "", AzArity::kOne, false, kOutboundTypes},
    {"--nat-gateway-managed-outbound-ip-count", "", AzArity::kOne},
    {"--nat-gateway-idle-timeout", "", AzArity::kOne},
    {"--api-server-authorized-ip-ranges", "", AzArity::kOne},
    {"--yes", "-y", AzArity::kFlag},
    {"--no-wait", "", AzArity::kFlag},
    {"--load-balancer-outbound-ips", "", AzArity::kOne, false, {}, kOutboundIpsRefused},
    {"--load-balancer-outbound-ip-prefixes", "", AzArity::kOne, false, {}, kOutboundIpsRefused},
};

// `aks nodepool` names the pool --nodepool-name, --name or -n.
constexpr AzOption kScaleOptions[] = {
    {"--resource-group", "-g", AzArity::kOne, true},
    {"--cluster-name", "", AzArity::kOne, true},
    {"--name", "-n", AzArity::kOne, true, {}, {}, "--nodepool-name"},
    {"--node-count", "-c", AzArity::kOne},
    {"--no-wait", "", AzArity::kFlag},
};

const AzOption& Spec(std::span<const AzOption> options, std::string_view name) {
  for (const AzOption& o : options) {
    if (o.name == name) return o;
  }
  return options.front();  // unreachable: callers name options of the table
}

// An integer option checked against [lo, hi]; `range_error` is the message for a value
// outside it. Absent: nullopt and ok.
std::optional<Located<int64_t>> IntOption(const CommandContext& ctx, const AzArgs& args,
                                          std::span<const AzOption> options, std::string_view name,
                                          int64_t lo, int64_t hi, std::string_view range_error,
                                          bool* ok) {
  const ArgValue* value = args.Value(name);
  if (value == nullptr) return std::nullopt;
  auto n = AzIntValue(ctx, Spec(options, name), *value);
  if (n && (n->value < lo || n->value > hi)) {
    ctx.Error(n->pos, std::string(range_error));
    n.reset();
  }
  if (!n) *ok = false;
  return n;
}

// CPython's ipaddress (3.13) `_private_networks`, minus its two exceptions, plus the shared
// 100.64.0.0/10: what IPv4Network.is_global rejects. validate_ip_ranges relies on it.
bool IsGlobal(const Ipv4Prefix& prefix) {
  static constexpr std::string_view kNotGlobal[] = {
      "0.0.0.0/8",     "10.0.0.0/8",      "100.64.0.0/10",  "127.0.0.0/8",  "169.254.0.0/16",
      "172.16.0.0/12", "192.0.0.0/24",    "192.0.0.170/31", "192.0.2.0/24", "192.168.0.0/16",
      "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4",  "255.255.255.255/32"};
  static constexpr std::string_view kGlobalExceptions[] = {"192.0.0.9/32", "192.0.0.10/32"};
  Ipv4Range range = prefix.Range();
  auto within = [&](std::string_view text) {
    return Ipv4Prefix::Parse(text)->Range().Contains(range);
  };
  auto touches = [&](std::string_view text) {
    Ipv4Range other = Ipv4Prefix::Parse(text)->Range();
    return other.Contains(range.first) || other.Contains(range.last);
  };
  for (std::string_view e : kGlobalExceptions) {
    if (touches(e)) return true;
  }
  for (std::string_view n : kNotGlobal) {
    if (within(n)) return false;
  }
  return true;
}

// --api-server-authorized-ip-ranges: a comma list; "" clears it (validate_ip_ranges).
std::optional<SetAuthorizedIpRanges> IpRanges(const CommandContext& ctx, const ArgValue& value) {
  constexpr std::string_view kFlag = "--api-server-authorized-ip-ranges";
  SetAuthorizedIpRanges out;
  if (value.text.empty()) return out;
  std::vector<LString> ranges;
  for (size_t begin = 0; begin <= value.text.size();) {
    size_t comma = value.text.find(',', begin);
    if (comma == std::string::npos) comma = value.text.size();
    size_t first = begin, last = comma;
    while (first < last && std::isspace(static_cast<unsigned char>(value.text[first]))) ++first;
    while (last > first && std::isspace(static_cast<unsigned char>(value.text[last - 1]))) --last;
    ranges.push_back({value.text.substr(first, last - first), value.PosAt(ctx, first)});
    begin = comma + 1;
  }
  auto has = [&](std::string_view text) {
    for (const LString& r : ranges) {
      if (r.value == text) return true;
    }
    return false;
  };
  SourcePos at = value.PosAt(ctx);
  if (has("0.0.0.0/32") && ranges.size() > 1) {
    // The CLI's text, missing space included.
    ctx.Error(at,
              "Setting --api-server-authorized-ip-ranges to 0.0.0.0/32 is not allowed "
              "with other IP ranges.Refer to https://aka.ms/aks/whitelist for more details");
    return std::nullopt;
  }
  if (has("") && ranges.size() > 1) {
    ctx.Error(at, fmt::format("{} cannot be disabled and simultaneously enabled", kFlag));
    return std::nullopt;
  }
  for (const LString& r : ranges) {
    if (r.value == "0.0.0.0/32") continue;
    if (r.value.find(':') != std::string::npos) {
      ctx.Error(r.pos, fmt::format("{} cannot be IPv6 addresses", kFlag));
      return std::nullopt;
    }
    auto prefix = Ipv4Prefix::Parse(r.value, /*require_network_address=*/true);
    if (!prefix.ok()) {
      ctx.Error(r.pos, fmt::format("{} should be a list of IPv4 addresses or CIDRs", kFlag));
      return std::nullopt;
    }
    if (!IsGlobal(*prefix)) {
      ctx.Error(r.pos, fmt::format("{} must be global non-reserved addresses or CIDRs", kFlag));
      return std::nullopt;
    }
  }
  // AKS takes at most 200 ranges (reference/azure.md §5).
  if (ranges.size() > ctx.limits.max_authorized_ip_ranges) {
    ctx.Error(at, fmt::format("{} has {} ranges; AKS allows at most {}", kFlag, ranges.size(),
                              ctx.limits.max_authorized_ip_ranges));
    return std::nullopt;
  }
  out.ranges = std::move(ranges);
  return out;
}

}  // namespace

bool ParseAzAksUpdate(const CommandContext& ctx, const ShellWord& anchor,
                      std::span<const ShellWord> args, std::vector<ChangeBody>* out) {
  auto parsed = AzArgs::Parse(ctx, "az aks update", anchor, args, kUpdateOptions);
  if (!parsed) return false;
  const AzArgs& a = *parsed;
  bool ok = true;
  auto number = [&](std::string_view name, int64_t lo, int64_t hi, std::string_view error) {
    return IntOption(ctx, a, kUpdateOptions, name, lo, hi, error, &ok);
  };
  LoadBalancerSettings lb;
  // validate_load_balancer_outbound_ports checks the multiple of 8 first; its messages name
  // the option's former spelling, --load-balancer-allocated-ports.
  if (const ArgValue* v = a.Value("--load-balancer-outbound-ports")) {
    auto n = AzIntValue(ctx, Spec(kUpdateOptions, "--load-balancer-outbound-ports"), *v);
    if (n && n->value % 8 != 0) {
      ctx.Error(n->pos, "--load-balancer-allocated-ports must be a multiple of 8");
    } else if (n && (n->value < 0 || n->value > 64000)) {
      ctx.Error(n->pos, "--load-balancer-allocated-ports must be in the range [0,64000]");
    } else if (n) {
      lb.allocated_outbound_ports = n;
    }
    ok = ok && lb.allocated_outbound_ports.has_value();
  }
  // The CLI does not bound the IP count; the API takes 1-100 (reference/azure.md §3.1).
  lb.managed_outbound_ips = number("--load-balancer-managed-outbound-ip-count", 1, 100,
                                   "--load-balancer-managed-outbound-ip-count must be in the "
                                   "range [1,100]; AKS accepts 1 to 100 managed outbound IPs");
  // The CLI's bound, [4,100], is tighter than the API's 120 (reference/azure.md C1).
  lb.idle_timeout_in_minutes = number("--load-balancer-idle-timeout", 4, 100,
                                      "--load-balancer-idle-timeout must be in the range [4,100]");
  SetOutboundType outbound;
  if (const ArgValue* v = a.Value("--outbound-type")) outbound.type = v->ToLString(ctx);
  auto nat_ips = number("--nat-gateway-managed-outbound-ip-count", 1, 16,
                        "--nat-gateway-managed-outbound-ip-count must be in the range [1,16]");
  auto nat_idle = number("--nat-gateway-idle-timeout", 4, 120,
                         "--nat-gateway-idle-timeout must be in the range [4,120]");
  bool nat_given = a.Get("--nat-gateway-managed-outbound-ip-count") != nullptr ||
                   a.Get("--nat-gateway-idle-timeout") != nullptr;
  if (nat_given && !outbound.type.value.empty() && outbound.type.value != "managedNATGateway") {
    ctx.Error(outbound.type.pos,
              fmt::format("--outbound-type is {}; the --nat-gateway-* options configure a "
                          "managed NAT gateway (managedNATGateway)",
                          outbound.type.value));
    ok = false;
  }
  if (nat_given) {
    // Without --outbound-type the type stays as it is (an empty type); options not given
    // keep the API defaults, 1 IP and 4 minutes (reference/azure.md §3.1).
    outbound.has_nat_gateway = true;
    if (nat_ips) outbound.nat_gateway.managed_outbound_ips = *nat_ips;
    if (nat_idle) outbound.nat_gateway.idle_timeout_in_minutes = *nat_idle;
    if (outbound.type.value.empty()) outbound.type.pos = ctx.PosOf(anchor);
  }
  std::optional<SetAuthorizedIpRanges> ranges;
  if (const ArgValue* v = a.Value("--api-server-authorized-ip-ranges")) {
    ranges = IpRanges(ctx, *v);
    ok = ok && ranges.has_value();
  }
  bool lb_given = a.Get("--load-balancer-outbound-ports") != nullptr ||
                  a.Get("--load-balancer-managed-outbound-ip-count") != nullptr ||
                  a.Get("--load-balancer-idle-timeout") != nullptr;
  bool outbound_given = nat_given || a.Get("--outbound-type") != nullptr;
  bool ranges_given = a.Get("--api-server-authorized-ip-ranges") != nullptr;
  if (!lb_given && !outbound_given && !ranges_given) {
    ctx.Error(ctx.PosOf(anchor),
              "az aks update changes none of the settings tunnelsim models; expected one or "
              "more of --load-balancer-outbound-ports, --load-balancer-managed-outbound-ip-count, "
              "--load-balancer-idle-timeout, --outbound-type, "
              "--nat-gateway-managed-outbound-ip-count, --nat-gateway-idle-timeout, "
              "--api-server-authorized-ip-ranges");
    return false;
  }
  if (!ok) return false;
  if (lb_given) out->push_back(lb);
  if (outbound_given) out->push_back(outbound);
  if (ranges_given) out->push_back(std::move(*ranges));
  return true;
}

bool ParseAzAksNodepoolScale(const CommandContext& ctx, const ShellWord& anchor,
                             std::span<const ShellWord> args, std::vector<ChangeBody>* out) {
  auto parsed = AzArgs::Parse(ctx, "az aks nodepool scale", anchor, args, kScaleOptions);
  if (!parsed) return false;
  const ArgValue& name = *parsed->Value("--name");
  bool ok = true;
  // validate_nodepool_name.
  if (name.text.size() > 12) {
    ctx.Error(name.PosAt(ctx), "--nodepool-name can contain at most 12 characters");
    ok = false;
  } else {
    for (char c : name.text) {
      if (!std::isalnum(static_cast<unsigned char>(c))) {
        ctx.Error(name.PosAt(ctx), "--nodepool-name should contain only alphanumeric characters");
        ok = false;
        break;
      }
    }
  }
  // aks_agentpool_scale's node_count defaults to 3.
  Located<int64_t> count(3, ctx.PosOf(anchor));
  int64_t max = ctx.limits.max_nodes_per_pool;
  if (auto n = IntOption(ctx, *parsed, kScaleOptions, "--node-count", 0, max,
                         fmt::format("--node-count must be in the range [0,{}]; AKS allows {} "
                                     "nodes per node pool",
                                     max, max),
                         &ok)) {
    count = *n;
  }
  if (!ok) return false;
  out->push_back(ScaleNodePool{name.ToLString(ctx), count});
  return true;
}

}  // namespace tunnelsim
