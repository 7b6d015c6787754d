#pragma once
// BlobReader over a file or a byte range of one (a blob inside an uncompressed
// tar). Uses pread only, so readers sharing one File never disturb each other
// and may run on several threads. Memory stays constant: at most one buffer of
// buffer_size bytes, used only when the caller reads in small pieces.
#include "common/io/file.hpp"
#include "common/transport/blob_reader.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

namespace airlock {

class FileReader final : public BlobReader {
  public:
    static constexpr size_t buffer_size = 1024 * 1024;

    // The whole file, as large as it is when opened.
    explicit FileReader(const std::filesystem::path& path);
    // Bytes [offset, offset + length) of the file.
    FileReader(const std::filesystem::path& path, std::uint64_t offset, std::uint64_t length);
    // Bytes [offset, offset + length) of an already open file shared with others.
    FileReader(std::shared_ptr<const File> file, std::uint64_t offset, std::uint64_t length);

    // Returns 0 only after exactly `length` bytes; a file that ends sooner
    // (truncated while we read) is Error(io) naming the path and offset.
    size_t read(std::span<std::byte> buf) override;
    // Bytes not yet returned.
    std::uint64_t remaining() const noexcept { return end_ - pos_ + (buffer_len_ - buffer_pos_); }

  private:
    std::shared_ptr<const File> file_;
    std::uint64_t pos_ = 0; // next file offset not yet fetched (buffered bytes come before it)
    std::uint64_t end_ = 0;
    std::vector<std::byte> buffer_;
    size_t buffer_pos_ = 0;
    size_t buffer_len_ = 0;
};

} // namespace airlock
