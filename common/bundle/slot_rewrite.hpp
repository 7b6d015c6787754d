#pragma once
// A bundle held open to rewrite its signature slot, the one part of a bundle
// that may change after it is written. The contract, in order:
//   1. open() takes an exclusive lock on the bundle (one signer at a time)
//      and reads the head and the slot's current content;
//   2. the caller checks what it must (payload, existing signatures);
//   3. commit() writes the new content, one generation up, into the region
//      not in use and fsyncs it. Nothing else is written, ever: the payload
//      bytes do not change and a crash at any moment leaves the old content
//      or the new one (see signature_slot.hpp).
#include "common/bundle/bundle_files.hpp"
#include "common/bundle/head_reader.hpp"
#include "common/bundle/signature_slot.hpp"

#include <filesystem>

namespace airlock {

class SlotRewrite {
  public:
    // Error(io) when another process holds the bundle's lock, or the bundle
    // cannot be opened for writing; errors of read_bundle_head otherwise.
    static SlotRewrite open(const std::filesystem::path& bundle);

    const BundleFiles& files() const { return files_; }
    const BundleHead& head() const { return head_; }
    const DecodedSlot& slot() const { return slot_; }

    // Error(usage) naming the capacity when `content` does not fit a region.
    // Returns the generation written.
    std::uint64_t commit(SignatureSlot content);

  private:
    SlotRewrite(BundleFiles files, BundleHead head, DecodedSlot slot)
        : files_(std::move(files)), head_(std::move(head)), slot_(std::move(slot)) {}

    BundleFiles files_;
    BundleHead head_;
    DecodedSlot slot_;
};

} // namespace airlock
