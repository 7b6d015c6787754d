#include "builder/chart/chart_package.hpp"

#include "builder/chart/helmignore.hpp"
#include "common/core/error.hpp"
#include "common/core/text.hpp"
#include "common/io/file.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <system_error>

namespace airlock::builder {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

[[noreturn]] void refuse(const std::string& what, const std::string& why) {
    fail(ErrorCode::spec, what + ": " + why);
}

const TgzFile* find_file(const std::vector<TgzFile>& files, std::string_view name) {
    auto it =
        std::find_if(files.begin(), files.end(), [&](const TgzFile& f) { return f.name == name; });
    return it == files.end() ? nullptr : &*it;
}

// The metadata of a chart whose files (relative to its directory) are
// `files`; `where` names the chart directory in messages.
ChartMetadata chart_metadata_of(const std::vector<TgzFile>& files, const std::string& where) {
    const TgzFile* chart_yaml = find_file(files, "Chart.yaml");
    if (chart_yaml == nullptr) {
        refuse(where, "no Chart.yaml (not a Helm chart)");
    }
    std::optional<std::string_view> requirements;
    if (const TgzFile* req = find_file(files, "requirements.yaml")) {
        requirements = req->data;
    }
    return parse_chart_metadata(chart_yaml->data, where + "/Chart.yaml", requirements,
                                where + "/requirements.yaml");
}

// The files of a packaged chart relative to its one top directory, which is
// returned in `top`.
std::vector<TgzFile> unpack_chart(std::string_view archive, const std::string& what,
                                  std::string& top) {
    std::vector<TgzFile> files = read_tgz(archive, what, chart_limits);
    top.clear();
    for (TgzFile& f : files) {
        const size_t slash = f.name.find('/');
        const std::string first = f.name.substr(0, slash);
        if (slash == std::string::npos) {
            refuse(what, "'" + printable(f.name) +
                             "' is outside the chart's directory (a packaged chart holds one "
                             "top-level directory)");
        }
        if (top.empty()) {
            top = first;
        } else if (first != top) {
            refuse(what, "entries under both '" + printable(top) + "/' and '" + printable(first) +
                             "/' (a packaged chart holds one top-level directory)");
        }
        f.name.erase(0, slash + 1);
    }
    return files;
}

// Names of the subcharts under charts/, by the name in their own Chart.yaml.
std::set<std::string> subchart_names(const std::vector<TgzFile>& files, const std::string& where) {
    std::set<std::string> names;
    std::set<std::string> directories;
    for (const TgzFile& f : files) {
        if (!f.name.starts_with("charts/")) {
            continue;
        }
        const std::string rest = f.name.substr(7);
        const size_t slash = rest.find('/');
        const std::string entry = rest.substr(0, slash);
        // Helm skips names starting with '_' or '.', and provenance files.
        if (entry.empty() || entry.front() == '_' || entry.front() == '.') {
            continue;
        }
        if (slash != std::string::npos) {
            directories.insert(entry);
            continue;
        }
        if (entry.ends_with(".prov")) {
            continue;
        }
        const std::string sub = where + "/charts/" + entry;
        if (!entry.ends_with(".tgz")) {
            refuse(sub, "is neither a chart directory nor a packaged (.tgz) chart; Helm would "
                        "refuse to load it");
        }
        std::string top;
        std::vector<TgzFile> sub_files = unpack_chart(f.data, sub, top);
        names.insert(chart_metadata_of(sub_files, sub + ":" + top).name);
    }
    for (const std::string& dir : directories) {
        const std::string prefix = "charts/" + dir + "/";
        std::vector<TgzFile> sub_files;
        for (const TgzFile& f : files) {
            if (f.name.starts_with(prefix)) {
                sub_files.push_back({f.name.substr(prefix.size()), f.data});
            }
        }
        names.insert(chart_metadata_of(sub_files, where + "/charts/" + dir).name);
    }
    return names;
}

void check_dependencies(const std::vector<TgzFile>& files, const ChartMetadata& md,
                        const std::string& where) {
    if (md.dependencies.empty()) {
        return;
    }
    const std::set<std::string> present = subchart_names(files, where);
    std::string missing;
    for (const ChartDependency& d : md.dependencies) {
        if (present.count(d.name) == 0) {
            missing +=
                (missing.empty() ? "" : ", ") + d.name + (d.version.empty() ? "" : " " + d.version);
        }
    }
    if (!missing.empty()) {
        refuse(where, "dependencies of chart " + md.name +
                          " in Chart.yaml are missing from "
                          "charts/: " +
                          missing + " (run `helm dependency update` on the chart first)");
    }
}

bool is_within(const fs::path& path, const fs::path& root) {
    auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    return r == root.end();
}

class DirectoryWalker {
  public:
    DirectoryWalker(fs::path root, HelmIgnore rules)
        : root_(std::move(root)), rules_(std::move(rules)) {
        std::error_code ec;
        canonical_root_ = fs::canonical(root_, ec);
        if (ec) {
            fail(ErrorCode::io,
                 "cannot read chart directory " + root_.string() + ": " + ec.message());
        }
    }

    std::vector<TgzFile> walk() {
        visit_directory(canonical_root_, "");
        return std::move(files_);
    }

  private:
    [[noreturn]] void bad(const std::string& rel, const std::string& why) const {
        refuse("chart directory " + root_.string(), "'" + printable(rel) + "' " + why);
    }

    void visit_directory(const fs::path& real_dir, const std::string& rel) {
        if (std::find(active_.begin(), active_.end(), real_dir) != active_.end()) {
            bad(rel, "leads back into a directory that contains it (symbolic link loop)");
        }
        active_.push_back(real_dir);
        // Each entry's type as the listing gives it (d_type), so a file costs
        // no stat of its own unless it is a link or the file system does not
        // say; a chart's many small files made those a good part of loading.
        std::vector<std::pair<std::string, fs::file_type>> entries;
        std::error_code ec;
        for (fs::directory_iterator it(real_dir, ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code type_ec;
            fs::file_type type = fs::file_type::none;
            if (it->is_symlink(type_ec)) {
                type = fs::file_type::symlink;
            } else if (it->is_directory(type_ec)) {
                type = fs::file_type::directory;
            } else if (it->is_regular_file(type_ec)) {
                type = fs::file_type::regular;
            }
            entries.emplace_back(it->path().filename().string(),
                                 type_ec ? fs::file_type::none : type);
        }
        if (ec) {
            fail(ErrorCode::io, "cannot list " + real_dir.string() + ": " + ec.message());
        }
        std::sort(entries.begin(), entries.end());
        for (const auto& [name, type] : entries) {
            visit(real_dir / name, rel.empty() ? name : rel + "/" + name, type);
        }
        active_.pop_back();
    }

    void visit(const fs::path& path, const std::string& rel, fs::file_type listed) {
        std::error_code ec;
        fs::file_status st(listed);
        if (listed == fs::file_type::none) {
            st = fs::symlink_status(path, ec);
        }
        if (ec) {
            fail(ErrorCode::io, "cannot stat " + path.string() + ": " + ec.message());
        }
        fs::path real = path;
        if (fs::is_symlink(st)) {
            // Helm follows links; a chart must not reach outside itself.
            real = fs::canonical(path, ec);
            if (ec) {
                bad(rel, "is a symbolic link that cannot be resolved (" + ec.message() + ")");
            }
            if (!is_within(real, canonical_root_)) {
                bad(rel, "is a symbolic link to " + real.string() + ", outside the chart");
            }
            st = fs::status(real, ec);
            if (ec) {
                fail(ErrorCode::io, "cannot stat " + real.string() + ": " + ec.message());
            }
        }
        if (fs::is_directory(st)) {
            if (!rules_.ignored(rel, true)) {
                visit_directory(real, rel);
            }
            return;
        }
        if (rules_.ignored(rel, false)) {
            return;
        }
        if (!fs::is_regular_file(st)) {
            bad(rel, "is not a regular file");
        }
        if (++count_ > chart_limits.max_entries) {
            bad(rel, "is beyond the limit of " + std::to_string(chart_limits.max_entries) +
                         " files in a chart");
        }
        std::string data = read_file(real, chart_limits.max_file_bytes);
        total_ += data.size();
        if (total_ > chart_limits.max_total_bytes) {
            bad(rel,
                "takes the chart over " + std::to_string(chart_limits.max_total_bytes) + " bytes");
        }
        // Helm's loader drops a byte order mark at the start of every file.
        if (std::string_view(data).starts_with(utf8_bom)) {
            data.erase(0, utf8_bom.size());
        }
        files_.push_back({rel, std::move(data)});
    }

    fs::path root_;
    fs::path canonical_root_;
    HelmIgnore rules_;
    std::vector<fs::path> active_;
    std::vector<TgzFile> files_;
    std::size_t count_ = 0;
    std::uint64_t total_ = 0;
};

} // namespace

std::vector<TgzFile> read_chart_directory(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        fail(ErrorCode::io,
             "chart directory " + dir.string() + " does not exist or is not a directory");
    }
    HelmIgnore rules;
    const fs::path ignore_file = dir / ".helmignore";
    if (fs::exists(ignore_file, ec)) {
        rules = HelmIgnore::parse(read_file(ignore_file, 1024 * 1024), ignore_file.string());
    }
    return DirectoryWalker(dir, std::move(rules)).walk();
}

std::vector<TgzFile> unpack_chart_archive(std::string_view archive, const std::string& what) {
    std::string top;
    return unpack_chart(archive, what, top);
}

PackagedChart package_chart_directory(const fs::path& dir, std::int64_t mtime) {
    const std::string where = dir.string();
    std::vector<TgzFile> files = read_chart_directory(dir);

    PackagedChart out;
    out.metadata = chart_metadata_of(files, where);
    check_dependencies(files, out.metadata, where);

    // Chart.yaml first, as Helm writes it; the rest in byte order of paths.
    std::sort(files.begin(), files.end(), [](const TgzFile& a, const TgzFile& b) {
        const bool a_chart = a.name == "Chart.yaml";
        const bool b_chart = b.name == "Chart.yaml";
        if (a_chart != b_chart) {
            return a_chart;
        }
        return a.name < b.name;
    });
    for (TgzFile& f : files) {
        f.name = out.metadata.name + "/" + f.name;
    }
    out.archive = write_tgz(files, mtime);
    for (TgzFile& f : files) {
        f.name.erase(0, out.metadata.name.size() + 1);
    }
    out.files = std::move(files);
    if (out.archive.size() > chart_limits.max_compressed_bytes) {
        refuse(where, "the packaged chart is " + std::to_string(out.archive.size()) +
                          " bytes, more than the limit of " +
                          std::to_string(chart_limits.max_compressed_bytes));
    }
    return out;
}

PackagedChart read_chart_archive(std::string_view archive, const std::string& what) {
    std::string top;
    PackagedChart out;
    out.files = unpack_chart(archive, what, top);
    const std::string where = what + ":" + top;
    out.metadata = chart_metadata_of(out.files, where);
    check_dependencies(out.files, out.metadata, where);
    return out;
}

ChartMetadata inspect_chart_archive(std::string_view archive, const std::string& what) {
    return read_chart_archive(archive, what).metadata;
}

} // namespace airlock::builder
