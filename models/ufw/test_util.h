// Test helpers for models/ufw (not part of the library): golden files from testdata/ and
// shorthands for applying ufw command lines.
#pragma once

#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "models/ufw/state.h"

namespace tunnelsim::ufw::test_util {

// The text of models/ufw/testdata/<name>. The test harness sets TUNNELSIM_SOURCE_DIR; without
// it the path is taken relative to this header.
inline std::string Golden(std::string_view name) {
  const char* root = std::getenv("TUNNELSIM_SOURCE_DIR");
  std::string dir = root != nullptr
                        ? std::string(root) + "/models/ufw"
                        : std::string(__FILE__).substr(0, std::string(__FILE__).rfind('/'));
  std::ifstream in(dir + "/testdata/" + std::string(name), std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing golden file " << name << " under " << dir;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Applies each command line in turn; fails the test on the first error.
inline State ApplyAll(std::initializer_list<std::string_view> commands, State state = {}) {
  for (std::string_view command : commands) {
    auto outcome = Apply(state, command);
    EXPECT_TRUE(outcome.ok()) << command << ": " << outcome.status().message();
    if (!outcome.ok()) return state;
    state = outcome->state;
  }
  return state;
}

// The output of one command applied to `state`, or its error message.
inline std::string Output(const State& state, std::string_view command) {
  auto outcome = Apply(state, command);
  return outcome.ok() ? outcome->output : outcome.status().message();
}

}  // namespace tunnelsim::ufw::test_util
