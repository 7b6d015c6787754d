#pragma once
// The shared shape of both programs' main(): run the parsed command, map an
// airlock::Error to its exit code and a one-line message, nothing else.
#include <functional>
#include <string>

namespace airlock {

// Runs `body`; returns the process exit code. Errors print as
// "<program>: error: <message>" on stderr, or as JSON when json_errors is set.
int run_guarded(const std::string& program, const std::function<int()>& body, bool json_errors);

} // namespace airlock
