#include "common/core/error.hpp"

namespace airlock {

std::string_view to_string(ErrorCode code) {
    switch (code) {
    case ErrorCode::internal:
        return "internal";
    case ErrorCode::usage:
        return "usage";
    case ErrorCode::spec:
        return "invalid-input";
    case ErrorCode::io:
        return "io";
    case ErrorCode::network:
        return "network";
    case ErrorCode::auth:
        return "auth";
    case ErrorCode::not_found:
        return "not-found";
    case ErrorCode::malformed:
        return "malformed-bundle";
    case ErrorCode::integrity:
        return "integrity";
    case ErrorCode::signature:
        return "signature";
    case ErrorCode::untrusted:
        return "untrusted-key";
    case ErrorCode::expired:
        return "expired";
    case ErrorCode::rollback:
        return "rollback";
    case ErrorCode::license:
        return "license";
    }
    return "internal";
}

// Documented in README.md ("Exit codes"); keep the two in step.
int exit_code(ErrorCode code) {
    switch (code) {
    case ErrorCode::internal:
        return 1;
    case ErrorCode::usage:
        return 2;
    case ErrorCode::spec:
        return 3;
    case ErrorCode::io:
        return 4;
    case ErrorCode::network:
        return 5;
    case ErrorCode::auth:
        return 6;
    case ErrorCode::not_found:
        return 7;
    case ErrorCode::malformed:
        return 10;
    case ErrorCode::integrity:
        return 11;
    case ErrorCode::signature:
        return 12;
    case ErrorCode::untrusted:
        return 13;
    case ErrorCode::expired:
        return 14;
    case ErrorCode::rollback:
        return 15;
    case ErrorCode::license:
        return 16;
    }
    return 1;
}

} // namespace airlock
