#include "common/bundle/bundle_writer.hpp"

#include "common/bundle/tar_format.hpp"
#include "common/core/error.hpp"
#include "common/digest/digest.hpp"

#include <algorithm>
#include <fcntl.h>
#include <system_error>

namespace airlock {

namespace {

std::filesystem::path folder_of(const std::filesystem::path& output) {
    return output.parent_path().empty() ? "." : output.parent_path();
}

// The temporary volumes carry the output's file name, so leftovers are found
// per output; a very long name is shortened and made unique by its hash.
std::string temp_tag(const std::filesystem::path& output) {
    std::string name = output.filename().string();
    if (name.size() > 120) {
        name = name.substr(0, 100) + "~" + Digest::of(name).hex().substr(0, 16);
    }
    return name;
}

} // namespace

class BundleWriter::Sink final : public BlobSink {
  public:
    Sink(BundleWriter& w, size_t entry) : w_(w), entry_(entry) {}
    void write(std::span<const std::byte> data) override {
        const BundleEntry& e = w_.offsets_.entries[entry_];
        if (pos_ + data.size() > e.size) {
            fail(ErrorCode::internal, "write past the end of " + e.name);
        }
        w_.write_at(e.data_offset + pos_, data);
        pos_ += data.size();
    }
    void commit() override {
        if (pos_ != w_.offsets_.entries[entry_].size) {
            fail(ErrorCode::internal, "incomplete " + w_.offsets_.entries[entry_].name);
        }
        w_.written_[entry_].store(true);
        // Start writeback now so the final fsync waits only for the tail.
        const BundleEntry& e = w_.offsets_.entries[entry_];
        w_.start_writeback(e.data_offset, e.size);
    }

  private:
    BundleWriter& w_;
    size_t entry_;
    std::uint64_t pos_ = 0;
};

BundleWriter::BundleWriter(std::filesystem::path output, std::uint64_t split_size,
                           BundleOffsets offsets, const BundleHeadBytes& head)
    : output_(std::move(output)), split_size_(split_size), offsets_(std::move(offsets)),
      written_(std::make_unique<std::atomic<bool>[]>(offsets_.entries.size())) {
    size_volumes(offsets_.total_size);
    for (const BundleEntry& e : offsets_.entries) {
        write_at(e.header_offset, tar::regular_file_header(e.name, e.size));
    }
    write_head(head);
}

// Sized up front: padding and the trailer are zeros without being written.
void BundleWriter::size_volumes(std::uint64_t total) {
    size_t count =
        split_size_ == 0 ? 1 : static_cast<size_t>((total + split_size_ - 1) / split_size_);
    while (volumes_.size() < count) {
        volumes_.emplace_back(folder_of(output_), 0644, temp_tag(output_));
    }
    while (volumes_.size() > count) {
        volumes_.pop_back(); // an uncommitted temporary file removes itself
    }
    for (size_t i = 0; i < count; ++i) {
        volumes_[i].file().truncate(
            split_size_ == 0 ? total : std::min(split_size_, total - i * split_size_));
    }
}

void BundleWriter::write_head(const BundleHeadBytes& head) {
    const auto& es = offsets_.entries;
    write_at(es[BundleOffsets::bom_index].data_offset, head.bom);
    write_at(es[BundleOffsets::signatures_index].data_offset, head.signatures);
    write_at(es[BundleOffsets::oci_layout_index].data_offset, oci_layout_bytes);
    write_at(es[BundleOffsets::index_json_index].data_offset, head.index_json);
    for (size_t i = 0; i < BundleOffsets::first_blob_index; ++i) {
        written_[i] = true;
    }
}

void BundleWriter::finish(BundleOffsets final, const BundleHeadBytes& head,
                          const std::vector<std::string>& tail) {
    const size_t n = offsets_.entries.size();
    if (final.entries.size() != n || tail.size() > n - BundleOffsets::first_blob_index ||
        head.bom.size() != offsets_.entries[BundleOffsets::bom_index].size) {
        fail(ErrorCode::internal, "the final bundle layout does not extend the planned one");
    }
    const size_t first_tail = n - tail.size();
    for (size_t i = 0; i < first_tail; ++i) {
        const BundleEntry &a = offsets_.entries[i], &b = final.entries[i];
        if (a.name != b.name || a.header_offset != b.header_offset ||
            a.data_offset != b.data_offset || a.size != b.size) {
            fail(ErrorCode::internal,
                 "bundle entry " + a.name + " moved after the blobs were written");
        }
    }
    for (size_t i = first_tail; i < n; ++i) {
        if (final.entries[i].size != tail[i - first_tail].size()) {
            fail(ErrorCode::internal,
                 "bundle entry " + final.entries[i].name + " has another size");
        }
    }
    // The tail's placeholder headers sat where the final data and padding go:
    // everything from the first tail header on is rewritten or zeroed.
    const std::uint64_t from =
        first_tail < n ? final.entries[first_tail].header_offset : final.total_size;
    offsets_ = std::move(final);
    size_volumes(from);
    size_volumes(offsets_.total_size);
    for (size_t i = first_tail; i < n; ++i) {
        const BundleEntry& e = offsets_.entries[i];
        write_at(e.header_offset, tar::regular_file_header(e.name, e.size));
        write_at(e.data_offset, tail[i - first_tail]);
        written_[i] = true;
    }
    write_head(head);
}

void BundleWriter::write_at(std::uint64_t offset, std::string_view data) {
    write_at(offset, std::as_bytes(std::span(data.data(), data.size())));
}

void BundleWriter::write_at(std::uint64_t offset, std::span<const std::byte> data) {
    while (!data.empty()) {
        size_t vol = split_size_ == 0 ? 0 : static_cast<size_t>(offset / split_size_);
        std::uint64_t local = split_size_ == 0 ? offset : offset % split_size_;
        std::uint64_t room = split_size_ == 0 ? data.size() : split_size_ - local;
        size_t n = static_cast<size_t>(std::min<std::uint64_t>(room, data.size()));
        volumes_.at(vol).file().write_at(data.first(n), local);
        data = data.subspan(n);
        offset += n;
    }
}

void BundleWriter::start_writeback(std::uint64_t offset, std::uint64_t length) {
    while (length > 0) {
        size_t vol = split_size_ == 0 ? 0 : static_cast<size_t>(offset / split_size_);
        std::uint64_t local = split_size_ == 0 ? offset : offset % split_size_;
        std::uint64_t n = split_size_ == 0 ? length : std::min(length, split_size_ - local);
        // Advisory: a failure here only means the fsync at commit does the work.
        ::sync_file_range(volumes_.at(vol).file().fd(), static_cast<off64_t>(local),
                          static_cast<off64_t>(n), SYNC_FILE_RANGE_WRITE);
        offset += n;
        length -= n;
    }
}

std::unique_ptr<BlobSink> BundleWriter::blob_sink(size_t entry) {
    if (entry < BundleOffsets::first_blob_index || entry >= offsets_.entries.size()) {
        fail(ErrorCode::internal, "no blob entry " + std::to_string(entry));
    }
    return std::make_unique<Sink>(*this, entry);
}

size_t BundleWriter::remove_leftovers(const std::filesystem::path& output) {
    return remove_stale_temp_files(folder_of(output), temp_tag(output)).size();
}

std::vector<std::filesystem::path> BundleWriter::commit() {
    for (size_t i = 0; i < offsets_.entries.size(); ++i) {
        if (!written_[i]) {
            fail(ErrorCode::internal,
                 "bundle entry " + offsets_.entries[i].name + " was not written");
        }
    }
    std::vector<std::filesystem::path> finals;
    for (size_t i = 0; i < volumes_.size(); ++i) {
        finals.emplace_back(split_size_ == 0 ? output_.string() : volume_name(output_.string(), i));
    }
    // The first volume (or the only file) is renamed last: a reader that finds
    // it finds the rest already in place.
    for (size_t i = volumes_.size(); i-- > 0;) {
        volumes_[i].commit(finals[i]);
    }
    // Volumes left by an earlier, larger build under the same name would look
    // like an extra volume to the loader.
    if (split_size_ != 0) {
        for (size_t i = volumes_.size();; ++i) {
            std::error_code ec;
            if (!std::filesystem::remove(volume_name(output_.string(), i), ec)) {
                break;
            }
        }
    }
    return finals;
}

} // namespace airlock
