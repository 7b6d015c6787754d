#include "loader/mirror/mirror_url.hpp"

#include "common/core/error.hpp"
#include "common/reference/reference.hpp"
#include "common/registry/registry_destination.hpp"
#include "loader/load/target.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace airlock::loader {

namespace {

// `label` names the flag and its text: "--registry 'x'".
[[noreturn]] void bad_url(const std::string& label, const std::string& why) {
    fail(ErrorCode::usage,
         label + ": " + why +
             " (want https://HOST[:PORT][/PREFIX] or http://HOST[:PORT][/PREFIX])");
}

bool is_digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// "name", "name:port", "[v6]" or "[v6]:port".
void check_host(const std::string& label, std::string_view host) {
    if (host.empty()) {
        bad_url(label, "no registry host");
    }
    std::string_view name = host;
    std::string_view port;
    if (host.front() == '[') {
        size_t close = host.find(']');
        if (close == std::string_view::npos || close == 1) {
            bad_url(label, "unterminated IPv6 address");
        }
        for (char c : host.substr(1, close - 1)) {
            if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')) {
                bad_url(label, std::string("the IPv6 address has the character '") + c + "'");
            }
        }
        std::string_view after = host.substr(close + 1);
        if (!after.empty() && after.front() != ':') {
            bad_url(label, "unexpected text after the IPv6 address");
        }
        name = host.substr(0, close + 1);
        port = after.empty() ? after : after.substr(1);
        if (!after.empty() && port.empty()) {
            bad_url(label, "empty port");
        }
    } else {
        size_t colon = host.find(':');
        if (colon != std::string_view::npos) {
            name = host.substr(0, colon);
            port = host.substr(colon + 1);
            if (port.empty()) {
                bad_url(label, "empty port");
            }
        }
        if (name.empty()) {
            bad_url(label, "no registry host");
        }
        for (char c : name) {
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')) {
                bad_url(label, std::string("the host has the character '") + c + "'");
            }
        }
    }
    if (!port.empty()) {
        if (port.size() > 5 || !std::all_of(port.begin(), port.end(), is_digit) ||
            std::stoul(std::string(port)) == 0 || std::stoul(std::string(port)) > 65535) {
            bad_url(label, "the port must be a number from 1 to 65535");
        }
    }
}

} // namespace

std::string MirrorUrl::origin() const {
    return (plain_http ? "http://" : "https://") + host;
}

MirrorUrl parse_mirror_url(const std::string& text, const std::string& flag) {
    const std::string label = flag + " '" + text + "'";
    MirrorUrl url;
    std::string_view rest = text;
    if (rest.starts_with("https://")) {
        rest.remove_prefix(8);
    } else if (rest.starts_with("http://")) {
        url.plain_http = true;
        rest.remove_prefix(7);
    } else {
        bad_url(label, "the scheme must be https:// or http://");
    }
    for (char c : rest) {
        if (c == '@' || c == '?' || c == '#') {
            bad_url(label, std::string("'") + c +
                               "' is not allowed: no credentials, query or fragment in the URL");
        }
    }
    size_t slash = rest.find('/');
    std::string_view host = rest.substr(0, slash);
    check_host(label, host);
    url.host = std::string(host);
    if (slash != std::string_view::npos) {
        url.prefix = std::string(rest.substr(slash + 1));
        while (!url.prefix.empty() && url.prefix.back() == '/') {
            url.prefix.pop_back();
        }
    }
    // The loader's rules for a repository prefix (registry://HOST/PREFIX), so
    // that every prefix accepted here names the repositories a load wrote.
    if (std::string why = repository_prefix_problem(url.prefix); !why.empty()) {
        bad_url(label, why);
    }
    return url;
}

std::string mirror_namespace(const MirrorUrl& mirror, const std::string& upstream_host,
                             bool keep_host) {
    return target_namespace(mirror.prefix, upstream_host, keep_host);
}

std::string upstream_server(const std::string& upstream_host) {
    Reference ref;
    ref.registry = upstream_host;
    return "https://" + ref.api_host();
}

} // namespace airlock::loader
