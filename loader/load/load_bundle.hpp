#pragma once
// `airlock-load load`: verify a bundle, then copy its images into a
// destination. Order is fixed (DESIGN "Rules that never bend"):
//   1. log the target and state paths this run touches (no other egress);
//   2. verify the bundle (signatures, validity, rollback, license, structure)
//      before anything is written, and audit the outcome;
//   3. every blob, in BOM order, streamed through copy_blob and committed only
//      once verified; a blob that fails stops the load before any manifest;
//   4. manifests and indexes by digest, children first; then the attachments'
//      names, the site's signatures (--sign-with, site_signatures.hpp), and
//      last the images' names (tags);
//   5. commit the destination, and only then record the load in the state.
#include "loader/load/target.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace airlock::loader {

struct LoadOptions {
    std::filesystem::path bundle;
    std::string target; // --to, see target.hpp
    DestinationOptions destination;
    std::optional<std::filesystem::path> trust;
    std::filesystem::path state_dir = "/var/lib/airlock";
    int jobs = 4;          // blobs moved at once (destinations that allow it)
    bool progress = false; // draw a progress line (stderr is a terminal)
    // --sign-with: the site's key (PEM PKCS#8, Ed25519 or ECDSA P-256) that
    // signs every manifest of the bundle's images in cosign's format.
    std::optional<std::filesystem::path> sign_with;
};

struct LoadSummary {
    std::string bundle;
    std::string name;
    std::string version;
    std::string bom_digest;
    std::string target;
    std::uint64_t blobs_written = 0;
    std::uint64_t blobs_mounted = 0; // linked from another repository, not sent
    std::uint64_t blobs_skipped = 0; // already in the destination
    std::uint64_t bytes_written = 0;
    std::uint64_t manifests = 0;
    std::uint64_t manifests_skipped = 0;
    std::uint64_t tags = 0;
    std::string signing_key_id;           // --sign-with's key, empty without it
    std::uint64_t signatures_written = 0; // site signatures added
    std::uint64_t signatures_skipped = 0; // already signed with that key
    double seconds = 0;

    std::string to_text() const;
    std::string signatures_text() const;
};

// Throws Error with the class of the first failure; the destination then has
// no new name (tag) and the state is unchanged.
LoadSummary load_bundle(const LoadOptions& options);

} // namespace airlock::loader
