#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace airlock {

// Text from documents and command lines, made safe for a one-line error:
// control characters become '?', and long values are cut at max_shown.
std::string printable(std::string_view text, std::size_t max_shown = 120);

// ASCII letters lowered; other bytes unchanged (header names, schemes).
std::string ascii_lower(std::string_view text);

} // namespace airlock
