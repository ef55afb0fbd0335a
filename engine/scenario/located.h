// Located<T>: a value read from an input file together with where it was written, so that
// later stages (validation, analyses, SARIF) can point at the exact line and column.
#pragma once

#include <utility>

#include "engine/diagnostics/diagnostics.h"

namespace tunnelsim {

template <typename T>
struct Located {
  T value{};
  SourcePos pos;

  Located() = default;
  Located(T v, SourcePos p = {}) : value(std::move(v)), pos(p) {}  // NOLINT
  const T& operator*() const { return value; }
  const T* operator->() const { return &value; }
};

}  // namespace tunnelsim
