// Printing of filter_diff.h's regions and verdicts.
#include <algorithm>
#include <string>

#include "models/netfilter/filter_diff.h"

namespace tunnelsim::netfilter {
namespace {

// "10.0.0.0/16" when the range is exactly one prefix (a bare address for a /32), else "a-b".
std::string FormatRange(const Ipv4Range& r) {
  uint64_t size = r.Size();
  if ((size & (size - 1)) == 0 && (uint64_t{r.first.value()} & (size - 1)) == 0) {
    int length = 32;
    while ((uint64_t{1} << (32 - length)) < size) --length;
    return length == 32 ? r.first.ToString() : Ipv4Prefix(r.first, length).ToString();
  }
  return r.first.ToString() + "-" + r.last.ToString();
}

std::string Join(const std::vector<Ipv4Range>& ranges) {
  std::string out;
  for (const Ipv4Range& r : ranges) out += (out.empty() ? "" : ",") + FormatRange(r);
  return out;
}

// "*" for everything; "* except ..." when the complement prints shorter.
std::string FormatSources(const std::vector<Ipv4Range>& ranges) {
  if (ranges.size() == 1 && ranges[0] == Ipv4Range::All()) return "*";
  std::vector<Ipv4Range> rest;
  uint64_t next = 0;
  for (const Ipv4Range& r : ranges) {
    if (r.first.value() > next) {
      rest.push_back({Ipv4Address(static_cast<uint32_t>(next)), Ipv4Address(r.first.value() - 1)});
    }
    next = uint64_t{r.last.value()} + 1;
  }
  if (next <= 0xffffffffu) {
    rest.push_back({Ipv4Address(static_cast<uint32_t>(next)), Ipv4Address(0xffffffffu)});
  }
  std::string plain = Join(ranges);
  std::string except = "* except " + Join(rest);
  return except.size() < plain.size() ? except : plain;
}

std::string FormatRuleRef(const RuleRef& r) {
  std::string where = std::string(TableName(r.table)) + " " + r.chain;
  if (r.is_policy()) return where + " " + r.text;
  return where + " rule " + std::to_string(r.rule_number) + ": " + r.text;
}

}  // namespace

std::string_view HostChangeName(HostChange change) {
  switch (change) {
    case HostChange::kOpened:
      return "opened";
    case HostChange::kClosed:
      return "closed";
    case HostChange::kChanged:
      return "changed";
    case HostChange::kUncertain:
      return "uncertain";
  }
  return "?";
}

std::string FormatHostRegion(const HostFlowDelta& delta) {
  std::string out;
  bool ports = false;
  for (IpProtocol p : delta.protocols) {
    out += (out.empty() ? "" : ",") + std::string(ProtocolName(p));
    ports = ports || HasPorts(p);
  }
  out += " " + FormatSources(delta.sources) + " ->";
  if (!ports) return out;
  std::string list;
  for (const PortRange& r : delta.destination_ports) {
    list += (list.empty() ? "" : ",") + (r.IsAll() ? std::string("*") : r.ToString('-'));
  }
  return out + " :" + list;
}

std::string FormatHostVerdict(const HostVerdict& verdict) {
  std::string kind(VerdictKindName(verdict.kind));
  if (verdict.kind == VerdictKind::kReject) {
    kind += " (" + std::string(RejectTypeName(verdict.reject)) + ")";
  }
  if (verdict.forwarded) kind += " (forwarded)";
  const char* link = verdict.kind == VerdictKind::kUncertain ? " at " : " by ";
  if (verdict.rule.chain.empty())
    return kind + (verdict.reason.empty() ? "" : ": " + verdict.reason);
  return kind + link + FormatRuleRef(verdict.rule);
}

}  // namespace tunnelsim::netfilter
