// Parses the rule-specification options of one iptables rule (-p -s -d -i -o -f -m -j -g and
// every option of the loaded modules) in iptables' own way: options go to the target or to the
// most recently loaded module that knows them, "-p tcp --dport 22" loads -m tcp implicitly at
// that point, "!" negates the option after it, unknown modules are kept as opaque matches.
// The parser is fed option by option so the command parser can interleave -A/-t/... freely.
#pragma once

#include <span>
#include <vector>

#include "models/core/result.h"
#include "models/netfilter/rule.h"
#include "models/netfilter/tokenizer.h"

namespace tunnelsim::netfilter {

// A parsed rule before it is placed in a chain. A jump target's chain index is still -1: the
// chain is looked up when the rule is added (command_apply.h).
struct RuleSpec {
  Rule rule;
  // -s / -d with comma lists ("-s 10.0.0.1,10.0.0.2") stand for one rule per combination, as
  // iptables expands them. Empty when the option was not given.
  std::vector<AddressCondition> sources;
  std::vector<AddressCondition> destinations;
  int target_column = 0;         // where -j/-g was given (0: no target)
  int in_interface_column = 0;   // where -i was given
  int out_interface_column = 0;  // where -o was given
};

class RuleSpecParser {
 public:
  // Consumes the rule option at tokens[*index] (with a preceding "!" and its arguments) and
  // returns true, or returns false without consuming when the token is not a rule option.
  Result<bool> Consume(std::span<const Token> tokens, size_t* index);

  // Checks that need the whole rule (protocol requirements of matches and targets, targets
  // only valid in the nat table) and returns the spec. Call once, after the last Consume.
  Result<RuleSpec> Finish(bool nat_table);

  bool empty() const { return !touched_; }

 private:
  struct LoadedMatch {
    std::vector<std::string> raw;  // option tokens as given, for turning it into an opaque match
    bool implicit = false;
    int order = 0;
    int column = 0;
  };

  Result<bool> ConsumeHeaderOption(const Token& option, bool invert, std::span<const Token> tokens,
                                   size_t* index);
  Status ConsumeModuleOption(bool invert, std::span<const Token> tokens, size_t* index);
  Status ConsumeAddresses(const Token& value, bool invert, std::vector<AddressCondition>* out);
  void LoadMatch(std::string_view module, bool implicit, int column);
  Status CheckMatchProtocols() const;

  bool touched_ = false;
  bool protocol_given_ = false;
  bool target_given_ = false;
  int target_order_ = 0;
  int next_order_ = 1;
  int invert_column_ = 0;  // column of a pending "!" (0: none)
  RuleSpec spec_;
  std::vector<LoadedMatch> loaded_;  // parallel to spec_.rule.matches
};

}  // namespace tunnelsim::netfilter
