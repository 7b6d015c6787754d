#pragma once
// Standard base64 (RFC 4648, with padding) for Basic auth and config.json "auth" values.
#include <optional>
#include <string>
#include <string_view>

namespace airlock {

std::string base64_encode(std::string_view bytes);
// nullopt when `text` is not valid padded or unpadded base64.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace airlock
