#include "common/log/progress.hpp"
#include "loader/load/load_bundle.hpp"

#include <cstdio>

namespace airlock::loader {

std::string LoadSummary::signatures_text() const {
    if (signing_key_id.empty()) {
        return "";
    }
    return ", " + std::to_string(signatures_written) + " site signature(s) written, " +
           std::to_string(signatures_skipped) + " already signed (key " +
           signing_key_id.substr(0, 16) + ")";
}

std::string LoadSummary::to_text() const {
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.1f", seconds);
    return "loaded " + name + " " + version + " into " + target + ": " +
           std::to_string(blobs_written) + " blob(s) written (" + human_bytes(bytes_written) +
           "), " + (blobs_mounted > 0 ? std::to_string(blobs_mounted) + " mounted, " : "") +
           std::to_string(blobs_skipped) + " already present, " + std::to_string(manifests) +
           " manifest(s) written, " + std::to_string(manifests_skipped) + " already present, " +
           std::to_string(tags) + " name(s)" + signatures_text() + " in " + secs + " s\n";
}

} // namespace airlock::loader
