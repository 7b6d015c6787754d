#include "common/copy/copy.hpp"

#include "common/core/error.hpp"

#include <memory>

namespace airlock {

namespace {
// Large enough that per-call overhead vanishes against hashing and I/O,
// small enough that memory stays constant and small per parallel copy.
constexpr size_t chunk_size = 1 << 20;
} // namespace

void copy_blob(BlobReader& source, const Descriptor& expected, std::span<BlobSink* const> sinks,
               const std::string& what, const ProgressFn& progress,
               const std::atomic<bool>* cancel) {
    // One buffer per thread, allocated once and never zero-filled: every
    // blob of a build or load goes through here.
    thread_local std::unique_ptr<std::byte[]> storage(new std::byte[chunk_size]);
    std::span<std::byte> buf(storage.get(), chunk_size);
    Sha256 hash;
    std::uint64_t total = 0;
    const auto want = static_cast<std::uint64_t>(expected.size);
    for (;;) {
        if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
            fail(ErrorCode::internal, "copy of " + what + " cancelled");
        }
        size_t n = source.read(buf);
        if (n == 0) {
            break;
        }
        total += n;
        if (total > want) {
            fail(ErrorCode::integrity, what + ": more bytes than the expected " +
                                           std::to_string(want) + " (" + expected.digest.str() +
                                           ")");
        }
        std::span<const std::byte> chunk(buf.data(), n);
        hash.update(chunk);
        for (BlobSink* sink : sinks) {
            sink->write(chunk);
        }
        if (progress) {
            progress(n);
        }
    }
    if (total != want) {
        fail(ErrorCode::integrity, what + ": got " + std::to_string(total) + " bytes, expected " +
                                       std::to_string(want) + " (" + expected.digest.str() + ")");
    }
    Digest got = hash.finish();
    if (got != expected.digest) {
        fail(ErrorCode::integrity,
             what + ": digest mismatch: expected " + expected.digest.str() + ", got " + got.str());
    }
    for (BlobSink* sink : sinks) {
        sink->commit();
    }
}

void verify_bytes(const std::string& bytes, const Digest& expected, const std::string& what) {
    Digest got = Digest::of(bytes);
    if (got != expected) {
        fail(ErrorCode::integrity,
             what + ": digest mismatch: expected " + expected.str() + ", got " + got.str());
    }
}

} // namespace airlock
