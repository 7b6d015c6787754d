#pragma once
// Private to common/registry: the shared state behind RegistryClient (handle
// pool, credentials, TLS settings, tokens) and the request loop that answers
// auth challenges and retries transient failures. Blob readers hold a
// shared_ptr to it, so they may outlive the client.
#include "common/digest/digest.hpp"
#include "common/registry/credentials.hpp"
#include "common/registry/http_exchange.hpp"
#include "common/registry/registry_options.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace airlock {

enum class CallKind { manifest, blob, token };

// One logical request, re-sent as often as auth and retries need.
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

// The token scope for writing to `repository` (pushes and mounts read it too).
inline std::string push_scope(const std::string& repository) {
    return "repository:" + repository + ":pull,push";
}

struct Document {
    long status = 0;
    HeaderList headers;
    std::string body;
};

// Whether a failed exchange may succeed when tried again.
bool is_retryable_transport(const Exchange& exchange);

class ClientCore {
  public:
    explicit ClientCore(RegistryOptions options);

    Call manifest_call(const std::string& method, const std::string& host,
                       const std::string& repository, const std::string& identifier);
    Call blob_call(const std::string& method, const std::string& host,
                   const std::string& repository, const Digest& digest);
    // A request to `path` below /v2/<repository> of `host`.
    Call registry_call(CallKind kind, const std::string& method, const std::string& host,
                       const std::string& repository, const std::string& path);
    // A GET of any http(s) URL (a Helm chart repository's index.yaml or
    // archive), with the TLS files, credentials and plain-HTTP choice of the
    // URL's host[:port]. Error(spec) when `url` is not http:// or https://.
    Call url_call(const std::string& url);
    // The URL a Location header names, resolved against `call`'s registry.
    // Error(network) when it leaves that registry: the loader contacts only
    // the endpoints it announced.
    std::string resolve_location(const Call& call, const std::string& location) const;

    // Starts `call` with its credentials and returns at once, for a streamed
    // body the caller then feeds with Exchange::send(). No retries, no
    // challenge answering: callers make an ordinary request first.
    std::unique_ptr<Exchange> begin(const Call& call);
    // Reads what is left of a response body (at most 64 KiB kept).
    static std::string drain(Exchange& exchange);
    // Error for a final non-2xx response, as open() reports it.
    [[noreturn]] void fail_response(const Call& call, Exchange& exchange);

    // Sends `call` until the response is 2xx, answering one auth challenge
    // and retrying transient failures while `attempts` < max_retries. Throws
    // Error(not_found / auth / network) otherwise.
    std::unique_ptr<Exchange> open(const Call& call, int& attempts);

    // open() and read the whole body (at most `limit` bytes), retrying when
    // the body is cut short.
    Document fetch(const Call& call, size_t limit, int& attempts);

    // Waits before the next retry and counts it; false when the budget is spent.
    bool retry_allowed(int& attempts, const Call& call, const std::string& why,
                       std::optional<std::chrono::milliseconds> retry_after = std::nullopt);

    // Error(network) for a failed exchange: "cannot reach <endpoint>: <reason>".
    [[noreturn]] void fail_transport(const Call& call, const Exchange& exchange) const;

  private:
    struct HostAuth {
        std::string scheme; // "basic" or "bearer"
        std::string realm;
        std::string service;
    };
    struct Token {
        std::string value;
        std::chrono::steady_clock::time_point expires;
    };

    HttpRequest make_request(const Call& call);
    std::optional<std::string> authorization(const Call& call);
    // Learns the host's scheme from a 401 and gets what the next attempt
    // needs; false when nothing new can be tried.
    bool answer_challenge(const Call& call, const HeaderList& headers, bool sent_basic);
    Token fetch_token(const Call& call, const std::string& realm, const std::string& service,
                      const std::string& scope);
    [[noreturn]] void fail_status(const Call& call, long status, const std::string& body) const;
    std::string credentials_hint(const std::string& host) const;

    std::shared_ptr<const TlsSettings> tls_for(const std::string& host);
    bool is_plain_http(const std::string& host) const;

    const RegistryOptions options_;
    const AuthConfig auth_;
    const std::string user_agent_;
    std::shared_ptr<HandlePool> pool_;

    std::mutex mutex_; // guards everything below
    std::map<std::string, std::shared_ptr<const TlsSettings>> tls_;
    std::map<std::string, HostAuth> host_auth_;
    std::map<std::pair<std::string, std::string>, Token> tokens_; // (host, scope)
};

} // namespace airlock
