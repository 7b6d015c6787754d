#pragma once
// What every fuzz target shares: airlock::Error is how a parser refuses bad
// input, so it is swallowed, except Error(internal), which by its contract
// (common/core/error.hpp) is a bug; so is any other exception, which escapes
// to libFuzzer, and a broken round-trip invariant.
#include "common/core/error.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace airlock::fuzz {

[[noreturn]] inline void finding(const std::string& what) {
    std::fprintf(stderr, "FINDING: %s\n", what.c_str());
    std::abort();
}

// Runs `parse`; an airlock::Error other than internal means "refused".
template <typename F> void refusing_errors(F&& parse) {
    try {
        parse();
    } catch (const Error& e) {
        if (e.code() == ErrorCode::internal) {
            finding(std::string("internal error from untrusted input: ") + e.what());
        }
    }
}

// For invariants: re-reading what the library itself wrote must not fail.
template <typename F> auto must_succeed(const char* what, F&& f) {
    try {
        return f();
    } catch (const Error& e) {
        finding(std::string(what) + ": " + e.what());
    }
}

inline std::string as_string(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

} // namespace airlock::fuzz
