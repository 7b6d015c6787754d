#pragma once
// A chart's Chart.yaml as Helm 3 loads it (helm.sh/helm/v3/pkg/chart.Metadata):
// read, defaulted, checked and sanitised the way Helm's chart loader does, so
// that the config JSON made from it is the one `helm push` would store.
//
// What "as Helm loads it" means here:
// - YAML scalars read into string fields become strings the way
//   sigs.k8s.io/yaml converts them (`appVersion: 1.10` is "1.1"); quoted
//   values are kept as written.
// - An absent apiVersion means "v1" (Helm 2 charts); a v1 chart takes its
//   dependencies from requirements.yaml.
// - Text fields are sanitised (whitespace becomes ' ', unprintable
//   characters are dropped), annotations and import-values are not.
// - name, version (SemVer, Masterminds' lenient form) and type are checked.
// Unknown keys are ignored, as Helm ignores them.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::builder {

struct ChartMaintainer {
    std::string name, email, url;
};

struct ChartDependency {
    std::string name;
    std::string version;
    std::string repository;
    std::string condition;
    std::vector<std::string> tags;
    bool enabled = false;
    std::vector<std::string> import_values; // each item as Go JSON text
    std::string alias;
};

struct ChartMetadata {
    std::string name;
    std::string home;
    std::vector<std::string> sources;
    std::string version;
    std::string description;
    std::vector<std::string> keywords;
    std::vector<ChartMaintainer> maintainers;
    std::string icon;
    std::string api_version;
    std::string condition;
    std::string tags;
    std::string app_version;
    bool deprecated = false;
    std::map<std::string, std::string> annotations;
    std::string kube_version;
    std::vector<ChartDependency> dependencies;
    std::string type;
};

// Parses and checks Chart.yaml text. `requirements` is requirements.yaml's
// text when the chart has one (only a v1 chart uses it). Error(spec) naming
// `display_name` ("mychart/Chart.yaml:3: ...") for malformed YAML, wrong
// types, a missing or invalid name or version, or a bad type.
ChartMetadata parse_chart_metadata(std::string_view chart_yaml, const std::string& display_name,
                                   std::optional<std::string_view> requirements = std::nullopt,
                                   const std::string& requirements_name = "requirements.yaml");

// Helm's chart config blob: json.Marshal(chart.Metadata), field for field.
std::string helm_config_json(const ChartMetadata& metadata);

// Helm's sanitizeString: Unicode whitespace becomes ' ', characters that
// are not printable are removed, invalid UTF-8 becomes U+FFFD.
std::string helm_sanitize(std::string_view text);

// Masterminds semver's NewVersion, which Helm uses to accept chart versions:
// "v" prefix allowed, minor and patch optional, SemVer pre-release and build.
bool is_helm_chart_version(std::string_view text);

} // namespace airlock::builder
