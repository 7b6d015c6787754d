#include "common/bundle/slot_rewrite.hpp"

#include "common/core/error.hpp"

#include <cerrno>
#include <sys/file.h>

namespace airlock {

SlotRewrite SlotRewrite::open(const std::filesystem::path& bundle) {
    BundleFiles files = BundleFiles::open(bundle, true);
    // Held until the descriptor closes with `files`: a second signer would
    // read the same generation and write the same region.
    if (flock(files.first_volume().fd(), LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            fail(ErrorCode::io, "bundle " + files.volumes().front().string() +
                                    " is being signed by another process; try again when it is "
                                    "done");
        }
        fail(ErrorCode::io, io_message(files.volumes().front(), "lock", errno));
    }
    BundleHead head = read_bundle_head(files);
    DecodedSlot slot = decode_signature_slot(head.slot);
    return SlotRewrite(std::move(files), std::move(head), std::move(slot));
}

std::uint64_t SlotRewrite::commit(SignatureSlot content) {
    content.generation = slot_.content.generation + 1;
    const std::string region = encode_slot_region(content);
    const std::size_t target = 1 - slot_.region;
    const BundleEntry& entry = head_.offsets.entries[BundleOffsets::signatures_index];
    files_.write_durably(region, entry.data_offset + target * slot_region_size);
    slot_ = DecodedSlot{std::move(content), target};
    return slot_.content.generation;
}

} // namespace airlock
