#pragma once
// The shared shape of both programs' main(): run the parsed command, map an
// airlock::Error to its exit code and a one-line message, nothing else.
#include "common/core/error.hpp"

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace airlock {

// A failure that comes with a machine-readable document (per-item results,
// say): with --json, run_guarded prints that document with the error added
// under "error", so stdout stays one JSON document.
class ReportedError : public Error {
  public:
    ReportedError(ErrorCode code, const std::string& message, nlohmann::json document)
        : Error(code, message), document_(std::move(document)) {}
    const nlohmann::json& document() const { return document_; }

  private:
    nlohmann::json document_;
};

// Runs `body`; returns the process exit code. Errors print as
// "<program>: error: <message>" on stderr, or as JSON when json_errors is set.
int run_guarded(const std::string& program, const std::function<int()>& body, bool json_errors);

} // namespace airlock
