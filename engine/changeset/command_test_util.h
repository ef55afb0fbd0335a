// Helpers for the command-parsing tests: parse one `command:` line placed at a known file
// position and look at the bodies or the formatted diagnostics.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "engine/changeset/cloud_command.h"

namespace tunnelsim::testing {

// Where the tests put a command's first character: line 7, column 16 of c.yaml, as for
// "    - command: az ..." (a plain scalar).
inline constexpr SourcePos kAt{7, 16};

struct Parsed {
  bool ok = false;
  std::vector<ChangeBody> bodies;
  Diagnostics diagnostics;

  std::string errors() const { return diagnostics.Format(); }
  template <typename T>
  const T& Only() const {
    EXPECT_EQ(bodies.size(), 1u) << errors();
    static const T kEmpty{};
    if (bodies.size() != 1 || !std::holds_alternative<T>(bodies[0])) {
      ADD_FAILURE() << "not the expected body; " << errors();
      return kEmpty;
    }
    return std::get<T>(bodies[0]);
  }
};

inline Parsed Parse(const std::string& text, const std::string& node_pool = "",
                    const std::string& node = "") {
  Parsed p;
  LString pool(node_pool, node_pool.empty() ? SourcePos{} : SourcePos{8, 15});
  LString on(node, node.empty() ? SourcePos{} : SourcePos{8, 11});
  p.ok = ParseCommandChange(LString(text, kAt), pool, on, "c.yaml", &p.bodies, &p.diagnostics);
  EXPECT_EQ(p.ok, !p.diagnostics.HasErrors()) << p.errors();
  if (!p.ok) {
    EXPECT_TRUE(p.bodies.empty());
  }
  return p;
}

// The column (on kAt's line) of the first occurrence of `needle` in `text`, plus `skip`.
inline int Col(std::string_view text, std::string_view needle, int skip = 0) {
  size_t at = text.find(needle);
  EXPECT_NE(at, std::string_view::npos) << needle;
  return kAt.column + static_cast<int>(at) + skip;
}

// The same for the last occurrence.
inline int ColLast(std::string_view text, std::string_view needle) {
  size_t at = text.rfind(needle);
  EXPECT_NE(at, std::string_view::npos) << needle;
  return kAt.column + static_cast<int>(at);
}

// "c.yaml:7:<column>: error: <message>\n": one diagnostic on the command's line.
inline std::string Error(int column, std::string_view message) {
  return "c.yaml:" + std::to_string(kAt.line) + ":" + std::to_string(column) +
         ": error: " + std::string(message) + "\n";
}

inline void ExpectPos(SourcePos pos, int line, int column) {
  EXPECT_EQ(pos.line, line);
  EXPECT_EQ(pos.column, column);
}

}  // namespace tunnelsim::testing
