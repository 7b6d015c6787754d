#pragma once
// Checks of a bundle's stored bytes against its BOM, shared by the loader's
// verification and the builder's sign/resign (which must not sign a bundle
// whose payload is damaged). Order of use: read_bundle_head, then
// check_bundle_structure (headers only), read_checked_index, and, for a full
// pass, hash_payload.
#include "common/bundle/bundle_files.hpp"
#include "common/bundle/head_reader.hpp"
#include "common/transport/blob_reader.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace airlock {

// Every tar header after the slot is exactly the one the BOM implies, the
// total size matches (naming a missing or truncated volume), and the tar
// trailer and oci-layout marker are in place. Error(malformed) otherwise.
void check_bundle_structure(const BundleFiles& files, const BundleHead& head);

// index.json, checked against the BOM's layout digest (Error(integrity)).
std::string read_checked_index(const BundleFiles& files, const BundleHead& head);

// The stored bytes of head.bom.blobs[i]: a range of the (possibly split)
// bundle, unverified until they pass the copy pipeline.
std::unique_ptr<BlobReader> open_bundle_blob(const BundleFiles& files, const BundleHead& head,
                                             std::size_t i);

// Hashes every blob through the copy pipeline against the BOM's digest and
// size (Error(integrity) naming the blob). Returns the bytes hashed.
std::uint64_t hash_payload(const BundleFiles& files, const BundleHead& head, bool progress);

} // namespace airlock
