#pragma once
// A pull-style byte stream. Every blob moved by airlock flows through one of
// these, and the copy pipeline (common/copy) wraps it to verify the bytes.
#include <cstddef>
#include <memory>
#include <span>
#include <string>

namespace airlock {

class BlobReader {
  public:
    virtual ~BlobReader() = default;
    // Reads up to buf.size() bytes; returns 0 only at end of stream.
    // Throws airlock::Error on failure; a reader is not usable after a throw.
    virtual size_t read(std::span<std::byte> buf) = 0;
};

// Serves an in-memory buffer (manifests, configs made by airlock).
class MemoryReader final : public BlobReader {
  public:
    explicit MemoryReader(std::string bytes) : bytes_(std::move(bytes)) {}
    size_t read(std::span<std::byte> buf) override;

  private:
    std::string bytes_;
    size_t pos_ = 0;
};

// Reads a stream to its end into a string, refusing more than max_bytes
// (manifests and other documents that are parsed in memory).
std::string read_all(BlobReader& reader, size_t max_bytes, const std::string& what);

} // namespace airlock
