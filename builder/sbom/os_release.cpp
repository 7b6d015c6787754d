#include "builder/sbom/os_release.hpp"

#include <string>

namespace airlock::sbom {

namespace {

std::string unquote(std::string_view v) {
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) {
        v.remove_suffix(1);
    }
    if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') {
        return std::string(v.substr(1, v.size() - 2));
    }
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
        v = v.substr(1, v.size() - 2);
        std::string out;
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (v[i] == '\\' && i + 1 < v.size()) {
                ++i;
            }
            out += v[i];
        }
        return out;
    }
    return std::string(v);
}

} // namespace

OsRelease parse_os_release(std::string_view text) {
    OsRelease os;
    while (!text.empty()) {
        std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
            line.remove_prefix(1);
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        std::size_t eq = line.find('=');
        if (eq == std::string_view::npos) {
            continue;
        }
        std::string_view key = line.substr(0, eq);
        std::string value = unquote(line.substr(eq + 1));
        if (key == "ID") {
            os.id = value;
        } else if (key == "VERSION_ID") {
            os.version_id = value;
        } else if (key == "VERSION_CODENAME") {
            os.version_codename = value;
        } else if (key == "PRETTY_NAME") {
            os.pretty_name = value;
        }
    }
    return os;
}

} // namespace airlock::sbom
