#pragma once
// Private to builder/sbom. Incremental decompression of a layer as its bytes
// arrive: the format is told by the first bytes (gzip 1f 8b, zstd 28 b5 2f fd,
// anything else is passed through as plain bytes). ISA-L (igzip) and libzstd
// state stays here, behind RAII owners; callers see bytes only.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace airlock::sbom::detail {

enum class Compression { none, gzip, zstd };

std::string_view to_string(Compression c);

// Which compression `head` (the first bytes of a stream, at least 4 when the
// stream has them) announces.
Compression detect_compression(std::span<const std::byte> head);

// Thrown for corrupt compressed data; the scanner turns it into a note.
struct DecodeError {
    std::string message;
};

class StreamDecoder {
  public:
    // Receives decompressed bytes, in order, in pieces of at most 256 KiB
    // (gzip) or 64 KiB (zstd).
    using Output = std::function<void(std::span<const std::byte>)>;

    StreamDecoder(Compression compression, Output output);
    ~StreamDecoder();
    StreamDecoder(const StreamDecoder&) = delete;
    StreamDecoder& operator=(const StreamDecoder&) = delete;

    // Decompresses `input` and hands every byte it yields to the output.
    // Throws DecodeError on corrupt data or data after the end of the stream.
    void feed(std::span<const std::byte> input);
    // True when the input so far ends exactly at the end of a complete
    // compressed stream (always true for plain bytes).
    bool complete() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace airlock::sbom::detail
