#pragma once
// A well-formed sha256 hex string for tests that need any digest.
#include <string>

namespace airlock::test {

inline const std::string hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

} // namespace airlock::test
