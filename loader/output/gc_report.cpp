#include "loader/output/gc_report.hpp"

#include "common/log/progress.hpp"

#include <nlohmann/json.hpp>

namespace airlock::loader {

namespace {

const char* const blob_note =
    "blobs are left to the registry's garbage collector: run `registry garbage-collect "
    "CONFIG` (Distribution) on the registry host to reclaim their space";

nlohmann::json blobs_json(const GcResult& r) {
    if (!r.layout) {
        return {{"collectedBy", "registry"}, {"note", blob_note}};
    }
    nlohmann::json digests = nlohmann::json::array();
    std::uint64_t bytes = 0;
    if (r.layout_blobs) {
        for (const LayoutBlob& b : r.layout_blobs->blobs) {
            digests.push_back(b.digest.str());
        }
        bytes = r.layout_blobs->bytes;
    }
    return {{"collectedBy", "airlock"},
            {"digests", std::move(digests)},
            {"bytes", bytes},
            {"removed", r.applied}};
}

std::string blobs_text(const GcResult& r) {
    if (!r.layout) {
        return std::string(blob_note) + "\n";
    }
    const std::size_t n = r.layout_blobs ? r.layout_blobs->blobs.size() : 0;
    const std::uint64_t bytes = r.layout_blobs ? r.layout_blobs->bytes : 0;
    if (n == 0) {
        return "no blob of the layout is left unreferenced\n";
    }
    return std::string(r.applied ? "removed " : "would remove ") + std::to_string(n) +
           " blobs only the deleted manifests referenced (" + human_bytes(bytes) + ")\n";
}

// A layout has no repositories: its manifests are shown by digest alone.
std::string placed(const PlacedManifest& m) {
    return m.repo.empty() ? m.digest.str() : m.repo + "@" + m.digest.str();
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& i : items) {
        out += (out.empty() ? "" : ", ") + i;
    }
    return out;
}

} // namespace

nlohmann::json to_json(const GcResult& r) {
    nlohmann::json gens = nlohmann::json::array();
    for (const Generation& g : r.plan.generations) {
        nlohmann::json j = {{"name", g.name},
                            {"version", g.version},
                            {"bomDigest", g.bom_digest.str()},
                            {"loadedAt", format_rfc3339(g.loaded_at)},
                            {"ageSeconds", (r.now - g.loaded_at).count()},
                            {"keep", g.keep},
                            {"reason", g.reason}};
        if (g.superseded_at) {
            j["supersededAt"] = format_rfc3339(*g.superseded_at);
        }
        gens.push_back(std::move(j));
    }
    nlohmann::json dels = nlohmann::json::array();
    for (const GcDeletion& d : r.plan.deletions) {
        nlohmann::json j = {{"repository", d.manifest.repo},
                            {"digest", d.manifest.digest.str()},
                            {"tags", d.tags},
                            {"generations", d.generations}};
        if (r.applied) {
            j["deleted"] = d.deleted;
        }
        dels.push_back(std::move(j));
    }
    nlohmann::json kept = nlohmann::json::array();
    for (const GcProtected& p : r.plan.kept_shared) {
        kept.push_back(
            {{"repository", p.manifest.repo}, {"digest", p.manifest.digest.str()}, {"why", p.why}});
    }
    return {{"target", r.target},    {"trustedTime", format_rfc3339(r.now)},
            {"applied", r.applied},  {"generations", gens},
            {"deletions", dels},     {"keptShared", kept},
            {"blobs", blobs_json(r)}};
}

std::string gc_text(const GcResult& r) {
    std::string out;
    for (const Generation& g : r.plan.generations) {
        out += (g.keep ? "keep     " : "collect  ") + g.name + " " + g.version + "  loaded " +
               format_age(r.now - g.loaded_at) + " ago  (" + g.reason + ")\n";
    }
    for (const GcDeletion& d : r.plan.deletions) {
        std::string verb = !r.applied ? "would delete" : d.deleted ? "deleted" : "already absent";
        out += verb + " " + placed(d.manifest);
        if (!d.tags.empty()) {
            out += " (tags " + joined(d.tags) + ")";
        }
        out += "\n";
    }
    for (const GcProtected& p : r.plan.kept_shared) {
        out += "kept     " + placed(p.manifest) + " (" + p.why + ")\n";
    }
    if (r.plan.deletions.empty()) {
        out += "nothing to delete\n";
    } else if (!r.applied) {
        out += "dry run: nothing was deleted; run again with --apply\n";
    }
    out += blobs_text(r);
    return out;
}

} // namespace airlock::loader
