#include "builder/sweep/chart_files.hpp"

#include "common/archive/tgz.hpp"
#include "common/core/error.hpp"
#include "common/core/text.hpp"
#include "common/io/file.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <system_error>

namespace airlock::builder {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view chart_yaml_name = "Chart.yaml";

std::string mib(std::size_t bytes) {
    return std::to_string(bytes >> 20) + " MiB";
}

[[noreturn]] void chart_error(const std::string& origin, const std::string& message) {
    fail(ErrorCode::spec, origin + ": " + message);
}

// Running totals against the caps, shared by both readers.
class Budget {
  public:
    explicit Budget(const std::string& origin) : origin_(origin) {}

    void add_file(const std::string& name) {
        if (++files_ > chart_max_files) {
            chart_error(origin_, "more than " + std::to_string(chart_max_files) + " files (at '" +
                                     printable(name) + "')");
        }
    }

    // Checks that `file_bytes` more bytes of file `name` fit; call as data
    // arrives so that a lying size field cannot get past it.
    void add_bytes(const std::string& name, std::size_t file_bytes_so_far, std::size_t more) {
        if (file_bytes_so_far + more > chart_max_file_bytes) {
            chart_error(origin_, "'" + printable(name) + "' is larger than " +
                                     mib(chart_max_file_bytes) +
                                     ", the limit for one file in a chart");
        }
        if (total_ + more > chart_max_total_bytes) {
            chart_error(origin_, "the chart is larger than " + mib(chart_max_total_bytes) +
                                     " uncompressed (at '" + printable(name) + "')");
        }
        total_ += more;
    }

  private:
    const std::string& origin_;
    std::size_t files_ = 0;
    std::size_t total_ = 0;
};

void require_chart_yaml(const ChartFiles& chart) {
    (void)chart.chart_yaml();
}

// "mychart/templates/x.yaml" -> "templates/x.yaml"; nullopt for a name that
// would leave the chart (absolute, "..") or that has no second component.
std::optional<std::string> chart_relative_name(std::string_view raw, std::string& why) {
    std::string name(raw);
    // Helm packages made on Windows may use backslashes; Helm reads them as '/'.
    for (char& c : name) {
        if (c == '\\') {
            c = '/';
        }
    }
    if (name.starts_with('/')) {
        why = "absolute path";
        return std::nullopt;
    }
    std::vector<std::string_view> parts;
    std::string_view rest = name;
    while (!rest.empty()) {
        size_t slash = rest.find('/');
        std::string_view part = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        if (part == "..") {
            why = "'..' in the path";
            return std::nullopt;
        }
        if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
    }
    if (parts.size() < 2) {
        why = "not inside the chart's top-level directory";
        return std::nullopt;
    }
    std::string out;
    for (size_t i = 1; i < parts.size(); ++i) {
        if (!out.empty()) {
            out += '/';
        }
        out += parts[i];
    }
    return out;
}

} // namespace

ChartFiles ChartFiles::from_directory(const fs::path& dir, std::string origin) {
    ChartFiles chart;
    chart.origin = origin.empty() ? dir.string() : std::move(origin);
    std::error_code ec;
    fs::file_status st = fs::status(dir, ec);
    if (!fs::exists(st)) {
        fail(ErrorCode::io, dir.string() + ": no such chart directory");
    }
    if (!fs::is_directory(st)) {
        fail(ErrorCode::io, dir.string() + ": not a directory");
    }

    Budget budget(chart.origin);
    fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec);
    if (ec) {
        fail(ErrorCode::io, dir.string() + ": cannot list: " + ec.message());
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            fail(ErrorCode::io, dir.string() + ": cannot list: " + ec.message());
        }
        const fs::path& p = it->path();
        const std::string rel = p.lexically_relative(dir).generic_string();
        fs::file_status own = it->symlink_status(ec);
        fs::file_status target = ec ? fs::file_status() : it->status(ec);
        if (ec) {
            fail(ErrorCode::io, p.string() + ": " + ec.message());
        }
        if (fs::is_directory(target)) {
            if (fs::is_symlink(own)) {
                // Following it could loop or leave the chart; Helm packaging
                // would copy its content, so refusing beats a silent gap.
                chart_error(chart.origin, "'" + rel +
                                              "' is a link to a directory; replace it "
                                              "with the directory itself");
            }
            continue;
        }
        if (!fs::is_regular_file(target)) {
            chart_error(chart.origin, "'" + rel + "' is not a regular file");
        }
        budget.add_file(rel);
        std::uintmax_t size = fs::file_size(p, ec);
        if (ec) {
            fail(ErrorCode::io, p.string() + ": " + ec.message());
        }
        budget.add_bytes(
            rel, 0,
            static_cast<std::size_t>(std::min<std::uintmax_t>(size, chart_max_file_bytes + 1)));
        chart.files[rel] = read_file(p, chart_max_file_bytes);
    }
    require_chart_yaml(chart);
    return chart;
}

ChartFiles ChartFiles::from_tgz(std::string_view bytes, std::string origin) {
    ChartFiles chart;
    chart.origin = std::move(origin);
    TgzLimits limits;
    limits.max_compressed_bytes = chart_max_total_bytes;
    limits.max_total_bytes = chart_max_total_bytes;
    limits.max_file_bytes = chart_max_file_bytes;
    limits.max_entries = chart_max_files;
    std::vector<TgzFile> files = read_tgz(bytes, chart.origin, limits);
    for (TgzFile& f : files) {
        std::string why;
        std::optional<std::string> name = chart_relative_name(f.name, why);
        if (!name) {
            chart_error(chart.origin, "entry '" + printable(f.name) + "' is refused: " + why);
        }
        f.name = std::move(*name);
    }
    return from_files(std::move(files), std::move(chart.origin));
}

ChartFiles ChartFiles::from_files(std::vector<TgzFile> files, std::string origin) {
    ChartFiles chart;
    chart.origin = std::move(origin);
    for (TgzFile& f : files) {
        std::string name = f.name;
        if (!chart.files.emplace(std::move(name), std::move(f.data)).second) {
            chart_error(chart.origin, "entry '" + printable(f.name) + "' appears twice");
        }
    }
    require_chart_yaml(chart);
    return chart;
}

ChartFiles ChartFiles::load(const fs::path& path, std::string origin) {
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (fs::is_directory(st)) {
        return from_directory(path, std::move(origin));
    }
    if (!fs::exists(st)) {
        fail(ErrorCode::io, path.string() + ": no such chart directory or file");
    }
    if (!fs::is_regular_file(st)) {
        fail(ErrorCode::io, path.string() + ": neither a chart directory nor a packaged chart");
    }
    // A packaged chart is compressed, so it is below the uncompressed limit.
    std::string bytes = read_file(path, chart_max_total_bytes);
    return from_tgz(bytes, origin.empty() ? path.string() : std::move(origin));
}

const std::string* ChartFiles::find(std::string_view path) const {
    auto it = files.find(std::string(path));
    return it == files.end() ? nullptr : &it->second;
}

const std::string& ChartFiles::chart_yaml() const {
    const std::string* text = find(chart_yaml_name);
    if (text == nullptr) {
        chart_error(origin, "Chart.yaml is missing (not a Helm chart)");
    }
    return *text;
}

namespace {

constexpr std::string_view subchart_prefix = "charts/";

// "charts/<name>/..." or "charts/<name>.tgz" -> name; "" for anything else.
std::string subchart_of(const std::string& path, bool& packaged) {
    if (!path.starts_with(subchart_prefix)) {
        return {};
    }
    std::string_view rest = std::string_view(path).substr(subchart_prefix.size());
    size_t slash = rest.find('/');
    std::string name(rest.substr(0, slash));
    if (name.empty() || name.front() == '.' || name.front() == '_') {
        return {};
    }
    packaged = slash == std::string_view::npos;
    if (packaged && !name.ends_with(".tgz")) {
        return {};
    }
    return name;
}

} // namespace

std::vector<std::string> ChartFiles::subchart_names() const {
    std::vector<std::string> names;
    for (const auto& [path, content] : files) {
        bool packaged = false;
        std::string name = subchart_of(path, packaged);
        if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
            names.push_back(std::move(name));
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

ChartFiles ChartFiles::subchart(const std::string& name) const {
    ChartFiles sub;
    sub.origin = origin + "/" + std::string(subchart_prefix) + name;
    for (const auto& [path, content] : files) {
        bool packaged = false;
        if (subchart_of(path, packaged) != name) {
            continue;
        }
        if (packaged) {
            return from_tgz(content, sub.origin);
        }
        sub.files.emplace(path.substr(subchart_prefix.size() + name.size() + 1), content);
    }
    require_chart_yaml(sub);
    return sub;
}

std::vector<ChartFiles> ChartFiles::subcharts() const {
    std::vector<ChartFiles> out;
    for (const std::string& name : subchart_names()) {
        out.push_back(subchart(name));
    }
    return out;
}

} // namespace airlock::builder
