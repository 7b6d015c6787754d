#pragma once
// An image's operating-system packages from its layers' scan findings: the
// layers are folded bottom to top as an overlay file system would (a layer's
// whiteouts and replacing entries remove what the layers below hold; its own
// database files replace theirs), then the databases left are parsed.
#include "builder/sbom/layer_scanner.hpp"
#include "builder/sbom/os_package.hpp"

#include <map>
#include <span>
#include <string>
#include <vector>

namespace airlock::sbom {

struct ImagePackages {
    OsRelease os;                    // from etc/os-release, else usr/lib/os-release
    std::vector<OsPackage> packages; // sorted, duplicates removed
    std::vector<std::string> notes;  // the layers' notes and the parsers', for the report
};

// The database files visible at the top of `layers` (bottom first).
std::map<std::string, std::string> fold_layers(std::span<const LayerFindings* const> layers);

// Folds `layers` (bottom first) and parses every database found. A layer's
// notes are copied with its position ("layer 2: ...").
ImagePackages image_packages(std::span<const LayerFindings* const> layers);

} // namespace airlock::sbom
