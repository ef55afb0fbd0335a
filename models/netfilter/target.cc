#include "models/netfilter/target.h"

#include <fmt/format.h>

namespace tunnelsim::netfilter {
namespace {

struct RejectName {
  RejectType type;
  std::string_view name;
  std::string_view alias;
};

// libipt_REJECT's table: canonical name and the short alias iptables also accepts.
constexpr RejectName kRejectNames[] = {
    {RejectType::kIcmpNetUnreachable, "icmp-net-unreachable", "net-unreach"},
    {RejectType::kIcmpHostUnreachable, "icmp-host-unreachable", "host-unreach"},
    {RejectType::kIcmpProtoUnreachable, "icmp-proto-unreachable", "proto-unreach"},
    {RejectType::kIcmpPortUnreachable, "icmp-port-unreachable", "port-unreach"},
    {RejectType::kIcmpNetProhibited, "icmp-net-prohibited", "net-prohib"},
    {RejectType::kIcmpHostProhibited, "icmp-host-prohibited", "host-prohib"},
    {RejectType::kTcpReset, "tcp-reset", "tcp-rst"},
    {RejectType::kIcmpAdminProhibited, "icmp-admin-prohibited", "admin-prohib"},
};

struct TargetName {
  std::string_view name;
  TargetKind kind;
};

// Every IPv4 target extension shipped with iptables 1.8.9, classified by whether it can end
// traversal. Those that can, in ways the model does not follow, are kOpaqueVerdict.
constexpr TargetName kTargetNames[] = {
    {"ACCEPT", TargetKind::kAccept},
    {"DROP", TargetKind::kDrop},
    {"REJECT", TargetKind::kReject},
    {"RETURN", TargetKind::kReturn},
    {"DNAT", TargetKind::kDnat},
    {"REDIRECT", TargetKind::kRedirect},
    {"SNAT", TargetKind::kSnat},
    {"MASQUERADE", TargetKind::kMasquerade},
    {"MARK", TargetKind::kMark},
    {"CONNMARK", TargetKind::kConnmark},
    {"LOG", TargetKind::kLog},
    {"AUDIT", TargetKind::kContinue},
    {"CHECKSUM", TargetKind::kContinue},
    {"CLASSIFY", TargetKind::kContinue},
    {"CONNSECMARK", TargetKind::kContinue},
    {"CT", TargetKind::kContinue},
    {"DSCP", TargetKind::kContinue},
    {"ECN", TargetKind::kContinue},
    {"HMARK", TargetKind::kContinue},
    {"IDLETIMER", TargetKind::kContinue},
    {"LED", TargetKind::kContinue},
    {"NFLOG", TargetKind::kContinue},
    {"NOTRACK", TargetKind::kContinue},
    {"RATEEST", TargetKind::kContinue},
    {"SECMARK", TargetKind::kContinue},
    {"SET", TargetKind::kContinue},
    {"TCPMSS", TargetKind::kContinue},
    {"TCPOPTSTRIP", TargetKind::kContinue},
    {"TEE", TargetKind::kContinue},
    {"TOS", TargetKind::kContinue},
    {"TRACE", TargetKind::kContinue},
    {"TTL", TargetKind::kContinue},
    {"ULOG", TargetKind::kContinue},
    {"CLUSTERIP", TargetKind::kOpaqueVerdict},
    {"NETMAP", TargetKind::kOpaqueVerdict},
    {"NFQUEUE", TargetKind::kOpaqueVerdict},
    {"QUEUE", TargetKind::kOpaqueVerdict},
    {"SYNPROXY", TargetKind::kOpaqueVerdict},
    {"TPROXY", TargetKind::kOpaqueVerdict},
};

}  // namespace

std::optional<RejectType> ParseRejectType(std::string_view name) {
  for (const RejectName& r : kRejectNames) {
    if (r.name == name || r.alias == name) return r.type;
  }
  return std::nullopt;
}

std::string_view RejectTypeName(RejectType type) {
  for (const RejectName& r : kRejectNames) {
    if (r.type == type) return r.name;
  }
  return "icmp-port-unreachable";
}

std::string NatRange::ToString() const {
  std::string out;
  if (has_address) {
    out = min_address.ToString();
    if (max_address != min_address) out += "-" + max_address.ToString();
  }
  if (has_ports) {
    if (has_address) out += ':';
    out += fmt::format("{}", min_port);
    if (max_port != min_port) out += fmt::format("-{}", max_port);
  }
  return out;
}

std::optional<TargetKind> TargetKindForName(std::string_view name) {
  for (const TargetName& t : kTargetNames) {
    if (t.name == name) return t.kind;
  }
  return std::nullopt;
}

bool IsTerminating(TargetKind kind) {
  switch (kind) {
    case TargetKind::kAccept:
    case TargetKind::kDrop:
    case TargetKind::kReject:
    case TargetKind::kReturn:
    case TargetKind::kJump:
    case TargetKind::kGoto:
    case TargetKind::kDnat:
    case TargetKind::kRedirect:
    case TargetKind::kSnat:
    case TargetKind::kMasquerade:
    case TargetKind::kOpaqueVerdict:
      return true;
    case TargetKind::kNone:
    case TargetKind::kMark:
    case TargetKind::kConnmark:
    case TargetKind::kLog:
    case TargetKind::kContinue:
      return false;
  }
  return false;
}

}  // namespace tunnelsim::netfilter
