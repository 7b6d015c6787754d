#include "common/bundle/bundle_writer.hpp"
#include "common/bundle/signature_slot.hpp"
#include "common/copy/copy.hpp"
#include "common/core/error.hpp"
#include "common/core/time.hpp"
#include "common/oci/media_types.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/keys.hpp"
#include "common/sign/statement.hpp"
#include "common/trust/trust_policy.hpp"
#include "loader/state/state_store.hpp"
#include "loader/verify/bundle_source.hpp"
#include "loader/verify/verify_bundle.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <thread>

// Everything in a named namespace: tests of one folder share a translation
// unit (unity build), so nothing here may leak names into the others.
namespace bundle_source_test {

using airlock::BlobSink;
using airlock::Descriptor;
using airlock::Digest;
using airlock::ErrorCode;
using airlock::Reference;
using airlock::loader::BundleSource;
using airlock::loader::VerifiedBundle;
using airlock::test::ScratchDir;

// An image's documents; layers are plain bytes (the source never looks inside).
struct FixtureImage {
    std::string config;
    std::vector<std::string> layers;
    std::string manifest;
    Digest digest; // of manifest
};

// Deterministic incompressible bytes.
std::string noise(size_t n, std::uint32_t seed) {
    std::string s(n, '\0');
    for (auto& c : s) {
        seed = seed * 1103515245u + 12345u;
        c = static_cast<char>(seed >> 24);
    }
    return s;
}

FixtureImage make_image(std::vector<std::string> layers) {
    FixtureImage img;
    img.layers = std::move(layers);
    img.config = R"({"architecture":"amd64","os":"linux"})";
    nlohmann::ordered_json m;
    m["schemaVersion"] = 2;
    m["mediaType"] = airlock::media::oci_manifest;
    m["config"] = {{"mediaType", airlock::media::oci_config},
                   {"digest", Digest::of(img.config).str()},
                   {"size", img.config.size()}};
    m["layers"] = nlohmann::json::array();
    for (const auto& layer : img.layers) {
        m["layers"].push_back({{"mediaType", airlock::media::oci_layer},
                               {"digest", Digest::of(layer).str()},
                               {"size", layer.size()}});
    }
    img.manifest = m.dump(2);
    img.digest = Digest::of(img.manifest);
    return img;
}

const airlock::sign::PrivateKey& vendor_key() {
    static const airlock::sign::PrivateKey key =
        airlock::sign::PrivateKey::generate(airlock::sign::KeyType::ed25519);
    return key;
}

// One image (a config and two layers, one larger than the copy buffer) and a
// chart-like artifact, in a bundle signed by the vendor key.
struct SignedBundle {
    FixtureImage image;
    std::string chart_manifest;
    airlock::Bom bom;
    std::filesystem::path path;
    std::vector<std::string> blobs; // in BOM order
};

Descriptor descriptor_of(const airlock::BomBlob& b) {
    return Descriptor{b.media_type, b.digest, b.size, {}, {}, {}};
}

void add_blob(SignedBundle& s, const std::string& bytes, std::string_view media_type) {
    s.bom.blobs.push_back(
        {Digest::of(bytes), static_cast<std::int64_t>(bytes.size()), std::string(media_type)});
    s.blobs.push_back(bytes);
}

// Writes the bundle at dir/name, split into volumes of `split` bytes (0: one file).
SignedBundle write_signed_bundle(const ScratchDir& dir, const std::string& name,
                                 std::uint64_t split) {
    SignedBundle s;
    s.image = make_image({"hello", noise(3 * 1024 * 1024 + 5, 11)});
    s.bom.name = "unit";
    s.bom.version = "1.0.0";
    s.bom.created = "2026-11-23T00:00:00Z";
    s.bom.builder = "test";
    add_blob(s, s.image.config, airlock::media::oci_config);
    for (const std::string& layer : s.image.layers) {
        add_blob(s, layer, airlock::media::oci_layer);
    }
    add_blob(s, s.image.manifest, airlock::media::oci_manifest);
    airlock::BomImage img;
    img.ref = "example.com/team/app:1.0";
    img.digest = s.image.digest;
    img.media_type = airlock::media::oci_manifest;
    s.bom.images.push_back(img);
    // A second manifest, named as a chart is: by repository and tag only.
    // Its config is the image's (a blob is carried once).
    s.chart_manifest = make_image({"chart archive"}).manifest;
    add_blob(s, "chart archive", airlock::media::oci_layer);
    add_blob(s, s.chart_manifest, airlock::media::oci_manifest);
    airlock::BomChart chart;
    chart.name = "app";
    chart.version = "0.1.0";
    chart.source = "charts/app";
    chart.repository = "charts/app";
    chart.tag = "0.1.0";
    chart.digest = Digest::of(s.chart_manifest);
    chart.media_type = airlock::media::oci_manifest;
    s.bom.charts.push_back(chart);

    airlock::BundleHeadBytes head;
    head.index_json = R"({"schemaVersion":2,"manifests":[]})";
    s.bom.layout = {Digest::of(head.index_json), static_cast<std::int64_t>(head.index_json.size()),
                    "application/vnd.oci.image.index.v1+json"};
    head.bom = s.bom.serialize();
    const airlock::sign::PrivateKey& key = vendor_key();
    auto statement = airlock::sign::make_validity_statement(
        Digest::of(head.bom), "vendor", s.bom.name, s.bom.version, airlock::now_utc(),
        std::chrono::hours(24));
    airlock::SignatureSlot slot;
    slot.envelopes.push_back(airlock::dsse::to_json(airlock::sign::sign_statement(statement, key)));
    head.signatures = airlock::encode_signature_slot(slot);

    s.path = dir / name;
    airlock::BundleOffsets offsets = airlock::BundleOffsets::plan(head.bom.size(), s.bom);
    airlock::BundleWriter writer(s.path, split, offsets, head);
    for (size_t i = 0; i < s.blobs.size(); ++i) {
        auto sink = writer.blob_sink(airlock::BundleOffsets::first_blob_index + i);
        airlock::MemoryReader reader(s.blobs[i]);
        BlobSink* sinks[] = {sink.get()};
        airlock::copy_blob(reader, descriptor_of(s.bom.blobs[i]), sinks, "blob");
    }
    writer.commit();
    return s;
}

// The policy trusts this one vendor key, made once for the whole file.
airlock::loader::EffectivePolicy vendor_policy() {
    const airlock::sign::PrivateKey& key = vendor_key();
    nlohmann::json policy = {
        {"version", 1},
        {"keys", {{{"id", key.id()}, {"role", "vendor"}, {"publicKey", key.public_key().pem()}}}},
        {"require", {{"vendor", 1}}},
        {"revoked", nlohmann::json::array()}};
    airlock::loader::EffectivePolicy e;
    e.policy = airlock::trust::parse_trust_policy(policy.dump(), "test");
    e.chain = e.policy;
    e.origin = "test";
    return e;
}

VerifiedBundle verified(const ScratchDir& dir, const std::filesystem::path& bundle) {
    airlock::loader::StateStore state(dir / "state");
    airlock::loader::VerifyOptions options{bundle, false, false, nullptr};
    return airlock::loader::verify_bundle(options, vendor_policy(), state);
}

// Streams a blob from the source through the copy pipeline, as the loader does.
std::string copied(BundleSource& source, const airlock::BomBlob& b) {
    std::string out;
    airlock::StringSink sink(out);
    BlobSink* sinks[] = {&sink};
    auto reader = source.open_blob(Reference{}, descriptor_of(b));
    airlock::copy_blob(*reader, descriptor_of(b), sinks, "blob " + b.digest.str());
    return out;
}

template <typename F> airlock::Error error_of(F&& f) {
    try {
        f();
    } catch (const airlock::Error& e) {
        return e;
    }
    FAIL("expected an airlock::Error");
    return airlock::Error(ErrorCode::internal, "unreachable");
}

void flip_byte(const std::filesystem::path& file, std::uint64_t offset) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(offset));
    char c = 0;
    f.get(c);
    f.seekp(static_cast<std::streamoff>(offset));
    f.put(static_cast<char>(c ^ 0x01));
    REQUIRE(f.good());
}

TEST_CASE("bundle source serves a verified bundle's manifests by digest and by name") {
    ScratchDir dir;
    SignedBundle s = write_signed_bundle(dir, "b.airlock", 0);
    VerifiedBundle bundle = verified(dir, s.path);
    BundleSource source(bundle);
    CHECK(source.describe() == "bundle:" + s.path.string());
    CHECK(source.concurrent_reads());
    CHECK(source.bom().name == "unit");

    auto by_digest = source.get_manifest(Reference{}, s.image.digest);
    CHECK(by_digest.bytes == s.image.manifest);
    CHECK(by_digest.digest == s.image.digest);
    CHECK(by_digest.media_type == airlock::media::oci_manifest);

    auto by_name = source.get_manifest(Reference::parse("example.com/team/app:1.0"));
    CHECK(by_name.digest == s.image.digest);
    Reference pinned;
    pinned.digest = s.image.digest;
    CHECK(source.get_manifest(pinned).bytes == s.image.manifest);

    Reference chart;
    chart.repository = "charts/app";
    chart.tag = "0.1.0";
    CHECK(source.get_manifest(chart).bytes == s.chart_manifest);

    CHECK(error_of([&] {
              source.get_manifest(Reference::parse("example.com/team/app:2.0"));
          }).code() == ErrorCode::not_found);
    CHECK(error_of([&] { source.get_manifest(Reference{}, Digest::of("absent")); }).code() ==
          ErrorCode::not_found);
}

TEST_CASE("bundle source serves every blob through the copy pipeline, from several threads") {
    ScratchDir dir;
    SignedBundle s = write_signed_bundle(dir, "b.airlock", 0);
    VerifiedBundle bundle = verified(dir, s.path);
    BundleSource source(bundle);
    for (size_t i = 0; i < s.blobs.size(); ++i) {
        CHECK(copied(source, s.bom.blobs[i]) == s.blobs[i]);
    }
    std::vector<std::string> got(s.blobs.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < s.blobs.size(); ++i) {
        threads.emplace_back([&, i] { got[i] = copied(source, s.bom.blobs[i]); });
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(got == s.blobs);
}

TEST_CASE("bundle source refuses what the bundle does not carry as asked") {
    ScratchDir dir;
    SignedBundle s = write_signed_bundle(dir, "b.airlock", 0);
    VerifiedBundle bundle = verified(dir, s.path);
    BundleSource source(bundle);
    Descriptor absent{std::string(airlock::media::oci_layer), Digest::of("absent"), 6, {}, {}, {}};
    CHECK(error_of([&] { source.open_blob(Reference{}, absent); }).code() == ErrorCode::not_found);
    Descriptor other_size = descriptor_of(s.bom.blobs[1]);
    other_size.size += 1;
    CHECK(error_of([&] { source.open_blob(Reference{}, other_size); }).code() ==
          ErrorCode::integrity);
}

TEST_CASE("bundle source: a tampered blob is refused naming it, a tampered manifest too") {
    ScratchDir dir;
    SignedBundle s = write_signed_bundle(dir, "b.airlock", 0);
    airlock::BundleOffsets offsets = airlock::BundleOffsets::plan(s.bom.serialize().size(), s.bom);
    // The payload is not read by verification: the damage is found while streaming.
    const size_t layer = 2;
    const size_t manifest = 3;
    const auto& big = offsets.entries[airlock::BundleOffsets::first_blob_index + layer];
    flip_byte(s.path, big.data_offset + big.size / 2);
    const auto& m = offsets.entries[airlock::BundleOffsets::first_blob_index + manifest];
    flip_byte(s.path, m.data_offset + 10);
    VerifiedBundle bundle = verified(dir, s.path);
    BundleSource source(bundle);

    airlock::Error e = error_of([&] { copied(source, s.bom.blobs[layer]); });
    CHECK(e.code() == ErrorCode::integrity);
    CHECK_THAT(e.what(), Catch::Contains(s.bom.blobs[layer].digest.str()));
    CHECK(copied(source, s.bom.blobs[1]) == s.blobs[1]); // the others still serve

    e = error_of([&] { source.get_manifest(Reference{}, s.image.digest); });
    CHECK(e.code() == ErrorCode::integrity);
    CHECK_THAT(e.what(), Catch::Contains(s.image.digest.str()));
}

TEST_CASE("bundle source reads a split bundle across its volumes") {
    ScratchDir dir;
    // Volumes smaller than the large layer: blobs straddle volume boundaries.
    SignedBundle s = write_signed_bundle(dir, "split.airlock", 1024 * 1024);
    REQUIRE(std::filesystem::exists(dir / "split.airlock.004"));
    VerifiedBundle bundle = verified(dir, dir / "split.airlock");
    REQUIRE(bundle.files().split());
    BundleSource source(bundle);
    for (size_t i = 0; i < s.blobs.size(); ++i) {
        CHECK(copied(source, s.bom.blobs[i]) == s.blobs[i]);
    }
    CHECK(source.get_manifest(Reference{}, s.image.digest).bytes == s.image.manifest);
}

} // namespace bundle_source_test
