// RuleSpecParser's header options: -p -s -d -i -o -f, and -m, -j, -g, -c which start a
// module or name the target.
#include <algorithm>
#include <cctype>

#include "models/netfilter/match_options.h"
#include "models/netfilter/option_cursor.h"
#include "models/netfilter/rule_spec_parser.h"

namespace tunnelsim::netfilter {
namespace {

bool Is(const Token& t, std::string_view short_name, std::string_view long_name,
        std::string_view alias = {}) {
  return t.text == short_name || t.text == long_name || (!alias.empty() && t.text == alias);
}

}  // namespace

Result<bool> RuleSpecParser::ConsumeHeaderOption(const Token& option, bool invert,
                                                 std::span<const Token> tokens, size_t* index) {
  RuleHeader& h = spec_.rule.header;
  ArgCursor cursor(tokens, index);
  auto duplicate = [&](char flag) {
    return ErrorAt(option.column,
                   fmt::format("multiple -{} flags not allowed; expected the option once", flag));
  };
  if (Is(option, "-p", "--protocol")) {
    if (protocol_given_) return duplicate('p');
    auto arg = cursor.Next();
    if (!arg.ok()) return arg.status();
    std::string name = (*arg)->text;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    uint8_t number = 0;
    if (!ParseProtocolName(name, &number)) {
      return ErrorAt((*arg)->column, fmt::format("unknown protocol \"{}\" specified; expected "
                                                 "tcp, udp, icmp, all or a number 0-255",
                                                 (*arg)->text));
    }
    if (number == 0 && invert) {
      return ErrorAt(option.column, "rule would never match protocol; expected no ! with -p all");
    }
    h.protocol_present = number != 0;
    h.protocol_invert = invert;
    h.protocol = number;
    protocol_given_ = true;  // "-p all" leaves protocol_present false but counts as given
    return true;
  }
  bool source = Is(option, "-s", "--source", "--src");
  if (source || Is(option, "-d", "--destination", "--dst")) {
    auto& list = source ? spec_.sources : spec_.destinations;
    if (!list.empty()) return duplicate(source ? 's' : 'd');
    auto arg = cursor.Next();
    if (!arg.ok()) return arg.status();
    Status s = ConsumeAddresses(**arg, invert, &list);
    if (!s.ok()) return s;
    return true;
  }
  bool in = Is(option, "-i", "--in-interface");
  if (in || Is(option, "-o", "--out-interface")) {
    InterfaceCondition& c = in ? h.in_interface : h.out_interface;
    if (c.present) return duplicate(in ? 'i' : 'o');
    auto arg = cursor.Next();
    if (!arg.ok()) return arg.status();
    if ((*arg)->text.empty() || (*arg)->text.size() > 15) {
      return ErrorAt((*arg)->column, fmt::format("interface name `{}' must be shorter than "
                                                 "IFNAMSIZ (15); expected 1-15 characters",
                                                 (*arg)->text));
    }
    c = InterfaceCondition::Make((*arg)->text, invert);
    (in ? spec_.in_interface_column : spec_.out_interface_column) = option.column;
    return true;
  }
  if (Is(option, "-f", "--fragment")) {
    if (h.fragment_present) return duplicate('f');
    h.fragment_present = true;
    h.fragment_invert = invert;
    return true;
  }
  if (Is(option, "-m", "--match")) {
    if (invert) return ErrorAt(invert_column_, "unexpected ! flag before --match");
    auto arg = cursor.Next();
    if (!arg.ok()) return arg.status();
    LoadMatch((*arg)->text, /*implicit=*/false, (*arg)->column);
    return true;
  }
  bool jump = Is(option, "-j", "--jump");
  if (jump || Is(option, "-g", "--goto")) {
    if (invert) return ErrorAt(invert_column_, "unexpected ! flag before --jump");
    if (target_given_) {
      return ErrorAt(option.column, "multiple -j flags not allowed; expected one -j or -g");
    }
    auto arg = cursor.Next();
    if (!arg.ok()) return arg.status();
    Target& t = spec_.rule.target;
    t.name = (*arg)->text;
    auto known = TargetKindForName(t.name);
    if (!jump && known) {
      return ErrorAt((*arg)->column, fmt::format("-g needs a user chain, not the target {}; "
                                                 "expected -g CHAIN",
                                                 t.name));
    }
    t.kind = known ? *known : (jump ? TargetKind::kJump : TargetKind::kGoto);
    target_given_ = true;
    target_order_ = next_order_++;
    spec_.target_column = (*arg)->column;
    return true;
  }
  if (Is(option, "-c", "--set-counters")) {  // counters do not change what a rule does
    auto packets = cursor.Next();
    if (!packets.ok()) return packets.status();
    auto bytes = cursor.Next();
    if (!bytes.ok()) return bytes.status();
    return true;
  }
  return false;
}

Status RuleSpecParser::ConsumeAddresses(const Token& value, bool invert,
                                        std::vector<AddressCondition>* out) {
  std::string_view rest = value.text;
  while (true) {
    size_t comma = rest.find(',');
    auto prefix = ParseAddressToken(Token{std::string(rest.substr(0, comma)), value.column});
    if (!prefix.ok()) return prefix.status();
    out->push_back(AddressCondition{true, invert, *prefix});
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  if (invert && out->size() > 1) {
    return ErrorAt(value.column,
                   "! not allowed with multiple source or destination IP "
                   "addresses; expected a single address after !");
  }
  return Status::Ok();
}

}  // namespace tunnelsim::netfilter
