#include "loader/gc/references.hpp"

#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"
#include "common/reference/reference.hpp"
#include "common/sign/cosign_signature.hpp"
#include "loader/load/files_artifact.hpp"

namespace airlock::loader {

void GenerationReferences::add(const PlacedManifest& m, const std::string& tag) {
    if (manifest_set.insert(m).second) {
        manifests.push_back(m);
    }
    if (!tag.empty()) {
        tags.emplace(m, tag);
    }
}

namespace {

class Walker {
  public:
    Walker(Destination& target, GenerationReferences& refs) : target_(target), refs_(refs) {}

    // `digest` in `repo`, its children when it is an index, and the site
    // signature load --sign-with may have put beside each.
    void manifest(const std::string& repo, const Digest& digest, const std::string& tag,
                  const Reference& base, int depth) {
        std::optional<RawManifest> m = target_.get_tagged(repo, digest.str());
        if (!m || m->digest != digest) {
            return;
        }
        // The tag counts as this generation's only while it still names the
        // manifest (a later load may have moved it).
        std::string still = tag;
        if (!still.empty()) {
            std::optional<RawManifest> now = target_.get_tagged(repo, still);
            if (!now || now->digest != digest) {
                still.clear();
            }
        }
        refs_.add(PlacedManifest{repo, digest}, still);
        by_tag(base, sign::cosign_tag(digest, "sig"));
        if (depth < 2 && media::is_index(m->media_type)) {
            for (const Descriptor& child : parse_image_index(m->bytes, repo).manifests) {
                manifest(repo, child.digest, "", base, depth + 1);
            }
        }
    }

    // Whatever the tag `tag` of the image's repository names now (a
    // referrers index or a site signature a load made at the site).
    void by_tag(const Reference& base, const std::string& tag) {
        Reference r = base;
        r.tag = tag;
        Placement p = target_.place(r.str());
        if (p.name.empty()) {
            return;
        }
        if (std::optional<RawManifest> m = target_.get_tagged(p.repo, p.name)) {
            refs_.add(PlacedManifest{p.repo, m->digest}, p.name);
        }
    }

    void image(const BomImage& img) {
        Placement where = target_.place(img.ref);
        Reference base = Reference::parse(img.ref);
        base.digest.reset();
        manifest(where.repo, img.digest, where.name, base, 0);
        // The children the BOM names, also when their index is gone.
        for (const Digest& child : img.manifests) {
            manifest(where.repo, child, "", base, 1);
        }
        for (const BomAttachment& a : img.attachments) {
            Reference r = base;
            r.tag = a.tag.empty() ? "sha256-" + a.subject.hex() : a.tag;
            Placement p = target_.place(r.str());
            manifest(p.repo, a.digest, a.tag.empty() ? "" : p.name, base, 1);
            if (a.tag.empty()) {
                by_tag(base, "sha256-" + a.subject.hex());
            }
        }
    }

    void artifact(const std::string& path, const std::string& tag) {
        Placement p = target_.place_artifact(path, tag);
        if (std::optional<RawManifest> m = target_.get_tagged(p.repo, p.name)) {
            refs_.add(PlacedManifest{p.repo, m->digest}, p.name);
        }
    }

    void chart(const BomChart& c) {
        Placement p = target_.place_artifact(c.repository, c.tag);
        std::optional<RawManifest> m = target_.get_tagged(p.repo, c.digest.str());
        if (m && m->digest == c.digest) {
            refs_.add(PlacedManifest{p.repo, c.digest}, p.name);
        }
    }

  private:
    Destination& target_;
    GenerationReferences& refs_;
};

} // namespace

GenerationReferences generation_references(const Bom& bom, Destination& target) {
    GenerationReferences refs;
    Walker w(target, refs);
    for (const BomImage& img : bom.images) {
        w.image(img);
    }
    for (const BomChart& c : bom.charts) {
        w.chart(c);
    }
    w.artifact(files_artifact_path(bom), files_artifact_tag(bom));
    w.artifact(sbom_artifact_path(bom), files_artifact_tag(bom));
    return refs;
}

} // namespace airlock::loader
