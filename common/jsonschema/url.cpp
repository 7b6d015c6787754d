#include "common/jsonschema/detail/url.hpp"
#include "common/gonet/url.hpp"

namespace airlock::jsonschema::detail {

namespace {

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

} // namespace

std::optional<std::string> parse_url(std::string_view raw, GoUrl& out) {
    out = GoUrl{};
    std::string error;
    const std::optional<gonet::Url> url = gonet::parse(raw, error);
    if (!url) {
        return error;
    }
    out.scheme = url->scheme;
    out.opaque = url->opaque;
    out.has_authority = url->has_authority;
    out.authority = url->raw_authority;
    out.host = url->raw_host;
    out.omit_host = url->omit_host;
    out.path = url->raw_path;
    out.force_query = url->force_query;
    out.query = url->raw_query;
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
