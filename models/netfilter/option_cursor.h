// Internal to the rule parser: walks the arguments of one option and formats errors with the
// column of the token at fault. Shared by match_options.cc, target_options.cc and
// rule_spec_parser.cc; not part of the model's public API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "models/core/result.h"
#include "models/netfilter/tokenizer.h"

namespace tunnelsim::netfilter {

// An error about the token at `column`: "column 12: <what>".
inline Status ErrorAt(int column, std::string_view what) {
  return Status::InvalidArgument(fmt::format("column {}: {}", column, what));
}

// What a module did with an option offered to it.
enum class OptionClaim : uint8_t {
  kNotMine,     // the module has no such option
  kTaken,       // parsed and stored
  kUnmodelled,  // a real option of the module that the model does not evaluate
};

class ArgCursor {
 public:
  // `*index` points at the option token; arguments are consumed after it.
  ArgCursor(std::span<const Token> tokens, size_t* index)
      : tokens_(tokens), index_(index), option_index_(*index) {}

  // The option token itself, also after its arguments were consumed.
  const Token& option() const { return tokens_[option_index_]; }
  // The next argument of the option, or an error in iptables' words.
  Result<const Token*> Next() {
    if (*index_ + 1 >= tokens_.size()) {
      return ErrorAt(option().column,
                     fmt::format("option \"{}\" requires an argument", option().text));
    }
    ++*index_;
    return &tokens_[*index_];
  }
  // The next token if it is a plain word (not an option and not "!"), for options whose
  // arity the model does not know.
  const Token* NextWord() {
    if (*index_ + 1 >= tokens_.size()) return nullptr;
    const Token& t = tokens_[*index_ + 1];
    if (t.text == "!" || (t.text.size() > 1 && t.text[0] == '-')) return nullptr;
    ++*index_;
    return &t;
  }

 private:
  std::span<const Token> tokens_;
  size_t* index_;
  size_t option_index_;
};

// Unsigned integers the way iptables reads marks and masks (strtoul base 0: 0x.. hex, 0..
// octal, otherwise decimal). False when not a whole number within 32 bits.
bool ParseUint32Base0(std::string_view text, uint32_t* out);
// "V" or "V/M" with the given default mask.
bool ParseValueMask(std::string_view text, uint32_t default_mask, uint32_t* value, uint32_t* mask);

}  // namespace tunnelsim::netfilter
