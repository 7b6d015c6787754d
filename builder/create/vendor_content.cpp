#include "builder/create/vendor_content.hpp"

#include "builder/chart/vendor_chart.hpp"
#include "common/core/error.hpp"
#include "common/log/log.hpp"

#include <algorithm>
#include <set>

namespace airlock::builder {

namespace {

PlannedBlob memory_blob(const ChartBlob& b, const std::string& what) {
    PlannedBlob p;
    p.descriptor = b.descriptor;
    p.origin.bytes = std::string(b.bytes);
    p.what = what;
    return p;
}

// A local chart is named relative to the spec, so the BOM (and its digest)
// does not depend on where the build ran.
std::string chart_source(const VendoredChart& vc, const SpecChart& sc, const Spec& spec) {
    if (sc.source != SpecChart::Source::path) {
        return vc.origin;
    }
    std::filesystem::path rel = sc.path.lexically_relative(spec.base_dir);
    return rel.empty() || *rel.begin() == ".." ? sc.path.filename().string() : rel.generic_string();
}

ResolvedChart to_resolved(const VendoredChart& vc, const SpecChart& spec_chart, const Spec& spec) {
    ResolvedChart r;
    r.bom.name = vc.name;
    r.bom.version = vc.version;
    r.bom.source = chart_source(vc, spec_chart, spec);
    r.bom.repository = "charts/" + vc.name;
    r.bom.tag = vc.tag;
    r.bom.digest = vc.manifest_digest();
    r.bom.media_type = std::string(VendoredChart::manifest_media_type);
    r.manifest = vc.manifest;
    for (const ChartBlob& b : vc.blobs()) {
        r.blobs.push_back(memory_blob(b, "blob " + b.descriptor.digest.str() + " of chart " +
                                             vc.name + " " + vc.version));
    }
    std::set<std::string> names;
    for (size_t i = 0; i < spec_chart.values.size(); ++i) {
        std::string file = spec_chart.values[i].filename().string();
        std::string name = "charts/" + vc.name + "/values/" + file;
        if (!names.insert(name).second) {
            name = "charts/" + vc.name + "/values/" + std::to_string(i + 1) + "-" + file;
            names.insert(name);
        }
        r.values.push_back({spec_chart.values[i], name, std::nullopt});
    }
    return r;
}

std::vector<FileItem> manifest_items(const Spec& spec) {
    std::vector<FileItem> out;
    std::set<std::string> names;
    for (const SpecManifest& m : spec.manifests) {
        bool dir = std::filesystem::is_directory(m.path);
        for (const auto& file : manifest_files(m.path)) {
            std::string rel =
                dir ? file.lexically_relative(m.path).generic_string() : file.filename().string();
            std::string name = "manifests/" + rel;
            if (!names.insert(name).second) {
                fail(ErrorCode::spec, m.where + ": " + file.string() + " would be carried as " +
                                          name + ", which another manifests entry already is");
            }
            out.push_back({file, name, std::nullopt});
        }
    }
    return out;
}

// The charts ("charts/web") and manifest files ("manifests/app.yaml") that
// use a reference, each once.
std::vector<std::string> owners(const SweepEntry& e) {
    std::vector<std::string> out;
    for (const SweptOrigin& o : e.origins) {
        if (std::find(out.begin(), out.end(), o.owner) == out.end()) {
            out.push_back(o.owner);
        }
    }
    return out;
}

std::string missing_message(const std::vector<const SweepEntry*>& missing) {
    std::string list;
    for (const SweepEntry* e : missing) {
        list += (list.empty() ? "" : "; ") + e->ref + " (used by " +
                describe_origin(e->origins.front()) +
                (e->origins.size() > 1 ? " and " + std::to_string(e->origins.size() - 1) + " more"
                                       : std::string()) +
                ")";
    }
    return std::to_string(missing.size()) + " image(s) used by the bundle's charts or manifests " +
           "are not in images: " + list +
           ". List them in images:, allow them in sweep.allow, or pass --add-swept";
}

} // namespace

VendoredContent vendor_content(Spec& spec, const ContentOptions& options) {
    VendoredContent out;
    FetchedCharts fetched;
    std::set<std::string> published;
    ChartFetchOptions fetch{options.client, options.fetch_reference, options.source_date_epoch};
    for (size_t i = 0; i < spec.charts.size(); ++i) {
        const SpecChart& sc = spec.charts[i];
        VendoredChart vc = vendor_chart(sc, fetch);
        log::info("chart " + vc.name + " " + vc.version + " from " + vc.origin + " -> " +
                  vc.manifest_digest().str());
        if (!published.insert(vc.name + ":" + vc.tag).second) {
            fail(ErrorCode::spec,
                 sc.where + ": chart " + vc.name + " " + vc.version + " is already in the bundle");
        }
        fetched.emplace(i, helm::load_chart_files(std::move(vc.files), "charts/" + vc.name));
        out.charts.push_back(to_resolved(vc, sc, spec));
    }
    out.manifests = manifest_items(spec);

    RenderedCharts rendered;
    out.sweep = sweep_spec(spec, fetched, &rendered);
    for (std::size_t i = 0; i < spec.charts.size(); ++i) {
        if (spec.charts[i].render) {
            out.rendered[i] = rendered.at(i);
        }
    }
    std::vector<const SweepEntry*> missing = out.sweep.missing();
    if (!missing.empty() && !options.add_swept) {
        for (const SweepEntry* e : missing) {
            for (const SweptOrigin& o : e->origins) {
                log::warn("not in the bundle: " + e->ref + " (" + describe_origin(o) + ")");
            }
        }
        fail(ErrorCode::spec, missing_message(missing));
    }
    for (const SweepEntry* e : missing) {
        log::info("adding swept image " + e->ref + " (" + describe_origin(e->origins.front()) +
                  ")");
        spec.images.push_back(SpecImage{Reference::parse(e->ref), {}, {}, {}, "swept: " + e->ref});
        out.added.push_back(e->ref);
    }
    for (const SweepEntry& e : out.sweep.images) {
        if (e.status == SweepStatus::allowed) {
            out.allowed.push_back({e.ref, owners(e)});
            continue;
        }
        // A listed entry names the images: entry that covers it; an added one is its own.
        std::string image = e.status == SweepStatus::listed ? e.matched_by : e.ref;
        auto& users = out.used_by[image];
        for (const std::string& f : owners(e)) {
            if (std::find(users.begin(), users.end(), f) == users.end()) {
                users.push_back(f);
            }
        }
    }
    return out;
}

} // namespace airlock::builder
