#include "builder/create/attachment_finder.hpp"

#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"
#include "common/sign/cosign_signature.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>

using namespace airlock;
using namespace airlock::builder;

namespace {

// A registry in memory, for the finder's logic only (the real registry is
// exercised by tests/integration/test_provenance.py).
class MemorySource final : public Source {
  public:
    std::map<std::string, std::string> tags;     // tag -> manifest bytes
    std::map<Digest, std::string> blobs;         // manifests and blobs by digest
    std::map<Digest, std::string> referrers_api; // subject -> index (the API)
    bool has_referrers_api = false;
    int referrers_calls = 0;

    std::string describe() const override { return "memory"; }
    RawManifest get_manifest(const Reference& ref) override {
        auto it = tags.find(ref.tag);
        if (it == tags.end()) {
            fail(ErrorCode::not_found, "no tag " + ref.tag);
        }
        return raw(it->second);
    }
    RawManifest get_manifest(const Reference&, const Digest& digest) override {
        auto it = blobs.find(digest);
        if (it == blobs.end()) {
            fail(ErrorCode::not_found, "no manifest " + digest.str());
        }
        return raw(it->second);
    }
    std::unique_ptr<BlobReader> open_blob(const Reference&, const Descriptor& d) override {
        return std::make_unique<MemoryReader>(blobs.at(d.digest));
    }
    std::optional<std::string> referrers(const Reference&, const Digest& subject) override {
        ++referrers_calls;
        if (!has_referrers_api) {
            return std::nullopt;
        }
        auto it = referrers_api.find(subject);
        return it == referrers_api.end() ? std::string(R"({"schemaVersion":2,"manifests":[]})")
                                         : it->second;
    }

    Descriptor put(const std::string& bytes, std::string_view media_type) {
        blobs[Digest::of(bytes)] = bytes;
        return Descriptor{std::string(media_type),
                          Digest::of(bytes),
                          static_cast<std::int64_t>(bytes.size()),
                          {},
                          {},
                          {}};
    }

  private:
    static RawManifest raw(const std::string& bytes) {
        RawManifest m;
        m.bytes = bytes;
        m.digest = Digest::of(bytes);
        m.media_type = std::string(media::oci_manifest);
        return m;
    }
};

const Digest subject = Digest::of("the image");

// A manifest with one layer; `about` sets its subject (a referrer).
Descriptor artifact(MemorySource& src, const std::string& layer, std::string_view layer_type,
                    std::optional<Digest> about, const std::string& artifact_type = "") {
    Descriptor config = src.put("{}", "application/vnd.oci.empty.v1+json");
    Descriptor l = src.put(layer, layer_type);
    l.annotations[std::string(sign::cosign_signature_annotation)] = "c2ln";
    nlohmann::json m = {{"schemaVersion", 2},
                        {"mediaType", media::oci_manifest},
                        {"config", config.to_json()},
                        {"layers", {l.to_json()}}};
    if (!artifact_type.empty()) {
        m["artifactType"] = artifact_type;
    }
    if (about) {
        m["subject"] =
            Descriptor{std::string(media::oci_manifest), *about, 10, {}, {}, {}}.to_json();
    }
    return src.put(m.dump(), media::oci_manifest);
}

std::string index_of(const std::vector<Descriptor>& ds) {
    nlohmann::json j = {{"schemaVersion", 2}, {"manifests", nlohmann::json::array()}};
    for (const Descriptor& d : ds) {
        j["manifests"].push_back(d.to_json());
    }
    return j.dump();
}

std::vector<FoundAttachment> find(const std::shared_ptr<MemorySource>& src,
                                  AttachmentPolicy policy) {
    AttachmentQuery q;
    q.fetch_ref = Reference::parse("registry.test/app:1.0");
    q.source = src;
    q.image = "registry.test/app:1.0";
    q.policy = policy;
    return find_attachments(q, {subject});
}

std::vector<std::string> kinds(const std::vector<FoundAttachment>& found) {
    std::vector<std::string> out;
    for (const FoundAttachment& f : found) {
        out.push_back(f.bom.kind + (f.bom.tag.empty() ? "" : ":" + f.bom.tag.substr(72)));
    }
    return out;
}

} // namespace

TEST_CASE("attachments: the cosign tags, then the referrers tag schema when there is no API",
          "[attachment_finder]") {
    auto src = std::make_shared<MemorySource>();
    Descriptor sig = artifact(*src, "{payload}", sign::cosign_payload_media_type, std::nullopt);
    Descriptor sbom = artifact(*src, "spdx", "text/spdx+json", std::nullopt);
    src->tags[sign::cosign_tag(subject, "sig")] = src->blobs[sig.digest];
    src->tags[sign::cosign_tag(subject, "sbom")] = src->blobs[sbom.digest];
    Descriptor bundle = artifact(*src, "{bundle}", sigstore_bundle_media_type, subject,
                                 std::string(sigstore_bundle_media_type));
    bundle.artifact_type = std::string(sigstore_bundle_media_type);
    Descriptor other = artifact(*src, "report", "application/x-report", subject, "application/x");
    src->tags["sha256-" + subject.hex()] = index_of({bundle, other});

    auto found = find(src, AttachmentPolicy::all);
    CHECK(kinds(found) ==
          std::vector<std::string>{"signature:sig", "sbom:sbom", "referrer", "referrer"});
    CHECK(found[0].bom.subject == subject);
    CHECK(found[0].bom.digest == sig.digest);
    CHECK(found[0].bom.artifact_type.empty());
    CHECK(found[2].bom.artifact_type == sigstore_bundle_media_type);
    CHECK(found[3].bom.artifact_type == "application/x");
    // Signature payloads and sigstore bundles are held for the check; the rest streams.
    CHECK(found[0].layers.size() == 1);
    CHECK(found[1].layers.empty());
    CHECK(found[2].layers.size() == 1);
    CHECK(found[0].blobs.size() == 3); // manifest, config, layer
    CHECK(src->referrers_calls == 1);

    auto signatures = find(src, AttachmentPolicy::signatures);
    CHECK(kinds(signatures) == std::vector<std::string>{"signature:sig", "referrer"});
    CHECK(find(src, AttachmentPolicy::none).empty());
}

TEST_CASE("attachments: the referrers API is asked first and its answer is used alone",
          "[attachment_finder]") {
    auto src = std::make_shared<MemorySource>();
    src->has_referrers_api = true;
    Descriptor listed = artifact(*src, "sbom", "text/spdx+json", subject, "application/spdx+json");
    Descriptor stale = artifact(*src, "old", "text/plain", subject, "text/plain");
    src->referrers_api[subject] = index_of({listed});
    src->tags["sha256-" + subject.hex()] = index_of({stale});
    auto found = find(src, AttachmentPolicy::all);
    REQUIRE(found.size() == 1);
    CHECK(found[0].bom.digest == listed.digest);
}

TEST_CASE("attachments: a listed referrer about another subject is not carried",
          "[attachment_finder]") {
    auto src = std::make_shared<MemorySource>();
    Descriptor elsewhere = artifact(*src, "x", "text/plain", Digest::of("another image"), "a/b");
    Descriptor none = artifact(*src, "y", "text/plain", std::nullopt, "a/b");
    src->tags["sha256-" + subject.hex()] = index_of({elsewhere, none});
    CHECK(find(src, AttachmentPolicy::all).empty());
}

TEST_CASE("attachments: a referrers list that lies about a manifest's bytes fails integrity",
          "[attachment_finder]") {
    auto src = std::make_shared<MemorySource>();
    Descriptor r = artifact(*src, "x", "text/plain", subject, "a/b");
    r.size += 1;
    src->tags["sha256-" + subject.hex()] = index_of({r});
    CHECK(test::error_code_of([&] { find(src, AttachmentPolicy::all); }) == ErrorCode::integrity);
}

TEST_CASE("attachments: a signature layer too large to be one is refused, not held",
          "[attachment_finder]") {
    auto src = std::make_shared<MemorySource>();
    Descriptor sig =
        artifact(*src, std::string(static_cast<size_t>(max_signature_layer_bytes) + 1, 'x'),
                 sign::cosign_payload_media_type, std::nullopt);
    src->tags[sign::cosign_tag(subject, "sig")] = src->blobs[sig.digest];
    CHECK(test::error_code_of([&] { find(src, AttachmentPolicy::all); }) == ErrorCode::integrity);
}
