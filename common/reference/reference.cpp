#include "common/reference/reference.hpp"

#include "common/core/error.hpp"
#include "common/core/text.hpp"

#include <vector>

namespace airlock {

namespace {

// The grammar is docker's (distribution/reference); containerd accepts the
// same set, so a reference that works with `docker pull` works here and vice
// versa. It is checked by hand rather than with std::regex: the reasons are
// more useful than "does not match", and std::regex is slow and recursive.

constexpr std::string_view docker_hub = "docker.io";
constexpr size_t max_name_length = 255;
constexpr size_t max_tag_length = 128;

bool is_lower_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_alnum(char c) {
    return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

bool is_word(char c) {
    return is_alnum(c) || c == '_';
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

[[noreturn]] void invalid(std::string_view text, const std::string& reason) {
    fail(ErrorCode::spec, "invalid reference '" + std::string(text) + "': " + reason);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            parts.push_back(s.substr(start));
            return parts;
        }
        parts.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

// [a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*
bool is_path_component(std::string_view s) {
    if (s.empty() || !is_lower_alnum(s.front()) || !is_lower_alnum(s.back())) {
        return false;
    }
    size_t i = 0;
    while (i < s.size()) {
        if (is_lower_alnum(s[i])) {
            ++i;
            continue;
        }
        // A run of separators between two alphanumerics: one '.', one '_',
        // "__", or any number of '-'.
        size_t j = i;
        while (j < s.size() && !is_lower_alnum(s[j])) {
            ++j;
        }
        std::string_view sep = s.substr(i, j - i);
        bool dashes = sep.find_first_not_of('-') == std::string_view::npos;
        if (!(sep == "." || sep == "_" || sep == "__" || dashes)) {
            return false;
        }
        i = j;
    }
    return true;
}

// ([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])
bool is_domain_component(std::string_view s) {
    if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back())) {
        return false;
    }
    for (char c : s) {
        if (!is_alnum(c) && c != '-') {
            return false;
        }
    }
    return true;
}

// host[:port], where host is a dotted domain name or a bracketed IPv6 address.
void check_registry(std::string_view text, std::string_view registry) {
    std::string_view host = registry;
    std::string_view port;
    if (host.starts_with('[')) {
        size_t close = host.find(']');
        if (close == std::string_view::npos) {
            invalid(text, "registry '" + std::string(registry) + "' has an unclosed '['");
        }
        std::string_view address = host.substr(1, close - 1);
        bool ok = !address.empty() && address.find(':') != std::string_view::npos;
        for (char c : address) {
            ok = ok && (is_hex_digit(c) || c == ':' || c == '.');
        }
        if (!ok) {
            invalid(text, "registry '" + std::string(registry) + "' is not a valid IPv6 address");
        }
        std::string_view rest = host.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                invalid(text, "registry '" + std::string(registry) + "' is not host[:port]");
            }
            port = rest.substr(1);
            if (port.empty()) {
                invalid(text, "registry '" + std::string(registry) + "' has an empty port");
            }
        }
    } else {
        size_t colon = host.find(':');
        if (colon != std::string_view::npos) {
            port = host.substr(colon + 1);
            host = host.substr(0, colon);
            if (port.empty()) {
                invalid(text, "registry '" + std::string(registry) + "' has an empty port");
            }
        }
        for (std::string_view label : split(host, '.')) {
            if (!is_domain_component(label)) {
                invalid(text, "registry '" + std::string(registry) + "' is not a valid host name");
            }
        }
    }
    for (char c : port) {
        if (!is_digit(c)) {
            invalid(text, "registry '" + std::string(registry) + "' has a non-numeric port");
        }
    }
}

bool looks_like_registry(std::string_view component) {
    return component.find_first_of(".:") != std::string_view::npos || component == "localhost";
}

// [\w][\w.-]{0,127}
void check_tag(std::string_view text, std::string_view tag) {
    if (tag.empty()) {
        invalid(text, "empty tag after ':'");
    }
    if (tag.size() > max_tag_length) {
        invalid(text, "tag is longer than 128 characters");
    }
    if (!is_word(tag.front())) {
        invalid(text, "tag '" + std::string(tag) + "' must start with a letter, digit or '_'");
    }
    for (char c : tag) {
        if (!is_word(c) && c != '.' && c != '-') {
            invalid(text, "tag '" + std::string(tag) +
                              "' may contain only letters, digits, '_', '.' and '-'");
        }
    }
}

} // namespace

Reference Reference::parse(std::string_view text) {
    if (text.empty()) {
        invalid(text, "empty");
    }
    for (char c : text) {
        if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
            invalid(text, "contains whitespace or a control character");
        }
    }

    // docker refuses these because they would be read as an image ID.
    if (text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string_view::npos) {
        invalid(text, "a 64-character hexadecimal string is an image ID, not a name");
    }

    Reference ref;
    std::string_view rest = text;

    if (size_t at = rest.find('@'); at != std::string_view::npos) {
        std::string_view digest = rest.substr(at + 1);
        rest = rest.substr(0, at);
        if (digest.empty()) {
            invalid(text, "empty digest after '@'");
        }
        try {
            ref.digest = Digest::parse(digest);
        } catch (const Error& e) {
            invalid(text, e.what());
        }
    }

    // A ':' after the last '/' starts the tag; an earlier one is a registry port.
    size_t last_slash = rest.rfind('/');
    size_t colon = rest.rfind(':');
    if (colon != std::string_view::npos &&
        (last_slash == std::string_view::npos || colon > last_slash)) {
        std::string_view tag = rest.substr(colon + 1);
        check_tag(text, tag);
        ref.tag = std::string(tag);
        rest = rest.substr(0, colon);
    }

    std::string_view name = rest;
    if (name.empty()) {
        invalid(text, "missing repository name");
    }
    if (name.back() == '/') {
        invalid(text, "trailing '/'");
    }
    if (name.front() == '/') {
        invalid(text, "leading '/'");
    }

    std::string_view path = name;
    std::string registry;
    if (size_t slash = name.find('/'); slash != std::string_view::npos) {
        std::string_view first = name.substr(0, slash);
        if (looks_like_registry(first)) {
            check_registry(text, first);
            registry = std::string(first);
            path = name.substr(slash + 1);
        }
    }
    if (registry.empty() || registry == "index.docker.io") {
        registry = std::string(docker_hub);
    }

    for (std::string_view component : split(path, '/')) {
        if (component.empty()) {
            invalid(text, "empty path component ('//')");
        }
        if (!is_path_component(component)) {
            for (char c : component) {
                if (c >= 'A' && c <= 'Z') {
                    invalid(text, "repository name must be lowercase");
                }
            }
            invalid(text, "invalid repository path component '" + std::string(component) + "'");
        }
    }

    ref.repository = std::string(path);
    if (registry == docker_hub && ref.repository.find('/') == std::string::npos) {
        // Docker Hub's official images live under "library/".
        ref.repository = "library/" + ref.repository;
    }
    ref.registry = std::move(registry);
    // As in docker, the limit is on the normalised name ("docker.io/library/x"),
    // so that the canonical form str() always parses again.
    if (ref.name().size() > max_name_length) {
        invalid(text, "name is longer than 255 characters (counting the registry, as docker does)");
    }

    if (ref.tag.empty() && !ref.digest) {
        ref.tag = "latest";
    }
    return ref;
}

std::string Reference::name() const {
    return registry + "/" + repository;
}

std::string Reference::str() const {
    std::string s = name();
    if (!tag.empty()) {
        s += ":" + tag;
    }
    if (digest) {
        s += "@" + digest->str();
    }
    return s;
}

std::string Reference::identifier() const {
    if (digest) {
        return digest->str();
    }
    return tag;
}

std::string Reference::api_host() const {
    if (registry == docker_hub) {
        return "registry-1.docker.io";
    }
    return registry;
}

} // namespace airlock
