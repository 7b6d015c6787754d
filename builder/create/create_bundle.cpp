#include "builder/create/create_bundle.hpp"

#include "builder/chart/vendor_chart.hpp"
#include "builder/create/blob_fetcher.hpp"
#include "builder/create/bundle_plan.hpp"
#include "builder/create/bundle_sbom.hpp"
#include "builder/create/delta_base.hpp"
#include "builder/create/image_provenance.hpp"
#include "builder/create/image_resolver.hpp"
#include "builder/create/sign_bom.hpp"
#include "builder/create/vendor_content.hpp"
#include "builder/render/pin_digests.hpp"
#include "builder/spec/spec.hpp"
#include "builder/sweep/sweep_spec.hpp"
#include "common/bundle/bundle_writer.hpp"
#include "common/bundle/signature_slot.hpp"
#include "common/copy/blob_jobs.hpp"
#include "common/core/error.hpp"
#include "common/core/time.hpp"
#include "common/io/file.hpp"
#include "common/log/log.hpp"
#include "common/registry/registry_client.hpp"
#include "common/registry/registry_source.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/keys.hpp"
#include "common/trust/trust_update.hpp"

#include <atomic>
#include <chrono>

namespace airlock::builder {

std::pair<std::string, std::string> parse_mirror(const std::string& text) {
    auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
        fail(ErrorCode::usage,
             "invalid --mirror '" + text + "': expected UPSTREAM=HOST[:PORT][/PREFIX]");
    }
    std::string upstream = text.substr(0, eq);
    if (upstream == "index.docker.io" || upstream == "registry-1.docker.io") {
        upstream = "docker.io";
    }
    std::string target = text.substr(eq + 1);
    while (target.ends_with('/')) {
        target.pop_back();
    }
    return {upstream, target};
}

namespace {

// Where to fetch `ref` from: the mirror for its registry, when one is given.
Reference fetch_reference(const Reference& ref, const std::map<std::string, std::string>& mirrors) {
    auto it = mirrors.find(ref.registry);
    if (it == mirrors.end()) {
        return ref;
    }
    Reference r = ref;
    const std::string& target = it->second;
    auto slash = target.find('/');
    r.registry = target.substr(0, slash);
    if (slash != std::string::npos) {
        r.repository = target.substr(slash + 1) + "/" + ref.repository;
    }
    return r;
}

// --platform on the command line overrides the spec, for every image.
std::vector<Platform> platforms_for(const std::vector<Platform>& cli, const Spec& spec,
                                    const SpecImage& img) {
    if (!cli.empty()) {
        return cli;
    }
    return img.platforms.empty() ? spec.platforms : img.platforms;
}

// The rendered output of every chart with render: true, carried as a
// manifest file; with pinDigests every image in it is written by the digest
// the BOM records for it.
std::vector<FileItem> rendered_manifests(const Spec& spec, const VendoredContent& content,
                                         const std::vector<ResolvedImage>& images) {
    std::vector<FileItem> out;
    for (const auto& [index, text] : content.rendered) {
        const SpecChart& chart = spec.charts[index];
        const BomChart& bom = content.charts[index].bom;
        FileItem item;
        item.name = "manifests/rendered/" + bom.name + "-" + bom.version + ".yaml";
        if (!chart.pin_digests) {
            item.content = text;
            out.push_back(std::move(item));
            continue;
        }
        auto pin = [&](const std::string& canonical) -> std::optional<std::string> {
            std::string listed;
            if (classify_ref(canonical, spec, listed) != SweepStatus::listed) {
                return std::nullopt;
            }
            for (const ResolvedImage& img : images) {
                if (img.bom.ref == listed) {
                    Reference r = Reference::parse(canonical);
                    r.digest = img.bom.digest;
                    return r.str();
                }
            }
            return std::nullopt;
        };
        PinnedText pinned = pin_image_references(text, item.name, pin);
        for (const std::string& ref : pinned.unpinned) {
            log::warn(chart.where + ": " + ref + " in the rendered chart " + bom.name +
                      " stays unpinned: the bundle does not carry it (sweep.allow)");
        }
        item.content = std::move(pinned.text);
        out.push_back(std::move(item));
    }
    return out;
}

} // namespace

CreateResult create_bundle(const CreateOptions& o) {
    auto started = std::chrono::steady_clock::now();
    // Load everything the user gave us before touching the network, so a typo
    // in the spec or key path fails in milliseconds.
    Spec spec = load_spec(o.spec);
    BomSigner signer(o.key, o.role, o.expires);
    SignatureSlot slot;
    slot.generation = 1;
    std::vector<int> carried;
    for (const auto& file : o.trust_updates) {
        const dsse::Envelope update =
            dsse::parse_envelope(read_named_file(file, "trust update", dsse::max_envelope_bytes));
        carried.push_back(trust::read_trust_update(update, file.string()).version);
        slot.trust_updates.push_back(dsse::to_json(update));
    }
    const SbomFormats sbom_formats = parse_sbom_formats(o.sbom);
    std::vector<Platform> cli_platforms;
    for (const auto& p : o.platforms) {
        cli_platforms.push_back(Platform::parse(p));
    }
    if (o.output.empty()) {
        fail(ErrorCode::usage, "no output file given (-o)");
    }
    // Bases are read before the network too: a wrong path fails at once.
    std::optional<DeltaBase> base;
    if (!o.bases.empty()) {
        base = read_delta_bases(o.bases);
    }
    if (size_t n = BundleWriter::remove_leftovers(o.output); n > 0) {
        log::info("removed " + std::to_string(n) + " temporary file" + (n == 1 ? "" : "s") +
                  " left by an interrupted build of " + o.output.string());
    }

    // One client (connection pool, token cache) for every registry.
    auto client = std::make_shared<RegistryClient>(o.registry);
    // Charts first: the sweep of charts and manifests may add images (or refuse the build).
    ContentOptions content_options;
    content_options.client = client.get();
    content_options.fetch_reference = [&o](const Reference& r) {
        return fetch_reference(r, o.mirrors);
    };
    content_options.source_date_epoch = source_date_epoch();
    content_options.add_swept = o.add_swept;
    VendoredContent content = vendor_content(spec, content_options);
    // The spec's `verify` keys, read before any registry is contacted.
    std::optional<UpstreamRequirement> default_verify;
    if (spec.verify) {
        default_verify = load_upstream_requirement(*spec.verify);
    }
    std::map<size_t, UpstreamRequirement> image_verify;
    for (size_t n = 0; n < spec.images.size(); ++n) {
        if (spec.images[n].verify) {
            image_verify.emplace(n, load_upstream_requirement(*spec.images[n].verify));
        }
    }
    // Images resolve at once (each is a chain of small requests: manifests,
    // configs, attachment lookups); the BOM keeps the spec's order.
    std::map<std::string, std::shared_ptr<Source>> sources;
    std::vector<ImageRequest> requests;
    for (const SpecImage& img : spec.images) {
        Reference fetch = fetch_reference(img.ref, o.mirrors);
        auto& source = sources[fetch.registry];
        if (!source) {
            source = std::make_shared<RegistrySource>(client, fetch.registry);
        }
        requests.push_back({img.ref, fetch, source, platforms_for(cli_platforms, spec, img)});
    }
    std::vector<ResolvedImage> images(spec.images.size());
    std::atomic<bool> cancel{false};
    for_each_blob_job(spec.images.size(), o.jobs, cancel, [&](std::size_t n) {
        const SpecImage& img = spec.images[n];
        const ImageRequest& req = requests[n];
        log::info("resolving " + img.ref.str() +
                  (req.fetch_ref == img.ref ? "" : " via " + req.fetch_ref.str()));
        images[n] = resolve_image(req);
        ProvenanceRequest provenance{req, img.attachments.value_or(spec.attachments), nullptr};
        if (auto it = image_verify.find(n); it != image_verify.end()) {
            provenance.verify = &it->second;
        } else if (default_verify) {
            provenance.verify = &*default_verify;
        }
        add_provenance(provenance, images[n]);
        if (auto it = content.used_by.find(img.ref.str()); it != content.used_by.end()) {
            images[n].bom.used_by = it->second;
        }
        log::debug(img.ref.str() + " -> " + images[n].bom.digest.str());
    });
    PlanInput input;
    for (const SpecFile& f : spec.files) {
        input.files.push_back({f.path, f.name, std::nullopt});
    }
    Timestamp built = build_time();
    input.id = {spec.metadata.name, spec.metadata.version, format_rfc3339(built), {}};
    for (const Platform& p : cli_platforms.empty() ? spec.platforms : cli_platforms) {
        input.id.platforms.push_back(p.str());
    }
    for (FileItem& item : rendered_manifests(spec, content, images)) {
        input.manifests.push_back(std::move(item));
    }
    input.images = std::move(images);
    input.charts = std::move(content.charts);
    for (FileItem& item : content.manifests) {
        input.manifests.push_back(std::move(item));
    }
    input.allowed = std::move(content.allowed);
    BundlePlan plan = make_plan(std::move(input));
    if (base) {
        apply_delta_base(plan, *base);
        std::uint64_t left = 0;
        for (const BomBlob& b : plan.bom.base->blobs) {
            left += static_cast<std::uint64_t>(b.size);
        }
        log::info("delta: " + std::to_string(plan.bom.base->blobs.size()) + " blobs (" +
                  human_bytes(left) + ") are left to the base, " +
                  std::to_string(plan.blobs.size()) + " carried");
    }
    if (!spec.requirements.license.empty()) {
        // The loader refuses the bundle unless a valid license for it is imported.
        plan.bom.requirements.license = spec.requirements.license;
    }

    // The SBOMs are made from the layers as they pass, so they are written
    // last, and the BOM (first in the bundle) is sized now with room for
    // their digests and sizes; it is signed once it is final.
    const std::size_t growth = reserve_sboms(plan, sbom_formats);
    BundleHeadBytes head;
    head.bom = plan.bom.serialize();
    head.index_json = plan.index_json;
    const std::size_t bom_size = head.bom.size() + growth;
    head.bom.insert(head.bom.size() - 1, growth, ' ');
    head.signatures = encode_signature_slot(slot);
    BundleOffsets offsets = BundleOffsets::plan(bom_size, plan.bom);
    log::info("writing " + std::to_string(plan.blobs.size()) + " blobs (" +
              human_bytes(plan.bom.payload_bytes()) + ") to " + o.output.string());

    BundleWriter writer(o.output, o.split_size, offsets, head);
    FetchStats stats;
    LayerScans scans(o.cache_dir);
    {
        Progress progress("fetching", plan.bom.payload_bytes(), plan.blobs.size(), o.progress);
        FetchOptions fetch{o.jobs, o.cache_dir, {}};
        if (sbom_formats.any()) {
            fetch.extra_sink = [&scans](const PlannedBlob& b) { return scans.sink_for(b); };
        }
        stats = fetch_blobs(plan, writer, fetch, progress);
    }
    std::vector<PlannedBlob> unscanned;
    if (sbom_formats.any()) {
        for (const PlannedBlob& b : plan.omitted) {
            if (scans.needs_scan(b)) {
                unscanned.push_back(b);
            }
        }
    }
    if (!unscanned.empty()) {
        // The SBOM describes every image, so a delta still reads the layers
        // it leaves out that no earlier build scanned (from --cache when
        // they are there), writing none.
        std::uint64_t bytes = 0;
        for (const PlannedBlob& b : unscanned) {
            bytes += static_cast<std::uint64_t>(b.descriptor.size);
        }
        Progress progress("scanning base layers", bytes, unscanned.size(), o.progress);
        FetchOptions scan{o.jobs, o.cache_dir,
                          [&scans](const PlannedBlob& b) { return scans.sink_for(b); }};
        FetchStats s = scan_blobs(unscanned, scan, progress);
        stats.fetched_bytes += s.fetched_bytes;
        stats.cached_bytes += s.cached_bytes;
    }
    std::vector<std::string> tail;
    for (SbomBlob& s : finish_sboms(plan, sbom_formats, scans)) {
        tail.push_back(std::move(s.bytes));
    }
    head.bom = plan.bom.serialize();
    if (head.bom.size() > bom_size) {
        fail(ErrorCode::internal, "bom.json outgrew the room reserved for its SBOM entries");
    }
    // JSON allows the spaces; the signature covers them like every other byte.
    head.bom.insert(head.bom.size() - 1, bom_size - head.bom.size(), ' ');
    slot.envelopes.push_back(signer.sign(head.bom, plan.bom.name, plan.bom.version, built));
    head.signatures = encode_signature_slot(slot);
    offsets = BundleOffsets::plan(bom_size, plan.bom);
    writer.finish(offsets, head, tail);
    CreateResult r;
    r.volumes = writer.commit();
    r.name = plan.bom.name;
    r.version = plan.bom.version;
    r.bom_digest = Digest::of(head.bom).str();
    r.bundle_bytes = offsets.total_size;
    r.images = plan.bom.images.size();
    r.charts = plan.bom.charts.size();
    r.manifests = plan.bom.manifests.size();
    r.swept_added = content.added;
    r.swept_allowed = plan.bom.allowed.size();
    r.blobs = plan.bom.blobs.size();
    if (plan.bom.base) {
        r.omitted_blobs = plan.bom.base->blobs.size();
        for (const BomBlob& b : plan.bom.base->blobs) {
            r.omitted_bytes += static_cast<std::uint64_t>(b.size);
        }
        for (const BomBaseBundle& b : plan.bom.base->bundles) {
            r.bases.push_back(b.name + " " + b.version);
        }
    }
    r.fetched_bytes = stats.fetched_bytes;
    r.cached_bytes = stats.cached_bytes;
    r.layers_scanned = scans.scanned();
    r.scans_from_cache = scans.from_cache();
    r.key_id = signer.key_id();
    r.trust_updates = carried;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

} // namespace airlock::builder
