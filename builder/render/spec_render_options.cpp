#include "builder/render/render_chart.hpp"

#include "common/io/file.hpp"

namespace airlock::builder {

namespace {

constexpr std::size_t values_max_bytes = std::size_t{16} << 20;

// Commas separate assignments in --set; a value's own are escaped.
std::string escape_set_value(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == ',' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

} // namespace

ChartRenderOptions render_options(const SpecChart& chart, const std::filesystem::path& base_dir) {
    ChartRenderOptions o;
    o.release = chart.release;
    o.namespace_ = chart.namespace_;
    o.kube_version = chart.kube_version;
    o.api_versions = chart.api_versions;
    for (const auto& file : chart.values) {
        const std::filesystem::path rel = file.lexically_relative(base_dir);
        const bool inside = !rel.empty() && *rel.begin() != "..";
        o.values_files.push_back(
            {inside ? rel.generic_string() : file.string(), read_file(file, values_max_bytes)});
    }
    for (const auto& [key, scalar] : chart.set) {
        const std::string assignment = key + "=" + escape_set_value(scalar.text);
        if (scalar.type == SpecScalar::Type::string) {
            o.set_string.push_back(assignment);
        } else {
            o.set.push_back(assignment);
        }
    }
    return o;
}

} // namespace airlock::builder
