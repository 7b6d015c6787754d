#include "common/jsonschema/detail/url.hpp"
#include "common/core/text.hpp"
#include "common/jsonschema/detail/formats.hpp"
#include "common/jsonschema/detail/text.hpp"

namespace airlock::jsonschema::detail {

namespace {

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Characters Go's shouldEscape lets through in a host name.
bool host_char_ok(char c) {
    if (is_alnum(c)) {
        return true;
    }
    switch (c) {
    case '-':
    case '_':
    case '.':
    case '~':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case ':':
    case '[':
    case ']':
    case '<':
    case '>':
    case '"':
        return true;
    default:
        return false;
    }
}

std::string escape_error(std::string_view rest) {
    return "invalid URL escape " + go_quote(rest.substr(0, std::min<std::size_t>(rest.size(), 3)));
}

// Go's unescape(s, encodePath or encodeHost): only its errors matter here.
std::optional<std::string> check_escapes(std::string_view s, bool host) {
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '%') {
            if (i + 2 >= s.size() || !is_hex_digit(s[i + 1]) || !is_hex_digit(s[i + 2])) {
                return escape_error(s.substr(i));
            }
            if (host && s[i + 1] < '8' && s.substr(i, 3) != "%25") {
                return escape_error(s.substr(i, 3));
            }
            i += 3;
            continue;
        }
        if (host && static_cast<unsigned char>(s[i]) < 0x80 && !host_char_ok(s[i])) {
            return "invalid character " + go_quote(s.substr(i, 1)) + " in host name";
        }
        ++i;
    }
    return std::nullopt;
}

bool valid_optional_port(std::string_view port) {
    if (port.empty()) {
        return true;
    }
    if (port[0] != ':') {
        return false;
    }
    for (const char c : port.substr(1)) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

bool valid_userinfo(std::string_view s) {
    for (const char c : s) {
        if (is_alnum(c)) {
            continue;
        }
        switch (c) {
        case '-':
        case '.':
        case '_':
        case ':':
        case '~':
        case '!':
        case '$':
        case '&':
        case '\'':
        case '(':
        case ')':
        case '*':
        case '+':
        case ',':
        case ';':
        case '=':
        case '%':
        case '@':
            continue;
        default:
            return false;
        }
    }
    return true;
}

std::optional<std::string> parse_host(std::string_view host) {
    if (!host.empty() && host[0] == '[') {
        const std::size_t close = host.rfind(']');
        if (close == std::string_view::npos) {
            return std::string("missing ']' in host");
        }
        const std::string_view port = host.substr(close + 1);
        if (!valid_optional_port(port)) {
            return "invalid port " + go_quote(port) + " after host";
        }
        if (host.substr(0, close).find("%25") == std::string_view::npos) {
            bool zone = false;
            if (auto err = netip_parse_addr(host.substr(1, close - 1), zone)) {
                return "invalid host: " + *err;
            }
        }
    } else if (const std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
        const std::string_view port = host.substr(colon);
        if (!valid_optional_port(port)) {
            return "invalid port " + go_quote(port) + " after host";
        }
    }
    return check_escapes(host, true);
}

// Go's resolvePath: dot segments removed, always rooted.
std::string resolve_path(const std::string& base, const std::string& ref) {
    std::string full;
    if (ref.empty()) {
        full = base;
    } else if (ref[0] != '/') {
        const std::size_t slash = base.rfind('/');
        full = (slash == std::string::npos ? std::string() : base.substr(0, slash + 1)) + ref;
    } else {
        full = ref;
    }
    if (full.empty()) {
        return "";
    }
    std::string dst = "/";
    bool first = true;
    std::string_view remaining = full;
    std::string_view elem;
    bool found = true;
    while (found) {
        const std::size_t slash = remaining.find('/');
        found = slash != std::string_view::npos;
        elem = remaining.substr(0, slash);
        remaining = found ? remaining.substr(slash + 1) : std::string_view();
        if (elem == ".") {
            first = false;
            continue;
        }
        if (elem == "..") {
            const std::string str = dst.substr(1);
            const std::size_t index = str.rfind('/');
            dst = "/";
            if (index == std::string::npos) {
                first = true;
            } else {
                dst += str.substr(0, index);
            }
        } else {
            if (!first) {
                dst += '/';
            }
            dst += elem;
            first = false;
        }
    }
    if (elem == "." || elem == "..") {
        dst += '/';
    }
    if (dst.size() > 1 && dst[1] == '/') {
        dst.erase(0, 1);
    }
    return dst;
}

std::optional<std::string> parse_inner(std::string_view raw, GoUrl& url) {
    for (const char c : raw) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            return std::string("net/url: invalid control character in URL");
        }
    }
    std::string_view rest = raw;
    // The scheme: a letter, then letters, digits, + - . up to a colon.
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            continue;
        }
        if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
            if (i == 0) {
                break;
            }
            continue;
        }
        if (c == ':') {
            if (i == 0) {
                return std::string("missing protocol scheme");
            }
            url.scheme.assign(raw.substr(0, i));
            for (char& s : url.scheme) {
                if (s >= 'A' && s <= 'Z') {
                    s = static_cast<char>(s - 'A' + 'a');
                }
            }
            rest = raw.substr(i + 1);
        }
        break;
    }
    if (!rest.empty() && rest.back() == '?' && rest.find('?') == rest.size() - 1) {
        url.force_query = true;
        rest.remove_suffix(1);
    } else if (const std::size_t q = rest.find('?'); q != std::string_view::npos) {
        url.query.assign(rest.substr(q + 1));
        rest = rest.substr(0, q);
    }
    if (rest.empty() || rest[0] != '/') {
        if (!url.scheme.empty()) {
            url.opaque.assign(rest);
            return std::nullopt;
        }
        const std::string_view segment = rest.substr(0, rest.find('/'));
        if (segment.find(':') != std::string_view::npos) {
            return std::string("first path segment in URL cannot contain colon");
        }
    }
    const bool slashes = rest.size() >= 2 && rest[0] == '/' && rest[1] == '/';
    const bool triple = rest.size() >= 3 && slashes && rest[2] == '/';
    if ((!url.scheme.empty() || !triple) && slashes) {
        std::string_view authority = rest.substr(2);
        rest = std::string_view();
        if (const std::size_t slash = authority.find('/'); slash != std::string_view::npos) {
            rest = authority.substr(slash);
            authority = authority.substr(0, slash);
        }
        url.has_authority = true;
        url.authority.assign(authority);
        const std::size_t at = authority.rfind('@');
        const std::string_view host =
            at == std::string_view::npos ? authority : authority.substr(at + 1);
        if (auto err = parse_host(host)) {
            return err;
        }
        if (at != std::string_view::npos && !valid_userinfo(authority.substr(0, at))) {
            return std::string("net/url: invalid userinfo");
        }
        url.host.assign(host);
    } else if (!url.scheme.empty() && !rest.empty() && rest[0] == '/') {
        url.omit_host = true;
    }
    if (auto err = check_escapes(rest, false)) {
        return err;
    }
    url.path.assign(rest);
    return std::nullopt;
}

} // namespace

std::optional<std::string> parse_url(std::string_view raw, GoUrl& out) {
    out = GoUrl{};
    const auto [without_fragment, fragment] = split_fragment(raw);
    if (auto err = parse_inner(without_fragment, out)) {
        return "parse " + go_quote(without_fragment) + ": " + *err;
    }
    if (without_fragment.size() < raw.size()) {
        if (auto err = check_escapes(fragment, false)) {
            return "parse " + go_quote(raw) + ": " + *err;
        }
    }
    return std::nullopt;
}

std::string GoUrl::str() const {
    std::string out;
    if (!opaque.empty()) {
        out = scheme + ":" + opaque;
    } else {
        if (!scheme.empty()) {
            out = scheme + ":";
        }
        if (!scheme.empty() || !authority.empty()) {
            if (omit_host && authority.empty()) {
                // "file:/x" stays as written
            } else if (!authority.empty() || !path.empty()) {
                out += "//";
            }
            out += authority;
        }
        if (!path.empty() && path[0] != '/' && !authority.empty()) {
            out += '/';
        }
        if (out.empty()) {
            const std::string_view segment = std::string_view(path).substr(0, path.find('/'));
            if (segment.find(':') != std::string_view::npos) {
                out += "./";
            }
        }
        out += path;
    }
    if (force_query || !query.empty()) {
        out += '?';
        out += query;
    }
    return out;
}

GoUrl resolve_reference(const GoUrl& base, const GoUrl& ref) {
    GoUrl url = ref;
    if (ref.scheme.empty()) {
        url.scheme = base.scheme;
    }
    if (!ref.scheme.empty() || !ref.authority.empty()) {
        url.path = resolve_path(ref.path, "");
        return url;
    }
    if (!ref.opaque.empty()) {
        url.authority.clear();
        url.host.clear();
        url.has_authority = false;
        url.path.clear();
        return url;
    }
    if (ref.path.empty() && !ref.force_query && ref.query.empty()) {
        url.query = base.query;
    }
    url.authority = base.authority;
    url.host = base.host;
    url.has_authority = base.has_authority;
    url.omit_host = base.omit_host;
    url.path = resolve_path(base.path, ref.path);
    // santhosh: a relative reference keeps an opaque base ("urn:x").
    if (!base.opaque.empty()) {
        url.opaque = base.opaque;
    }
    return url;
}

std::pair<std::string_view, std::string_view> split_fragment(std::string_view s) {
    const std::size_t hash = s.find('#');
    if (hash == std::string_view::npos) {
        return {s, std::string_view()};
    }
    return {s.substr(0, hash), s.substr(hash + 1)};
}

} // namespace airlock::jsonschema::detail
