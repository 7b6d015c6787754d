#include "builder/create/attachment_finder.hpp"

#include "common/copy/blob_jobs.hpp"
#include "common/copy/copy.hpp"
#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "common/oci/media_types.hpp"
#include "common/sign/cosign_signature.hpp"

#include <atomic>

namespace airlock::builder {

namespace {

struct TagKind {
    std::string_view suffix;
    std::string_view kind;
};

constexpr TagKind tag_kinds[] = {{"sig", "signature"}, {"att", "attestation"}, {"sbom", "sbom"}};

// The layers the upstream signature check reads.
bool held_in_memory(const BomAttachment& a, const Descriptor& layer) {
    return (a.kind == "signature" && layer.media_type == sign::cosign_payload_media_type) ||
           layer.media_type == sigstore_bundle_media_type;
}

std::string read_small_blob(Source& source, const Reference& ref, const Descriptor& d,
                            const std::string& what) {
    if (d.size > max_signature_layer_bytes) {
        fail(ErrorCode::integrity,
             what + " is " + std::to_string(d.size) + " bytes, more than a signature needs");
    }
    std::string bytes;
    auto reader = source.open_blob(ref, d);
    StringSink sink(bytes);
    BlobSink* sinks[] = {&sink};
    copy_blob(*reader, d, sinks, what);
    return bytes;
}

// One subject's lookups are independent requests (three cosign tags, the
// referrers list), so they run at once; results are kept in lookup order.
constexpr int lookup_jobs = 8;

class Finder {
  public:
    explicit Finder(const AttachmentQuery& q) : q_(q) {}

    std::vector<FoundAttachment> run(const std::vector<Digest>& subjects) {
        struct Lookup {
            Digest subject;
            const TagKind* tag = nullptr; // null: the referrers
        };
        std::vector<Lookup> lookups;
        for (const Digest& s : subjects) {
            for (const TagKind& t : tag_kinds) {
                if (q_.policy != AttachmentPolicy::signatures || t.kind == "signature") {
                    lookups.push_back({s, &t});
                }
            }
            lookups.push_back({s, nullptr});
        }
        std::vector<std::vector<FoundAttachment>> results(lookups.size());
        std::atomic<bool> cancel{false};
        for_each_blob_job(lookups.size(), q_.source->concurrent_reads() ? lookup_jobs : 1, cancel,
                          [&](std::size_t i) {
                              const Lookup& l = lookups[i];
                              if (l.tag != nullptr) {
                                  tag_scheme(l.subject, *l.tag, results[i]);
                              } else {
                                  referrers(l.subject, results[i]);
                              }
                          });
        std::vector<FoundAttachment> found;
        for (auto& r : results) {
            for (FoundAttachment& f : r) {
                found.push_back(std::move(f));
            }
        }
        return found;
    }

  private:
    void tag_scheme(const Digest& subject, const TagKind& t, std::vector<FoundAttachment>& out) {
        Reference ref = q_.fetch_ref;
        ref.digest.reset();
        ref.tag = sign::cosign_tag(subject, t.suffix);
        RawManifest raw;
        try {
            raw = q_.source->get_manifest(ref);
        } catch (const Error& e) {
            if (e.code() == ErrorCode::not_found) {
                return;
            }
            throw;
        }
        BomAttachment a;
        a.kind = std::string(t.kind);
        a.subject = subject;
        a.tag = ref.tag;
        add(std::move(a), raw, "attachment " + ref.str(), out);
    }

    // The referrers API's answer, else the referrers tag schema's index;
    // an empty list when neither exists.
    std::vector<Descriptor> list_referrers(const Digest& subject) {
        std::string where = "referrers of " + q_.image + "@" + subject.str();
        std::optional<std::string> listed = q_.source->referrers(q_.fetch_ref, subject);
        if (!listed) {
            Reference ref = q_.fetch_ref;
            ref.digest.reset();
            ref.tag = "sha256-" + subject.hex();
            try {
                listed = q_.source->get_manifest(ref).bytes;
            } catch (const Error& e) {
                if (e.code() == ErrorCode::not_found) {
                    return {};
                }
                throw;
            }
            where = "referrers tag schema index " + ref.str();
        }
        return parse_image_index(*listed, where).manifests;
    }

    void referrers(const Digest& subject, std::vector<FoundAttachment>& out) {
        for (const Descriptor& d : list_referrers(subject)) {
            std::string what = "referrer " + d.digest.str() + " of " + q_.image;
            if (q_.policy == AttachmentPolicy::signatures &&
                d.artifact_type.value_or("") != sigstore_bundle_media_type) {
                continue;
            }
            if (!media::is_manifest(d.media_type)) {
                log::warn(what + ": a " + d.media_type + " is not carried (only manifests are)");
                continue;
            }
            RawManifest raw = q_.source->get_manifest(q_.fetch_ref, d.digest);
            verify_bytes(raw.bytes, d.digest, what);
            if (static_cast<std::int64_t>(raw.bytes.size()) != d.size) {
                fail(ErrorCode::integrity, what + ": size differs from the referrers list");
            }
            raw.media_type = d.media_type;
            BomAttachment a;
            a.kind = "referrer";
            a.subject = subject;
            add(std::move(a), raw, what, out);
        }
    }

    void add(BomAttachment a, const RawManifest& raw, const std::string& what,
             std::vector<FoundAttachment>& found) {
        if (!media::is_manifest(raw.media_type)) {
            fail(ErrorCode::integrity, what + " is a " + raw.media_type + ", not a manifest");
        }
        FoundAttachment f;
        f.manifest = parse_image_manifest(raw.bytes, what);
        if (a.kind == "referrer" &&
            (!f.manifest.subject || f.manifest.subject->digest != a.subject)) {
            // A stale or hostile tag schema index: the manifest is about
            // something else, so it is not this image's attachment.
            log::warn(what + " names another subject; not carried");
            return;
        }
        for (const FoundAttachment& other : found) {
            if (other.bom.digest == raw.digest && other.bom.tag == a.tag &&
                other.bom.subject == a.subject) {
                return;
            }
        }
        a.digest = raw.digest;
        a.size = static_cast<std::int64_t>(raw.bytes.size());
        a.media_type = raw.media_type;
        a.artifact_type = f.manifest.artifact_type.value_or(
            a.kind == "referrer" ? f.manifest.config.media_type : "");
        PlannedBlob m;
        m.descriptor = Descriptor{raw.media_type, raw.digest, a.size, {}, {}, {}};
        m.origin.bytes = raw.bytes;
        m.what = what;
        f.blobs.push_back(std::move(m));
        std::vector<Descriptor> parts = f.manifest.layers;
        parts.insert(parts.begin(), f.manifest.config);
        for (const Descriptor& d : parts) {
            PlannedBlob b;
            b.descriptor = d;
            b.what = "blob " + d.digest.str() + " of " + what;
            if (held_in_memory(a, d)) {
                std::string bytes = read_small_blob(*q_.source, q_.fetch_ref, d, b.what);
                f.layers[d.digest] = bytes;
                b.origin.bytes = std::move(bytes);
            } else {
                b.origin.source = q_.source;
                b.origin.fetch_ref = q_.fetch_ref;
            }
            f.blobs.push_back(std::move(b));
        }
        f.bom = std::move(a);
        found.push_back(std::move(f));
    }

    const AttachmentQuery& q_;
};

} // namespace

bool is_signature(const BomAttachment& a) {
    return a.kind == "signature" || a.artifact_type == sigstore_bundle_media_type;
}

std::vector<FoundAttachment> find_attachments(const AttachmentQuery& query,
                                              const std::vector<Digest>& subjects) {
    if (query.policy == AttachmentPolicy::none) {
        return {};
    }
    return Finder(query).run(subjects);
}

} // namespace airlock::builder
