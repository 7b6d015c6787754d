#pragma once
// What one generation placed in a target, read back from the target: each
// image's manifest or index and its children, its attachments (cosign tags
// and referrers, with the referrers index naming them), site signatures,
// charts and the bundle's files and SBOM artifacts. Names come from the
// Destination's place() exactly as the load used them; digests from the BOM,
// and for what a load merges or makes at the site (referrers indexes, site
// signatures) from what the tag names now.
#include "common/bundle/bom.hpp"
#include "common/transport/destination.hpp"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace airlock::loader {

// A manifest in a repository of the target.
struct PlacedManifest {
    std::string repo;
    Digest digest;
    auto operator<=>(const PlacedManifest&) const = default;
};

struct GenerationReferences {
    // Every manifest the generation placed that the target holds, in walk
    // order (an image before its children), each once.
    std::vector<PlacedManifest> manifests;
    std::set<PlacedManifest> manifest_set;
    // The tags it gave each of them.
    std::set<std::pair<PlacedManifest, std::string>> tags;

    void add(const PlacedManifest& m, const std::string& tag = "");
    bool contains(const PlacedManifest& m) const { return manifest_set.count(m) != 0; }
};

// Reads only. A manifest the target lacks is skipped (a generation loaded to
// another target, or deleted already).
GenerationReferences generation_references(const Bom& bom, Destination& target);

} // namespace airlock::loader
