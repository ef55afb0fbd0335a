// FilterTable: the `*filter` table of an iptables-save dump, kept as text lines grouped by
// chain, so that rules can be appended to chains and the table printed again in
// iptables-save's layout: the built-in chains (INPUT, FORWARD, OUTPUT) first in the order
// they came, then the user chains sorted by name (byte order, so KUBE-* before ufw-*), each
// as ":NAME POLICY [packets:bytes]", then every chain's rules in that same chain order,
// then COMMIT (reference/netfilter-ufw.md §4.2). Rule lines are kept verbatim (counters
// included); comment lines inside the table are dropped. Not a rule parser: the netfilter
// model interprets rules. Complexity: O(rules) to parse and print, O(chains) per lookup.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/core/result.h"

namespace tunnelsim::ufw {

class FilterTable {
 public:
  // A table holding only the built-in chains with policy ACCEPT, as a fresh kernel saves it.
  static FilterTable Empty();
  // Parses the lines between "*filter" and "COMMIT" (both excluded). `first_line_number` is
  // the 1-based line number of lines[0], for error messages.
  static Result<FilterTable> Parse(std::span<const std::string_view> lines, int first_line_number);

  bool HasChain(std::string_view name) const;
  // Declares a user chain with no policy ("-") unless it exists already.
  void DeclareChain(std::string_view name);
  // Sets a built-in chain's policy ("ACCEPT" or "DROP"), declaring it if missing.
  void SetPolicy(std::string_view builtin, std::string_view policy);
  // Appends a full rule line ("-A CHAIN ...") to `chain`. REQUIRES: HasChain(chain).
  void AppendRule(std::string_view chain, std::string line);
  // Drops every rule of a chain (no-op when absent).
  void ClearChain(std::string_view name);
  // Deletes a user chain and its rules (no-op when absent). REQUIRES: no rule jumps to it.
  void RemoveChain(std::string_view name);
  // The rule lines of one chain (empty when it does not exist).
  std::vector<std::string> Rules(std::string_view chain) const;

  // "*filter\n...COMMIT\n".
  std::string Render() const;

 private:
  struct Chain {
    std::string name;
    std::string policy;  // "-" for user chains
    std::string counters = "[0:0]";
    std::vector<std::string> rules;
  };
  Chain* Find(std::string_view name);
  const Chain* Find(std::string_view name) const;

  std::vector<Chain> builtins_;  // in text order
  std::vector<Chain> user_;      // in declaration order; sorted when rendered
};

}  // namespace tunnelsim::ufw
