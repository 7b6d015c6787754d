#pragma once
// Private to common/registry: one logical request as the registry client
// sees it, with what its messages say, and the whole response when one is
// read into memory.
#include "common/registry/detail/exchange.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace airlock {

enum class CallKind { manifest, blob, token };

// Sent again as often as auth and retries need.
struct Call {
    CallKind kind = CallKind::manifest;
    std::string method = "GET";
    std::string host;       // the registry host
    std::string repository; // its repository path
    std::string url;
    std::vector<std::string> headers; // besides Authorization, which is added per attempt
    std::shared_ptr<const TlsSettings> tls;
    bool plain_http = false;
    // The token scope(s) the request needs; empty means pull on `repository`.
    std::string scope;
    // Request body: see HttpRequest. Only a body in memory can be retried.
    std::shared_ptr<const std::string> body;
    std::int64_t body_length = -1;
    // For messages: "registry H" or "token service URL"; "manifest H/R:T";
    // "image H/R:T not found".
    std::string endpoint;
    std::string subject;
    std::string missing;
    std::string verb = "fetch"; // "cannot <verb> <subject>: ..."
};

// The token scope for reading `repository`.
inline std::string pull_scope(const std::string& repository) {
    return "repository:" + repository + ":pull";
}

// The token scope for writing to `repository` (pushes and mounts read it too).
inline std::string push_scope(const std::string& repository) {
    return "repository:" + repository + ":pull,push";
}

// The scope a token for `call` must cover.
inline std::string scope_of(const Call& call) {
    return call.scope.empty() ? pull_scope(call.repository) : call.scope;
}

struct Document {
    long status = 0;
    HeaderList headers;
    std::string body;
};

} // namespace airlock
