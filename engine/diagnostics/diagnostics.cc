#include "engine/diagnostics/diagnostics.h"

#include <algorithm>

#include <fmt/format.h>

namespace tunnelsim {

void Diagnostics::Add(Severity severity, const std::string& file, SourcePos pos,
                      std::string message) {
  if (severity == Severity::kError) ++error_count_;
  if (items_.size() >= kMaxKept) {
    ++dropped_;
    return;
  }
  items_.push_back({severity, file, pos, std::move(message)});
}

void Diagnostics::SortByPosition() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.pos.line != b.pos.line) return a.pos.line < b.pos.line;
    return a.pos.column < b.pos.column;
  });
}

std::string FormatDiagnostic(const Diagnostic& d) {
  const char* kind = d.severity == Severity::kError     ? "error"
                     : d.severity == Severity::kWarning ? "warning"
                                                        : "note";
  if (!d.pos.known()) return fmt::format("{}: {}: {}", d.file, kind, d.message);
  return fmt::format("{}:{}:{}: {}: {}", d.file, d.pos.line, d.pos.column, kind, d.message);
}

std::string Diagnostics::Format() const {
  std::string out;
  for (const Diagnostic& d : items_) {
    out += FormatDiagnostic(d);
    out += '\n';
  }
  if (dropped_ > 0) out += fmt::format("... and {} more problems not shown\n", dropped_);
  return out;
}

}  // namespace tunnelsim
