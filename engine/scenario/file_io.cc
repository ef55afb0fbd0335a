#include "engine/scenario/file_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace tunnelsim {

Result<std::string> ReadFileBounded(const std::string& path, size_t max_bytes) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return Status::IoError(fmt::format("cannot open '{}': no such file", path));
  }
  if (!std::filesystem::is_regular_file(status)) {
    return Status::IoError(fmt::format("cannot read '{}': not a regular file", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IoError(fmt::format("cannot open '{}': {}", path, std::strerror(errno)));
  }
  std::string content;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    content.append(buffer, static_cast<size_t>(in.gcount()));
    if (content.size() > max_bytes) {
      return Status::OutOfRange(
          fmt::format("'{}' is larger than {} bytes; expected a smaller file", path, max_bytes));
    }
  }
  return content;
}

Status WriteFileAtomically(const std::string& path, const std::string& content) {
  std::string temporary = path + ".tmp-tunnelsim";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) {
      return Status::IoError(fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::remove(temporary.c_str());
      return Status::IoError(fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    int error = errno;
    std::remove(temporary.c_str());
    return Status::IoError(fmt::format("cannot write '{}': {}", path, std::strerror(error)));
  }
  return Status::Ok();
}

}  // namespace tunnelsim
