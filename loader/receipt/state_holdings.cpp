#include "loader/receipt/state_holdings.hpp"

#include "common/core/error.hpp"
#include "common/core/time.hpp"

#include <algorithm>
#include <chrono>
#include <map>

namespace airlock::loader {

StateHoldings state_holdings(const StateStore& state) {
    StateHoldings out;
    std::map<Digest, BomBlob> blobs;
    std::map<std::string, std::vector<ReceiptBundle>> by_name;
    std::map<std::string, bool> has_bom; // per name: was its latest load's BOM kept
    for (const RecordedBom& kept : state.recorded_bom_entries()) {
        const Digest& digest = kept.digest;
        const Bom* bom = &kept.bom;
        std::string loaded_at;
        std::optional<LoadRecord> latest = state.loaded(bom->name);
        if (latest && latest->bom_digest == digest.str()) {
            loaded_at = latest->loaded_at;
            has_bom[bom->name] = true;
        }
        if (loaded_at.empty()) {
            loaded_at = kept.kept_at;
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
