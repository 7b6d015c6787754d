#include "loader/receipt/state_holdings.hpp"

#include "common/core/error.hpp"
#include "common/core/time.hpp"

#include <algorithm>
#include <chrono>
#include <map>

namespace airlock::loader {

namespace {

// The digests of the BOMs the state kept: STATE/boms/<hex>.json (StateStore::record_load).
std::vector<Digest> kept_bom_digests(const StateStore& state) {
    std::vector<Digest> out;
    const std::filesystem::path dir = state.dir() / "boms";
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        return out;
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        const std::string hex = name.substr(0, name.size() - std::min(name.size(), size_t{5}));
        if (name.ends_with(".json") && is_sha256_hex(hex)) {
            out.push_back(Digest::from_hex(hex));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// When the state kept the BOM: the time of that load.
std::string kept_at(const StateStore& state, const Digest& digest) {
    const std::filesystem::path file = state.dir() / "boms" / (digest.hex() + ".json");
    std::error_code ec;
    const auto written = std::filesystem::last_write_time(file, ec);
    if (ec) {
        fail(ErrorCode::io, "cannot read the time of " + file.string() + ": " + ec.message());
    }
    return format_rfc3339(
        std::chrono::floor<std::chrono::seconds>(std::chrono::file_clock::to_sys(written)));
}

} // namespace

StateHoldings state_holdings(const StateStore& state) {
    StateHoldings out;
    std::map<Digest, BomBlob> blobs;
    std::map<std::string, std::vector<ReceiptBundle>> by_name;
    std::map<std::string, bool> has_bom; // per name: was its latest load's BOM kept
    for (const Digest& digest : kept_bom_digests(state)) {
        std::optional<Bom> bom = state.recorded_bom(digest.str());
        if (!bom) {
            continue;
        }
        std::string loaded_at;
        std::optional<LoadRecord> latest = state.loaded(bom->name);
        if (latest && latest->bom_digest == digest.str()) {
            loaded_at = latest->loaded_at;
            has_bom[bom->name] = true;
        }
        if (loaded_at.empty()) {
            loaded_at = kept_at(state, digest);
        }
        by_name[bom->name].push_back({{bom->name, bom->version, digest}, loaded_at});
        for (const BomBlob& b : bom->blobs) {
            blobs.emplace(b.digest, b);
        }
        if (bom->base) {
            for (const BomBlob& b : bom->base->blobs) {
                blobs.emplace(b.digest, b);
            }
        }
    }
    for (const auto& [name, record] : state.all_loaded()) {
        if (has_bom[name]) {
            continue;
        }
        std::string why = "its BOM was not kept (loaded by an older airlock-load), so its "
                          "blobs are not listed";
        try {
            if (record.loaded_at.empty()) {
                why = "the state recorded neither its BOM nor when it was loaded; left out";
            } else {
                by_name[name].push_back(
                    {{name, record.version, Digest::parse(record.bom_digest)}, record.loaded_at});
            }
        } catch (const Error&) {
            why = "the state names no BOM digest for it; left out";
        }
        out.notes.push_back(name + " " + record.version + ": " + why);
    }
    for (auto& [name, bundles] : by_name) {
        std::stable_sort(bundles.begin(), bundles.end(),
                         [](const ReceiptBundle& a, const ReceiptBundle& b) {
                             return a.loaded_at < b.loaded_at;
                         });
        for (ReceiptBundle& b : bundles) {
            out.bundles.push_back(std::move(b));
        }
    }
    for (auto& [digest, blob] : blobs) {
        out.blobs.push_back(std::move(blob));
    }
    return out;
}

} // namespace airlock::loader
