#include "models/ufw/rule_iptables.h"

namespace tunnelsim::ufw {
namespace {

std::string BaseTarget(const UfwRule& rule) {
  switch (rule.action) {
    case Action::kAllow:
      return "ACCEPT";
    case Action::kDeny:
      return "DROP";
    case Action::kLimit:
      return "LIMIT";  // placeholder, expanded below as ufw does
    case Action::kReject:
      // ufw follows TCP's convention and answers with a RST (common.py format_rule).
      return rule.protocol == Protocol::kTcp ? "REJECT --reject-with tcp-reset" : "REJECT";
  }
  return "DROP";
}

// iptables-save prints a host as /32 (reference §2 "Match details").
std::string SaveAddress(const Ipv4Prefix& address) { return address.ToString(); }

// iptables-save spells out the REJECT default and the recent match's defaults.
std::string SaveTarget(const std::string& target) {
  if (target == "REJECT") return "REJECT --reject-with icmp-port-unreachable";
  return target;
}

constexpr const char* kRecentSet = "-m conntrack --ctstate NEW -m recent --set";
constexpr const char* kRecentUpdate =
    "-m conntrack --ctstate NEW -m recent --update --seconds 30 --hitcount 6";
constexpr const char* kRecentDefaults = " --name DEFAULT --mask 255.255.255.255 --rsource";

}  // namespace

std::vector<IptablesRule> ExpandRule(const UfwRule& rule) {
  IptablesRule base;
  base.chain = std::string(rule.UserChain());
  base.interface_in = rule.interface_in;
  base.interface_out = rule.interface_out;
  base.protocol = rule.protocol;
  base.multi = rule.IsMulti();
  base.dport = rule.dport;
  base.sport = rule.sport;
  base.dst = rule.dst;
  base.src = rule.src;
  base.target = BaseTarget(rule);

  std::vector<IptablesRule> per_protocol;
  bool has_port = rule.dport != "any" || rule.sport != "any";
  if (rule.protocol == Protocol::kAny && has_port) {
    // "-p all" with a port: one rule per protocol; only the tcp one resets (reference §4.4).
    IptablesRule tcp = base;
    tcp.protocol = Protocol::kTcp;
    if (rule.action == Action::kReject) tcp.target = "REJECT --reject-with tcp-reset";
    IptablesRule udp = base;
    udp.protocol = Protocol::kUdp;
    per_protocol = {tcp, udp};
  } else {
    per_protocol = {base};
  }

  if (rule.action != Action::kLimit) return per_protocol;
  std::vector<IptablesRule> limited;
  for (const IptablesRule& r : per_protocol) {
    IptablesRule set = r;
    set.limit = LimitStep::kRecentSet;
    set.target.clear();
    IptablesRule update = r;
    update.limit = LimitStep::kRecentUpdate;
    update.target = "ufw-user-limit";
    IptablesRule accept = r;
    accept.target = "ufw-user-limit-accept";
    limited.insert(limited.end(), {set, update, accept});
  }
  return limited;
}

std::string UserRulesLine(const IptablesRule& r) {
  std::string line = "-A " + r.chain;
  if (!r.interface_in.empty()) line += " -i " + r.interface_in;
  if (!r.interface_out.empty()) line += " -o " + r.interface_out;
  if (r.protocol != Protocol::kAny) {
    line += " -p " + std::string(ProtocolName(r.protocol));
    if (r.multi) {
      line += " -m multiport";
      if (r.dport != "any" && r.sport != "any") {
        line += " --dports " + r.dport + " -m multiport --sports " + r.sport;
      } else if (r.dport != "any") {
        line += " --dports " + r.dport;
      } else if (r.sport != "any") {
        line += " --sports " + r.sport;
      }
    }
  }
  if (r.dst) line += " -d " + AddressText(r.dst, false);
  if (!r.multi && r.dport != "any") line += " --dport " + r.dport;
  if (r.src) line += " -s " + AddressText(r.src, false);
  if (!r.multi && r.sport != "any") line += " --sport " + r.sport;
  if (r.limit == LimitStep::kRecentSet) line += std::string(" ") + kRecentSet;
  if (r.limit == LimitStep::kRecentUpdate) line += std::string(" ") + kRecentUpdate;
  if (!r.target.empty()) line += " -j " + r.target;
  return line;
}

std::string SaveLine(const IptablesRule& r) {
  std::string line = "-A " + r.chain;
  if (r.src) line += " -s " + SaveAddress(*r.src);
  if (r.dst) line += " -d " + SaveAddress(*r.dst);
  if (!r.interface_in.empty()) line += " -i " + r.interface_in;
  if (!r.interface_out.empty()) line += " -o " + r.interface_out;
  if (r.protocol != Protocol::kAny) {
    std::string proto(ProtocolName(r.protocol));
    line += " -p " + proto;
    if (r.multi) {
      if (r.dport != "any") line += " -m multiport --dports " + r.dport;
      if (r.sport != "any") line += " -m multiport --sports " + r.sport;
    } else if (r.dport != "any" || r.sport != "any") {
      // The implicit tcp/udp match is printed as -m, source port first.
      line += " -m " + proto;
      if (r.sport != "any") line += " --sport " + r.sport;
      if (r.dport != "any") line += " --dport " + r.dport;
    }
  }
  if (r.limit == LimitStep::kRecentSet) line += std::string(" ") + kRecentSet + kRecentDefaults;
  if (r.limit == LimitStep::kRecentUpdate) {
    line += std::string(" ") + kRecentUpdate + kRecentDefaults;
  }
  if (!r.target.empty()) line += " -j " + SaveTarget(r.target);
  return line;
}

}  // namespace tunnelsim::ufw
