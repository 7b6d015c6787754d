#include "common/registry/detail/authenticator.hpp"

#include "common/core/base64.hpp"
#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "common/registry/detail/url.hpp"
#include "common/registry/detail/www_authenticate.hpp"

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

namespace airlock {

namespace {

// Token responses are small; a larger one is an error, not stored.
constexpr size_t max_token_response = 1024 * 1024;
// Tokens are refreshed a little before they expire, so a request does not race the expiry.
constexpr std::chrono::seconds token_margin{10};
// The token spec's default lifetime when the service does not say.
constexpr std::chrono::seconds default_token_lifetime{60};

} // namespace

Authenticator::Authenticator(const RegistryOptions& options, HostSettings& hosts,
                             FetchDocument fetch)
    : credentials_(options.authfile.empty() ? AuthConfig() : AuthConfig::load(options.authfile)),
      authfile_(options.authfile), announced_endpoints_only_(options.announced_endpoints_only),
      token_hosts_(options.token_hosts), hosts_(hosts), fetch_(std::move(fetch)) {}

std::string Authenticator::basic(const Credentials& creds) const {
    return "Basic " + base64_encode(creds.username + ":" + creds.password);
}

std::optional<std::string> Authenticator::authorization(const Call& call) {
    const std::string scope = scope_of(call);
    HostAuth host_auth;
    {
        std::lock_guard lock(mutex_);
        auto it = host_auth_.find(call.host);
        if (it == host_auth_.end()) {
            return std::nullopt; // first contact: learn the scheme from a challenge
        }
        host_auth = it->second;
        if (host_auth.scheme == "bearer") {
            auto token = tokens_.find({call.host, scope});
            if (token != tokens_.end() &&
                token->second.expires > std::chrono::steady_clock::now()) {
                return "Bearer " + token->second.value;
            }
        }
    }
    if (host_auth.scheme == "basic") {
        if (auto creds = credentials_.find(call.host)) {
            return basic(*creds);
        }
        return std::nullopt;
    }
    // A new repository on a known token host: fetch its token up front
    // instead of paying a 401 round trip.
    Token token = fetch_token(call, host_auth.realm, host_auth.service, scope);
    std::lock_guard lock(mutex_);
    tokens_[{call.host, scope}] = token;
    return "Bearer " + token.value;
}

bool Authenticator::answer_challenge(const Call& call, const HeaderList& headers, bool sent_basic) {
    auto challenge = pick_challenge(find_headers(headers, "www-authenticate"));
    if (!challenge) {
        return false;
    }
    if (challenge->scheme == "basic") {
        if (!credentials_.find(call.host)) {
            return false;
        }
        if (sent_basic) {
            return false; // the credentials were sent and refused
        }
        std::lock_guard lock(mutex_);
        host_auth_[call.host] = HostAuth{"basic", {}, {}};
        return true;
    }
    const std::string realm = challenge->param("realm");
    const std::string service = challenge->param("service");
    const std::string our_scope = scope_of(call);
    std::string scope = challenge->param("scope");
    if (scope.empty()) {
        scope = our_scope;
    }
    Token token = fetch_token(call, realm, service, scope);
    std::lock_guard lock(mutex_);
    host_auth_[call.host] = HostAuth{"bearer", realm, service};
    tokens_[{call.host, our_scope}] = std::move(token);
    return true;
}

Call Authenticator::token_call(const Call& call, const std::string& realm,
                               const std::string& service, const std::string& scope) {
    auto parts = split_url(realm);
    if (!parts) {
        fail(ErrorCode::auth,
             "registry " + call.host + " names an unusable token realm '" + realm + "'");
    }
    const std::string realm_name = without_query(realm);
    if (announced_endpoints_only_ && parts->authority != call.host &&
        std::find(token_hosts_.begin(), token_hosts_.end(), parts->authority) ==
            token_hosts_.end()) {
        fail(ErrorCode::auth, "registry " + call.host + " sends clients to the token service " +
                                  realm_name +
                                  ", which is not an endpoint of this run; allow it with "
                                  "--token-service " +
                                  parts->authority);
    }
    Call tc;
    tc.kind = CallKind::token;
    tc.host = call.host;
    tc.repository = call.repository;
    tc.plain_http = parts->scheme == "http";
    if (!tc.plain_http) {
        // A token service with no TLS files of its own is trusted like its
        // registry, as docker does.
        tc.tls = hosts_.tls(parts->authority);
        if (!tc.tls) {
            tc.tls = call.tls;
        }
    }
    std::string query;
    if (!service.empty()) {
        query += "service=" + percent_encode(service);
    }
    // Several scopes travel as repeated parameters.
    std::istringstream scopes(scope);
    for (std::string one; scopes >> one;) {
        query += query.empty() ? "scope=" : "&scope=";
        query += percent_encode(one);
    }
    tc.url = query.empty() ? realm : with_query(realm, query);
    tc.endpoint = "token service " + realm_name;
    tc.subject = "token for " + call.host + "/" + call.repository + " from " + realm_name;
    tc.missing = "token service " + realm_name + " not found";
    if (auto creds = credentials_.find(call.host)) {
        // Credentials go in clear text only where the user accepted plain HTTP.
        if (!tc.plain_http || call.plain_http || hosts_.plain_http(parts->authority)) {
            tc.headers.push_back("Authorization: " + basic(*creds));
        } else {
            log::warn("not sending credentials for " + call.host + " to " + realm_name +
                      " over plain HTTP");
        }
    }
    return tc;
}

Authenticator::Token Authenticator::fetch_token(const Call& call, const std::string& realm,
                                                const std::string& service,
                                                const std::string& scope) {
    const Call tc = token_call(call, realm, service, scope);
    Document doc = fetch_(tc, max_token_response);
    auto json = nlohmann::json::parse(doc.body, nullptr, false);
    std::string value;
    if (json.is_object()) {
        for (const char* key : {"token", "access_token"}) {
            if (auto it = json.find(key); it != json.end() && it->is_string() && value.empty()) {
                value = it->get<std::string>();
            }
        }
    }
    if (value.empty()) {
        fail(ErrorCode::auth,
             tc.endpoint + " returned no token for " + call.host + "/" + call.repository);
    }
    std::chrono::seconds lifetime = default_token_lifetime;
    if (auto it = json.find("expires_in");
        it != json.end() && it->is_number_integer() && it->get<std::int64_t>() > 0) {
        lifetime = std::chrono::seconds(it->get<std::int64_t>());
    }
    auto margin = std::min(token_margin, lifetime / 2);
    return Token{value, std::chrono::steady_clock::now() + lifetime - margin};
}

std::string Authenticator::credentials_hint(const std::string& host) const {
    if (credentials_.find(host)) {
        return "check the credentials for " + host + " in " + authfile_ +
               ", and that the repository exists";
    }
    if (authfile_.empty()) {
        return "no authfile was given; or the repository does not exist";
    }
    return "no credentials for " + host + " in " + authfile_ + "; or the repository does not exist";
}

} // namespace airlock
