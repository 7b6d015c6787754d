#pragma once
// Go's net/netip.ParseAddr, for its verdict and messages: a URL's bracketed
// host and the JSON Schema ipv6 format are checked by it.
#include <optional>
#include <string>
#include <string_view>

namespace airlock::gonet {

// nullopt for an address, else Go's message ("ParseAddr(\"1::2::3\"):
// multiple :: in address (at \":3\")"). `zone` reports whether an IPv6 zone
// ("%eth0") was given.
std::optional<std::string> parse_addr(std::string_view s, bool& zone);

} // namespace airlock::gonet
