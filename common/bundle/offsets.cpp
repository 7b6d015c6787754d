#include "common/bundle/offsets.hpp"

#include "common/bundle/tar_format.hpp"

#include <cstdio>

namespace airlock {

std::string blob_entry_name(const Digest& digest) {
    return "blobs/sha256/" + digest.hex();
}

std::string volume_name(const std::string& base, size_t index) {
    char suffix[24]; // "." and up to 20 digits
    std::snprintf(suffix, sizeof suffix, ".%03zu", index + 1);
    return base + suffix;
}

BundleOffsets BundleOffsets::plan(std::uint64_t bom_size, const Bom& bom) {
    BundleOffsets offsets;
    std::uint64_t offset = 0;
    auto add = [&](std::string name, std::uint64_t size) {
        BundleEntry e;
        e.header_offset = offset;
        e.data_offset = offset + tar::header_length(name, size);
        e.size = size;
        e.name = std::move(name);
        offset = e.data_offset + tar::padded(size);
        offsets.entries.push_back(std::move(e));
    };
    add(std::string(bom_entry_name), bom_size);
    add(std::string(signatures_entry_name), signature_slot_size);
    add(std::string(oci_layout_entry_name), oci_layout_bytes.size());
    add(std::string(index_entry_name), static_cast<std::uint64_t>(bom.layout.size));
    for (const BomBlob& b : bom.blobs) {
        add(blob_entry_name(b.digest), static_cast<std::uint64_t>(b.size));
    }
    offsets.total_size = offset + tar::trailer_length;
    return offsets;
}

} // namespace airlock
