#include "engine/lint/lint.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/reachability/check.h"
#include "models/nsg/shadow.h"

namespace tunnelsim {

std::string_view LintSeverityName(LintSeverity s) {
  switch (s) {
    case LintSeverity::kError:
      return "error";
    case LintSeverity::kWarning:
      return "warning";
    case LintSeverity::kNote:
      return "note";
  }
  return "";
}

const std::vector<LintRule>& LintRules() {
  static const std::vector<LintRule> rules = {
      {"TS2001", "RuleBreaksTunnel", "A rule blocks a path the tunnel needs", LintSeverity::kError},
      {"TS2002", "KubeletOpenToInternet",
       "An NSG rule allows Internet or any source to the kubelet (TCP 10250)",
       LintSeverity::kError},
      {"TS2003", "UfwBlocksKubelet", "ufw is enabled without 10250 allowed from the VNet",
       LintSeverity::kError},
      {"TS2004", "ShadowedNsgRule", "An NSG rule that can never match", LintSeverity::kWarning},
      {"TS2005", "UnreachableIptablesRule", "An iptables rule after an unconditional terminal rule",
       LintSeverity::kWarning},
      {"TS2006", "RedundantNsgRule", "An NSG rule whose removal changes no verdict",
       LintSeverity::kNote},
      {"TS2007", "EmptyNsgRule", "An NSG rule that matches no flow", LintSeverity::kWarning},
  };
  return rules;
}

namespace {

class Linter {
 public:
  explicit Linter(const ClusterModel& m) : m_(m), s_(*m.scenario) {}

  std::vector<LintFinding> Run() {
    NsgRules();
    IptablesOrder();
    Ufw();
    TunnelBlockers();
    std::stable_sort(out_.begin(), out_.end(), [](const LintFinding& a, const LintFinding& b) {
      return std::tie(a.file, a.pos.line, a.pos.column, a.id) <
             std::tie(b.file, b.pos.line, b.pos.column, b.id);
    });
    return std::move(out_);
  }

 private:
  void Add(std::string id, LintSeverity severity, std::string message, SourcePos pos) {
    out_.push_back({std::move(id), severity, std::move(message), s_.file, pos});
  }

  const SecurityRuleSpec* RuleSpec(std::string_view nsg, std::string_view rule) const {
    for (const NetworkSecurityGroupSpec& g : s_.network.network_security_groups) {
      if (g.name.value != nsg) continue;
      for (const SecurityRuleSpec& r : g.security_rules) {
        if (r.name.value == rule) return &r;
      }
    }
    return nullptr;
  }

  static std::string Names(const std::vector<std::string_view>& names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) out += fmt::format("{}{}", i ? ", " : "", names[i]);
    return out;
  }

  void NsgRules() {
    for (size_t i = 0; i < m_.nsgs.size(); ++i) {
      const nsg::CompiledNsg& compiled = m_.nsgs[i];
      const std::string& name = m_.nsg_specs[i].name;
      // ClusterModel compiles the scenario's NSGs in order, so index i is the same group.
      std::unordered_map<std::string_view, const SecurityRuleSpec*> specs;
      for (const SecurityRuleSpec& r : s_.network.network_security_groups[i].security_rules) {
        specs.emplace(r.name.value, &r);
      }
      std::unordered_map<std::string_view, const nsg::SecurityRule*> rules;
      for (const nsg::SecurityRule& r : m_.nsg_specs[i].rules) rules.emplace(r.name, &r);
      for (const nsg::RuleFinding& f : nsg::AnalyzeShadowing(compiled)) {
        if (f.is_default) continue;  // defaults have no line; their shadowing is by design
        auto found = specs.find(f.rule_name);
        const SecurityRuleSpec* spec = found == specs.end() ? nullptr : found->second;
        SourcePos pos = spec ? spec->pos : SourcePos{};
        switch (f.reachability) {
          case nsg::Reachability::kShadowed:
            Add("TS2004", LintSeverity::kWarning,
                fmt::format("NSG {}: rule {} (priority {}, {}) can never match: {} decide{} all "
                            "its flows first",
                            name, f.rule_name, f.priority, nsg::ToString(f.direction),
                            Names(f.decided_by), f.decided_by.size() == 1 ? "s" : ""),
                pos);
            break;
          case nsg::Reachability::kRedundant:
            Add("TS2006", LintSeverity::kNote,
                fmt::format("NSG {}: rule {} (priority {}, {}) is redundant: without it {} "
                            "decide{} its flows the same way",
                            name, f.rule_name, f.priority, nsg::ToString(f.direction),
                            Names(f.decided_by), f.decided_by.size() == 1 ? "s" : ""),
                pos);
            break;
          case nsg::Reachability::kEmpty:
            Add("TS2007", LintSeverity::kWarning,
                fmt::format("NSG {}: rule {} (priority {}) matches no flow at all", name,
                            f.rule_name, f.priority),
                pos);
            break;
          case nsg::Reachability::kReachable:
            break;
        }
        auto rule = rules.find(f.rule_name);
        if (f.reachability == nsg::Reachability::kReachable && rule != rules.end()) {
          KubeletOpen(name, *rule->second, pos);
        }
      }
    }
  }

  // An inbound Allow whose sources include any address of the Internet and whose ports and
  // protocol include TCP 10250.
  void KubeletOpen(const std::string& nsg_name, const nsg::SecurityRule& r, SourcePos pos) {
    if (r.direction != nsg::Direction::kInbound || r.access != nsg::Access::kAllow) return;
    if (r.protocol != nsg::RuleProtocol::kTcp && r.protocol != nsg::RuleProtocol::kAny) return;
    bool port = false;
    for (const PortRange& p : r.destination_ports) port = port || p.Contains(10250);
    bool internet = false;
    for (const nsg::AddressMatcher& a : r.sources) {
      internet = internet || a.kind == nsg::AddressMatcher::Kind::kAny ||
                 (a.kind == nsg::AddressMatcher::Kind::kServiceTag &&
                  a.tag == nsg::ServiceTag::kInternet) ||
                 (a.kind == nsg::AddressMatcher::Kind::kPrefix && a.prefix.length() == 0);
    }
    if (!port || !internet) return;
    Add("TS2002", LintSeverity::kError,
        fmt::format("NSG {}: rule {} (priority {}) allows {} to TCP 10250: the kubelet API is "
                    "open to the Internet; the tunnel only needs 10250 from the VNet "
                    "(sourceAddressPrefix VirtualNetwork)",
                    nsg_name, r.name, r.priority, nsg::FormatAddresses(r.sources)),
        pos);
  }

  static bool Unconditional(const netfilter::Rule& rule) {
    const netfilter::RuleHeader& h = rule.header;
    return !h.source.present && !h.destination.present && !h.in_interface.present &&
           !h.out_interface.present && !h.protocol_present && !h.fragment_present &&
           rule.matches.empty();
  }

  void IptablesOrder() {
    for (const PoolModel& pool : m_.pools) {
      const IptablesSpec& ipt = pool.spec->iptables;
      if (!ipt.present) continue;
      // The pool's own rules (ufw's generated chains end in catch-alls by design).
      for (const netfilter::Table& table : pool.firewall->ruleset().tables()) {
        for (const netfilter::Chain& chain : table.chains()) {
          if (chain.name.starts_with("ufw-")) continue;
          for (size_t i = 0; i + 1 < chain.rules.size(); ++i) {
            const netfilter::Rule& rule = chain.rules[i];
            netfilter::TargetKind kind = rule.target.kind;
            bool terminal =
                kind == netfilter::TargetKind::kAccept || kind == netfilter::TargetKind::kDrop ||
                kind == netfilter::TargetKind::kReject || kind == netfilter::TargetKind::kReturn;
            if (!terminal || !Unconditional(rule)) continue;
            SourcePos pos = ipt.file.value.empty() ? ipt.text_pos : ipt.file.pos;
            Add("TS2005", LintSeverity::kWarning,
                fmt::format("node pool {}: table {} chain {}: rules {}-{} are never reached: "
                            "rule {} ({}) decides every packet first",
                            pool.spec->name.value, netfilter::TableName(table.id()), chain.name,
                            i + 2, chain.rules.size(), i + 1, rule.text),
                pos);
            break;
          }
        }
      }
    }
  }

  // A NEW TCP connection from another node of the VNet to 10250 on the pool's first node.
  void Ufw() {
    for (const PoolModel& pool : m_.pools) {
      if (!pool.firewall->ufw_enabled() || pool.node_count == 0) continue;
      const NodeModel& node = m_.nodes[pool.first_node];
      netfilter::Packet packet;
      packet.src = Ipv4Address(node.address.value() ^ 1u);
      packet.dst = node.address;
      packet.dport = 10250;
      packet.sport = 49152;
      packet.in_interface = "eth0";
      netfilter::Verdict v = pool.firewall->evaluator().EvaluateInbound(packet, node.context);
      if (v.kind == netfilter::VerdictKind::kAccept ||
          v.kind == netfilter::VerdictKind::kUncertain) {
        continue;
      }
      Add("TS2003", LintSeverity::kError,
          fmt::format("node pool {}: ufw is enabled and {} TCP 10250 from the VNet ({}), so "
                      "kubectl logs/exec/port-forward through agents on other nodes fail "
                      "(article Cause 2); allow it: ufw allow from {} to any port 10250 proto tcp",
                      pool.spec->name.value,
                      v.kind == netfilter::VerdictKind::kReject ? "rejects" : "drops",
                      v.decided_by.is_policy() ? "policy " + v.decided_by.chain
                                               : "rule " + v.decided_by.text,
                      pool.subnet_prefix.ToString()),
          pool.spec->ufw.enabled.pos);
    }
  }

  void TunnelBlockers() {
    CheckReport report = RunCheck(m_);
    std::set<std::string> seen;
    auto report_hop = [&](const Hop& hop, std::string_view what) {
      std::string key = hop.where_class + "|" + hop.decided_by;
      if (!seen.insert(key).second) return;
      SourcePos pos;
      if (hop.layer == HopLayer::kNsg && hop.nsg >= 0 && hop.nsg_verdict &&
          hop.nsg_verdict->reason == nsg::VerdictReason::kRule) {
        const SecurityRuleSpec* spec =
            RuleSpec(m_.nsg_specs[size_t(hop.nsg)].name, hop.nsg_verdict->rule_name);
        if (spec) pos = spec->pos;
      } else if (hop.layer == HopLayer::kHost) {
        const NodePool& pool = *m_.pools[hop.pool].spec;
        pos = hop.by_ufw                         ? pool.ufw.enabled.pos
              : pool.iptables.file.value.empty() ? pool.iptables.text_pos
                                                 : pool.iptables.file.pos;
        if (!pos.known()) pos = pool.pos;
      }
      Add("TS2001", LintSeverity::kError,
          fmt::format("{} blocks {}: {}", hop.where_class.empty() ? hop.where : hop.where_class,
                      what, hop.decided_by),
          pos);
    };
    for (const AgentStatus& agent : report.agents) {
      for (const Hop& hop : agent.path.hops) {
        if (hop.outcome == HopOutcome::kDrop || hop.outcome == HopOutcome::kReject)
          report_hop(hop, "the tunnel (agent to API server)");
      }
    }
    for (size_t node = 0; node < report.kubelet.size(); ++node) {
      if (!report.kubelet_evaluated[node]) continue;
      for (const Hop& hop : report.kubelet[node].blockers) {
        report_hop(hop, "kubectl logs/exec/port-forward (agent to kubelet 10250)");
      }
    }
    for (const WebhookResult& w : report.webhooks) {
      for (const Hop& hop : w.verdict.blockers) {
        report_hop(hop, fmt::format("admission webhook {}", w.spec->name.value));
      }
    }
  }

  const ClusterModel& m_;
  const Scenario& s_;
  std::vector<LintFinding> out_;
};

}  // namespace

std::vector<LintFinding> RunLint(const ClusterModel& model) { return Linter(model).Run(); }

}  // namespace tunnelsim
