#include "common/registry/client_core.hpp"

#include "common/core/base64.hpp"
#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/log/log.hpp"
#include "common/oci/media_types.hpp"
#include "common/registry/cert_dir.hpp"
#include "common/registry/registry_errors.hpp"
#include "common/registry/retry_policy.hpp"
#include "common/registry/www_authenticate.hpp"

#include <algorithm>
#include <array>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

namespace airlock {

namespace {

// Error bodies and token responses are small; a larger one is cut, not stored.
constexpr size_t max_error_body = 64 * 1024;
constexpr size_t max_token_response = 1024 * 1024;
// Tokens are refreshed a little before they expire, so a request does not race the expiry.
constexpr std::chrono::seconds token_margin{10};
// The token spec's default lifetime when the service does not say.
constexpr std::chrono::seconds default_token_lifetime{60};

std::string pull_scope(const std::string& repository) {
    return "repository:" + repository + ":pull";
}

std::string scope_of(const Call& call) {
    return call.scope.empty() ? pull_scope(call.repository) : call.scope;
}

// A CA file or bundle is a few hundred KiB at most.
constexpr std::size_t max_ca_bytes = std::size_t{16} << 20;

// libcurl's own default CA bundle, which a CA blob would otherwise replace.
std::string system_ca_bundle() {
    curl::Easy easy = curl::make_easy();
    char* path = nullptr;
    if (curl_easy_getinfo(easy.get(), CURLINFO_CAINFO, &path) != CURLE_OK || path == nullptr) {
        return {};
    }
    // As before libcurl would: an unreadable default bundle adds nothing,
    // and the TLS handshake then says what is missing.
    try {
        return read_file(path, max_ca_bytes);
    } catch (const Error&) {
        return {};
    }
}

std::string percent_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 15];
        }
    }
    return out;
}

struct UrlParts {
    std::string scheme;
    std::string authority; // host[:port]
};

std::optional<UrlParts> split_url(std::string_view url) {
    size_t sep = url.find("://");
    if (sep == std::string_view::npos) {
        return std::nullopt;
    }
    UrlParts parts;
    parts.scheme = std::string(url.substr(0, sep));
    std::transform(parts.scheme.begin(), parts.scheme.end(), parts.scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string_view rest = url.substr(sep + 3);
    parts.authority = std::string(rest.substr(0, rest.find_first_of("/?#")));
    if (parts.authority.empty() || (parts.scheme != "http" && parts.scheme != "https")) {
        return std::nullopt;
    }
    return parts;
}

std::string host_without_port(const std::string& host) {
    if (!host.empty() && host.front() == '[') {
        return host.substr(0, host.find(']') + 1);
    }
    return host.substr(0, host.find(':'));
}

} // namespace

bool is_retryable_transport(const Exchange& exchange) {
    // A TLS alert (bad certificate, unknown CA) surfaces as a receive error
    // but does not heal by waiting.
    if (exchange.failure_reason().find("SSL routines") != std::string::npos) {
        return false;
    }
    switch (exchange.result()) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return true;
    default:
        // DNS failures, TLS verification and protocol errors do not heal by waiting.
        return false;
    }
}

ClientCore::ClientCore(RegistryOptions options)
    : options_(std::move(options)),
      auth_(options_.authfile.empty() ? AuthConfig() : AuthConfig::load(options_.authfile)),
      user_agent_(options_.user_agent.empty() ? std::string("airlock/") + AIRLOCK_VERSION
                                              : options_.user_agent),
      pool_(std::make_shared<HandlePool>()) {}

bool ClientCore::is_plain_http(const std::string& host) const {
    const std::string bare = host_without_port(host);
    return std::any_of(options_.plain_http_hosts.begin(), options_.plain_http_hosts.end(),
                       [&](const std::string& entry) { return entry == host || entry == bare; });
}

std::shared_ptr<const TlsSettings> ClientCore::tls_for(const std::string& host) {
    {
        std::lock_guard lock(mutex_);
        if (auto it = tls_.find(host); it != tls_.end()) {
            return it->second;
        }
    }
    std::shared_ptr<TlsSettings> settings;
    TlsFiles files = find_tls_files(options_.cert_dir, host);
    if (!files.empty()) {
        settings = std::make_shared<TlsSettings>();
        if (!files.ca_files.empty()) {
            // Extra CAs add to the system's, as in docker and containerd.
            settings->ca_pem = system_ca_bundle();
            for (const auto& ca : files.ca_files) {
                settings->ca_pem += '\n';
                settings->ca_pem += read_named_file(ca, "CA certificate", max_ca_bytes);
            }
        }
        settings->client_cert = files.client_cert.string();
        settings->client_key = files.client_key.string();
        log::debug("registry " + host + ": using TLS files from " + options_.cert_dir);
    }
    std::lock_guard lock(mutex_);
    return tls_.emplace(host, std::move(settings)).first->second;
}

Call ClientCore::registry_call(CallKind kind, const std::string& method, const std::string& host,
                               const std::string& repository, const std::string& path) {
    Call call;
    call.kind = kind;
    call.method = method;
    call.host = host;
    call.repository = repository;
    call.plain_http = is_plain_http(host);
    if (!call.plain_http) {
        call.tls = tls_for(host);
    }
    call.url = (call.plain_http ? "http://" : "https://") + host + "/v2/" + repository + path;
    call.endpoint = "registry " + host;
    return call;
}

Call ClientCore::manifest_call(const std::string& method, const std::string& host,
                               const std::string& repository, const std::string& identifier) {
    Call call =
        registry_call(CallKind::manifest, method, host, repository, "/manifests/" + identifier);
    call.headers.push_back("Accept: " + std::string(media::manifest_accept));
    // A digest contains ':'; a tag never does.
    std::string image = host + "/" + repository +
                        (identifier.find(':') == std::string::npos ? ":" : "@") + identifier;
    call.subject = "manifest " + image;
    call.missing = "image " + image + " not found";
    return call;
}

Call ClientCore::blob_call(const std::string& method, const std::string& host,
                           const std::string& repository, const Digest& digest) {
    Call call = registry_call(CallKind::blob, method, host, repository, "/blobs/" + digest.str());
    call.subject = "blob " + digest.str() + " from " + host + "/" + repository;
    call.missing = "blob " + digest.str() + " not found in " + host + "/" + repository;
    return call;
}

Call ClientCore::url_call(const std::string& url) {
    auto parts = split_url(url);
    if (!parts) {
        fail(ErrorCode::spec, "unsupported URL '" + url + "': expected http:// or https://");
    }
    Call call;
    call.kind = CallKind::blob;
    call.host = parts->authority;
    // The path stands in for a repository in messages and token scopes.
    const size_t path_at = url.find('/', url.find("://") + 3);
    call.repository = path_at == std::string::npos ? "/" : url.substr(path_at);
    call.plain_http = parts->scheme == "http";
    if (!call.plain_http) {
        call.tls = tls_for(parts->authority);
    }
    call.url = url;
    call.endpoint = url;
    call.subject = url;
    call.missing = url + " not found";
    return call;
}

HttpRequest ClientCore::make_request(const Call& call) {
    HttpRequest request;
    request.method = call.method;
    request.url = call.url;
    request.headers = call.headers;
    request.tls = call.tls;
    request.user_agent = user_agent_;
    request.allow_http_redirects = call.plain_http;
    request.body = call.body;
    request.body_length = call.body_length;
    request.use_proxy_env = !options_.announced_endpoints_only;
    request.follow_redirects = !options_.announced_endpoints_only;
    if (call.kind != CallKind::token) {
        if (auto value = authorization(call)) {
            request.headers.push_back("Authorization: " + *value);
        }
    }
    return request;
}

std::optional<std::string> ClientCore::authorization(const Call& call) {
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
        if (auto creds = auth_.find(call.host)) {
            return "Basic " + base64_encode(creds->username + ":" + creds->password);
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

bool ClientCore::answer_challenge(const Call& call, const HeaderList& headers, bool sent_basic) {
    auto challenge = pick_challenge(find_headers(headers, "www-authenticate"));
    if (!challenge) {
        return false;
    }
    if (challenge->scheme == "basic") {
        if (!auth_.find(call.host)) {
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

ClientCore::Token ClientCore::fetch_token(const Call& call, const std::string& realm,
                                          const std::string& service, const std::string& scope) {
    auto parts = split_url(realm);
    if (!parts) {
        fail(ErrorCode::auth,
             "registry " + call.host + " names an unusable token realm '" + realm + "'");
    }
    if (options_.announced_endpoints_only && parts->authority != call.host &&
        std::find(options_.token_hosts.begin(), options_.token_hosts.end(), parts->authority) ==
            options_.token_hosts.end()) {
        fail(ErrorCode::auth, "registry " + call.host + " sends clients to the token service " +
                                  realm.substr(0, realm.find('?')) +
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
        tc.tls = tls_for(parts->authority);
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
    tc.url = realm;
    if (!query.empty()) {
        tc.url += (realm.find('?') == std::string::npos ? "?" : "&") + query;
    }
    std::string realm_name = realm.substr(0, realm.find('?'));
    tc.endpoint = "token service " + realm_name;
    tc.subject = "token for " + call.host + "/" + call.repository + " from " + realm_name;
    tc.missing = "token service " + realm_name + " not found";
    if (auto creds = auth_.find(call.host)) {
        // Credentials go in clear text only where the user accepted plain HTTP.
        if (!tc.plain_http || call.plain_http || is_plain_http(parts->authority)) {
            tc.headers.push_back("Authorization: Basic " +
                                 base64_encode(creds->username + ":" + creds->password));
        } else {
            log::warn("not sending credentials for " + call.host + " to " + realm_name +
                      " over plain HTTP");
        }
    }

    int attempts = 0;
    Document doc = fetch(tc, max_token_response, attempts);
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

bool ClientCore::retry_allowed(int& attempts, const Call& call, const std::string& why,
                               std::optional<std::chrono::milliseconds> retry_after) {
    if (attempts >= options_.max_retries) {
        return false;
    }
    auto wait = retry_after ? std::min(*retry_after, max_retry_wait)
                            : backoff_delay(attempts, options_.initial_backoff);
    ++attempts;
    log::warn(call.subject + ": " + why + "; retry " + std::to_string(attempts) + " of " +
              std::to_string(options_.max_retries) + " in " + std::to_string(wait.count()) + " ms");
    std::this_thread::sleep_for(wait);
    return true;
}

void ClientCore::fail_transport(const Call& call, const Exchange& exchange) const {
    if (exchange.status() != 0) {
        // The server answered, then the transfer broke.
        fail(ErrorCode::network,
             "cannot " + call.verb + " " + call.subject + ": " + exchange.failure_reason());
    }
    std::string hint;
    if (exchange.result() == CURLE_SSL_CONNECT_ERROR && !call.plain_http) {
        hint = " (if " + call.host + " serves plain HTTP, list it as a plain-HTTP registry)";
    }
    fail(ErrorCode::network,
         "cannot reach " + call.endpoint + ": " + exchange.failure_reason() + hint);
}

std::string ClientCore::credentials_hint(const std::string& host) const {
    if (auth_.find(host)) {
        return "check the credentials for " + host + " in " + options_.authfile +
               ", and that the repository exists";
    }
    if (options_.authfile.empty()) {
        return "no authfile was given; or the repository does not exist";
    }
    return "no credentials for " + host + " in " + options_.authfile +
           "; or the repository does not exist";
}

void ClientCore::fail_status(const Call& call, long status, const std::string& body) const {
    const std::string failure = describe_http_failure(status, body);
    if (call.kind == CallKind::token) {
        if (status == 401 || status == 403) {
            fail(ErrorCode::auth, call.endpoint + " denied a token for " + call.host + "/" +
                                      call.repository + " (" + failure + "); " +
                                      credentials_hint(call.host));
        }
        fail(ErrorCode::network, "cannot get " + call.subject + ": " + failure);
    }
    if (means_not_found(status, body)) {
        auto info = parse_registry_error(body);
        std::string why = !info                   ? "HTTP " + std::to_string(status)
                          : info->message.empty() ? info->code
                                                  : info->message;
        fail(ErrorCode::not_found, call.missing + " (" + why + ")");
    }
    if (status == 401 || status == 403) {
        fail(ErrorCode::auth, call.endpoint + " denied access to " + call.repository + " (" +
                                  failure + "); " + credentials_hint(call.host));
    }
    fail(ErrorCode::network, "cannot " + call.verb + " " + call.subject + ": " + failure);
}

std::string ClientCore::resolve_location(const Call& call, const std::string& location) const {
    if (location.empty()) {
        fail(ErrorCode::network, call.endpoint + " sent no Location for " + call.subject);
    }
    const std::string base = (call.plain_http ? "http://" : "https://") + call.host;
    if (location.front() == '/') {
        return base + location;
    }
    auto parts = split_url(location);
    if (!parts || parts->authority != call.host ||
        parts->scheme != (call.plain_http ? "http" : "https")) {
        fail(ErrorCode::network, call.endpoint + " sent the upload location '" + location +
                                     "', which is not on " + base +
                                     "; refusing to contact another endpoint");
    }
    return location;
}

std::unique_ptr<Exchange> ClientCore::begin(const Call& call) {
    return std::make_unique<Exchange>(pool_, make_request(call));
}

std::string ClientCore::drain(Exchange& exchange) {
    std::string body;
    std::array<std::byte, 16 * 1024> chunk{};
    while (size_t n = exchange.read(chunk)) {
        if (body.size() < max_error_body) {
            body.append(reinterpret_cast<const char*>(chunk.data()), n);
        }
    }
    return body;
}

void ClientCore::fail_response(const Call& call, Exchange& exchange) {
    exchange.await_response();
    if (exchange.finished() && !exchange.ok() && exchange.status() == 0) {
        fail_transport(call, exchange);
    }
    std::string body = drain(exchange);
    if (!exchange.ok() && exchange.status() >= 200 && exchange.status() < 300) {
        fail_transport(call, exchange);
    }
    fail_status(call, exchange.status(), body);
}

std::unique_ptr<Exchange> ClientCore::open(const Call& call, int& attempts) {
    bool challenge_answered = false;
    while (true) {
        HttpRequest request = make_request(call);
        const bool sent_basic =
            std::any_of(request.headers.begin(), request.headers.end(), [](const std::string& h) {
                return h.rfind("Authorization: Basic ", 0) == 0;
            });
        auto exchange = std::make_unique<Exchange>(pool_, request);
        exchange->await_response();
        if (exchange->finished() && !exchange->ok()) {
            if (is_retryable_transport(*exchange) &&
                retry_allowed(attempts, call, exchange->failure_reason())) {
                continue;
            }
            fail_transport(call, *exchange);
        }
        const long status = exchange->status();
        if (status >= 200 && status < 300) {
            return exchange;
        }
        std::string body = drain(*exchange);
        if (status >= 300 && status < 400 && options_.announced_endpoints_only) {
            fail(ErrorCode::network, call.endpoint + " redirects " + call.subject + " to '" +
                                         find_header(exchange->headers(), "location") +
                                         "'; not following it: it is not an endpoint of this run");
        }
        if (status == 401 && call.kind != CallKind::token && !challenge_answered) {
            challenge_answered = true;
            if (answer_challenge(call, exchange->headers(), sent_basic)) {
                continue;
            }
        }
        if (is_retryable_status(status)) {
            auto retry_after = parse_retry_after(find_header(exchange->headers(), "retry-after"),
                                                 std::chrono::system_clock::now());
            if (retry_allowed(attempts, call, describe_http_failure(status, body), retry_after)) {
                continue;
            }
        }
        fail_status(call, status, body);
    }
}

Document ClientCore::fetch(const Call& call, size_t limit, int& attempts) {
    while (true) {
        auto exchange = open(call, attempts);
        Document doc;
        doc.status = exchange->status();
        doc.headers = exchange->headers();
        std::array<std::byte, 64 * 1024> chunk{};
        while (size_t n = exchange->read(chunk)) {
            if (doc.body.size() + n > limit) {
                fail(ErrorCode::integrity,
                     call.subject + " is larger than " + std::to_string(limit) + " bytes");
            }
            doc.body.append(reinterpret_cast<const char*>(chunk.data()), n);
        }
        if (exchange->ok()) {
            return doc;
        }
        if (is_retryable_transport(*exchange) &&
            retry_allowed(attempts, call, exchange->failure_reason())) {
            continue;
        }
        fail_transport(call, *exchange);
    }
}

} // namespace airlock
