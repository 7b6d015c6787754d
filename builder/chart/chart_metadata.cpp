#include "builder/chart/chart_metadata.hpp"

#include "builder/chart/go_json.hpp"
#include "builder/spec/yaml_util.hpp"
#include "common/core/error.hpp"
#include "common/gounicode/unicode.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <set>

namespace airlock::builder {

namespace {

// Go's unicode.IsSpace.
bool is_go_space(char32_t c) {
    switch (c) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
        return true;
    default:
        return c >= 0x2000 && c <= 0x200A;
    }
}

// Characters Go's unicode.IsPrint rejects that are not spaces: controls,
// format characters and private use. (Unassigned code points, which Go also
// rejects, are kept: telling them apart needs the full Unicode tables.)
bool is_go_unprintable(char32_t c) {
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
        return true; // Cc
    }
    if ((c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000) {
        return true; // Co
    }
    switch (c) { // Cf
    case 0xAD:
    case 0x61C:
    case 0x6DD:
    case 0x70F:
    case 0x8E2:
    case 0x180E:
    case 0xFEFF:
    case 0x110BD:
    case 0x110CD:
    case 0xE0001:
        return true;
    default:
        return (c >= 0x600 && c <= 0x605) || (c >= 0x890 && c <= 0x891) ||
               (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
               (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x206F) ||
               (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0x13430 && c <= 0x1343F) ||
               (c >= 0x1BCA0 && c <= 0x1BCA3) || (c >= 0x1D173 && c <= 0x1D17A) ||
               (c >= 0xE0020 && c <= 0xE007F);
    }
}

// strconv.FormatFloat(v, 'g', -1, 32): the shortest digits that read back as
// the same float32, in exponent form when the exponent is < -4 or >= 6 (the
// threshold Go uses for the shortest form).
std::string go_format_float32(double value) {
    const float f = static_cast<float>(value);
    if (std::isnan(f)) {
        return "NaN";
    }
    if (std::isinf(f)) {
        return f > 0 ? "+Inf" : "-Inf";
    }
    if (f == 0) {
        return std::signbit(f) ? "-0" : "0";
    }
    char buf[64];
    for (int digits = 1; digits <= 9; ++digits) {
        std::snprintf(buf, sizeof buf, "%.*e", digits - 1, static_cast<double>(f));
        if (static_cast<float>(std::strtod(buf, nullptr)) == f) {
            break;
        }
    }
    std::string text = buf; // "-d.ddde+XX"
    std::string sign;
    if (text.front() == '-') {
        sign = "-";
        text.erase(0, 1);
    }
    const size_t e = text.find('e');
    const int exp = std::atoi(text.c_str() + e + 1);
    std::string digits;
    for (char c : text.substr(0, e)) {
        if (c != '.') {
            digits += c;
        }
    }
    while (digits.size() > 1 && digits.back() == '0') {
        digits.pop_back();
    }
    if (exp < -4 || exp >= 6) {
        std::string out = sign + digits.substr(0, 1);
        if (digits.size() > 1) {
            out += "." + digits.substr(1);
        }
        const int mag = exp < 0 ? -exp : exp;
        out += exp < 0 ? "e-" : "e+";
        out += (mag < 10 ? "0" : "") + std::to_string(mag);
        return out;
    }
    const int point = exp + 1; // digits before the decimal point
    const int nd = static_cast<int>(digits.size());
    if (point <= 0) {
        return sign + "0." + std::string(static_cast<size_t>(-point), '0') + digits;
    }
    if (point >= nd) {
        return sign + digits + std::string(static_cast<size_t>(point - nd), '0');
    }
    return sign + digits.substr(0, static_cast<size_t>(point)) + "." +
           digits.substr(static_cast<size_t>(point));
}

// A YAML number as the string sigs.k8s.io/yaml makes of it for a string
// field: integers in decimal (go-yaml reads 0x, 0o, 0b and leading-zero
// octal, and drops '_'), floats through float32.
std::string go_number_text(const std::string& scalar) {
    std::string plain;
    for (char c : scalar) {
        if (c != '_') {
            plain += c;
        }
    }
    static const std::regex int_re("[-+]?(0[bB][01]+|0[oO]?[0-7]+|0[xX][0-9a-fA-F]+|[0-9]+)");
    if (std::regex_match(plain, int_re)) {
        std::string digits = plain;
        bool negative = false;
        if (digits.front() == '+' || digits.front() == '-') {
            negative = digits.front() == '-';
            digits.erase(0, 1);
        }
        int base = 10;
        if (digits.size() > 1 && digits[0] == '0') {
            const char kind =
                static_cast<char>(std::tolower(static_cast<unsigned char>(digits[1])));
            base = kind == 'x' ? 16 : kind == 'b' ? 2 : 8;
            digits.erase(0, kind == 'x' || kind == 'b' || kind == 'o' ? 2 : 1);
        }
        errno = 0;
        char* end = nullptr;
        unsigned long long v = std::strtoull(digits.c_str(), &end, base);
        if (errno == 0 && end && *end == '\0' && v <= 0x7FFFFFFFFFFFFFFFULL) {
            return (negative && v != 0 ? "-" : "") + std::to_string(v);
        }
    }
    static const std::regex inf_re("[-+]?\\.(inf|Inf|INF)");
    if (std::regex_match(plain, inf_re)) {
        return plain.front() == '-' ? "-Inf" : "+Inf";
    }
    if (plain == ".nan" || plain == ".NaN" || plain == ".NAN") {
        return "NaN";
    }
    char* end = nullptr;
    double d = std::strtod(plain.c_str(), &end);
    if (end && *end == '\0' && !plain.empty()) {
        return go_format_float32(d);
    }
    return scalar;
}

class ChartYamlReader {
  public:
    explicit ChartYamlReader(const YamlSource& source) : source_(source) {}

    // A scalar read into a Go string field.
    std::string text(const YAML::Node& node, const YAML::Mark& at, const std::string& path) const {
        if (!node.IsDefined() || node.IsNull()) {
            return "";
        }
        if (!node.IsScalar()) {
            source_.fail(at, "'" + path + "' must be a string, not " + describe(node));
        }
        if (is_number(node)) {
            return go_number_text(node.Scalar());
        }
        if (is_boolean(node)) {
            const char c = node.Scalar().front();
            return c == 't' || c == 'T' ? "true" : "false";
        }
        return node.Scalar();
    }

    std::string text(const YamlMap& map, std::string_view key) const {
        const YamlField* f = map.find(key);
        return f ? text(f->value, f->mark(), map.path_of(*f)) : std::string();
    }

    bool flag(const YamlMap& map, std::string_view key) const {
        const YamlField* f = map.find(key);
        if (!f || f->value.IsNull()) {
            return false;
        }
        if (!is_boolean(f->value)) {
            source_.fail(f->mark(),
                         "'" + map.path_of(*f) + "' must be a boolean, not " + describe(f->value));
        }
        const char c = f->value.Scalar().front();
        return c == 't' || c == 'T';
    }

    // Items of a list field (null: none).
    std::vector<YAML::Node> items(const YamlMap& map, const YamlField* f) const {
        if (!f || f->value.IsNull()) {
            return {};
        }
        return expect_list(map, *f);
    }

    std::vector<std::string> texts(const YamlMap& map, std::string_view key) const {
        const YamlField* f = map.find(key);
        std::vector<std::string> out;
        for (const YAML::Node& item : items(map, f)) {
            out.push_back(text(item, item.Mark().is_null() ? f->mark() : item.Mark(),
                               item_path(map.path_of(*f), out.size())));
        }
        return out;
    }

    std::map<std::string, std::string> string_map(const YamlMap& map, std::string_view key) const {
        std::map<std::string, std::string> out;
        const YamlField* f = map.find(key);
        if (!f || f->value.IsNull()) {
            return out;
        }
        YamlMap entries = YamlMap::any_keys(source_, f->value, f->mark(), map.path_of(*f));
        for (const YamlField& e : entries.fields()) {
            out[e.key] = text(e.value, e.mark(), entries.path_of(e));
        }
        return out;
    }

    // Any YAML value as the JSON encoding/json writes for an interface{}
    // that sigs.k8s.io/yaml filled (import-values items).
    std::string any_json(const YAML::Node& node, const YAML::Mark& at,
                         const std::string& path) const {
        if (!node.IsDefined() || node.IsNull()) {
            return "null";
        }
        if (node.IsSequence()) {
            std::vector<std::string> items;
            for (const YAML::Node& item : node) {
                items.push_back(any_json(item, at, item_path(path, items.size())));
            }
            return go_json_array(items);
        }
        if (node.IsMap()) {
            YamlMap entries = YamlMap::any_keys(source_, node, at, path);
            std::map<std::string, std::string> sorted;
            for (const YamlField& e : entries.fields()) {
                sorted[e.key] = any_json(e.value, e.mark(), entries.path_of(e));
            }
            GoJsonObject obj;
            for (const auto& [k, v] : sorted) {
                obj.raw(k, v);
            }
            return obj.str();
        }
        if (is_boolean(node)) {
            return text(node, at, path);
        }
        if (is_number(node)) {
            char* end = nullptr;
            const double d = std::strtod(node.Scalar().c_str(), &end);
            if (std::isfinite(d) && std::fabs(d) < 1e21 && d == std::trunc(d)) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.0f", d);
                return buf;
            }
            if (std::isfinite(d)) {
                char buf[40];
                std::snprintf(buf, sizeof buf, "%.17g", d);
                return buf;
            }
        }
        return go_json_string(node.Scalar());
    }

    std::vector<ChartDependency> dependencies(const YamlMap& map) const {
        std::vector<ChartDependency> out;
        const YamlField* f = map.find("dependencies");
        for (const YAML::Node& item : items(map, f)) {
            const std::string path = item_path(map.path_of(*f), out.size());
            const YAML::Mark at = item.Mark().is_null() ? f->mark() : item.Mark();
            if (item.IsNull()) {
                source_.fail(at, "'" + path + "' is empty (dependencies must not contain null)");
            }
            YamlMap d = YamlMap::any_keys(source_, item, at, path);
            ChartDependency dep;
            dep.name = helm_sanitize(text(d, "name"));
            dep.version = helm_sanitize(text(d, "version"));
            dep.repository = helm_sanitize(text(d, "repository"));
            dep.condition = helm_sanitize(text(d, "condition"));
            for (const std::string& t : texts(d, "tags")) {
                dep.tags.push_back(helm_sanitize(t));
            }
            dep.enabled = flag(d, "enabled");
            const YamlField* iv = d.find("import-values");
            for (const YAML::Node& v : items(d, iv)) {
                dep.import_values.push_back(
                    any_json(v, iv->mark(), item_path(d.path_of(*iv), dep.import_values.size())));
            }
            dep.alias = text(d, "alias");
            static const std::regex alias_re("[a-zA-Z0-9_-]+");
            if (!dep.alias.empty() && !std::regex_match(dep.alias, alias_re)) {
                source_.fail(at, "dependency '" + dep.name +
                                     "' has disallowed characters in its "
                                     "alias '" +
                                     dep.alias + "'");
            }
            out.push_back(std::move(dep));
        }
        return out;
    }

  private:
    const YamlSource& source_;
};

} // namespace

std::string helm_sanitize(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    size_t pos = 0;
    while (pos < text.size()) {
        const char32_t c = next_code_point(text, pos);
        if (is_go_space(c)) {
            out += ' ';
        } else if (!is_go_unprintable(c)) {
            gounicode::append_utf8(out, c);
        }
    }
    return out;
}

bool is_helm_chart_version(std::string_view text) {
    static const std::regex version_re("v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?"
                                       "(-([0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*))?"
                                       "(\\+([0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*))?");
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(text.begin(), text.end(), m, version_re)) {
        return false;
    }
    // Numeric pre-release identifiers must not have leading zeros.
    std::string pre = m[5].str();
    size_t start = 0;
    while (!pre.empty() && start <= pre.size()) {
        size_t dot = pre.find('.', start);
        std::string id =
            pre.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        bool numeric = !id.empty() && id.find_first_not_of("0123456789") == std::string::npos;
        if (numeric && id.size() > 1 && id[0] == '0') {
            return false;
        }
        if (dot == std::string::npos) {
            break;
        }
        start = dot + 1;
    }
    return true;
}

ChartMetadata parse_chart_metadata(std::string_view chart_yaml, const std::string& display_name,
                                   std::optional<std::string_view> requirements,
                                   const std::string& requirements_name) {
    YamlSource source(display_name);
    YAML::Node doc = source.load(chart_yaml);
    YamlMap top = YamlMap::any_keys(source, doc, doc.Mark(), "");
    ChartYamlReader r(source);

    ChartMetadata md;
    md.name = helm_sanitize(r.text(top, "name"));
    md.home = helm_sanitize(r.text(top, "home"));
    for (const std::string& s : r.texts(top, "sources")) {
        md.sources.push_back(helm_sanitize(s));
    }
    md.version = r.text(top, "version");
    md.description = helm_sanitize(r.text(top, "description"));
    for (const std::string& s : r.texts(top, "keywords")) {
        md.keywords.push_back(helm_sanitize(s));
    }
    const YamlField* maintainers = top.find("maintainers");
    for (const YAML::Node& item : r.items(top, maintainers)) {
        const std::string path = item_path(top.path_of(*maintainers), md.maintainers.size());
        const YAML::Mark at = item.Mark().is_null() ? maintainers->mark() : item.Mark();
        if (item.IsNull()) {
            source.fail(at, "'" + path + "' is empty (maintainers must not contain null)");
        }
        YamlMap m = YamlMap::any_keys(source, item, at, path);
        md.maintainers.push_back({helm_sanitize(r.text(m, "name")),
                                  helm_sanitize(r.text(m, "email")),
                                  helm_sanitize(r.text(m, "url"))});
    }
    md.icon = helm_sanitize(r.text(top, "icon"));
    md.api_version = r.text(top, "apiVersion");
    md.condition = helm_sanitize(r.text(top, "condition"));
    md.tags = helm_sanitize(r.text(top, "tags"));
    md.app_version = helm_sanitize(r.text(top, "appVersion"));
    md.deprecated = r.flag(top, "deprecated");
    md.annotations = r.string_map(top, "annotations");
    md.kube_version = helm_sanitize(r.text(top, "kubeVersion"));
    md.dependencies = r.dependencies(top);
    md.type = r.text(top, "type");

    if (requirements) {
        YamlSource req_source(requirements_name);
        YAML::Node req_doc = req_source.load(*requirements);
        YamlMap req = YamlMap::any_keys(req_source, req_doc, req_doc.Mark(), "");
        if (req.has("dependencies")) {
            md.dependencies = ChartYamlReader(req_source).dependencies(req);
        }
    }

    // Helm 2 charts had no apiVersion; Helm reads them as v1.
    if (md.api_version.empty()) {
        md.api_version = "v1";
    }
    auto invalid = [&](const std::string& why) {
        fail(ErrorCode::spec, display_name + ": " + why);
    };
    if (md.name.empty()) {
        invalid("the chart has no name");
    }
    if (md.name == "." || md.name == ".." || md.name.find('/') != std::string::npos) {
        invalid("chart name '" + md.name + "' is not allowed");
    }
    if (md.version.empty()) {
        invalid("chart " + md.name + " has no version");
    }
    if (!is_helm_chart_version(md.version)) {
        invalid("chart " + md.name + " has the invalid version '" + md.version +
                "' (Helm requires a semantic version)");
    }
    if (!md.type.empty() && md.type != "application" && md.type != "library") {
        invalid("chart type '" + md.type + "' must be application or library");
    }
    std::set<std::string> keys;
    for (const ChartDependency& d : md.dependencies) {
        const std::string& key = d.alias.empty() ? d.name : d.alias;
        if (!keys.insert(key).second) {
            invalid("more than one dependency with name or alias '" + key + "'");
        }
    }
    return md;
}

std::string helm_config_json(const ChartMetadata& md) {
    GoJsonObject j;
    j.string_omitempty("name", md.name)
        .string_omitempty("home", md.home)
        .strings_omitempty("sources", md.sources)
        .string_omitempty("version", md.version)
        .string_omitempty("description", md.description)
        .strings_omitempty("keywords", md.keywords);
    if (!md.maintainers.empty()) {
        std::vector<std::string> items;
        for (const ChartMaintainer& m : md.maintainers) {
            items.push_back(GoJsonObject()
                                .string_omitempty("name", m.name)
                                .string_omitempty("email", m.email)
                                .string_omitempty("url", m.url)
                                .str());
        }
        j.raw("maintainers", go_json_array(items));
    }
    j.string_omitempty("icon", md.icon)
        .string_omitempty("apiVersion", md.api_version)
        .string_omitempty("condition", md.condition)
        .string_omitempty("tags", md.tags)
        .string_omitempty("appVersion", md.app_version)
        .true_omitempty("deprecated", md.deprecated)
        .map_omitempty("annotations", md.annotations)
        .string_omitempty("kubeVersion", md.kube_version);
    if (!md.dependencies.empty()) {
        std::vector<std::string> items;
        for (const ChartDependency& d : md.dependencies) {
            GoJsonObject dep;
            // name and repository have no omitempty in Helm's struct.
            dep.string("name", d.name)
                .string_omitempty("version", d.version)
                .string("repository", d.repository)
                .string_omitempty("condition", d.condition)
                .strings_omitempty("tags", d.tags)
                .true_omitempty("enabled", d.enabled);
            if (!d.import_values.empty()) {
                dep.raw("import-values", go_json_array(d.import_values));
            }
            dep.string_omitempty("alias", d.alias);
            items.push_back(dep.str());
        }
        j.raw("dependencies", go_json_array(items));
    }
    j.string_omitempty("type", md.type);
    return j.str();
}

} // namespace airlock::builder
