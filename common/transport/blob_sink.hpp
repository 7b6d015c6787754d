#pragma once
// A push-style byte sink, the write side of a transport: a Destination hands
// one out per blob, and the copy pipeline (common/copy) feeds it.
#include <cstddef>
#include <span>
#include <string>

namespace airlock {

// Where verified bytes go. write() may be called many times; commit() exactly
// once, after the last write and only when the blob verified. A sink destroyed
// without commit() must leave no visible trace.
class BlobSink {
  public:
    virtual ~BlobSink() = default;
    virtual void write(std::span<const std::byte> data) = 0;
    virtual void commit() = 0;
};

// Collects a small verified document (manifest, config) in memory.
class StringSink final : public BlobSink {
  public:
    explicit StringSink(std::string& out) : out_(out) {}
    void write(std::span<const std::byte> data) override {
        out_.append(reinterpret_cast<const char*>(data.data()), data.size());
    }
    void commit() override {}

  private:
    std::string& out_;
};

} // namespace airlock
