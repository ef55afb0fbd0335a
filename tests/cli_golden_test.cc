// Runs the tunnelsim executable on every case under tests/invalid and tests/golden and compares
// its output byte for byte with the expected files beside the case.
//   invalid/NAME.yaml   -> `tunnelsim validate invalid/NAME.yaml` must exit 2, print nothing on
//                          stdout and exactly invalid/NAME.stderr on stderr.
//   golden/NAME.cmd     -> one line of arguments; golden/NAME.stdout, NAME.stderr and NAME.exit
//                          hold what the command must print and return.
// Commands run from the repository root so paths in messages are stable.
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteAll(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

bool UpdateMode() { return std::getenv("TUNNELSIM_UPDATE_GOLDEN") != nullptr; }

struct RunResult {
  std::string out;
  std::string err;
  int exit_code = -1;
};

RunResult RunTunnelsim(const std::string& args) {
  fs::path tmp = fs::temp_directory_path() / fmt::format("tunnelsim-golden-{}", ::getpid());
  fs::create_directories(tmp);
  std::string command =
      fmt::format("cd '{}' && '{}' {} >'{}' 2>'{}'", TUNNELSIM_SOURCE_ROOT, TUNNELSIM_BINARY, args,
                  (tmp / "out").string(), (tmp / "err").string());
  int status = std::system(command.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadAll(tmp / "out");
  r.err = ReadAll(tmp / "err");
  fs::remove_all(tmp);
  return r;
}

std::vector<std::string> CaseNames(const std::string& folder, const std::string& extension) {
  std::vector<std::string> names;
  fs::path dir = fs::path(TUNNELSIM_SOURCE_ROOT) / "tests" / folder;
  if (!fs::exists(dir)) return names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == extension) names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string TestName(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
  return name;
}

class InvalidScenarioTest : public testing::TestWithParam<std::string> {};

TEST_P(InvalidScenarioTest, ValidateReportsExactErrors) {
  fs::path dir = fs::path(TUNNELSIM_SOURCE_ROOT) / "tests" / "invalid";
  RunResult r = RunTunnelsim(fmt::format("validate tests/invalid/{}.yaml", GetParam()));
  fs::path expected = dir / (GetParam() + ".stderr");
  if (UpdateMode()) WriteAll(expected, r.err);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  ASSERT_TRUE(fs::exists(expected)) << expected << " is missing";
  EXPECT_EQ(r.err, ReadAll(expected));
}

INSTANTIATE_TEST_SUITE_P(Corpus, InvalidScenarioTest,
                         testing::ValuesIn(CaseNames("invalid", ".yaml")), TestName);

class GoldenCommandTest : public testing::TestWithParam<std::string> {};

TEST_P(GoldenCommandTest, OutputMatches) {
  fs::path base = fs::path(TUNNELSIM_SOURCE_ROOT) / "tests" / "golden" / GetParam();
  std::string args = ReadAll(base.string() + ".cmd");
  args.erase(args.find_last_not_of("\n") + 1);
  RunResult r = RunTunnelsim(args);
  if (UpdateMode()) {
    WriteAll(base.string() + ".stdout", r.out);
    WriteAll(base.string() + ".stderr", r.err);
    WriteAll(base.string() + ".exit", fmt::format("{}\n", r.exit_code));
  }
  EXPECT_EQ(r.out, ReadAll(base.string() + ".stdout"));
  EXPECT_EQ(r.err, ReadAll(base.string() + ".stderr"));
  EXPECT_EQ(fmt::format("{}\n", r.exit_code), ReadAll(base.string() + ".exit"));
}

INSTANTIATE_TEST_SUITE_P(Commands, GoldenCommandTest,
                         testing::ValuesIn(CaseNames("golden", ".cmd")), TestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(InvalidScenarioTest);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenCommandTest);

}  // namespace
