// airlock-build diff --json: the shape documented in the command's --help.
#include "builder/diff/bom_diff.hpp"
#include "builder/output/diff_output.hpp"

#include <nlohmann/json.hpp>

namespace airlock::builder {

using nlohmann::json;

namespace {

json bundle_json(const DiffBundle& b) {
    return {{"name", b.name},
            {"version", b.version},
            {"bomDigest", b.bom_digest.empty() ? json(nullptr) : json(b.bom_digest.str())},
            {"delta", b.delta}};
}

json image_json(const DiffImage& i) {
    return {{"ref", i.ref}, {"digest", i.digest.str()}, {"platforms", i.platforms}};
}

json image_change_json(const ImageChange& c) {
    json changed = json::array();
    for (const PlatformChange& p : c.platforms_changed) {
        changed.push_back({{"platform", p.platform},
                           {"oldDigest", p.old_manifest.str()},
                           {"newDigest", p.new_manifest.str()}});
    }
    return {{"oldRef", c.old_image.ref},
            {"newRef", c.new_image.ref},
            {"oldDigest", c.old_image.digest.str()},
            {"newDigest", c.new_image.digest.str()},
            {"oldPlatforms", c.old_image.platforms},
            {"newPlatforms", c.new_image.platforms},
            {"platforms",
             {{"perPlatform", c.per_platform},
              {"added", c.platforms_added},
              {"removed", c.platforms_removed},
              {"changed", changed}}}};
}

json images_json(const ImageDiff& d) {
    json added = json::array();
    json removed = json::array();
    json changed = json::array();
    json retagged = json::array();
    for (const DiffImage& i : d.added) {
        added.push_back(image_json(i));
    }
    for (const DiffImage& i : d.removed) {
        removed.push_back(image_json(i));
    }
    for (const ImageChange& c : d.changed) {
        changed.push_back(image_change_json(c));
    }
    for (const ImageRetag& r : d.retagged) {
        retagged.push_back(
            {{"oldRef", r.old_ref}, {"newRef", r.new_ref}, {"digest", r.digest.str()}});
    }
    return {{"added", added},
            {"removed", removed},
            {"changed", changed},
            {"retagged", retagged},
            {"unchanged", d.unchanged}};
}

json files_diff_json(const FileDiff& d) {
    auto list = [](const std::vector<BomFile>& fs) {
        json out = json::array();
        for (const BomFile& f : fs) {
            out.push_back({{"name", f.name}, {"digest", f.digest.str()}, {"size", f.size}});
        }
        return out;
    };
    json changed = json::array();
    for (const FileChange& c : d.changed) {
        changed.push_back({{"name", c.name},
                           {"oldDigest", c.old_digest.str()},
                           {"newDigest", c.new_digest.str()},
                           {"oldSize", c.old_size},
                           {"newSize", c.new_size}});
    }
    return {{"added", list(d.added)},
            {"removed", list(d.removed)},
            {"changed", changed},
            {"unchanged", d.unchanged}};
}

json chart_json(const DiffChart& c) {
    return {{"name", c.name}, {"version", c.version}, {"digest", c.digest.str()}};
}

json charts_json(const ChartDiff& d) {
    json added = json::array();
    json removed = json::array();
    json changed = json::array();
    for (const DiffChart& c : d.added) {
        added.push_back(chart_json(c));
    }
    for (const DiffChart& c : d.removed) {
        removed.push_back(chart_json(c));
    }
    for (const ChartChange& c : d.changed) {
        changed.push_back({{"name", c.new_chart.name},
                           {"oldVersion", c.old_chart.version},
                           {"newVersion", c.new_chart.version},
                           {"oldDigest", c.old_chart.digest.str()},
                           {"newDigest", c.new_chart.digest.str()},
                           {"values", files_diff_json(c.values)}});
    }
    return {
        {"added", added}, {"removed", removed}, {"changed", changed}, {"unchanged", d.unchanged}};
}

json delta_json(const DeltaCost& d) {
    json carried = json::array();
    for (const BomBlob& b : d.carried) {
        carried.push_back(
            {{"digest", b.digest.str()}, {"size", b.size}, {"mediaType", b.media_type}});
    }
    return {{"blobs", d.carried_total.blobs},
            {"bytes", d.carried_total.bytes},
            {"carried", carried},
            {"new", {{"blobs", d.new_total.blobs}, {"bytes", d.new_total.bytes}}}};
}

} // namespace

json to_json(const BomDiff& d) {
    return {{"old", bundle_json(d.old_bundle)},
            {"new", bundle_json(d.new_bundle)},
            {"changes", d.changes()},
            {"images", images_json(d.images)},
            {"charts", charts_json(d.charts)},
            {"manifests", files_diff_json(d.manifests)},
            {"files", files_diff_json(d.files)},
            {"delta", delta_json(d.delta)}};
}

} // namespace airlock::builder
