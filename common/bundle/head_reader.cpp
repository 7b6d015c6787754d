#include "common/bundle/head_reader.hpp"

#include "common/bundle/tar_format.hpp"
#include "common/core/error.hpp"

namespace airlock {

namespace {

std::uint64_t parse_size_field(const std::string& header) {
    std::uint64_t v = 0;
    for (size_t i = 124; i < 124 + 11; ++i) {
        char c = header[i];
        if (c < '0' || c > '7') {
            fail(ErrorCode::malformed, "first tar header has an invalid size field");
        }
        v = v * 8 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

void expect_header(const BundleFiles& files, const BundleEntry& e) {
    std::string want = tar::regular_file_header(e.name, e.size);
    if (e.header_offset + want.size() > files.size()) {
        fail(ErrorCode::malformed, "bundle is truncated before entry " + e.name);
    }
    if (files.read_string(e.header_offset, want.size()) != want) {
        fail(ErrorCode::malformed, "tar header at offset " + std::to_string(e.header_offset) +
                                       " is not a regular file '" + e.name + "' of " +
                                       std::to_string(e.size) + " bytes");
    }
}

} // namespace

BundleHead read_bundle_head(const BundleFiles& files) {
    if (files.size() < tar::block) {
        fail(ErrorCode::malformed, "bundle is too short to hold a tar header");
    }
    BundleHead h;
    std::string first = files.read_string(0, tar::block);
    std::uint64_t bom_size = parse_size_field(first);
    if (bom_size > max_bom_bytes) {
        fail(ErrorCode::malformed,
             "bom.json of " + std::to_string(bom_size) + " bytes exceeds the limit");
    }
    if (first != tar::regular_file_header(std::string(bom_entry_name), bom_size)) {
        fail(ErrorCode::malformed, "first entry is not a regular file 'airlock/bom.json'");
    }
    if (tar::block + bom_size > files.size()) {
        fail(ErrorCode::malformed, "bundle is truncated inside bom.json");
    }
    h.bom_bytes = files.read_string(tar::block, bom_size);
    h.bom = Bom::parse(h.bom_bytes);
    h.offsets = BundleOffsets::plan(bom_size, h.bom);
    const BundleEntry& slot = h.offsets.entries[BundleOffsets::signatures_index];
    expect_header(files, slot);
    h.slot = files.read_string(slot.data_offset, slot.size);
    return h;
}

} // namespace airlock
