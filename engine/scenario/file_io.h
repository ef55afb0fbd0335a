// Bounded file reading for untrusted inputs: never more than `max_bytes`, and a clear message
// (missing file, a directory, too large) instead of a partial read.
#pragma once

#include <cstddef>
#include <string>

#include "models/core/result.h"

namespace tunnelsim {

Result<std::string> ReadFileBounded(const std::string& path, size_t max_bytes);

// Writes `content` to `path` atomically: a temporary file in the same folder, then rename, so
// a reader never sees a partial file and an error leaves no file behind.
Status WriteFileAtomically(const std::string& path, const std::string& content);

}  // namespace tunnelsim
