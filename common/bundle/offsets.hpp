#pragma once
// Bundle format v1: where every entry sits in the tar. The offsets are a pure
// function of the BOM (and the sizes of bom.json and index.json), so writer
// and reader agree on every offset before any payload byte moves.
#include "common/bundle/bom.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace airlock {

inline constexpr std::string_view bom_entry_name = "airlock/bom.json";
inline constexpr std::string_view signatures_entry_name = "airlock/signatures.json";
inline constexpr std::string_view oci_layout_entry_name = "oci-layout";
inline constexpr std::string_view index_entry_name = "index.json";
inline constexpr std::string_view oci_layout_bytes = "{\"imageLayoutVersion\":\"1.0.0\"}";

// Fixed size of the signature slot, so re-signing rewrites it in place.
inline constexpr std::uint64_t signature_slot_size = 64 * 1024;

struct BundleEntry {
    std::string name;
    std::uint64_t header_offset = 0;
    std::uint64_t data_offset = 0;
    std::uint64_t size = 0;
};

struct BundleOffsets {
    // In archive order: bom, signatures, oci-layout, index.json, then one per BOM blob.
    std::vector<BundleEntry> entries;
    std::uint64_t total_size = 0;

    static constexpr size_t bom_index = 0;
    static constexpr size_t signatures_index = 1;
    static constexpr size_t oci_layout_index = 2;
    static constexpr size_t index_json_index = 3;
    static constexpr size_t first_blob_index = 4;

    static BundleOffsets plan(std::uint64_t bom_size, const Bom& bom);
};

std::string blob_entry_name(const Digest& digest);

// Volume file names: "X.airlock" unsplit, "X.airlock.001", ".002", ... when split.
std::string volume_name(const std::string& base, size_t index);

} // namespace airlock
