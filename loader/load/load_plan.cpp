#include "loader/load/load_plan.hpp"

#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"
#include "common/sign/cosign_signature.hpp"
#include "loader/load/base_locator.hpp"

#include <algorithm>
#include <functional>
#include <iterator>

namespace airlock::loader {

namespace {

// An index of indexes is legal but rare; deeper nesting is refused rather than followed.
constexpr int max_nesting = 4;

class Planner {
  public:
    Planner(BundleSource& b, Destination& d) : bundle_(b), dest_(d), base_(d, load_repos()) {
        if (b.bom().base) {
            for (const BomBlob& blob : b.bom().base->blobs) {
                left_to_base_.emplace(blob.digest, blob);
            }
        }
    }

    LoadPlan run() {
        for (const BomImage& img : bundle_.bom().images) {
            Placement where = dest_.place(img.ref);
            const std::size_t first = plan_.manifests.size();
            const RawManifest* top = visit(img.digest, where.repo, 0, "image " + img.ref);
            plan_signatures(img, first);
            if (top == nullptr) {
                continue;
            }
            check_unique(img.ref, where, top->digest);
            plan_.tags.push_back(PlannedTag{img.ref, where, *top});
            plan_attachments(img, where);
        }
        for (const BomChart& chart : bundle_.bom().charts) {
            Placement where = dest_.place_artifact(chart.repository, chart.tag);
            std::string what = "chart " + chart.name + " " + chart.version;
            const RawManifest* m = visit(chart.digest, where.repo, 0, what);
            if (m == nullptr) {
                continue;
            }
            check_unique(what, where, m->digest);
            plan_.tags.push_back(PlannedTag{what, where, *m});
        }
        const Bom& bom = bundle_.bom();
        if (!artifact_files(bom).empty()) {
            plan_artifact(files_artifact_path(bom), artifact_files(bom),
                          files_artifact_manifest(bom), "files of " + bom.name);
        }
        if (!bom.sboms.empty()) {
            plan_artifact(sbom_artifact_path(bom), bom.sboms, sbom_artifact_manifest(bom),
                          "SBOM of " + bom.name);
        }
        locate_base_blobs();
        return std::move(plan_);
    }

  private:
    // Every repository this load writes to: where the base most likely left
    // what a delta needs.
    std::vector<std::string> load_repos() const {
        std::set<std::string> repos;
        for (const BomImage& img : bundle_.bom().images) {
            repos.insert(dest_.place(img.ref).repo);
        }
        for (const BomChart& chart : bundle_.bom().charts) {
            repos.insert(dest_.place_artifact(chart.repository, chart.tag).repo);
        }
        const Bom& bom = bundle_.bom();
        repos.insert(dest_.place_artifact(files_artifact_path(bom), files_artifact_tag(bom)).repo);
        repos.insert(dest_.place_artifact(sbom_artifact_path(bom), files_artifact_tag(bom)).repo);
        return {repos.begin(), repos.end()};
    }

    // Each blob left to the base must be in every repository that needs it,
    // or in one it can be mounted from.
    void locate_base_blobs() {
        for (const auto& [digest, repos] : plan_.blob_repos) {
            auto it = left_to_base_.find(digest);
            if (it == left_to_base_.end()) {
                continue;
            }
            if (auto holder = base_.holder(it->second, *repos.begin())) {
                plan_.base_holders.emplace(digest, *holder);
            } else {
                plan_.missing_base.push_back(it->second);
            }
        }
    }
    // Two images of the bundle may not claim one name in the target (e.g.
    // docker.io/x/app:1 and quay.io/x/app:1 without --keep-host): which one
    // won would depend on timing.
    void check_unique(const std::string& ref, const Placement& where, const Digest& digest) {
        if (where.name.empty()) {
            return;
        }
        auto [it, fresh] =
            names_.emplace(std::make_pair(where.repo, where.name), std::make_pair(ref, digest));
        if (!fresh && it->second.second != digest) {
            fail(ErrorCode::usage, "images " + it->second.first + " and " + ref +
                                       " would both be published as " + where.repo + ":" +
                                       where.name + "; keep their hosts apart with --keep-host");
        }
    }

    // The manifests visit() added for `img` from `first` on (those of an
    // earlier image in the same repository are planned already) get a site
    // signature under cosign's tag scheme beside them.
    void plan_signatures(const BomImage& img, std::size_t first) {
        Reference base = Reference::parse(img.ref);
        base.digest.reset();
        const std::string reference = dest_.pull_repository(img.ref);
        for (std::size_t k = first; k < plan_.manifests.size(); ++k) {
            const Digest& subject = plan_.manifests[k].manifest.digest;
            Reference r = base;
            r.tag = sign::cosign_tag(subject, "sig");
            plan_.signatures.push_back(PlannedSignature{dest_.place(r.str()), reference, subject});
        }
    }

    // What upstream attached to the image goes to the image's repository:
    // tag-scheme artifacts under their tags, referrers by digest with an
    // entry in their subject's referrers list.
    void plan_attachments(const BomImage& img, const Placement& where) {
        Reference base = Reference::parse(img.ref);
        base.digest.reset();
        for (const BomAttachment& a : img.attachments) {
            std::string what = a.kind + " " + a.digest.str() + " of image " + img.ref;
            const RawManifest* found = visit(a.digest, where.repo, 0, what);
            if (found == nullptr) {
                continue;
            }
            const RawManifest& m = *found;
            if (m.media_type != a.media_type ||
                static_cast<std::int64_t>(m.bytes.size()) != a.size) {
                fail(ErrorCode::malformed, what + ": media type or size differs from the BOM");
            }
            if (!a.tag.empty()) {
                Reference r = base;
                r.tag = a.tag;
                plan_.attachment_tags.push_back(PlannedTag{what, dest_.place(r.str()), m});
                continue;
            }
            ImageManifest im = parse_image_manifest(m.bytes, what);
            if (!im.subject || im.subject->digest != a.subject) {
                fail(ErrorCode::malformed, what + ": its subject is not " + a.subject.str());
            }
            Descriptor d{m.media_type, m.digest, a.size, {}, im.annotations, {}};
            if (!a.artifact_type.empty()) {
                d.artifact_type = a.artifact_type;
            }
            Reference r = base;
            r.tag = "sha256-" + a.subject.hex();
            Placement index = dest_.place(r.str());
            auto it = std::find_if(
                plan_.referrers.begin(), plan_.referrers.end(), [&](const PlannedReferrers& p) {
                    return p.where.repo == index.repo && p.where.name == index.name;
                });
            if (it == plan_.referrers.end()) {
                plan_.referrers.push_back(PlannedReferrers{index, a.subject, {}});
                it = std::prev(plan_.referrers.end());
            }
            it->referrers.push_back(std::move(d));
        }
    }

    // The bundle's files, or its SBOMs, as one artifact (files_artifact.hpp):
    // its layers are blobs of the bundle, its config the empty blob airlock
    // supplies.
    void plan_artifact(const std::string& path, const std::vector<BomFile>& files, RawManifest m,
                       const std::string& what) {
        Placement where = dest_.place_artifact(path, files_artifact_tag(bundle_.bom()));
        for (const BomFile& f : files) {
            need_blob(Descriptor{f.media_type, f.digest, f.size, {}, {}, {}}, where.repo,
                      "file " + f.name);
        }
        plan_.inline_blobs.emplace_back(where.repo, empty_config());
        plan_.manifests.push_back(PlannedManifest{where.repo, m});
        plan_.tags.push_back(PlannedTag{what, where, std::move(m)});
    }

    // The blob as the BOM lists it: carried, or left to the base.
    const BomBlob& bom_blob(const Digest& digest, const std::string& what) const {
        if (const BomBlob* b = bundle_.find_blob(digest)) {
            return *b;
        }
        if (auto it = left_to_base_.find(digest); it != left_to_base_.end()) {
            return it->second;
        }
        fail(ErrorCode::malformed, what + " names " + digest.str() +
                                       ", which the bundle neither carries nor leaves to a base");
    }

    // Reads a manifest once: through the bundle source, which checks its
    // bytes against the digest the BOM lists (a bundle is one blob store, so
    // no reference is needed to find it), or, for a delta, back from the
    // target where its base put it. Null when the base's copy is missing.
    const RawManifest* read_manifest(const Digest& digest, const std::string& repo,
                                     const std::string& what) {
        if (auto it = read_.find(digest); it != read_.end()) {
            return &it->second;
        }
        if (missing_.count(digest) != 0) {
            return nullptr; // reported once, searched for once
        }
        const BomBlob& b = bom_blob(digest, what);
        std::string where = what + " (manifest " + digest.str() + ")";
        if (b.size > static_cast<std::int64_t>(max_manifest_bytes)) {
            fail(ErrorCode::malformed, where + " is larger than a manifest may be");
        }
        RawManifest m;
        if (bundle_.find_blob(digest) == nullptr) {
            std::optional<RawManifest> held = base_.manifest(b, repo);
            if (!held) {
                missing_.insert(digest);
                plan_.missing_base.push_back(b);
                return nullptr;
            }
            m = std::move(*held);
        } else {
            try {
                m = bundle_.get_manifest(Reference{}, digest);
            } catch (const Error& e) {
                fail(e.code(), what + ": " + e.what());
            }
            plan_.manifest_digests.insert(digest);
        }
        return &read_.emplace(digest, std::move(m)).first->second;
    }

    void need_blob(const Descriptor& d, const std::string& repo, const std::string& what) {
        const BomBlob& b = bom_blob(d.digest, what);
        if (b.size != d.size) {
            fail(ErrorCode::malformed, what + " gives " + d.digest.str() + " size " +
                                           std::to_string(d.size) + ", the BOM " +
                                           std::to_string(b.size));
        }
        plan_.blob_repos[d.digest].insert(repo);
    }

    const RawManifest* visit(const Digest& digest, const std::string& repo, int depth,
                             const std::string& what) {
        if (depth > max_nesting) {
            fail(ErrorCode::malformed, what + ": indexes nested too deeply");
        }
        const RawManifest* found = read_manifest(digest, repo, what);
        if (found == nullptr) {
            return nullptr;
        }
        const RawManifest& m = *found;
        std::string where = what + " (" + digest.str() + ")";
        if (media::is_index(m.media_type)) {
            for (const Descriptor& child : parse_image_index(m.bytes, where).manifests) {
                const RawManifest* c = visit(child.digest, repo, depth + 1, what);
                if (c != nullptr && static_cast<std::int64_t>(c->bytes.size()) != child.size) {
                    fail(ErrorCode::malformed,
                         where + " gives child " + child.digest.str() + " the wrong size");
                }
            }
        } else if (media::is_manifest(m.media_type)) {
            ImageManifest im = parse_image_manifest(m.bytes, where);
            need_blob(im.config, repo, where);
            for (const Descriptor& layer : im.layers) {
                need_blob(layer, repo, where);
            }
        } else {
            fail(ErrorCode::malformed,
                 where + " has media type " + m.media_type + ", not an image manifest or index");
        }
        if (added_.insert({repo, digest}).second) {
            plan_.manifests.push_back(PlannedManifest{repo, m});
        }
        return found;
    }

    BundleSource& bundle_;
    Destination& dest_;
    BaseLocator base_;
    std::map<Digest, BomBlob> left_to_base_;
    std::map<Digest, RawManifest> read_;
    std::set<Digest> missing_; // manifests left to the base and not in the target
    std::set<std::pair<std::string, Digest>> added_;
    std::map<std::pair<std::string, std::string>, std::pair<std::string, Digest>> names_;
    LoadPlan plan_;
};

} // namespace

LoadPlan plan_load(BundleSource& bundle, Destination& destination) {
    return Planner(bundle, destination).run();
}

LoadPlan plan_load(const VerifiedBundle& bundle, Destination& destination) {
    BundleSource source(bundle);
    return plan_load(source, destination);
}

} // namespace airlock::loader
