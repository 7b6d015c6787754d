#pragma once
// Base64 (RFC 4648) as DSSE uses it: we write the standard alphabet with
// padding; we read standard or URL-safe, padded or not, as the DSSE envelope
// specification requires of consumers.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace airlock {

std::string base64_encode(std::string_view bytes);

// nullopt when the text is not base64 (bad character, mixed alphabets,
// misplaced padding, non-zero unused bits) or decodes to more than
// max_decoded bytes; the size is checked before anything is allocated.
std::optional<std::string> base64_decode(std::string_view text, std::size_t max_decoded = SIZE_MAX);

} // namespace airlock
