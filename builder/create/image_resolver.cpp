#include "builder/create/image_resolver.hpp"

#include "common/copy/copy.hpp"
#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"

#include <algorithm>

namespace airlock::builder {

namespace {

// Configs are small JSON documents; anything bigger is not a config we carry in memory.
constexpr std::int64_t max_config_bytes = 8 * 1024 * 1024;

std::string platform_list(const std::vector<Platform>& ps) {
    std::string s;
    for (const Platform& p : ps) {
        s += (s.empty() ? "" : ", ") + p.str();
    }
    return s;
}

bool wanted(const std::vector<Platform>& want, const Platform& p) {
    if (want.empty()) {
        return true;
    }
    return std::any_of(want.begin(), want.end(), [&](const Platform& w) { return p.matches(w); });
}

struct Context {
    const ImageRequest& req;
    ResolvedImage& out;
    std::string name() const { return req.ref.str(); }
};

void add_memory_blob(Context& cx, Descriptor d, std::string bytes, std::string what) {
    PlannedBlob b;
    b.descriptor = std::move(d);
    b.origin.bytes = std::move(bytes);
    b.what = std::move(what);
    cx.out.blobs.push_back(std::move(b));
}

RawManifest fetch_child(Context& cx, const Descriptor& d) {
    RawManifest raw = cx.req.source->get_manifest(cx.req.fetch_ref, d.digest);
    verify_bytes(raw.bytes, d.digest, "manifest " + d.digest.str() + " of " + cx.name());
    if (static_cast<std::int64_t>(raw.bytes.size()) != d.size) {
        fail(ErrorCode::integrity, "manifest " + d.digest.str() + " of " + cx.name() +
                                       ": size differs from its index entry");
    }
    return raw;
}

// Adds a single-platform manifest, its config and layers; returns its platform.
Platform add_manifest(Context& cx, const RawManifest& raw) {
    std::string where = "manifest " + raw.digest.str() + " of " + cx.name();
    ImageManifest m = parse_image_manifest(raw.bytes, where);
    if (m.config.size > max_config_bytes) {
        fail(ErrorCode::integrity, where + ": config of " + std::to_string(m.config.size) +
                                       " bytes is larger than the limit");
    }
    std::string config;
    {
        auto reader = cx.req.source->open_blob(cx.req.fetch_ref, m.config);
        StringSink sink(config);
        BlobSink* sinks[] = {&sink};
        copy_blob(*reader, m.config, sinks, "config " + m.config.digest.str() + " of " + cx.name());
    }
    Platform platform;
    auto cj = nlohmann::json::parse(config, nullptr, false);
    if (cj.is_object()) {
        platform.os = cj.value("os", "");
        platform.architecture = cj.value("architecture", "");
        platform.variant = cj.value("variant", "");
    }
    Descriptor md{
        raw.media_type, raw.digest, static_cast<std::int64_t>(raw.bytes.size()), {}, {}, {}};
    add_memory_blob(cx, md, raw.bytes, where);
    add_memory_blob(cx, m.config, std::move(config),
                    "config " + m.config.digest.str() + " of " + cx.name());
    for (const Descriptor& layer : m.layers) {
        PlannedBlob b;
        b.descriptor = layer;
        b.origin.source = cx.req.source;
        b.origin.fetch_ref = cx.req.fetch_ref;
        b.what = "layer " + layer.digest.str() + " of " + cx.name();
        cx.out.blobs.push_back(std::move(b));
    }
    return platform;
}

void resolve_index(Context& cx, const RawManifest& raw) {
    std::string where = "index " + raw.digest.str() + " of " + cx.name();
    ImageIndex idx = parse_image_index(raw.bytes, where);
    std::vector<Descriptor> keep;
    std::vector<Platform> available;
    for (const Descriptor& d : idx.manifests) {
        Platform p = d.platform.value_or(Platform{});
        available.push_back(p);
        if (wanted(cx.req.platforms, p)) {
            keep.push_back(d);
        }
    }
    if (keep.empty()) {
        fail(ErrorCode::not_found, "image " + cx.name() + " has no manifest for " +
                                       platform_list(cx.req.platforms) +
                                       " (it has: " + platform_list(available) + ")");
    }
    std::string top = raw.bytes;
    Digest top_digest = raw.digest;
    if (keep.size() != idx.manifests.size()) {
        // The registry refuses an index whose children are absent, so a filtered
        // image carries a rewritten index with a new digest (upstream kept in the BOM).
        if (cx.req.ref.digest) {
            fail(ErrorCode::spec,
                 "image " + cx.name() + " is pinned to index digest " + raw.digest.str() +
                     ", which cannot be served once platforms are filtered; pin a tag or "
                     "keep all platforms for this image");
        }
        auto j = nlohmann::json::parse(raw.bytes);
        nlohmann::json kept = nlohmann::json::array();
        for (const auto& entry : j["manifests"]) {
            std::string dg = entry.value("digest", "");
            if (std::any_of(keep.begin(), keep.end(),
                            [&](const Descriptor& d) { return d.digest.str() == dg; })) {
                kept.push_back(entry);
            }
        }
        j["manifests"] = kept;
        top = j.dump();
        top_digest = Digest::of(top);
        cx.out.bom.upstream_digest = raw.digest;
    }
    cx.out.bom.digest = top_digest;
    cx.out.top_bytes = top;
    add_memory_blob(
        cx,
        Descriptor{raw.media_type, top_digest, static_cast<std::int64_t>(top.size()), {}, {}, {}},
        top, where);
    for (const Descriptor& d : keep) {
        if (media::is_index(d.media_type)) {
            fail(ErrorCode::spec, where + ": nested index " + d.digest.str() + " is not supported");
        }
        RawManifest child = fetch_child(cx, d);
        child.media_type = d.media_type;
        add_manifest(cx, child);
        cx.out.bom.manifests.push_back(d.digest);
        cx.out.bom.platforms.push_back(d.platform.value_or(Platform{}).str());
    }
}

} // namespace

ResolvedImage resolve_image(const ImageRequest& req) {
    ResolvedImage out;
    Context cx{req, out};
    out.bom.ref = req.ref.str();
    if (!(req.fetch_ref == req.ref)) {
        out.bom.source = req.fetch_ref.str();
    }
    RawManifest raw = req.source->get_manifest(req.fetch_ref);
    if (req.ref.digest) {
        verify_bytes(raw.bytes, *req.ref.digest, "image " + cx.name());
        raw.digest = *req.ref.digest;
    }
    out.bom.media_type = raw.media_type;
    if (media::is_index(raw.media_type)) {
        resolve_index(cx, raw);
    } else if (media::is_manifest(raw.media_type)) {
        out.bom.digest = raw.digest;
        out.top_bytes = raw.bytes;
        Platform p = add_manifest(cx, raw);
        if (!wanted(req.platforms, p)) {
            fail(ErrorCode::not_found, "image " + cx.name() + " is " + p.str() + " only; wanted " +
                                           platform_list(req.platforms));
        }
        out.bom.platforms.push_back(p.str());
    } else {
        fail(ErrorCode::spec,
             "image " + cx.name() + " has unsupported media type " + raw.media_type);
    }
    return out;
}

} // namespace airlock::builder
