// What ufw 0.36's `ufw-init start` loads besides the user rules, internal to models/ufw: the
// packaged before.rules and after.rules (fixed), the chains the default policies fill
// (ufw-reject-*, ufw-track-*, ufw-skip-to-policy-*), the logging rules of the LOGLEVEL
// (backend_iptables._get_logging_rules) and the rate-limit chains. LoadUfw puts all of it into
// a FilterTable in the order ufw-init and update_logging leave it in the kernel
// (reference/netfilter-ufw.md §4.1-§4.3; src/ufw-init-functions).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/ufw/filter_table.h"
#include "models/ufw/state.h"

namespace tunnelsim::ufw::internal {

// One logging rule, kept in ufw's own argument order so both spellings can be produced.
struct LoggingRule {
  std::string chain;
  bool insert = false;    // ufw adds it with -I (top of the chain) rather than -A
  std::string condition;  // "-m conntrack --ctstate INVALID" or ""
  std::string target;     // "LOG" or "RETURN"
  std::string prefix;     // --log-prefix text for LOG, e.g. "[UFW BLOCK] "
  std::string rate;       // "-m limit --limit 3/min --limit-burst 10" or "" (high/full)

  // As written to user.rules' LOGGING section ("-A c -j LOG --log-prefix "[UFW BLOCK] " -m ...").
  std::string UserRulesLine() const;
  // As iptables-save prints it ("-A c -m limit ... -j LOG --log-prefix "[UFW BLOCK] "").
  std::string SaveLine() const;
};

// The logging rules for the state's LOGLEVEL and policies, in the order ufw issues them.
std::vector<LoggingRule> LoggingRules(const State& state);

// The 32 chains ufw creates in the filter table (IPv4).
std::span<const std::string_view> UfwChainNames();

// Loads ufw into `table`: declares its chains, appends the six jumps each to INPUT, OUTPUT
// and FORWARD when `hook_builtins` (ufw-init does so only when its primary chains do not
// exist yet), refills its chains from scratch and sets the built-in policies (REJECT becomes
// DROP). Other chains are left alone.
void LoadUfw(const State& state, bool hook_builtins, FilterTable* table);

// What `ufw disable` (ufw-init stop, MANAGE_BUILTINS=no) does to a table ufw had loaded:
// flushes every ufw chain, deletes the secondary ones, keeps the primary chains and the jumps
// to them, and sets the INPUT, FORWARD and OUTPUT policies to ACCEPT.
void StopUfw(FilterTable* table);

}  // namespace tunnelsim::ufw::internal
