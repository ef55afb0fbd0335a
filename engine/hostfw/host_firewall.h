// HostFirewall: what filters packets on the nodes of one pool: the pool's iptables-save text
// with ufw's chains merged in when ufw is enabled (ufw appends its jumps after rules already in
// INPUT/OUTPUT/FORWARD, reference/netfilter-ufw.md §4.1, §4.8), evaluated by models/netfilter.
// Then the pool's host commands (NodePool::host_commands: `ufw ...`, `iptables ...` typed on
// the node after it booted) are replayed in order, each as the real tool would apply it to the
// state at that point; a command the tool would refuse is an error at its position.
// Built once per pool and shared by its nodes: pools are the equivalence classes of host rules;
// a node named by a node-specific command gets a firewall of its own.
// Immutable after Build; safe to evaluate from several threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/diagnostics/diagnostics.h"
#include "engine/scenario/scenario.h"
#include "models/netfilter/evaluator.h"
#include "models/netfilter/ruleset.h"
#include "models/ufw/state.h"

namespace tunnelsim {

class HostFirewall {
 public:
  // Parses and merges; reports errors at their positions (inside an inline iptables text they
  // point at the scenario line; for `iptables: {file: x}` at x's own line). nullptr on error.
  // With `node` empty, replays the pool-wide commands only; otherwise also that node's own.
  static std::unique_ptr<HostFirewall> Build(const Scenario& scenario, const NodePool& pool,
                                             Diagnostics* diagnostics, std::string_view node = {});

  const netfilter::Ruleset& ruleset() const { return ruleset_; }
  const netfilter::Evaluator& evaluator() const { return *evaluator_; }
  const ufw::State& ufw_state() const { return ufw_; }
  bool ufw_enabled() const { return ufw_.enabled; }
  bool has_iptables_text() const { return has_iptables_; }
  // The iptables-save text the kernel holds (after ufw's merge), for `trace` and `apply`.
  const std::string& effective_text() const { return effective_text_; }

  HostFirewall(const HostFirewall&) = delete;
  HostFirewall& operator=(const HostFirewall&) = delete;

 private:
  HostFirewall() = default;
  bool ReplayCommand(const Scenario& scenario, const HostCommand& command, Diagnostics* d);

  netfilter::Ruleset ruleset_;
  std::unique_ptr<netfilter::Evaluator> evaluator_;
  ufw::State ufw_;
  bool has_iptables_ = false;
  std::string effective_text_;
};

// The state ufw is in after `ufw default ...`, the pool's rules and `ufw enable` (when
// enabled). Each failing rule is reported at its position.
std::optional<ufw::State> BuildUfwState(const Scenario& scenario, const UfwSpec& spec,
                                        Diagnostics* diagnostics);

}  // namespace tunnelsim
