#include "loader/output/gc_report.hpp"

#include <nlohmann/json.hpp>

namespace airlock::loader {

namespace {

const char* const blob_note =
    "blobs are left to the registry's garbage collector: run `registry garbage-collect "
    "CONFIG` (Distribution) on the registry host to reclaim their space";

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
    return {{"target", r.target},   {"trustedTime", format_rfc3339(r.now)},
            {"applied", r.applied}, {"generations", gens},
            {"deletions", dels},    {"keptShared", kept},
            {"blobs", blob_note}};
}

std::string gc_text(const GcResult& r) {
    std::string out;
    for (const Generation& g : r.plan.generations) {
        out += (g.keep ? "keep     " : "collect  ") + g.name + " " + g.version + "  loaded " +
               format_age(r.now - g.loaded_at) + " ago  (" + g.reason + ")\n";
    }
    for (const GcDeletion& d : r.plan.deletions) {
        std::string verb = !r.applied ? "would delete" : d.deleted ? "deleted" : "already absent";
        out += verb + " " + d.manifest.repo + "@" + d.manifest.digest.str();
        if (!d.tags.empty()) {
            out += " (tags " + joined(d.tags) + ")";
        }
        out += "\n";
    }
    for (const GcProtected& p : r.plan.kept_shared) {
        out += "kept     " + p.manifest.repo + "@" + p.manifest.digest.str() + " (" + p.why + ")\n";
    }
    if (r.plan.deletions.empty()) {
        out += "nothing to delete\n";
    } else if (!r.applied) {
        out += "dry run: nothing was deleted; run again with --apply\n";
    }
    out += std::string(blob_note) + "\n";
    return out;
}

} // namespace airlock::loader
