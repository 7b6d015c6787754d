#pragma once
// The blobs of an OCI image layout that removing some manifests leaves
// unreferenced: what `airlock-load gc` reclaims from an oci: target, where no
// registry garbage collector will.
//
// A blob is garbage only when both hold:
//   - a removed manifest brought it in: the manifest itself, or what it
//     references, through index children, config, layers and blobs, at any
//     depth (never a subject: removing a referrer does not nominate the image
//     it points at);
//   - nothing reachable from index.json references it, with the entries that
//     name a removed manifest left out. Reachable follows children, config,
//     layers, blobs and subjects, so a kept referrer keeps its subject.
// So a blob the removed manifests never referenced (whatever else put it
// there) is never touched, and one a kept image shares always stays.
#include "common/digest/digest.hpp"

#include <cstdint>
#include <filesystem>
#include <set>
#include <vector>

namespace airlock {

struct LayoutBlob {
    Digest digest;
    std::uint64_t size = 0;
};

struct LayoutGarbage {
    std::vector<LayoutBlob> blobs; // by digest
    std::uint64_t bytes = 0;
};

// Reads only. Error(integrity) naming the blob when a manifest that decides
// the answer does not match its digest: a guess could delete what an image
// needs.
LayoutGarbage find_layout_garbage(const std::filesystem::path& dir,
                                  const std::set<Digest>& removed);

// Unlinks each blob of `garbage` from dir/blobs/sha256; one already gone is
// skipped. Returns the bytes freed. Error(io) naming the file on failure.
std::uint64_t remove_layout_garbage(const std::filesystem::path& dir, const LayoutGarbage& garbage);

} // namespace airlock
