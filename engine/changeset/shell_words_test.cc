// SplitShellWords against what a POSIX shell (dash, bash --posix) makes of the same line.
#include "engine/changeset/shell_words.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace tunnelsim {
namespace {

std::vector<std::string> Words(std::string_view line) {
  ShellSplit split = SplitShellWords(line);
  EXPECT_TRUE(split.ok()) << line << ": " << split.error;
  std::vector<std::string> out;
  for (const ShellWord& w : split.words) out.push_back(w.text);
  return out;
}

using Strings = std::vector<std::string>;

TEST(ShellWordsTest, BlanksSeparateWordsAndOffsetsAreKept) {
  ShellSplit split = SplitShellWords("ufw  allow\t10250 ");
  ASSERT_TRUE(split.ok());
  ASSERT_EQ(split.words.size(), 3u);
  EXPECT_EQ(split.words[0].text, "ufw");
  EXPECT_EQ(split.words[0].offset, 0u);
  EXPECT_EQ(split.words[1].offset, 5u);
  EXPECT_EQ(split.words[2].text, "10250");
  EXPECT_EQ(split.words[2].offset, 11u);
  EXPECT_EQ(split.words[2].OffsetOf(4), 15u);
  EXPECT_EQ(split.words[2].OffsetOf(5), 16u);  // just past the end
}

TEST(ShellWordsTest, SingleQuotesAreLiteral) {
  EXPECT_EQ(Words(R"(a 'b c' '$x \n "q"' '')"), (Strings{"a", "b c", R"($x \n "q")", ""}));
  ShellSplit split = SplitShellWords("--query 'value[0].message'");
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(split.words[1].offset, 8u);                // the opening quote
  EXPECT_EQ(split.words[1].char_offsets.front(), 9u);  // 'v'
}

TEST(ShellWordsTest, DoubleQuotesEscapeOnlyDollarBackquoteQuoteBackslashNewline) {
  EXPECT_EQ(Words(R"("a\"b" "c\\d" "e\$f" "g\nh" "i'j")"),
            (Strings{R"(a"b)", R"(c\d)", "e$f", R"(g\nh)", "i'j"}));
  ShellSplit split = SplitShellWords(R"(x "a\"b")");
  ASSERT_TRUE(split.ok());
  // a at 3, " (escaped) at 5, b at 6.
  EXPECT_EQ(split.words[1].char_offsets, (std::vector<size_t>{3, 5, 6}));
}

TEST(ShellWordsTest, QuotedPartsJoinTheWordAroundThem) {
  EXPECT_EQ(Words(R"(--patch='{"data":{}}' a"b"'c'd)"),
            (Strings{R"(--patch={"data":{}})", "abcd"}));
}

TEST(ShellWordsTest, BackslashEscapesOutsideQuotes) {
  EXPECT_EQ(Words(R"(a\ b \* \$HOME \\)"), (Strings{"a b", "*", "$HOME", "\\"}));
}

TEST(ShellWordsTest, BackslashNewlineContinuesTheLine) {
  // The article's az vmss run-command invoke lines are continued this way.
  std::string line =
      "az vmss run-command invoke --resource-group rg \\\n    --name aks-nodepool1-123-vmss \\\n"
      "    --scripts \"ufw allow 10250\"\n";
  EXPECT_EQ(Words(line),
            (Strings{"az", "vmss", "run-command", "invoke", "--resource-group", "rg", "--name",
                     "aks-nodepool1-123-vmss", "--scripts", "ufw allow 10250"}));
  EXPECT_EQ(Words("ab\\\ncd"), (Strings{"abcd"}));  // inside a word too
  EXPECT_EQ(Words("\"ab\\\ncd\""), (Strings{"abcd"}));
}

TEST(ShellWordsTest, CommentsStartAtAWordStartOnly) {
  EXPECT_EQ(Words("ufw allow 10250 # open the kubelet"), (Strings{"ufw", "allow", "10250"}));
  EXPECT_EQ(Words("a#b '#c'"), (Strings{"a#b", "#c"}));
  EXPECT_EQ(Words("ufw allow 10250\n# trailing comment\n\n"), (Strings{"ufw", "allow", "10250"}));
}

TEST(ShellWordsTest, SudoIsDropped) {
  ShellSplit split = SplitShellWords("sudo ufw allow 10250");
  ASSERT_TRUE(split.ok());
  EXPECT_TRUE(split.sudo);
  EXPECT_EQ(split.words.front().text, "ufw");
  EXPECT_EQ(split.words.front().offset, 5u);

  split = SplitShellWords("sudo -E ufw allow 22");
  EXPECT_EQ(split.error, "sudo option '-E' is not supported; expected sudo COMMAND");
  EXPECT_EQ(split.error_offset, 5u);
  EXPECT_EQ(SplitShellWords("sudo").error, "'sudo' without a command; expected sudo COMMAND");
}

TEST(ShellWordsTest, EmptyAndBlankLinesHaveNoWords) {
  EXPECT_TRUE(Words("").empty());
  EXPECT_TRUE(Words("  \n # only a comment").empty());
}

struct Refusal {
  const char* line;
  size_t offset;
  const char* message;
};

TEST(ShellWordsTest, RefusesWhatIsNotOneSimpleCommand) {
  const Refusal cases[] = {
      {"iptables -L | grep 10250", 12,
       "'|' pipes into another command; expected one simple command"},
      {"a || b", 2, "'||' chains a second command; expected one simple command"},
      {"ufw allow 22; ufw enable", 12, "';' separates commands; expected one command per entry"},
      {"ufw allow 22 && ufw enable", 13,
       "'&&' chains a second command; expected one simple command"},
      {"ufw enable &", 11, "'&' runs the command in the background; expected one simple command"},
      {"iptables-save > rules", 14,
       "'>' is a redirection; expected a command without redirections (quote it if it is part "
       "of a value)"},
      {"iptables -L 2>/dev/null", 13,
       "'>' is a redirection; expected a command without redirections (quote it if it is part "
       "of a value)"},
      {"az aks update -g <rg> -n c", 17,
       "'<rg>' is a placeholder; replace it with the real value (a shell reads '<' as an input "
       "redirection)"},
      {"(ufw enable)", 0,
       "'(' is shell grouping; expected one simple command (quote it if it is part of a value)"},
      {"az aks update -g $(cat rg)", 17,
       "'$(' is a command substitution; expected one simple command with its values written out"},
      {"az aks update -g $RG", 17,
       "'$' expands a shell variable here; expected the value itself (or '$' inside '...')"},
      {"az aks update -g \"${RG}\"", 18,
       "'$' expands a shell variable here; expected the value itself (or '$' inside '...')"},
      {"a $'x'", 2, "'$'...'' quoting is bash-only; expected '...' or \"...\""},
      {"a `id`", 2, "'`' starts a command substitution; expected one simple command"},
      {"a \"`id`\"", 3,
       "'`' starts a command substitution, also inside \"...\"; expected the value written out"},
      {"--destination-port-ranges *", 26,
       "an unquoted '*' is a file-name pattern the shell expands; quote it ('*')"},
      {"a?", 1, "an unquoted '?' is a file-name pattern the shell expands; quote it ('?')"},
      {"--query value[0].message", 13,
       "an unquoted '[' is a file-name pattern the shell expands; quote it ('[...]')"},
      {"a 'b", 2, "unterminated single quote; expected a closing '"},
      {"a \"b", 2, "unterminated double quote; expected a closing \""},
      {"ufw allow 22\nufw enable", 13,
       "a newline ends the command and another one follows; expected one command per entry "
       "(end a line with '\\' to continue it)"},
      {"ufw allow 22 \\", 13, "the line ends with '\\', which continues it, but nothing follows"},
  };
  for (const Refusal& c : cases) {
    ShellSplit split = SplitShellWords(c.line);
    EXPECT_EQ(split.error, c.message) << c.line;
    EXPECT_EQ(split.error_offset, c.offset) << c.line;
    EXPECT_FALSE(split.ok()) << c.line;
  }
}

TEST(ShellWordsTest, OperatorsInsideQuotesAreText) {
  EXPECT_EQ(Words(R"sh('a|b;c&d>e<f' "(*?[x])" '$(x)' a=b [ x)sh"),
            (Strings{"a|b;c&d>e<f", "(*?[x])", "$(x)", "a=b", "[", "x"}));
  EXPECT_EQ(Words("cost $ 5"), (Strings{"cost", "$", "5"}));
}

TEST(ShellWordsTest, JoinWordsQuotesOnlyWhatNeedsIt) {
  ShellSplit split = SplitShellWords(R"(iptables -A INPUT -m comment --comment 'my "rule"' '')");
  ASSERT_TRUE(split.ok());
  std::vector<size_t> starts;
  EXPECT_EQ(JoinWords(split.words, &starts),
            R"(iptables -A INPUT -m comment --comment "my \"rule\"" "")");
  EXPECT_EQ(starts, (std::vector<size_t>{0, 9, 12, 18, 21, 29, 39, 53}));
  EXPECT_EQ(JoinWords(SplitShellWords("sudo ufw  allow 10250").words, &starts), "ufw allow 10250");
}

}  // namespace
}  // namespace tunnelsim
