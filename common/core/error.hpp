#pragma once
// One error type for the whole code base. The library throws airlock::Error;
// each program's main maps ErrorCode to its exit code in one place
// (common/core/exit_codes.hpp), so a failure class always exits the same way.
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

std::string_view to_string(ErrorCode code);
int exit_code(ErrorCode code);

} // namespace airlock
