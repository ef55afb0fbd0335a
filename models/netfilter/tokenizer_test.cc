#include "models/netfilter/tokenizer.h"

#include <gtest/gtest.h>

namespace tunnelsim::netfilter {
namespace {

std::vector<std::string> Texts(std::string_view line) {
  auto tokens = Tokenize(line);
  EXPECT_TRUE(tokens.ok()) << tokens.status().message();
  std::vector<std::string> out;
  if (tokens.ok()) {
    for (const Token& t : *tokens) out.push_back(t.text);
  }
  return out;
}

TEST(TokenizerTest, SplitsOnBlanksAndKeepsColumns) {
  auto tokens = Tokenize("-A INPUT   -p\ttcp");
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 4u);
  EXPECT_EQ((*tokens)[0].column, 1);
  EXPECT_EQ((*tokens)[1].column, 4);
  EXPECT_EQ((*tokens)[2].column, 12);
  EXPECT_EQ((*tokens)[3].text, "tcp");
  EXPECT_EQ((*tokens)[3].column, 15);
}

TEST(TokenizerTest, QuotedArgumentsKeepSpacesAndUnescape) {
  EXPECT_EQ(Texts(R"(--comment "kubernetes service portals" -j X)"),
            (std::vector<std::string>{"--comment", "kubernetes service portals", "-j", "X"}));
  // Inside quotes a backslash takes the next character literally (iptables-save writes
  // "a \"b\" c" and "x\\yz").
  EXPECT_EQ(Texts(R"("a \"b\" c")"), (std::vector<std::string>{"a \"b\" c"}));
  EXPECT_EQ(Texts(R"("x\\y\z")"), (std::vector<std::string>{"x\\yz"}));
  EXPECT_EQ(Texts(R"("[UFW BLOCK] ")"), (std::vector<std::string>{"[UFW BLOCK] "}));
}

TEST(TokenizerTest, ClosingQuoteEndsTheArgumentLikeIptablesRestore) {
  // Observed: --comment ab"cd ef"gh gives "abcd ef" and a separate "gh".
  EXPECT_EQ(Texts(R"(ab"cd ef"gh)"), (std::vector<std::string>{"abcd ef", "gh"}));
  EXPECT_EQ(Texts(R"(x"y")"), (std::vector<std::string>{"xy"}));
  EXPECT_EQ(Texts(R"("")"), (std::vector<std::string>{""}));
  // Outside quotes a backslash is an ordinary character.
  EXPECT_EQ(Texts(R"(a\b)"), (std::vector<std::string>{"a\\b"}));
}

TEST(TokenizerTest, UnterminatedQuoteIsAnErrorWithItsColumn) {
  auto tokens = Tokenize(R"(-m comment --comment "open -j ACCEPT)");
  ASSERT_FALSE(tokens.ok());
  EXPECT_EQ(tokens.status().message(),
            "column 22: unterminated quote; expected a closing '\"' on the same line");
}

}  // namespace
}  // namespace tunnelsim::netfilter
