#include "common/gonet/url.hpp"

#include "common/gonet/netip.hpp"
#include "common/gotemplate/format.hpp"

namespace airlock::gonet {

namespace {

using gotemplate::go_quote;

bool is_alnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int unhex(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        return (c | 0x20) - 'a' + 10;
    }
    return -1;
}

bool valid_userinfo(std::string_view s) {
    for (const char c : s) {
        if (!is_alnum(static_cast<unsigned char>(c)) &&
            std::string_view("-._:~!$&'()*+,;=%@").find(c) == std::string_view::npos) {
            return false;
        }
    }
    return true;
}

// Go's getScheme: the scheme before the first ':', if the text starts with one.
bool split_scheme(std::string_view raw, std::string& scheme, std::string_view& rest,
                  std::string& error) {
    rest = raw;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            continue;
        }
        if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
            if (i == 0) {
                return true;
            }
            continue;
        }
        if (c == ':') {
            if (i == 0) {
                error = "missing protocol scheme";
                return false;
            }
            for (const char s : raw.substr(0, i)) {
                scheme.push_back(s >= 'A' && s <= 'Z' ? static_cast<char>(s - 'A' + 'a') : s);
            }
            rest = raw.substr(i + 1);
        }
        return true;
    }
    return true;
}

// Go's parseHost: the host unescaped, after the port and (for a bracketed
// IPv6 literal without a zone) the address are checked.
std::optional<std::string> parse_host(std::string_view host, std::string& error) {
    if (!host.empty() && host[0] == '[') {
        const std::size_t close = host.rfind(']');
        if (close == std::string_view::npos) {
            error = "missing ']' in host";
            return std::nullopt;
        }
        const std::string_view port = host.substr(close + 1);
        if (!valid_optional_port(port)) {
            error = "invalid port " + go_quote(port) + " after host";
            return std::nullopt;
        }
        if (host.substr(0, close).find("%25") == std::string_view::npos) {
            bool zone = false;
            if (auto err = parse_addr(host.substr(1, close - 1), zone)) {
                error = "invalid host: " + *err;
                return std::nullopt;
            }
        }
    } else if (const std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
        const std::string_view port = host.substr(colon);
        if (!valid_optional_port(port)) {
            error = "invalid port " + go_quote(port) + " after host";
            return std::nullopt;
        }
    }
    return unescape(host, Encoding::host, error);
}

// Go's parseAuthority.
bool parse_authority(std::string_view authority, Url& url, std::string& error) {
    url.has_authority = true;
    url.raw_authority.assign(authority);
    const std::size_t at = authority.rfind('@');
    const std::string_view host =
        at == std::string_view::npos ? authority : authority.substr(at + 1);
    auto unescaped_host = parse_host(host, error);
    if (!unescaped_host) {
        return false;
    }
    url.raw_host.assign(host);
    url.host = std::move(*unescaped_host);
    if (at == std::string_view::npos) {
        return true;
    }
    const std::string_view info = authority.substr(0, at);
    if (!valid_userinfo(info)) {
        error = "net/url: invalid userinfo";
        return false;
    }
    const std::size_t colon = info.find(':');
    url.username = unescape(info.substr(0, colon), Encoding::user_password, error);
    if (!url.username) {
        return false;
    }
    if (colon != std::string_view::npos) {
        url.password = unescape(info.substr(colon + 1), Encoding::user_password, error);
        if (!url.password) {
            return false;
        }
    }
    return true;
}

// Go's parse(rawURL, viaRequest=false), of a URL without its fragment.
bool parse_without_fragment(std::string_view raw, Url& url, std::string& error) {
    for (const char c : raw) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            error = "net/url: invalid control character in URL";
            return false;
        }
    }
    if (raw == "*") {
        url.raw_path = url.path = "*";
        return true;
    }
    std::string_view rest;
    if (!split_scheme(raw, url.scheme, rest, error)) {
        return false;
    }
    if (!rest.empty() && rest.back() == '?' && rest.find('?') == rest.size() - 1) {
        url.force_query = true;
        rest.remove_suffix(1);
    } else if (const std::size_t q = rest.find('?'); q != std::string_view::npos) {
        url.raw_query.assign(rest.substr(q + 1));
        rest = rest.substr(0, q);
    }
    if (rest.empty() || rest[0] != '/') {
        if (!url.scheme.empty()) {
            url.opaque.assign(rest);
            return true;
        }
        if (rest.substr(0, rest.find('/')).find(':') != std::string_view::npos) {
            error = "first path segment in URL cannot contain colon";
            return false;
        }
    }
    const bool slashes = rest.starts_with("//");
    if (slashes && (!url.scheme.empty() || !rest.starts_with("///"))) {
        std::string_view authority = rest.substr(2);
        rest = std::string_view();
        if (const std::size_t slash = authority.find('/'); slash != std::string_view::npos) {
            rest = authority.substr(slash);
            authority = authority.substr(0, slash);
        }
        if (!parse_authority(authority, url, error)) {
            return false;
        }
    } else if (!url.scheme.empty() && !rest.empty() && rest[0] == '/') {
        url.omit_host = true;
    }
    auto path = unescape(rest, Encoding::path, error);
    if (!path) {
        return false;
    }
    url.raw_path.assign(rest);
    url.path = std::move(*path);
    return true;
}

} // namespace

bool should_escape(unsigned char c, Encoding mode) {
    if (is_alnum(c)) {
        return false;
    }
    if (mode == Encoding::host) {
        switch (c) {
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
            return false;
        default:
            break;
        }
    }
    switch (c) {
    case '-':
    case '_':
    case '.':
    case '~':
        return false;
    case '$':
    case '&':
    case '+':
    case ',':
    case '/':
    case ':':
    case ';':
    case '=':
    case '?':
    case '@':
        switch (mode) {
        case Encoding::path:
            return c == '?';
        case Encoding::user_password:
            return c == '@' || c == '/' || c == '?' || c == ':';
        case Encoding::fragment:
            return false;
        case Encoding::host:
            return true;
        }
        return true;
    default:
        break;
    }
    return !(mode == Encoding::fragment && (c == '!' || c == '(' || c == ')' || c == '*'));
}

std::string escape(std::string_view s, Encoding mode) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : s) {
        if (should_escape(c, mode)) {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

std::optional<std::string> unescape(std::string_view s, Encoding mode, std::string& error) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        if (c == '%') {
            if (i + 2 >= s.size() || unhex(s[i + 1]) < 0 || unhex(s[i + 2]) < 0) {
                error = "invalid URL escape " + go_quote(s.substr(i, 3));
                return std::nullopt;
            }
            if (mode == Encoding::host && unhex(s[i + 1]) < 8 && s.substr(i, 3) != "%25") {
                error = "invalid URL escape " + go_quote(s.substr(i, 3));
                return std::nullopt;
            }
            out.push_back(static_cast<char>(unhex(s[i + 1]) * 16 + unhex(s[i + 2])));
            i += 3;
            continue;
        }
        if (mode == Encoding::host && static_cast<unsigned char>(c) < 0x80 &&
            should_escape(static_cast<unsigned char>(c), mode)) {
            error = "invalid character " + go_quote(s.substr(i, 1)) + " in host name";
            return std::nullopt;
        }
        out.push_back(c);
        ++i;
    }
    return out;
}

bool valid_optional_port(std::string_view port) {
    if (port.empty()) {
        return true;
    }
    return port[0] == ':' &&
           port.substr(1).find_first_not_of("0123456789") == std::string_view::npos;
}

std::optional<Url> parse(std::string_view raw, std::string& error) {
    Url url;
    const std::size_t hash = raw.find('#');
    const std::string_view without_fragment = raw.substr(0, hash);
    std::string why;
    if (!parse_without_fragment(without_fragment, url, why)) {
        error = "parse " + go_quote(without_fragment) + ": " + why;
        return std::nullopt;
    }
    if (hash != std::string_view::npos) {
        const std::string_view fragment = raw.substr(hash + 1);
        auto unescaped = unescape(fragment, Encoding::fragment, why);
        if (!unescaped) {
            error = "parse " + go_quote(raw) + ": " + why;
            return std::nullopt;
        }
        url.raw_fragment.assign(fragment);
        url.fragment = std::move(*unescaped);
    }
    return url;
}

std::string userinfo(const Url& url) {
    if (!url.username) {
        return "";
    }
    std::string out = escape(*url.username, Encoding::user_password);
    if (url.password) {
        out += ":" + escape(*url.password, Encoding::user_password);
    }
    return out;
}

std::string to_string(const Url& url) {
    std::string buf;
    if (!url.scheme.empty()) {
        buf += url.scheme + ":";
    }
    if (!url.opaque.empty()) {
        buf += url.opaque;
    } else {
        if (!url.scheme.empty() || !url.host.empty() || url.username) {
            if (!url.host.empty() || !url.path.empty() || url.username) {
                buf += "//";
            }
            if (url.username) {
                buf += userinfo(url) + "@";
            }
            if (!url.host.empty()) {
                buf += escape(url.host, Encoding::host);
            }
        }
        const std::string path = url.path == "*" ? "*" : escape(url.path, Encoding::path);
        if (!path.empty() && path[0] != '/' && !url.host.empty()) {
            buf.push_back('/');
        }
        if (buf.empty() && path.substr(0, path.find('/')).find(':') != std::string::npos) {
            buf += "./";
        }
        buf += path;
    }
    if (url.force_query || !url.raw_query.empty()) {
        buf += "?" + url.raw_query;
    }
    if (!url.fragment.empty()) {
        buf += "#" + escape(url.fragment, Encoding::fragment);
    }
    return buf;
}

std::string hostname(std::string_view host) {
    const std::size_t colon = host.rfind(':');
    if (colon != std::string_view::npos && valid_optional_port(host.substr(colon))) {
        host = host.substr(0, colon);
    }
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    return std::string(host);
}

} // namespace airlock::gonet
