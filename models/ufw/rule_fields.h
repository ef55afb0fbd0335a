// Validation of the fields of a ufw rule as ufw 0.36 does it (common.py set_port,
// set_interface; util.py valid_address4, normalize_address; socket.getservbyname), internal
// to models/ufw. Error Statuses carry ufw's own message ("ERROR: Bad port '70000'") or, for
// input ufw accepts but this model leaves out, kUnsupported.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "models/core/result.h"
#include "models/ufw/rule.h"

namespace tunnelsim::ufw::internal {

// One /etc/services name ufw may resolve. protocol kAny: listed for both tcp and udp.
struct Service {
  std::string_view name;
  int port;
  Protocol protocol;
};

// The services this model knows, from netbase 6.3/6.4 (Ubuntu 22.04+, Debian 12). Note that
// `https` is listed for udp too there (HTTP/3), so `ufw allow https` makes a tcp and a udp
// rule; `kubelet` (10250) is not a service name. Add entries here, not at call sites.
const Service* FindService(std::string_view name);

// application.py valid_profile_name: a word ufw would try as an application profile.
bool ValidProfileName(std::string_view name);

// True for ufw's numeric port syntax ^\d([0-9,:]*\d+)*$ ("22", "80,443", "10000:11000").
bool NumericPortSyntax(std::string_view port);

// set_port: validates "any", a number, a range, a comma list or service names and returns
// ufw's stored text (service names replaced by numbers); errors say "ERROR: Bad port '<port>'".
Result<std::string> ParsePortField(std::string_view port);

struct AddressField {
  std::optional<Ipv4Prefix> prefix;  // nullopt: anywhere
  bool normalized = false;           // host bits were set and ufw cleared them
};
// An IPv4 address or network as ufw accepts it after `from`/`to` ("10.0.0.1",
// "10.0.0.0/8", "10.0.0.0/255.0.0.0"); `what` is "source" or "destination" for the error.
Result<AddressField> ParseAddressField(std::string_view text, std::string_view what);

// set_interface's checks on an interface name (at most 15 characters, no '!' or ':', ...).
Status ValidateInterfaceName(std::string_view name);

}  // namespace tunnelsim::ufw::internal
