#include "common/registry/detail/redirect_policy.hpp"

#include "common/core/error.hpp"
#include "common/registry/detail/url.hpp"

namespace airlock {

void apply_redirect_policy(HttpRequest& request, const Call& call, bool announced_endpoints_only) {
    request.allow_http_redirects = call.plain_http;
    request.follow_redirects = !announced_endpoints_only;
}

void refuse_redirect(const Call& call, const HeaderList& headers) {
    fail(ErrorCode::network, call.endpoint + " redirects " + call.subject + " to '" +
                                 find_header(headers, "location") +
                                 "'; not following it: it is not an endpoint of this run");
}

std::string resolve_location(const Call& call, const std::string& location) {
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

} // namespace airlock
