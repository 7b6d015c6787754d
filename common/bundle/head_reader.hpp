#pragma once
// Reads a bundle's head: bom.json and the signature slot, and nothing else.
// Every tar header up to the slot must be byte-for-byte the header airlock
// writes for that entry, so links, devices, odd names or sizes are refused
// before any parsing of their content.
#include "common/bundle/bom.hpp"
#include "common/bundle/bundle_files.hpp"
#include "common/bundle/offsets.hpp"

namespace airlock {

// bom.json larger than this is refused (a hostile head must not exhaust memory).
inline constexpr std::uint64_t max_bom_bytes = 64 * 1024 * 1024;

struct BundleHead {
    std::string bom_bytes; // exactly as signed
    std::string slot;      // the raw signature slot
    Bom bom;               // parsed, NOT yet trusted
    BundleOffsets offsets; // implied by the BOM
};

BundleHead read_bundle_head(const BundleFiles& files);

} // namespace airlock
