#pragma once
// A verified bundle as a Source: the loader is a copy from this source to a
// Destination through the one copy pipeline (common/copy). It lives beside
// VerifiedBundle and is made only from one, so no path reaches a bundle's
// payload without verification.
//
// What it serves, all from the bundle file(s) at the offsets the BOM implies
// (split volumes read as one range):
//   - manifests and indexes by digest, when the BOM lists that digest as a
//     blob: read whole (they are small), their digest computed over the bytes
//     read and compared with the digest asked for (Error(integrity) naming it
//     when they differ, as an OCI layout source does);
//   - by name: the BOM image whose reference has the same registry,
//     repository and tag, or the BOM chart whose repository and tag match;
//   - blobs: the stored bytes of the BOM's entry, exactly its size. They are
//     not hashed here: every read goes through copy_blob, which hashes once
//     while streaming and refuses bytes whose digest or size differ from the
//     BOM (Error(integrity) naming the blob). Hashing here too would read
//     the same bytes through SHA-256 twice.
// Repositories do not exist in a bundle (one blob store): open_blob and the
// by-digest lookup ignore the reference's repository.
#include "common/transport/source.hpp"
#include "loader/verify/verified_bundle.hpp"

#include <map>
#include <memory>
#include <string>

namespace airlock::loader {

class BundleSource final : public Source {
  public:
    // `bundle` must outlive the source.
    explicit BundleSource(const VerifiedBundle& bundle);

    // The verified BOM: what the source carries.
    const Bom& bom() const { return bundle_.bom(); }
    // The BOM's entry for `digest`; nullptr when the bundle does not carry it.
    const BomBlob* find_blob(const Digest& digest) const;

    // "bundle:<path>" (the first volume of a split bundle).
    std::string describe() const override;
    // Error(not_found) when the BOM names no image or chart `ref`.
    RawManifest get_manifest(const Reference& ref) override;
    // Error(not_found) when the bundle does not carry `digest`; Error(malformed)
    // when its size exceeds a manifest's limit; Error(integrity) when its bytes
    // do not hash to `digest`.
    RawManifest get_manifest(const Reference& ref, const Digest& digest) override;
    // Error(not_found) when the bundle does not carry blob.digest;
    // Error(integrity) when blob.size is not the size the BOM gives it.
    std::unique_ptr<BlobReader> open_blob(const Reference& ref, const Descriptor& blob) override;
    // Reads are positional (pread) on files opened once.
    bool concurrent_reads() const override { return true; }

  private:
    size_t carried(const Digest& digest, const std::string& what) const;
    RawManifest read_manifest(const Digest& digest, const std::string& declared_type) const;

    const VerifiedBundle& bundle_;
    std::map<Digest, size_t> index_of_; // digest -> its index in bom().blobs
};

} // namespace airlock::loader
