#include "builder/create/bundle_sbom.hpp"

#include "builder/sbom/cyclonedx.hpp"
#include "builder/sbom/findings_cache.hpp"
#include "builder/sbom/image_packages.hpp"
#include "builder/sbom/spdx.hpp"
#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "common/oci/media_types.hpp"

#include <unordered_map>

namespace airlock::builder {

namespace {

bool is_layer(const std::string& media_type) {
    return media_type.starts_with("application/vnd.oci.image.layer.") ||
           media_type.starts_with("application/vnd.docker.image.rootfs.");
}

class ScanSink final : public BlobSink {
  public:
    ScanSink(LayerScans& scans, Digest layer) : scans_(scans), layer_(std::move(layer)) {}
    void write(std::span<const std::byte> data) override { scanner_.write(data); }
    void commit() override {
        scanner_.commit();
        sbom::LayerFindings findings = scanner_.take_findings();
        sbom::write_cached_findings(scans_.cache_dir(), layer_, findings);
        scans_.keep(layer_, std::move(findings));
    }

  private:
    LayerScans& scans_;
    Digest layer_;
    sbom::LayerScanner scanner_;
};

struct Format {
    std::string name;
    std::string_view media_type;
};

std::vector<Format> formats_of(const SbomFormats& f) {
    std::vector<Format> out;
    if (f.cyclonedx) {
        out.push_back({"sbom/cyclonedx.json", sbom::cyclonedx_media_type});
    }
    if (f.spdx) {
        out.push_back({"sbom/spdx.json", sbom::spdx_media_type});
    }
    return out;
}

class DocumentBuilder {
  public:
    DocumentBuilder(const BundlePlan& plan, const LayerScans& scans) : plan_(plan), scans_(scans) {
        // A delta describes its images completely: what it leaves to its
        // base counts as what it carries.
        for (const auto* blobs : {&plan.blobs, &plan.omitted}) {
            for (const PlannedBlob& b : *blobs) {
                if (b.origin.bytes) {
                    memory_.emplace(b.descriptor.digest, &*b.origin.bytes);
                }
                sizes_.emplace(b.descriptor.digest, b.descriptor.size);
            }
        }
    }

    sbom::SbomDocument run() {
        const Bom& bom = plan_.bom;
        sbom::SbomDocument doc;
        doc.name = bom.name;
        doc.version = bom.version;
        doc.created = bom.created;
        doc.builder = bom.builder;
        for (const BomImage& img : bom.images) {
            doc.images.push_back(image(img));
        }
        for (const BomChart& c : bom.charts) {
            doc.charts.push_back({c.name, c.version, c.digest, size_of(c.digest), c.media_type});
        }
        for (const BomFile& f : bom.manifests) {
            doc.manifests.push_back({f.name, "", f.digest, f.size, f.media_type});
        }
        for (const BomFile& f : bom.files) {
            doc.files.push_back({f.name, "", f.digest, f.size, f.media_type});
        }
        return doc;
    }

  private:
    std::int64_t size_of(const Digest& d) const {
        auto it = sizes_.find(d);
        return it == sizes_.end() ? 0 : it->second;
    }

    sbom::SbomImage image(const BomImage& img) {
        sbom::SbomImage out;
        out.ref = img.ref;
        auto [repository, tag] = sbom::split_image_ref(img.ref);
        out.repository = repository;
        out.tag = tag;
        out.digest = img.digest;
        out.media_type = img.media_type;
        if (media::is_index(img.media_type)) {
            for (size_t k = 0; k < img.manifests.size(); ++k) {
                out.platforms.push_back(platform(img, img.manifests[k],
                                                 k < img.platforms.size() ? img.platforms[k] : ""));
            }
        } else {
            out.platforms.push_back(
                platform(img, img.digest, img.platforms.empty() ? "" : img.platforms[0]));
        }
        for (const BomAttachment& a : img.attachments) {
            if (sbom::is_sbom_attachment(a.kind, a.artifact_type)) {
                out.sboms.push_back(
                    {a.kind, a.subject, a.digest, a.size, a.media_type, a.artifact_type, a.tag});
            }
        }
        return out;
    }

    sbom::SbomPlatformImage platform(const BomImage& img, const Digest& manifest,
                                     const std::string& name) {
        sbom::SbomPlatformImage p;
        p.digest = manifest;
        p.platform = name;
        auto bytes = memory_.find(manifest);
        if (bytes == memory_.end()) {
            fail(ErrorCode::internal, "manifest " + manifest.str() + " of " + img.ref +
                                          " is not held in memory for the SBOM");
        }
        ImageManifest m = parse_image_manifest(*bytes->second, "manifest " + manifest.str());
        std::vector<const sbom::LayerFindings*> layers;
        for (const Descriptor& l : m.layers) {
            if (const sbom::LayerFindings* f = scans_.find(l.digest)) {
                layers.push_back(f);
            } else {
                p.packages.notes.push_back("layer " + l.digest.str() + " was not scanned");
            }
        }
        sbom::ImagePackages found = sbom::image_packages(layers);
        found.notes.insert(found.notes.begin(), p.packages.notes.begin(), p.packages.notes.end());
        p.packages = std::move(found);
        for (const std::string& note : p.packages.notes) {
            log::info("SBOM of " + img.ref + " (" + name + "): " + note);
        }
        return p;
    }

    const BundlePlan& plan_;
    const LayerScans& scans_;
    std::unordered_map<Digest, const std::string*> memory_;
    std::unordered_map<Digest, std::int64_t> sizes_;
};

} // namespace

SbomFormats parse_sbom_formats(const std::string& text) {
    if (text == "cyclonedx") {
        return {true, false};
    }
    if (text == "spdx") {
        return {false, true};
    }
    if (text == "all") {
        return {true, true};
    }
    if (text == "none") {
        return {false, false};
    }
    fail(ErrorCode::usage, "invalid --sbom '" + text + "': expected cyclonedx, spdx, all or none");
}

bool LayerScans::needs_scan(const PlannedBlob& blob) {
    if (!is_layer(blob.descriptor.media_type)) {
        return false;
    }
    const Digest& d = blob.descriptor.digest;
    if (find(d) != nullptr) {
        return false;
    }
    if (std::optional<sbom::LayerFindings> cached = sbom::read_cached_findings(cache_dir_, d)) {
        std::lock_guard lock(mu_);
        findings_[d] = std::move(*cached);
        ++from_cache_;
        return false;
    }
    return true;
}

std::size_t LayerScans::scanned() const {
    std::lock_guard lock(mu_);
    return findings_.size() - from_cache_;
}

std::size_t LayerScans::from_cache() const {
    std::lock_guard lock(mu_);
    return from_cache_;
}

std::unique_ptr<BlobSink> LayerScans::sink_for(const PlannedBlob& blob) {
    if (!needs_scan(blob)) {
        return nullptr;
    }
    return std::make_unique<ScanSink>(*this, blob.descriptor.digest);
}

void LayerScans::keep(const Digest& layer, sbom::LayerFindings findings) {
    std::lock_guard lock(mu_);
    findings_[layer] = std::move(findings);
}

const sbom::LayerFindings* LayerScans::find(const Digest& layer) const {
    std::lock_guard lock(mu_);
    auto it = findings_.find(layer);
    return it == findings_.end() ? nullptr : &it->second;
}

std::size_t reserve_sboms(BundlePlan& plan, const SbomFormats& formats) {
    std::size_t growth = 0;
    for (const Format& f : formats_of(formats)) {
        plan.bom.sboms.push_back({f.name, Digest::of(""), 0, std::string(f.media_type)});
        plan.bom.blobs.push_back({Digest::of(""), 0, std::string(f.media_type)});
        // The size is written twice (sboms[] and blobs[]), up to 19 digits each.
        growth += 2 * 20;
    }
    return growth;
}

std::vector<SbomBlob> finish_sboms(BundlePlan& plan, const SbomFormats& formats,
                                   const LayerScans& scans) {
    const std::vector<Format> fs = formats_of(formats);
    if (fs.empty()) {
        return {};
    }
    const size_t first = plan.bom.blobs.size() - fs.size();
    // The placeholders are not part of what the documents describe.
    std::vector<BomBlob> placeholders(plan.bom.blobs.begin() + static_cast<std::ptrdiff_t>(first),
                                      plan.bom.blobs.end());
    plan.bom.blobs.resize(first);
    const sbom::SbomDocument doc = DocumentBuilder(plan, scans).run();
    plan.bom.blobs.insert(plan.bom.blobs.end(), placeholders.begin(), placeholders.end());
    std::vector<SbomBlob> out;
    for (size_t i = 0; i < fs.size(); ++i) {
        SbomBlob b;
        b.bytes = fs[i].media_type == sbom::spdx_media_type ? sbom::spdx_json(doc)
                                                            : sbom::cyclonedx_json(doc);
        b.entry = {fs[i].name, Digest::of(b.bytes), static_cast<std::int64_t>(b.bytes.size()),
                   std::string(fs[i].media_type)};
        plan.bom.sboms[plan.bom.sboms.size() - fs.size() + i] = b.entry;
        plan.bom.blobs[first + i] = {b.entry.digest, b.entry.size, b.entry.media_type};
        out.push_back(std::move(b));
    }
    return out;
}

} // namespace airlock::builder
