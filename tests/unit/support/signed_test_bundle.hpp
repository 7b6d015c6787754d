#pragma once
// A real bundle file for tests of what comes after verification: the BOM and
// blobs a case puts together, written by the real BundleWriter, signed by a
// fresh vendor key and passed through verify_bundle with a policy trusting
// that key, since a VerifiedBundle can be had no other way. The state
// directory and the bundle live in the case's ScratchDir.
#include "common/bundle/bom.hpp"
#include "common/bundle/bundle_writer.hpp"
#include "common/bundle/signature_slot.hpp"
#include "common/copy/copy.hpp"
#include "common/core/time.hpp"
#include "common/transport/blob_reader.hpp"
#include "loader/state/state_store.hpp"
#include "loader/trust/effective_policy.hpp"
#include "loader/verify/verify_bundle.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/signed_statements.hpp"

#include <string>
#include <vector>

namespace airlock::test {

class SignedTestBundle {
  public:
    SignedTestBundle(std::string name, std::string version) {
        bom_.name = std::move(name);
        bom_.version = std::move(version);
        bom_.created = "2026-11-23T10:00:00Z";
        bom_.builder = "unit test";
    }

    // What the BOM says beyond its blobs (images, charts, files).
    Bom& bom() { return bom_; }

    // Carries `bytes` as the next blob; returns its digest. Carrying the same
    // bytes twice is the caller's mistake, as it would be the builder's.
    Digest carry(const std::string& bytes, std::string_view media_type) {
        Digest d = Digest::of(bytes);
        bom_.blobs.push_back({d, static_cast<std::int64_t>(bytes.size()), std::string(media_type)});
        blobs_.push_back(bytes);
        return d;
    }

    // Writes dir/<name>.airlock, signs it now for a week and verifies it
    // against a state kept in dir/state.
    loader::VerifiedBundle write_and_verify(const ScratchDir& dir) {
        const std::string index_json = R"({"schemaVersion":2,"manifests":[]})";
        bom_.layout = {Digest::of(index_json), static_cast<std::int64_t>(index_json.size()),
                       "application/json"};
        BundleHeadBytes head;
        head.bom = bom_.serialize();
        head.index_json = index_json;
        StatementFor about{Digest::of(head.bom), bom_.name, bom_.version};
        about.not_before = now_utc() - one_day;
        about.not_after = now_utc() + 7 * one_day;
        SignatureSlot slot;
        slot.envelopes.push_back(about.signed_by(vendor_));
        head.signatures = encode_signature_slot(slot);

        const std::filesystem::path out = dir / (bom_.name + ".airlock");
        BundleWriter writer(out, 0, BundleOffsets::plan(head.bom.size(), bom_), head);
        for (std::size_t i = 0; i < blobs_.size(); ++i) {
            auto sink = writer.blob_sink(BundleOffsets::first_blob_index + i);
            MemoryReader reader(blobs_[i]);
            BlobSink* sinks[] = {sink.get()};
            const BomBlob& b = bom_.blobs[i];
            copy_blob(reader, Descriptor{b.media_type, b.digest, b.size, {}, {}, {}}, sinks,
                      "test blob");
        }
        writer.commit();

        loader::EffectivePolicy policy;
        policy.policy = PolicyBuilder().key(vendor_, "vendor").require("vendor", 1).build();
        policy.origin = "unit test";
        loader::StateStore state(dir / "state");
        loader::VerifyOptions options;
        options.bundle = out;
        return loader::verify_bundle(options, policy, state);
    }

  private:
    Bom bom_;
    std::vector<std::string> blobs_;
    sign::PrivateKey vendor_ = sign::PrivateKey::generate(sign::KeyType::ed25519);
};

} // namespace airlock::test
