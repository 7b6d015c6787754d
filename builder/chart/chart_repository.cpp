#include "builder/chart/chart_repository.hpp"

#include "builder/spec/yaml_util.hpp"
#include "common/core/error.hpp"
#include "common/core/text.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <vector>

namespace airlock::builder {

namespace {

// RFC 3986 section 5.2.4: "." and ".." segments removed.
std::string remove_dot_segments(std::string in) {
    std::string out;
    auto drop_last_segment = [&] {
        const size_t slash = out.rfind('/');
        out.erase(slash == std::string::npos ? 0 : slash);
    };
    while (!in.empty()) {
        if (in.starts_with("../")) {
            in.erase(0, 3);
        } else if (in.starts_with("./")) {
            in.erase(0, 2);
        } else if (in.starts_with("/./")) {
            in.replace(0, 3, "/");
        } else if (in == "/.") {
            in = "/";
        } else if (in.starts_with("/../")) {
            in.replace(0, 4, "/");
            drop_last_segment();
        } else if (in == "/..") {
            in = "/";
            drop_last_segment();
        } else if (in == "." || in == "..") {
            in.clear();
        } else {
            const size_t end = in.find('/', in.front() == '/' ? 1 : 0);
            out += in.substr(0, end);
            in.erase(0, end);
        }
    }
    return out;
}

bool has_scheme(std::string_view url) {
    static const std::regex scheme_re("[A-Za-z][A-Za-z0-9+.-]*:.*");
    return std::regex_match(url.begin(), url.end(), scheme_re);
}

bool is_sha256_hex(std::string& text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

} // namespace

std::string chart_index_url(std::string_view repo_url) {
    std::string base(repo_url);
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    return base + "/index.yaml";
}

std::string resolve_chart_url(const std::string& base, const std::string& ref) {
    if (has_scheme(ref)) {
        return ref;
    }
    std::string_view b = base;
    b = b.substr(0, b.find('#'));
    const size_t q = b.find('?');
    const std::string query = q == std::string_view::npos ? "" : std::string(b.substr(q));
    b = b.substr(0, q);
    const size_t scheme_end = b.find("://");
    const size_t path_at = scheme_end == std::string_view::npos ? 0 : b.find('/', scheme_end + 3);
    const std::string origin(b.substr(0, std::min(path_at, b.size())));
    std::string base_path(path_at == std::string_view::npos ? "" : b.substr(path_at));
    while (!base_path.empty() && base_path.back() == '/') {
        base_path.pop_back();
    }
    base_path += '/';

    std::string_view r = ref;
    r = r.substr(0, r.find('#'));
    r = r.substr(0, r.find('?'));
    if (r.starts_with("//")) {
        const std::string scheme(b.substr(0, scheme_end));
        return scheme + ":" + std::string(r) + query;
    }
    const std::string path = r.starts_with("/") ? std::string(r) : base_path + std::string(r);
    return origin + remove_dot_segments(path) + query;
}

ChartIndexEntry find_chart_in_index(std::string_view index_yaml, const std::string& index_url,
                                    const std::string& repo_url, const std::string& name,
                                    const std::string& version) {
    YamlSource source(index_url);
    const YAML::Node doc = source.load(index_yaml);
    if (!doc.IsMap()) {
        fail(ErrorCode::spec, index_url + ": not a Helm repository index (not a mapping)");
    }
    const YAML::Node entries = doc["entries"];
    if (!entries.IsDefined() || !entries.IsMap()) {
        fail(ErrorCode::spec, index_url + ": not a Helm repository index (no 'entries')");
    }
    const YAML::Node versions = entries[name];
    if (!versions.IsDefined() || versions.IsNull()) {
        fail(ErrorCode::not_found, "chart " + name + " is not in the repository " + index_url);
    }
    if (!versions.IsSequence()) {
        source.fail(versions.Mark(), "'entries." + name + "' must be a list");
    }
    std::vector<std::string> listed;
    for (const YAML::Node& entry : versions) {
        if (!entry.IsMap()) {
            continue;
        }
        const YAML::Node v = entry["version"];
        if (!v.IsDefined() || !v.IsScalar()) {
            continue;
        }
        if (v.Scalar() != version) {
            listed.push_back(v.Scalar());
            continue;
        }
        const YAML::Node urls = entry["urls"];
        if (!urls.IsDefined() || !urls.IsSequence() || urls.size() == 0 || !urls[0].IsScalar() ||
            urls[0].Scalar().empty()) {
            source.fail(entry.Mark(),
                        "chart " + name + " " + version + " has no download URL ('urls')");
        }
        ChartIndexEntry out;
        out.url = resolve_chart_url(repo_url, urls[0].Scalar());
        if (const YAML::Node d = entry["digest"]; d.IsDefined() && !d.IsNull()) {
            std::string hex = d.IsScalar() ? d.Scalar() : "";
            if (hex.starts_with("sha256:")) {
                hex.erase(0, 7);
            }
            if (!is_sha256_hex(hex)) {
                source.fail(d.Mark(), "chart " + name + " " + version +
                                          " has a digest that is not a sha256 hex string");
            }
            out.sha256_hex = hex;
        }
        return out;
    }
    std::string hint;
    for (size_t i = 0; i < listed.size() && i < 5; ++i) {
        hint += (i ? ", " : "") + printable(listed[i], 40);
    }
    if (listed.size() > 5) {
        hint += ", ...";
    }
    fail(ErrorCode::not_found, "chart " + name + " version " + version +
                                   " is not in the repository " + index_url +
                                   (hint.empty() ? "" : " (it lists " + hint + ")"));
}

} // namespace airlock::builder
