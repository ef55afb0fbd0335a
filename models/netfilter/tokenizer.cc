#include "models/netfilter/tokenizer.h"

#include <fmt/format.h>

namespace tunnelsim::netfilter {

Result<std::vector<Token>> Tokenize(std::string_view line) {
  std::vector<Token> tokens;
  std::string current;
  bool in_token = false;
  bool in_quote = false;
  int start = 0;
  int quote_column = 0;
  auto finish = [&]() {
    tokens.push_back(Token{std::move(current), start});
    current.clear();
    in_token = false;
  };
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    int column = static_cast<int>(i) + 1;
    if (in_quote) {
      if (c == '\\' && i + 1 < line.size()) {
        current += line[++i];
      } else if (c == '"') {
        in_quote = false;
        finish();  // a closing quote always ends the argument, even mid-word
      } else {
        current += c;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (in_token) finish();
      continue;
    }
    if (!in_token) {
      in_token = true;
      start = column;
    }
    if (c == '"') {
      in_quote = true;
      quote_column = column;
    } else {
      current += c;
    }
  }
  if (in_quote) {
    return Status::InvalidArgument(fmt::format(
        "column {}: unterminated quote; expected a closing '\"' on the same line", quote_column));
  }
  if (in_token) finish();
  return tokens;
}

}  // namespace tunnelsim::netfilter
