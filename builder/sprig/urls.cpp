// urlParse and urlJoin: Go's net/url parsing and String(), as sprig maps
// them to and from a dict. A parse error is a panic in sprig ("unable to
// parse url: ..."), which templates report as the call's error.
#include "builder/sprig/detail/text_support.hpp"
#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"

#include <optional>

namespace airlock::sprig::text {

namespace {

using gotemplate::CallContext;
using gotemplate::Type;
using gotemplate::Value;

enum class Mode { path, host, user_password, fragment };

bool should_escape(unsigned char c, Mode mode) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return false;
    }
    if (mode == Mode::host) {
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
        case Mode::path:
            return c == '?';
        case Mode::user_password:
            return c == '@' || c == '/' || c == '?' || c == ':';
        case Mode::fragment:
            return false;
        case Mode::host:
            return true;
        }
        return true;
    default:
        break;
    }
    if (mode == Mode::fragment && (c == '!' || c == '(' || c == ')' || c == '*')) {
        return false;
    }
    return true;
}

std::string escape(std::string_view s, Mode mode) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
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

int unhex(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        return (c | 0x20) - 'a' + 10;
    }
    return -1;
}

struct UrlError {
    std::string message;
    bool in_fragment = false; // Go then quotes the whole URL, not the part before '#'
};

std::string unescape(std::string_view s, Mode mode) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= s.size() || unhex(s[i + 1]) < 0 || unhex(s[i + 2]) < 0) {
                throw UrlError{"invalid URL escape " + gotemplate::go_quote(s.substr(i, 3))};
            }
            if (mode == Mode::host && unhex(s[i + 1]) < 8 && s.substr(i, 3) != "%25") {
                throw UrlError{"invalid URL escape " + gotemplate::go_quote(s.substr(i, 3))};
            }
            out.push_back(static_cast<char>(unhex(s[i + 1]) * 16 + unhex(s[i + 2])));
            i += 3;
            continue;
        }
        if (mode == Mode::host && static_cast<unsigned char>(c) < 0x80 &&
            should_escape(static_cast<unsigned char>(c), mode)) {
            throw UrlError{"invalid character " + gotemplate::go_quote(s.substr(i, 1)) +
                           " in host name"};
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
    if (port[0] != ':') {
        return false;
    }
    return port.substr(1).find_first_not_of("0123456789") == std::string_view::npos;
}

bool valid_userinfo(std::string_view s) {
    for (char c : s) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  std::string_view("-._:~!$&'()*+,;=%@").find(c) != std::string_view::npos;
        if (!ok) {
            return false;
        }
    }
    return true;
}

struct Url {
    std::string scheme, opaque, host, path, raw_query, fragment;
    std::optional<std::string> username;
    std::optional<std::string> password;

    std::string userinfo() const {
        if (!username) {
            return "";
        }
        std::string s = escape(*username, Mode::user_password);
        if (password) {
            s += ":" + escape(*password, Mode::user_password);
        }
        return s;
    }
};

std::string parse_host(std::string_view host) {
    if (!host.empty() && host[0] == '[') {
        auto i = host.rfind(']');
        if (i == std::string_view::npos) {
            throw UrlError{"missing ']' in host"};
        }
        auto port = host.substr(i + 1);
        if (!valid_optional_port(port)) {
            throw UrlError{"invalid port " + gotemplate::go_quote(port) + " after host"};
        }
    } else if (auto i = host.rfind(':'); i != std::string_view::npos) {
        auto port = host.substr(i);
        if (!valid_optional_port(port)) {
            throw UrlError{"invalid port " + gotemplate::go_quote(port) + " after host"};
        }
    }
    return unescape(host, Mode::host);
}

Url parse_url(std::string_view raw) {
    Url u;
    auto hash = raw.find('#');
    std::string_view rest = raw.substr(0, hash);
    for (unsigned char c : raw) {
        if (c < 0x20 || c == 0x7F) {
            throw UrlError{"net/url: invalid control character in URL"};
        }
    }
    if (rest == "*") {
        u.path = "*";
    } else {
        for (std::size_t i = 0; i < rest.size(); ++i) {
            char c = rest[i];
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
                    throw UrlError{"missing protocol scheme"};
                }
                for (char s : rest.substr(0, i)) {
                    u.scheme.push_back(static_cast<char>(s >= 'A' && s <= 'Z' ? s + 32 : s));
                }
                rest.remove_prefix(i + 1);
            }
            break;
        }
        auto q = rest.find('?');
        if (q != std::string_view::npos && q + 1 == rest.size() &&
            rest.find('?') == rest.rfind('?')) {
            rest.remove_suffix(1); // ForceQuery: nothing sprig shows
        } else if (q != std::string_view::npos) {
            u.raw_query = std::string(rest.substr(q + 1));
            rest = rest.substr(0, q);
        }
        bool done = false;
        if (rest.empty() || rest[0] != '/') {
            if (!u.scheme.empty()) {
                u.opaque = std::string(rest);
                done = true;
            } else {
                auto segment = rest.substr(0, rest.find('/'));
                if (segment.find(':') != std::string_view::npos) {
                    throw UrlError{"first path segment in URL cannot contain colon"};
                }
            }
        }
        if (!done) {
            bool triple = rest.substr(0, 3) == "///";
            if ((!u.scheme.empty() || !triple) && rest.substr(0, 2) == "//") {
                std::string_view authority = rest.substr(2);
                rest = {};
                if (auto i = authority.find('/'); i != std::string_view::npos) {
                    rest = authority.substr(i);
                    authority = authority.substr(0, i);
                }
                auto at = authority.rfind('@');
                u.host =
                    parse_host(at == std::string_view::npos ? authority : authority.substr(at + 1));
                if (at != std::string_view::npos) {
                    auto info = authority.substr(0, at);
                    if (!valid_userinfo(info)) {
                        throw UrlError{"net/url: invalid userinfo"};
                    }
                    auto colon = info.find(':');
                    u.username = unescape(info.substr(0, colon), Mode::user_password);
                    if (colon != std::string_view::npos) {
                        u.password = unescape(info.substr(colon + 1), Mode::user_password);
                    }
                }
            }
            u.path = unescape(rest, Mode::path);
        }
    }
    if (hash != std::string_view::npos) {
        try {
            u.fragment = unescape(raw.substr(hash + 1), Mode::fragment);
        } catch (UrlError& e) {
            e.in_fragment = true;
            throw;
        }
    }
    return u;
}

std::string hostname(std::string_view host) {
    auto colon = host.rfind(':');
    if (colon != std::string_view::npos && valid_optional_port(host.substr(colon))) {
        host = host.substr(0, colon);
    }
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    return std::string(host);
}

// url.URL.String().
std::string url_string(const Url& u) {
    std::string buf;
    if (!u.scheme.empty()) {
        buf += u.scheme + ":";
    }
    if (!u.opaque.empty()) {
        buf += u.opaque;
    } else {
        if (!u.scheme.empty() || !u.host.empty() || u.username) {
            if (!u.host.empty() || !u.path.empty() || u.username) {
                buf += "//";
            }
            if (u.username) {
                buf += u.userinfo() + "@";
            }
            if (!u.host.empty()) {
                buf += escape(u.host, Mode::host);
            }
        }
        std::string path = u.path == "*" ? "*" : escape(u.path, Mode::path);
        if (!path.empty() && path[0] != '/' && !u.host.empty()) {
            buf.push_back('/');
        }
        if (buf.empty()) {
            auto segment = std::string_view(path).substr(0, path.find('/'));
            if (segment.find(':') != std::string_view::npos) {
                buf += "./";
            }
        }
        buf += path;
    }
    if (!u.raw_query.empty()) {
        buf += "?" + u.raw_query;
    }
    if (!u.fragment.empty()) {
        buf += "#" + escape(u.fragment, Mode::fragment);
    }
    return buf;
}

// sprig's dictGetOrEmpty: a missing key is "", a non-string value panics.
std::string dict_string(const gotemplate::Map& d, const std::string& key) {
    auto it = d.find(key);
    if (it == d.end()) {
        return "";
    }
    const Value& v = it->second;
    if (v.kind() != gotemplate::Kind::string) {
        fail(ErrorCode::spec, "unable to parse " + key + " key, must be of type string, but " +
                                  v.kind_name() + " found");
    }
    return v.as_string();
}

} // namespace

void register_url_functions(gotemplate::FunctionTable& t) {
    t.add("urlParse", signature({Type::string}, Type::map),
          [](CallContext&, std::vector<Value>& a) {
              const auto& raw = a[0].as_string();
              Url u;
              try {
                  u = parse_url(raw);
              } catch (const UrlError& e) {
                  auto shown = e.in_fragment ? raw : raw.substr(0, raw.find('#'));
                  fail(ErrorCode::spec, "unable to parse url: parse " +
                                            gotemplate::go_quote(shown) + ": " + e.message);
              }
              gotemplate::Map m;
              m["scheme"] = Value::string(u.scheme);
              m["host"] = Value::string(u.host);
              m["hostname"] = Value::string(hostname(u.host));
              m["path"] = Value::string(u.path);
              m["query"] = Value::string(u.raw_query);
              m["opaque"] = Value::string(u.opaque);
              m["fragment"] = Value::string(u.fragment);
              m["userinfo"] = Value::string(u.userinfo());
              return Value::map(std::move(m));
          });
    t.add("urlJoin", signature({Type::map}, Type::string), [](CallContext&, std::vector<Value>& a) {
        Url u;
        gotemplate::Map empty;
        const gotemplate::Map& d = a[0].is_nil() ? empty : a[0].as_map();
        u.scheme = dict_string(d, "scheme");
        u.host = dict_string(d, "host");
        u.path = dict_string(d, "path");
        u.raw_query = dict_string(d, "query");
        u.opaque = dict_string(d, "opaque");
        u.fragment = dict_string(d, "fragment");
        std::string info = dict_string(d, "userinfo");
        if (!info.empty()) {
            try {
                auto parsed = parse_url("proto://" + info + "@host");
                u.username = parsed.username;
                u.password = parsed.password;
            } catch (const UrlError& e) {
                fail(ErrorCode::spec, "unable to parse userinfo in dict: parse " +
                                          gotemplate::go_quote("proto://" + info + "@host") + ": " +
                                          e.message);
            }
        }
        return Value::string(url_string(u));
    });
}

} // namespace airlock::sprig::text
