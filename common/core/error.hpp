#pragma once
// One error type for the whole code base. The library throws airlock::Error;
// each program's main maps ErrorCode to its exit code through one table
// (error_classes(), in error.cpp), so a failure class always exits the same
// way. README.md's "Exit codes" table is checked against it by a unit test,
// and the integration tests read their codes from README.md.
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace airlock {

enum class ErrorCode {
    internal,  // a bug: should never happen
    usage,     // bad command line
    spec,      // invalid spec, key file or other user-supplied document
    io,        // local file system
    network,   // connection, TLS, timeouts, unexpected server errors
    auth,      // registry refused our credentials
    not_found, // image, tag or blob does not exist upstream
    malformed, // bundle structure is wrong (tar layout, BOM, truncated)
    integrity, // bytes do not match their digest or size
    signature, // unsigned, or a signature does not verify
    untrusted, // signed by a key the trust policy does not accept
    expired,   // outside the validity window
    rollback,  // older or conflicting version of a bundle already loaded
    license,   // required license missing or invalid
    base,      // a delta bundle's base is not at the site
};

class Error : public std::runtime_error {
  public:
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ErrorCode code() const noexcept { return code_; }

  private:
    ErrorCode code_;
};

[[noreturn]] inline void fail(ErrorCode code, const std::string& message) {
    throw Error(code, message);
}

// One row of the exit-code table.
struct ErrorClass {
    ErrorCode code;
    int exit_code;
    std::string_view name;    // in --json errors: "invalid-input", "untrusted-key"
    std::string_view summary; // for --help: "invalid input", "untrusted key"
};
// Every class, in exit-code order.
std::span<const ErrorClass> error_classes();

std::string_view to_string(ErrorCode code);
int exit_code(ErrorCode code);

// A --help footer: "Exit codes: 0 <success>, 2 usage, ...", one entry per
// class in `codes` (every class when empty), where `meanings` may say what a
// class means for one command ("12 forged or unsigned").
struct ExitMeaning {
    ErrorCode code;
    std::string_view meaning;
};
std::string exit_code_help(std::string_view success, std::span<const ErrorCode> codes = {},
                           std::span<const ExitMeaning> meanings = {});

} // namespace airlock
