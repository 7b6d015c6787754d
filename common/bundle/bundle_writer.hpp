#pragma once
// Writes a bundle whose layout is fixed up front. Every header and the small
// head entries are written at construction; blobs are then written straight to
// their final offsets, from several threads at once. Everything lives in
// temporary files beside the output until commit(), so a failed or interrupted
// build leaves nothing under the output name.
#include "common/bundle/offsets.hpp"
#include "common/io/temp_file.hpp"
#include "common/transport/blob_sink.hpp"

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace airlock {

struct BundleHeadBytes {
    std::string bom;        // bom.json bytes
    std::string signatures; // the encoded signature slot
    std::string index_json; // OCI layout index.json bytes
};

class BundleWriter {
  public:
    // split_size 0 writes one file at `output`; otherwise volumes output.001, .002, ...
    // each split_size bytes except the last.
    BundleWriter(std::filesystem::path output, std::uint64_t split_size, BundleOffsets offsets,
                 const BundleHeadBytes& head);

    // A sink for the data of layout entry `entry` (a blob). Safe to use from
    // several threads, one sink per blob.
    std::unique_ptr<BlobSink> blob_sink(size_t entry);

    // Completes a bundle whose last `tail.size()` entries are made from what
    // the other blobs held (the bundle's SBOMs, from the layers it carries),
    // so the BOM could only be final once they were written. `final` is the
    // layout of the final BOM: every entry before the tail must sit where the
    // writer's offsets put it (the BOM was sized up front), or Error(internal).
    // Writes the head again, then the tail entries, and sizes the volumes.
    void finish(BundleOffsets final, const BundleHeadBytes& head,
                const std::vector<std::string>& tail);

    // Checks every blob was written, makes the volumes durable and renames them
    // into place. Returns the final volume paths.
    std::vector<std::filesystem::path> commit();

    const BundleOffsets& offsets() const { return offsets_; }

    // Removes the temporary volumes that a killed build of `output` left
    // beside it (never those of a build still running, nor of another
    // output). Returns how many were removed.
    static size_t remove_leftovers(const std::filesystem::path& output);

  private:
    class Sink;
    void write_at(std::uint64_t offset, std::span<const std::byte> data);
    void write_at(std::uint64_t offset, std::string_view data);
    void start_writeback(std::uint64_t offset, std::uint64_t length);
    void size_volumes(std::uint64_t total);
    void write_head(const BundleHeadBytes& head);

    std::filesystem::path output_;
    std::uint64_t split_size_;
    BundleOffsets offsets_;
    std::vector<TempFile> volumes_;
    std::unique_ptr<std::atomic<bool>[]> written_;
};

} // namespace airlock
