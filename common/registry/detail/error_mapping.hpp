#pragma once
// Private to common/registry: which airlock::Error a failed request becomes.
// The code says what class of failure it was (not_found, auth, network), the
// message what was asked of whom, so that a user can act on it.
#include "common/registry/detail/call.hpp"

#include <string>

namespace airlock {

// A final non-2xx status. `credentials_hint` is added to auth failures: what
// the user could check in their credentials.
[[noreturn]] void fail_status(const Call& call, long status, const std::string& body,
                              const std::string& credentials_hint);

// A transfer that failed: "cannot reach <endpoint>: <reason>" when no
// response came, "cannot <verb> <subject>: <reason>" when it broke later.
[[noreturn]] void fail_transport(const Call& call, const Exchange& exchange);

// Whichever of the two applies to an exchange that did not succeed, after
// waiting for its response and reading its body.
[[noreturn]] void fail_response(const Call& call, Exchange& exchange,
                                const std::string& credentials_hint);

} // namespace airlock
