// Writes the generated seeds of tests/fuzz/corpus/ with the project's own
// writers and the development keys, so seeds stay valid as formats evolve:
//
//   build/asan-ubsan/tests/fuzz/fuzz_make_corpus tests/fuzz/corpus
//
// (run from the source root; keys/dev/ is read from there). Hand-written seeds
// (references, policy variants) live beside the generated ones.
#include "common/bundle/bundle_writer.hpp"
#include "common/bundle/signature_slot.hpp"
#include "common/bundle/tar_format.hpp"
#include "common/copy/copy.hpp"
#include "common/core/error.hpp"
#include "common/core/time.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/keys.hpp"
#include "common/sign/statement.hpp"
#include "common/transport/blob_reader.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace airlock;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, const std::string& bytes) {
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
        fail(ErrorCode::io, "cannot write " + file.string());
    }
    std::printf("%8zu %s\n", bytes.size(), file.string().c_str());
}

std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The slot as the bundle carries it, without its padding (the slot target pads).
std::string trimmed_slot(const nlohmann::json& envelopes) {
    std::string slot = encode_signature_slot(SignatureSlot{1, envelopes, nlohmann::json::array()});
    slot.erase(slot.find_last_not_of(' ') + 1);
    return slot;
}

struct Sample {
    Bom bom;
    std::string index_json;
    std::vector<std::string> blobs;
};

// A small image: config and one layer, an image manifest, and the index.
Sample make_sample() {
    Sample s;
    const std::string config =
        R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}})";
    const std::string layer(100, 'x');
    const std::string manifest = nlohmann::json{
        {"schemaVersion", 2},
        {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
        {"config",
         {{"mediaType", "application/vnd.oci.image.config.v1+json"},
          {"digest", Digest::of(config).str()},
          {"size", config.size()}}},
        {"layers",
         {{{"mediaType", "application/vnd.oci.image.layer.v1.tar+gzip"},
           {"digest", Digest::of(layer).str()},
           {"size", layer.size()}}}}}.dump();
    s.index_json =
        nlohmann::json{
            {"schemaVersion", 2},
            {"manifests",
             {{{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
               {"digest", Digest::of(manifest).str()},
               {"size", manifest.size()},
               {"annotations",
                {{"org.opencontainers.image.ref.name", "docker.io/library/busybox:1.36"}}}}}}}
            .dump();

    Bom& b = s.bom;
    b.name = "edge-stack";
    b.version = "1.4.0";
    b.created = "2026-11-23T10:00:00Z";
    b.builder = "airlock-build 0.1.0";
    b.platforms = {"linux/amd64", "linux/arm64"};
    BomImage image;
    image.ref = "docker.io/library/busybox:1.36";
    image.source = "127.0.0.1:5000/library/busybox:1.36";
    image.digest = Digest::of(manifest);
    image.upstream_digest = Digest::of("upstream index");
    image.media_type = "application/vnd.oci.image.manifest.v1+json";
    image.platforms = {"linux/amd64"};
    image.used_by = {"spec"};
    b.images.push_back(image);
    b.files.push_back({"docs/runbook.md", Digest::of("# runbook\n"), 10, "text/markdown"});
    b.layout = {Digest::of(s.index_json), static_cast<std::int64_t>(s.index_json.size()),
                "application/json"};
    for (const std::string* blob : {&config, &layer, &manifest}) {
        s.blobs.push_back(*blob);
    }
    b.blobs = {{Digest::of(config), static_cast<std::int64_t>(config.size()),
                "application/vnd.oci.image.config.v1+json"},
               {Digest::of(layer), static_cast<std::int64_t>(layer.size()),
                "application/vnd.oci.image.layer.v1.tar+gzip"},
               {Digest::of(manifest), static_cast<std::int64_t>(manifest.size()),
                "application/vnd.oci.image.manifest.v1+json"}};
    b.requirements.unchecked["license-v2"] = R"({"product":"edge-stack"})";
    return s;
}

void write_bundle(const Sample& s, const std::string& slot, const fs::path& out) {
    BundleHeadBytes head{s.bom.serialize(), slot, s.index_json};
    BundleWriter writer(out, 0, BundleOffsets::plan(head.bom.size(), s.bom), head);
    for (size_t i = 0; i < s.blobs.size(); ++i) {
        auto sink = writer.blob_sink(BundleOffsets::first_blob_index + i);
        MemoryReader reader(s.blobs[i]);
        BlobSink* sinks[] = {sink.get()};
        const BomBlob& b = s.bom.blobs[i];
        copy_blob(reader, Descriptor{b.media_type, b.digest, b.size, {}, {}, {}}, sinks, "blob");
    }
    writer.commit();
}

void run(const fs::path& corpus) {
    const sign::PrivateKey vendor = sign::PrivateKey::load("keys/dev/vendor.key");
    const sign::PrivateKey customer = sign::PrivateKey::load("keys/dev/customer.key");
    const sign::PrivateKey ecdsa = sign::PrivateKey::generate(sign::KeyType::ecdsa_p256);

    Sample s = make_sample();
    const std::string bom = s.bom.serialize();
    write(corpus / "bom" / "sample.json", bom);
    Bom minimal = s.bom;
    minimal.images.clear();
    minimal.files.clear();
    minimal.platforms.clear();
    minimal.blobs.resize(1);
    minimal.requirements = {};
    write(corpus / "bom" / "minimal.json", minimal.serialize());
    // A delta: the last blob left to a base bundle instead of carried.
    Bom delta = s.bom;
    delta.base = BomBase{{{s.bom.name, "0.9.0", Digest::of("base bom")}}, {delta.blobs.back()}};
    delta.blobs.pop_back();
    write(corpus / "bom" / "delta.json", delta.serialize());

    const Timestamp issued = parse_rfc3339("2026-11-23T10:00:00Z");
    const auto statement = sign::make_validity_statement(
        Digest::of(bom), "vendor", s.bom.name, s.bom.version, issued, std::chrono::days(180));
    write(corpus / "statement" / "vendor.json", sign::serialize(statement));
    write(corpus / "statement" / "offsets.json",
          R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"bom.json",)"
          R"("digest":{"sha256":")" +
              Digest::of(bom).hex() +
              R"("}}],"predicateType":"https://airlock.dev/validity/v1","predicate":)"
              R"({"role":"customer","bundle":{"name":"edge-stack","version":"1.4.0"},)"
              R"("issuedAt":"2026-11-23T10:00:00.5+01:00","notBefore":"2026-11-23t09:00:00z",)"
              R"("notAfter":"2027-05-22T10:00:00-02:30"}})");

    dsse::Envelope by_vendor = sign::sign_statement(statement, vendor);
    dsse::Envelope cosigned = by_vendor;
    dsse::add_signature(cosigned, customer);
    dsse::Envelope by_ecdsa = sign::sign_statement(statement, ecdsa);
    write(corpus / "dsse" / "vendor.json", dsse::serialize(by_vendor));
    write(corpus / "dsse" / "cosigned.json", dsse::serialize(cosigned));
    write(corpus / "dsse" / "ecdsa.json", dsse::serialize(by_ecdsa));

    const nlohmann::json envelopes = {dsse::to_json(by_vendor), dsse::to_json(by_ecdsa)};
    write(corpus / "signature_slot" / "two.json", trimmed_slot(envelopes));
    write(corpus / "signature_slot" / "cosigned.json",
          trimmed_slot(nlohmann::json::array({dsse::to_json(cosigned)})));
    write(corpus / "signature_slot" / "empty.json", trimmed_slot(nlohmann::json::array()));

    // A whole bundle, cut after the signature slot: the head reader reads no
    // further, and the 64 KiB slot already makes it the largest seed.
    const fs::path bundle = fs::temp_directory_path() / "airlock-fuzz-seed.airlock";
    write_bundle(
        s,
        encode_signature_slot(SignatureSlot{1, nlohmann::json::array({dsse::to_json(by_vendor)}),
                                            nlohmann::json::array()}),
        bundle);
    const BundleEntry slot =
        BundleOffsets::plan(bom.size(), s.bom).entries[BundleOffsets::signatures_index];
    const std::string whole = read(bundle);
    fs::remove(bundle);
    write(corpus / "head" / "sample-head.airlock",
          whole.substr(0, slot.data_offset + tar::padded(slot.size)));

    write(corpus / "trust_policy" / "dev.json", read("keys/dev/trust-policy.json"));
    const nlohmann::json policy = {
        {"version", 1},
        {"keys",
         {{{"id", vendor.id()},
           {"role", "vendor"},
           {"publicKey", vendor.public_key().pem()},
           {"notAfter", "2030-01-01T00:00:00Z"}},
          {{"id", ecdsa.id()}, {"role", "customer"}, {"publicKey", ecdsa.public_key().pem()}}}},
        {"require", {{"vendor", 1}, {"customer", 1}}},
        {"revoked", {customer.id()}}};
    write(corpus / "trust_policy" / "ecdsa-revoked.json", policy.dump(2) + "\n");
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CORPUS-DIR (from the source root)\n", argv[0]);
        return 2;
    }
    try {
        run(argv[1]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
