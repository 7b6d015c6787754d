#pragma once
// Private to common/registry: the small URL operations the registry client
// needs. Registries, token realms and upload locations are plain http(s)
// URLs; nothing here aims to be a general URL parser.
#include "common/core/text.hpp" // percent_encode

#include <optional>
#include <string>
#include <string_view>

namespace airlock {

struct UrlParts {
    std::string scheme;    // lower case: "http" or "https"
    std::string authority; // host[:port]
};

// The scheme and authority of an http:// or https:// URL; nullopt for any
// other scheme or an empty authority.
std::optional<UrlParts> split_url(std::string_view url);

// "host:port" -> "host"; "[v6]:port" -> "[v6]".
std::string host_without_port(const std::string& host);

// `url` with `param` ("name=value") appended to its query.
std::string with_query(const std::string& url, const std::string& param);

// `url` up to its query: what messages show of a token realm.
std::string without_query(const std::string& url);

} // namespace airlock
