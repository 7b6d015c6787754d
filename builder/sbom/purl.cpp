#include "builder/sbom/purl.hpp"

namespace airlock::sbom {

std::string purl_encode(std::string_view text, bool keep_slash) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                     c == '.' || c == '-' || c == '_' || c == '~' || c == ':' ||
                     (keep_slash && c == '/');
        if (plain) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0x0f];
        }
    }
    return out;
}

std::string Purl::str() const {
    std::string out = "pkg:" + type + "/";
    std::string_view ns = namespace_;
    while (!ns.empty()) {
        std::size_t slash = ns.find('/');
        std::string_view segment = ns.substr(0, slash);
        if (!segment.empty()) {
            out += purl_encode(segment) + "/";
        }
        ns = slash == std::string_view::npos ? std::string_view{} : ns.substr(slash + 1);
    }
    out += purl_encode(name);
    if (!version.empty()) {
        out += "@" + purl_encode(version);
    }
    char sep = '?';
    for (const auto& [key, value] : qualifiers) {
        if (value.empty()) {
            continue;
        }
        out += sep;
        out += key + "=" + purl_encode(value, true);
        sep = '&';
    }
    return out;
}

} // namespace airlock::sbom
