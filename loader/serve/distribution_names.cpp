#include "loader/serve/distribution_names.hpp"

#include "common/core/error.hpp"

namespace airlock::loader {

namespace {

bool lower_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool alnum(char c) {
    return lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

// [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*
bool valid_component(std::string_view c) {
    size_t i = 0;
    while (true) {
        size_t start = i;
        while (i < c.size() && lower_alnum(c[i])) {
            ++i;
        }
        if (i == start) {
            return false; // empty run: at the start, or after a separator
        }
        if (i == c.size()) {
            return true;
        }
        if (c[i] == '.') {
            ++i;
        } else if (c[i] == '_') {
            ++i;
            if (i < c.size() && c[i] == '_') {
                ++i;
            }
        } else if (c[i] == '-') {
            while (i < c.size() && c[i] == '-') {
                ++i;
            }
        } else {
            return false;
        }
    }
}

} // namespace

bool valid_repository_name(std::string_view name) {
    size_t start = 0;
    while (true) {
        size_t slash = name.find('/', start);
        std::string_view part = name.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (!valid_component(part)) {
            return false;
        }
        if (slash == std::string_view::npos) {
            return true;
        }
        start = slash + 1;
    }
}

bool valid_tag(std::string_view tag) {
    if (tag.empty() || tag.size() > 128 || !(alnum(tag[0]) || tag[0] == '_')) {
        return false;
    }
    for (char c : tag) {
        if (!(alnum(c) || c == '_' || c == '.' || c == '-')) {
            return false;
        }
    }
    return true;
}

RequestDigest parse_request_digest(std::string_view text) {
    RequestDigest out;
    size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
        return out;
    }
    std::string_view algorithm = text.substr(0, colon);
    std::string_view encoded = text.substr(colon + 1);
    // algorithm: [a-z0-9]+([+._-][a-z0-9]+)*
    bool after_separator = true;
    for (char c : algorithm) {
        if (lower_alnum(c)) {
            after_separator = false;
        } else if ((c == '+' || c == '.' || c == '_' || c == '-') && !after_separator) {
            after_separator = true;
        } else {
            return out;
        }
    }
    if (after_separator || encoded.empty()) {
        return out;
    }
    for (char c : encoded) {
        if (!(alnum(c) || c == '=' || c == '_' || c == '-')) {
            return out;
        }
    }
    if (algorithm != "sha256") {
        out.kind = RequestDigest::Kind::unsupported;
        return out;
    }
    try {
        out.digest = Digest::parse(text);
    } catch (const Error&) {
        return out; // sha256 with other than 64 lowercase hex digits
    }
    out.kind = RequestDigest::Kind::sha256;
    return out;
}

} // namespace airlock::loader
