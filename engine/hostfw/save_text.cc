#include "engine/hostfw/save_text.h"

#include <fmt/format.h>

#include "models/netfilter/rule_format.h"

namespace tunnelsim {

std::string FormatIptablesSave(const netfilter::Ruleset& ruleset) {
  std::string out;
  for (const netfilter::Table& table : ruleset.tables()) {
    out += fmt::format("*{}\n", netfilter::TableName(table.id()));
    for (const netfilter::Chain& chain : table.chains()) {
      out += fmt::format(":{} {} [0:0]\n", chain.name, netfilter::PolicyName(chain.policy));
    }
    for (const netfilter::Chain& chain : table.chains()) {
      for (const netfilter::Rule& rule : chain.rules) {
        out += netfilter::FormatRule(chain.name, rule);
        out += '\n';
      }
    }
    out += "COMMIT\n";
  }
  return out;
}

}  // namespace tunnelsim
