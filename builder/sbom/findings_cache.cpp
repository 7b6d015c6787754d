#include "builder/sbom/findings_cache.hpp"

#include "common/core/base64.hpp"
#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/io/temp_file.hpp"
#include "common/log/log.hpp"

#include <nlohmann/json.hpp>

namespace airlock::sbom {

namespace {

// A cached entry holds at most what ScanLimits lets a scan keep, in base64.
constexpr std::size_t max_entry_bytes = 400ull << 20;

std::filesystem::path entry_path(const std::filesystem::path& cache_dir, const Digest& layer) {
    return cache_dir / "sbom-scans" / ("v" + std::to_string(findings_cache_version)) /
           (layer.hex() + ".json");
}

} // namespace

std::optional<LayerFindings> read_cached_findings(const std::filesystem::path& cache_dir,
                                                  const Digest& layer) {
    const std::filesystem::path path = entry_path(cache_dir, layer);
    std::error_code ec;
    if (cache_dir.empty() || !std::filesystem::is_regular_file(path, ec)) {
        return std::nullopt;
    }
    try {
        auto j = nlohmann::json::parse(read_file(path, max_entry_bytes));
        if (j.at("layer").get<std::string>() != layer.str()) {
            throw std::runtime_error("names another layer");
        }
        LayerFindings f;
        for (const auto& item : j.at("files").items()) {
            std::optional<std::string> bytes = base64_decode(item.value().get<std::string>());
            if (!bytes) {
                throw std::runtime_error("a file is not base64");
            }
            f.files.emplace(item.key(), std::move(*bytes));
        }
        f.removed = j.at("removed").get<std::set<std::string>>();
        f.opaque = j.at("opaque").get<std::set<std::string>>();
        f.notes = j.at("notes").get<std::vector<std::string>>();
        f.compression = j.at("compression").get<std::string>();
        f.tar_bytes = j.at("tarBytes").get<std::uint64_t>();
        f.tar_entries = j.at("tarEntries").get<std::uint64_t>();
        f.complete = j.at("complete").get<bool>();
        return f;
    } catch (const std::exception& e) {
        log::warn("ignoring the cached scan " + path.string() + " (" + e.what() +
                  "); scanning the layer again");
        return std::nullopt;
    }
}

void write_cached_findings(const std::filesystem::path& cache_dir, const Digest& layer,
                           const LayerFindings& findings) {
    if (cache_dir.empty()) {
        return;
    }
    nlohmann::json files = nlohmann::json::object();
    for (const auto& [path, bytes] : findings.files) {
        files[path] = base64_encode(bytes);
    }
    nlohmann::json j = {{"layer", layer.str()},           {"files", std::move(files)},
                        {"removed", findings.removed},    {"opaque", findings.opaque},
                        {"notes", findings.notes},        {"compression", findings.compression},
                        {"tarBytes", findings.tar_bytes}, {"tarEntries", findings.tar_entries},
                        {"complete", findings.complete}};
    std::string text;
    try {
        text = j.dump();
    } catch (const nlohmann::json::exception&) {
        // A path in the layer is not UTF-8; JSON cannot hold it exactly, so
        // this layer is scanned again next time rather than cached altered.
        log::debug("not caching the scan of layer " + layer.str() + ": a path is not UTF-8");
        return;
    }
    const std::filesystem::path path = entry_path(cache_dir, layer);
    try {
        std::filesystem::create_directories(path.parent_path());
        write_file_atomic(path, text);
    } catch (const std::exception& e) {
        log::warn("cannot keep the scan of layer " + layer.str() + " in " + cache_dir.string() +
                  ": " + e.what());
    }
}

} // namespace airlock::sbom
