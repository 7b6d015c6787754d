#include "builder/helm/chart.hpp"

#include "builder/chart/chart_package.hpp"
#include "builder/helm/values_io.hpp"
#include "common/core/error.hpp"
#include "common/io/file.hpp"

#include <algorithm>
#include <map>
#include <system_error>

namespace airlock::helm {

namespace fs = std::filesystem;

namespace {

bool ends_with_tgz(std::string_view name) {
    return name.size() > 4 && name.substr(name.size() - 4) == ".tgz";
}

// Helm's loader, file by file: the special files, templates/, charts/ (one
// subchart per first path component) and everything else into Files.
std::shared_ptr<Chart> build(std::vector<TgzFile> files, const std::string& origin) {
    auto chart = std::make_shared<Chart>();
    chart->origin = origin;
    std::sort(files.begin(), files.end(),
              [](const TgzFile& a, const TgzFile& b) { return a.name < b.name; });
    const TgzFile* chart_yaml = nullptr;
    const TgzFile* requirements = nullptr;
    const TgzFile* values = nullptr;
    std::map<std::string, std::vector<TgzFile>> subcharts;
    std::vector<TgzFile> templates;
    std::vector<TgzFile> other;
    for (TgzFile& f : files) {
        if (f.name == "Chart.yaml") {
            chart_yaml = &f;
        } else if (f.name == "values.yaml") {
            values = &f;
        } else if (f.name == "values.schema.json") {
            chart->schema = f.data;
        } else if (f.name == "requirements.yaml") {
            requirements = &f;
        } else if (f.name == "Chart.lock" || f.name == "requirements.lock") {
            continue;
        } else if (f.name.starts_with("templates/")) {
            templates.push_back(std::move(f));
        } else if (f.name.starts_with("charts/") && !f.name.ends_with(".prov")) {
            const std::string rest = f.name.substr(7);
            const std::string first = rest.substr(0, rest.find('/'));
            subcharts[first].push_back({rest, std::move(f.data)});
        } else {
            other.push_back(std::move(f));
        }
    }
    if (chart_yaml == nullptr) {
        fail(ErrorCode::spec, origin + ": Chart.yaml file is missing");
    }
    std::optional<std::string_view> req;
    if (requirements != nullptr) {
        req = requirements->data;
    }
    chart->metadata = builder::parse_chart_metadata(chart_yaml->data, origin + "/Chart.yaml", req,
                                                    origin + "/requirements.yaml");
    // A v1 chart's requirements.yaml stays visible to .Files, as in Helm.
    if (requirements != nullptr && chart->metadata.api_version == "v1") {
        other.push_back(*requirements);
        std::sort(other.begin(), other.end(),
                  [](const TgzFile& a, const TgzFile& b) { return a.name < b.name; });
    }
    chart->templates = std::make_shared<const std::vector<TgzFile>>(std::move(templates));
    chart->files = std::make_shared<const std::vector<TgzFile>>(std::move(other));
    chart->values = values != nullptr ? read_values(values->data, origin + "/values.yaml")
                                      : gotemplate::Value::map(gotemplate::Map{});
    for (auto& [name, sub_files] : subcharts) {
        if (name.empty() || name.front() == '_' || name.front() == '.') {
            continue;
        }
        const std::string sub_origin = origin + "/charts/" + name;
        std::shared_ptr<Chart> sub;
        if (ends_with_tgz(name) && sub_files.size() == 1 && sub_files.front().name == name) {
            sub = build(builder::unpack_chart_archive(sub_files.front().data, sub_origin),
                        sub_origin);
        } else {
            std::vector<TgzFile> inner;
            for (TgzFile& f : sub_files) {
                const std::size_t slash = f.name.find('/');
                if (slash == std::string::npos) {
                    continue; // a plain file in charts/ that is not a chart
                }
                inner.push_back({f.name.substr(slash + 1), std::move(f.data)});
            }
            if (inner.empty()) {
                continue;
            }
            sub = build(std::move(inner), sub_origin);
        }
        sub->parent = chart.get();
        chart->dependencies.push_back(std::move(sub));
    }
    return chart;
}

void clone_into(const Chart& from, Chart& to, Chart* parent) {
    to.metadata = from.metadata;
    to.templates = from.templates;
    to.files = from.files;
    to.values = gotemplate::deep_copy(from.values);
    to.schema = from.schema;
    to.origin = from.origin;
    to.parent = parent;
    to.dependencies.clear();
    for (const auto& d : from.dependencies) {
        auto copy = std::make_shared<Chart>();
        clone_into(*d, *copy, &to);
        to.dependencies.push_back(std::move(copy));
    }
}

} // namespace

bool Chart::is_library() const {
    std::string type = metadata.type;
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return type == "library";
}

std::string Chart::full_path() const {
    if (parent == nullptr) {
        return name();
    }
    return parent->full_path() + "/charts/" + name();
}

std::shared_ptr<Chart> Chart::clone() const {
    auto copy = std::make_shared<Chart>();
    clone_into(*this, *copy, parent);
    return copy;
}

std::shared_ptr<Chart> load_chart_files(std::vector<TgzFile> files, const std::string& origin) {
    return build(std::move(files), origin);
}

std::shared_ptr<Chart> load_chart(const fs::path& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        return build(builder::read_chart_directory(path), path.string());
    }
    if (!fs::exists(path, ec)) {
        fail(ErrorCode::io, "chart " + path.string() + " does not exist");
    }
    const std::string archive = read_file(path, builder::chart_limits.max_compressed_bytes);
    return build(builder::unpack_chart_archive(archive, path.string()), path.string());
}

} // namespace airlock::helm
