#pragma once
// Private to common/registry: the Authorization a request carries. A host's
// scheme is learnt from its first 401 (WWW-Authenticate): Basic sends the
// authfile's credentials; Bearer runs the Docker/OCI token flow (a GET of
// the challenge's realm with its service and scope, with Basic credentials
// when the authfile has some) and keeps each token per (host, scope) until
// shortly before it expires. Safe to use from several threads.
#include "common/registry/detail/call.hpp"
#include "common/registry/detail/credentials.hpp"
#include "common/registry/detail/host_settings.hpp"
#include "common/registry/registry_options.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace airlock {

class Authenticator {
  public:
    // Sends a token request (with retries) and reads at most `limit` bytes of
    // its body: the client's request loop, which in turn asks this object
    // for authorization, so it is handed in rather than owned.
    using FetchDocument = std::function<Document(const Call& call, size_t limit)>;

    // Reads options.authfile now: Error(io) or Error(spec) when it is unusable.
    Authenticator(const RegistryOptions& options, HostSettings& hosts, FetchDocument fetch);

    // The Authorization value for `call` (without the header name), or
    // nullopt on first contact with its host and for a Basic host without
    // credentials. On a known token host a missing or expired token for the
    // call's scope is fetched here, saving the 401 round trip.
    std::optional<std::string> authorization(const Call& call);

    // Learns the host's scheme from a 401's headers and gets what the next
    // attempt needs. False when nothing new can be tried: no usable
    // challenge, Basic without credentials, or Basic credentials that were
    // sent (`sent_basic`) and refused.
    bool answer_challenge(const Call& call, const HeaderList& headers, bool sent_basic);

    // What a user told "denied" should check about `host`'s credentials.
    std::string credentials_hint(const std::string& host) const;

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

    std::string basic(const Credentials& creds) const;
    // Error(auth) for a realm that is not an http(s) URL, or (under the
    // no-egress rule) not on the registry's host or an announced token host.
    Call token_call(const Call& call, const std::string& realm, const std::string& service,
                    const std::string& scope);
    Token fetch_token(const Call& call, const std::string& realm, const std::string& service,
                      const std::string& scope);

    const AuthConfig credentials_;
    const std::string authfile_;
    const bool announced_endpoints_only_;
    const std::vector<std::string> token_hosts_;
    HostSettings& hosts_;
    const FetchDocument fetch_;

    std::mutex mutex_; // guards everything below
    std::map<std::string, HostAuth> host_auth_;
    std::map<std::pair<std::string, std::string>, Token> tokens_; // (host, scope)
};

} // namespace airlock
