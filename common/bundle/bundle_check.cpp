#include "common/bundle/bundle_check.hpp"

#include "common/bundle/tar_format.hpp"
#include "common/copy/copy.hpp"
#include "common/core/error.hpp"
#include "common/log/progress.hpp"

#include <algorithm>

namespace airlock {

namespace {

// index.json is parsed in memory; it lists one entry per image.
constexpr std::uint64_t max_index_bytes = 16 * 1024 * 1024;

class BundleRangeReader final : public BlobReader {
  public:
    BundleRangeReader(const BundleFiles& files, std::uint64_t offset, std::uint64_t size)
        : files_(files), pos_(offset), end_(offset + size) {}
    size_t read(std::span<std::byte> buf) override {
        size_t n = static_cast<size_t>(std::min<std::uint64_t>(buf.size(), end_ - pos_));
        if (n > 0) {
            files_.read_at(buf.first(n), pos_);
            pos_ += n;
        }
        return n;
    }

  private:
    const BundleFiles& files_;
    std::uint64_t pos_;
    std::uint64_t end_;
};

std::string size_problem(const BundleFiles& files, std::uint64_t want) {
    std::string base = files.volumes().front().string();
    if (files.split()) {
        base.resize(base.size() - 4);
        size_t n = files.volumes().size();
        for (size_t i = n; i < n + 64; ++i) {
            if (std::filesystem::exists(volume_name(base, i))) {
                return "volume " + volume_name(base, n) + " is missing (later volumes exist)";
            }
        }
        if (files.size() < want) {
            auto sizes = files.volume_sizes();
            bool last_full = sizes.size() > 1 && sizes.back() == sizes.front();
            return last_full
                       ? "volume " + volume_name(base, n) +
                             " is missing: " + std::to_string(want - files.size()) + " bytes short"
                       : "volume " + files.volumes().back().string() +
                             " is truncated: the bundle is " + std::to_string(want - files.size()) +
                             " bytes short";
        }
    }
    return "bundle " + base + " is " + std::to_string(files.size()) + " bytes, the BOM implies " +
           std::to_string(want) + (files.size() < want ? " (truncated)" : " (extra data)");
}

} // namespace

void check_bundle_structure(const BundleFiles& files, const BundleHead& head) {
    const BundleOffsets& offsets = head.offsets;
    if (files.size() != offsets.total_size) {
        fail(ErrorCode::malformed, size_problem(files, offsets.total_size));
    }
    for (size_t i = BundleOffsets::oci_layout_index; i < offsets.entries.size(); ++i) {
        const BundleEntry& e = offsets.entries[i];
        std::string want = tar::regular_file_header(e.name, e.size);
        if (files.read_string(e.header_offset, want.size()) != want) {
            fail(ErrorCode::malformed, "tar entry at offset " + std::to_string(e.header_offset) +
                                           " is not the regular file " + e.name + " of " +
                                           std::to_string(e.size) + " bytes the BOM lists");
        }
    }
    std::string trailer =
        files.read_string(offsets.total_size - tar::trailer_length, tar::trailer_length);
    if (trailer.find_first_not_of('\0') != std::string::npos) {
        fail(ErrorCode::malformed,
             "bundle does not end with the tar trailer the BOM implies (extra entry?)");
    }
    if (files.read_string(offsets.entries[BundleOffsets::oci_layout_index].data_offset,
                          oci_layout_bytes.size()) != oci_layout_bytes) {
        fail(ErrorCode::malformed, "oci-layout entry is not the expected version marker");
    }
}

std::string read_checked_index(const BundleFiles& files, const BundleHead& head) {
    const BundleEntry& e = head.offsets.entries[BundleOffsets::index_json_index];
    if (e.size > max_index_bytes) {
        fail(ErrorCode::malformed, "index.json is larger than the limit");
    }
    std::string index = files.read_string(e.data_offset, e.size);
    if (Digest::of(index) != head.bom.layout.digest) {
        fail(ErrorCode::integrity, "index.json does not match the digest in the BOM");
    }
    return index;
}

std::unique_ptr<BlobReader> open_bundle_blob(const BundleFiles& files, const BundleHead& head,
                                             std::size_t i) {
    const BundleEntry& e = head.offsets.entries.at(BundleOffsets::first_blob_index + i);
    return std::make_unique<BundleRangeReader>(files, e.data_offset, e.size);
}

std::uint64_t hash_payload(const BundleFiles& files, const BundleHead& head, bool progress) {
    Progress shown("verifying", head.bom.payload_bytes(), head.bom.blobs.size(), progress);
    std::uint64_t bytes = 0;
    for (size_t i = 0; i < head.bom.blobs.size(); ++i) {
        const BomBlob& b = head.bom.blobs[i];
        auto reader = open_bundle_blob(files, head, i);
        Descriptor d{b.media_type, b.digest, b.size, {}, {}, {}};
        copy_blob(*reader, d, {}, "blob " + b.digest.str(),
                  [&](std::uint64_t n) { shown.add_bytes(n); });
        shown.item_done();
        bytes += static_cast<std::uint64_t>(b.size);
    }
    return bytes;
}

} // namespace airlock
