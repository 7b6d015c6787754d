#include "common/registry/detail/url.hpp"

#include <algorithm>
#include <cctype>

namespace airlock {

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

std::string with_query(const std::string& url, const std::string& param) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + param;
}

std::string without_query(const std::string& url) {
    return url.substr(0, url.find('?'));
}

} // namespace airlock
