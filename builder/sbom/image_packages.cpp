#include "builder/sbom/image_packages.hpp"

#include "builder/sbom/apk_installed.hpp"
#include "builder/sbom/dpkg_status.hpp"
#include "builder/sbom/os_release.hpp"
#include "builder/sbom/rpm_db.hpp"

#include <algorithm>

namespace airlock::sbom {

namespace {

bool under(const std::string& path, const std::string& dir) {
    return dir.empty() ||
           (path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/');
}

void append(std::vector<OsPackage>& out, std::vector<OsPackage> more) {
    out.insert(out.end(), std::make_move_iterator(more.begin()),
               std::make_move_iterator(more.end()));
}

} // namespace

std::map<std::string, std::string> fold_layers(std::span<const LayerFindings* const> layers) {
    std::map<std::string, std::string> files;
    for (const LayerFindings* layer : layers) {
        std::erase_if(files, [&](const auto& entry) {
            const std::string& path = entry.first;
            for (const std::string& dir : layer->opaque) {
                if (under(path, dir)) {
                    return true;
                }
            }
            for (const std::string& removed : layer->removed) {
                if (path == removed || under(path, removed)) {
                    return true;
                }
            }
            return false;
        });
        for (const auto& [path, bytes] : layer->files) {
            files[path] = bytes;
        }
    }
    return files;
}

ImagePackages image_packages(std::span<const LayerFindings* const> layers) {
    ImagePackages result;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        for (const std::string& note : layers[i]->notes) {
            result.notes.push_back("layer " + std::to_string(i + 1) + ": " + note);
        }
    }
    std::map<std::string, std::string> files = fold_layers(layers);
    auto os = files.find("etc/os-release");
    if (os == files.end()) {
        os = files.find("usr/lib/os-release");
    }
    if (os != files.end()) {
        result.os = parse_os_release(os->second);
    }
    for (const auto& [path, bytes] : files) {
        if (path == "var/lib/dpkg/status") {
            append(result.packages, parse_dpkg_status(bytes));
        } else if (path.starts_with("var/lib/dpkg/status.d/")) {
            append(result.packages, parse_dpkg_status(bytes, false));
        } else if (path == "lib/apk/db/installed") {
            append(result.packages, parse_apk_installed(bytes));
        } else if (path.ends_with("rpm/rpmdb.sqlite")) {
            RpmDbResult rpm = read_rpmdb_sqlite(bytes);
            append(result.packages, std::move(rpm.packages));
            for (std::string& note : rpm.notes) {
                result.notes.push_back(path + ": " + note);
            }
        }
    }
    std::sort(result.packages.begin(), result.packages.end());
    result.packages.erase(std::unique(result.packages.begin(), result.packages.end()),
                          result.packages.end());
    return result;
}

} // namespace airlock::sbom
