// The request-building half of ClientCore (the loop is client_core.cpp): how
// each kind of call is addressed, and what its messages call it.
#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"
#include "common/registry/detail/client_core.hpp"
#include "common/registry/detail/redirect_policy.hpp"
#include "common/registry/detail/url.hpp"

namespace airlock {

Call ClientCore::registry_call(CallKind kind, const std::string& method, const std::string& host,
                               const std::string& repository, const std::string& path) {
    Call call;
    call.kind = kind;
    call.method = method;
    call.host = host;
    call.repository = repository;
    call.plain_http = hosts_.plain_http(host);
    if (!call.plain_http) {
        call.tls = hosts_.tls(host);
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
        call.tls = hosts_.tls(parts->authority);
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
    request.body = call.body;
    request.body_length = call.body_length;
    request.use_proxy_env = !options_.announced_endpoints_only;
    apply_redirect_policy(request, call, options_.announced_endpoints_only);
    if (call.kind != CallKind::token) {
        if (auto value = auth_.authorization(call)) {
            request.headers.push_back("Authorization: " + *value);
        }
    }
    return request;
}

} // namespace airlock
