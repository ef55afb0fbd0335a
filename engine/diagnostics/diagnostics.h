// Diagnostics: every problem found in user input, with where it is. All input errors of the
// engine pass through Diagnostics::Add, so the error policy (format, ordering, limits) lives in
// one place. Messages read "what is wrong; expected what"; Format() renders the compiler-style
// line `file:line:col: error: message` that editors and CI annotators understand.
// Not thread-safe; one instance per load.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace tunnelsim {

// A place in an input file; line and column are 1-based, 0 when unknown.
struct SourcePos {
  int line = 0;
  int column = 0;
  bool known() const { return line > 0; }
};

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;
  SourcePos pos;
  std::string message;
};

class Diagnostics {
 public:
  // Past this many errors more are counted but not kept: a 5,000-line broken file should not
  // produce 5,000 lines of output.
  static constexpr size_t kMaxKept = 200;

  void Add(Severity severity, const std::string& file, SourcePos pos, std::string message);
  void Error(const std::string& file, SourcePos pos, std::string message) {
    Add(Severity::kError, file, pos, std::move(message));
  }
  void Warning(const std::string& file, SourcePos pos, std::string message) {
    Add(Severity::kWarning, file, pos, std::move(message));
  }

  bool HasErrors() const { return error_count_ > 0; }
  size_t error_count() const { return error_count_; }
  const std::vector<Diagnostic>& items() const { return items_; }
  // Entries in file order (line, then column), stable for equal positions.
  void SortByPosition();
  // One line per diagnostic, plus a summary line when some were dropped.
  std::string Format() const;

 private:
  std::vector<Diagnostic> items_;
  size_t error_count_ = 0;
  size_t dropped_ = 0;
};

std::string FormatDiagnostic(const Diagnostic& d);

}  // namespace tunnelsim
