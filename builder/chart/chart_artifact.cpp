#include "builder/chart/chart_artifact.hpp"

#include "builder/chart/go_json.hpp"
#include "common/core/error.hpp"
#include "common/digest/digest.hpp"

#include <algorithm>
#include <regex>

namespace airlock::builder {

namespace {

constexpr const char* annotation_description = "org.opencontainers.image.description";
constexpr const char* annotation_title = "org.opencontainers.image.title";
constexpr const char* annotation_version = "org.opencontainers.image.version";
constexpr const char* annotation_url = "org.opencontainers.image.url";
constexpr const char* annotation_created = "org.opencontainers.image.created";
constexpr const char* annotation_source = "org.opencontainers.image.source";
constexpr const char* annotation_authors = "org.opencontainers.image.authors";

// Helm adds an annotation only when its value is not blank (Go's TrimSpace).
void add_unless_blank(std::map<std::string, std::string>& out, const char* key,
                      const std::string& value) {
    if (value.find_first_not_of(" \t\n\v\f\r") != std::string::npos) {
        out[key] = value;
    }
}

std::string descriptor_json(std::string_view media_type, const std::string& bytes) {
    return GoJsonObject()
        .string("mediaType", media_type)
        .string("digest", Digest::of(bytes).str())
        .number("size", static_cast<std::int64_t>(bytes.size()))
        .str();
}

} // namespace

std::map<std::string, std::string> helm_manifest_annotations(const ChartMetadata& md,
                                                             std::optional<Timestamp> created) {
    std::map<std::string, std::string> out;
    add_unless_blank(out, annotation_description, md.description);
    add_unless_blank(out, annotation_title, md.name);
    add_unless_blank(out, annotation_version, md.version);
    add_unless_blank(out, annotation_url, md.home);
    if (created) {
        out[annotation_created] = format_rfc3339(*created);
    }
    if (!md.sources.empty()) {
        add_unless_blank(out, annotation_source, md.sources.front());
    }
    if (!md.maintainers.empty()) {
        std::string authors;
        for (size_t i = 0; i < md.maintainers.size(); ++i) {
            const ChartMaintainer& m = md.maintainers[i];
            authors += m.name;
            if (!m.email.empty()) {
                authors += " (" + m.email + ")";
            }
            if (i + 1 < md.maintainers.size()) {
                authors += ", ";
            }
        }
        add_unless_blank(out, annotation_authors, authors);
    }
    for (const auto& [key, value] : md.annotations) {
        if (key != annotation_title && key != annotation_version) {
            out[key] = value;
        }
    }
    return out;
}

std::string helm_chart_manifest(const std::string& config, const std::string& archive,
                                const std::map<std::string, std::string>& annotations) {
    return GoJsonObject()
        .number("schemaVersion", 2)
        .raw("config", descriptor_json(helm_media::config, config))
        .raw("layers", go_json_array({descriptor_json(helm_media::chart_content, archive)}))
        .map_omitempty("annotations", annotations)
        .str();
}

std::string helm_chart_tag(std::string_view version) {
    std::string tag(version);
    std::replace(tag.begin(), tag.end(), '+', '_');
    static const std::regex tag_re("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    if (!std::regex_match(tag, tag_re)) {
        fail(ErrorCode::spec, "chart version '" + std::string(version) +
                                  "' cannot be an OCI tag (even with '+' written as '_')");
    }
    return tag;
}

} // namespace airlock::builder
