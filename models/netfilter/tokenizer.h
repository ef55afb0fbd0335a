// Splits one line of iptables-restore input (or an iptables command) into arguments the way
// iptables-restore does (xshared add_param_to_argv): blanks separate; a double quote opens a
// quoted part in which '\' takes the next character literally; the closing quote ends the
// argument; outside quotes '\' is an ordinary character. Each argument keeps the 1-based
// column where it starts, for error messages. O(line length).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/core/result.h"

namespace tunnelsim::netfilter {

struct Token {
  std::string text;
  int column = 0;  // 1-based
};

// Fails on an unterminated quote (iptables-restore would silently take the rest of the line).
Result<std::vector<Token>> Tokenize(std::string_view line);

}  // namespace tunnelsim::netfilter
