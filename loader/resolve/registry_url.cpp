#include "loader/resolve/registry_url.hpp"

#include "common/core/error.hpp"

#include <cctype>

namespace airlock::loader {

namespace {

[[noreturn]] void bad_url(const std::string& flag, const std::string& text,
                          const std::string& why) {
    fail(ErrorCode::usage,
         flag + " '" + text + "': " + why +
             " (want https://HOST[:PORT][/PREFIX] or http://HOST[:PORT][/PREFIX])");
}

bool host_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
           c == '[' || c == ']';
}

bool prefix_char(char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
           c == '/';
}

} // namespace

RegistryUrl parse_registry_url(const std::string& text, const std::string& flag) {
    RegistryUrl u;
    std::string_view s = text;
    if (s.starts_with("https://")) {
        s.remove_prefix(8);
    } else if (s.starts_with("http://")) {
        s.remove_prefix(7);
        u.plain_http = true;
    } else {
        bad_url(flag, text, "no https:// or http:// scheme");
    }
    size_t slash = s.find('/');
    u.host = std::string(s.substr(0, slash));
    if (slash != std::string_view::npos) {
        u.prefix = std::string(s.substr(slash + 1));
        while (!u.prefix.empty() && u.prefix.back() == '/') {
            u.prefix.pop_back();
        }
    }
    if (u.host.empty()) {
        bad_url(flag, text, "no registry host");
    }
    for (char c : u.host) {
        if (!host_char(c)) {
            bad_url(flag, text, std::string("the host has the character '") + c + "'");
        }
    }
    for (char c : u.prefix) {
        if (!prefix_char(c)) {
            bad_url(flag, text,
                    std::string("a repository prefix may hold only lower-case letters, digits "
                                "and . - _ /, not '") +
                        c + "'");
        }
    }
    if (u.prefix.find("//") != std::string::npos) {
        bad_url(flag, text, "empty path component in the repository prefix");
    }
    u.text =
        (u.plain_http ? "http://" : "https://") + u.host + (u.prefix.empty() ? "" : "/" + u.prefix);
    return u;
}

} // namespace airlock::loader
