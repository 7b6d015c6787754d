#pragma once
// Private to common/registry: the shared state behind RegistryClient (the
// connector, host settings, authentication) and the request loop that answers
// auth challenges and retries transient failures. Blob readers hold a
// shared_ptr to it, so they may outlive the client.
//
// Where each concern lives: call_builders.cpp addresses requests,
// authenticator.* adds their Authorization, retry_budget.* counts retries,
// error_mapping.* and redirect_policy.* decide failures; this file's .cpp
// is the loop that ties them together. The loop sends through a Connector,
// so unit tests can run it against scripted exchanges.
#include "common/digest/digest.hpp"
#include "common/registry/detail/authenticator.hpp"
#include "common/registry/detail/call.hpp"
#include "common/registry/detail/exchange.hpp"
#include "common/registry/detail/host_settings.hpp"
#include "common/registry/detail/retry_budget.hpp"
#include "common/registry/registry_options.hpp"

#include <cstddef>
#include <memory>
#include <string>

namespace airlock {

class ClientCore {
  public:
    // Reads options.authfile now: Error(io) or Error(spec) when it is unusable.
    // Requests go through `connector`; retries wait with `wait`.
    ClientCore(RegistryOptions options, std::shared_ptr<Connector> connector,
               RetryBudget::Wait wait = &RetryBudget::sleep);

    // ---- building calls (call_builders.cpp) ----

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

    // ---- sending them ----

    // A fresh budget of options.max_retries retries, for one logical request.
    RetryBudget retry_budget() const;

    // Starts `call` with its credentials and returns at once, for a streamed
    // body the caller then feeds with Exchange::send(). No retries, no
    // challenge answering: callers make an ordinary request first.
    std::unique_ptr<Exchange> begin(const Call& call);
    // Error for a final non-2xx response, as open() reports it.
    [[noreturn]] void fail_response(const Call& call, Exchange& exchange) const;

    // Sends `call` until the response is 2xx, answering one auth challenge
    // and retrying transient failures while `retries` allows. Throws
    // Error(not_found / auth / network) otherwise.
    std::unique_ptr<Exchange> open(const Call& call, RetryBudget& retries);
    std::unique_ptr<Exchange> open(const Call& call);

    // open() and read the whole body (at most `limit` bytes, more is
    // Error(integrity)), retrying when the body is cut short.
    Document fetch(const Call& call, size_t limit, RetryBudget& retries);
    Document fetch(const Call& call, size_t limit);

  private:
    HttpRequest make_request(const Call& call);

    const RegistryOptions options_;
    const std::string user_agent_;
    const std::shared_ptr<Connector> connector_;
    const RetryBudget::Wait wait_;
    HostSettings hosts_;
    Authenticator auth_;
};

} // namespace airlock
