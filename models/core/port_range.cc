#include "models/core/port_range.h"

#include <charconv>

#include <fmt/format.h>

namespace tunnelsim {

Result<uint16_t> ParsePort(std::string_view text) {
  uint32_t value = 0;
  if (text.empty() || text.size() > 5) {
    return Status::InvalidArgument(fmt::format("'{}' is not a port; expected 0-65535", text));
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > 65535) {
    return Status::InvalidArgument(fmt::format("'{}' is not a port; expected 0-65535", text));
  }
  return static_cast<uint16_t>(value);
}

Result<PortRange> PortRange::Parse(std::string_view text, char separator) {
  size_t sep = text.find(separator);
  if (sep == std::string_view::npos) {
    auto port = ParsePort(text);
    if (!port.ok()) return port.status();
    return PortRange::Single(*port);
  }
  auto first = ParsePort(text.substr(0, sep));
  auto last = ParsePort(text.substr(sep + 1));
  if (!first.ok() || !last.ok()) {
    return Status::InvalidArgument(
        fmt::format("'{}' is not a port range; expected N{}M with ports 0-65535", text, separator));
  }
  if (*first > *last) {
    return Status::InvalidArgument(
        fmt::format("'{}' is not a port range; the first port is above the last", text));
  }
  return PortRange{*first, *last};
}

std::string PortRange::ToString(char separator) const {
  if (first == last) return fmt::format("{}", first);
  return fmt::format("{}{}{}", first, separator, last);
}

}  // namespace tunnelsim
