#include "builder/sbom/detail/stream_decoder.hpp"

#include <array>
#include <vector>

#include <zlib.h>
#include <zstd.h>

namespace airlock::sbom::detail {

namespace {

constexpr std::size_t chunk_size = 64 * 1024;
// libzstd's own default limit, stated so the memory a hostile frame can ask
// for (window size) is visible here: 2^27 bytes = 128 MiB.
constexpr int zstd_window_log_max = 27;

bool is_gzip_magic(std::span<const std::byte> b) {
    return b.size() >= 2 && b[0] == std::byte{0x1f} && b[1] == std::byte{0x8b};
}

} // namespace

std::string_view to_string(Compression c) {
    switch (c) {
    case Compression::gzip:
        return "gzip";
    case Compression::zstd:
        return "zstd";
    case Compression::none:
        break;
    }
    return "none";
}

Compression detect_compression(std::span<const std::byte> head) {
    if (is_gzip_magic(head)) {
        return Compression::gzip;
    }
    if (head.size() >= 4 && head[0] == std::byte{0x28} && head[1] == std::byte{0xb5} &&
        head[2] == std::byte{0x2f} && head[3] == std::byte{0xfd}) {
        return Compression::zstd;
    }
    return Compression::none;
}

struct StreamDecoder::Impl {
    Compression compression;
    Output output;
    std::vector<std::byte> out = std::vector<std::byte>(chunk_size);

    // gzip
    z_stream zs{};
    bool z_init = false;
    bool z_member_done = false; // the last member ended; more input must be a new member

    // zstd
    struct DctxFree {
        void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
    };
    std::unique_ptr<ZSTD_DCtx, DctxFree> dctx;
    std::size_t zstd_hint = 0; // 0: a frame is complete and flushed

    bool saw_input = false;

    ~Impl() {
        if (z_init) {
            inflateEnd(&zs);
        }
    }

    void feed_gzip(std::span<const std::byte> input) {
        // zlib's next_in is not const in its declaration but is only read.
        zs.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(input.data()));
        zs.avail_in = static_cast<uInt>(input.size());
        while (true) {
            if (z_member_done) {
                if (zs.avail_in == 0) {
                    break;
                }
                // Concatenated gzip members form one stream (RFC 1952 2.2);
                // anything else after the end is refused.
                if (zs.next_in[0] != 0x1f) {
                    throw DecodeError{"data after the end of the gzip stream"};
                }
                if (inflateReset(&zs) != Z_OK) {
                    throw DecodeError{"gzip: cannot start the next member"};
                }
                z_member_done = false;
            }
            zs.next_out = reinterpret_cast<Bytef*>(out.data());
            zs.avail_out = static_cast<uInt>(out.size());
            int rc = inflate(&zs, Z_NO_FLUSH);
            std::size_t produced = out.size() - zs.avail_out;
            if (rc == Z_STREAM_END) {
                z_member_done = true;
            } else if (rc == Z_BUF_ERROR) {
                break; // no progress possible: all input consumed
            } else if (rc != Z_OK) {
                throw DecodeError{std::string("gzip: ") + (zs.msg ? zs.msg : "corrupt data")};
            }
            if (produced > 0) {
                output(std::span<const std::byte>(out.data(), produced));
            }
            if (rc == Z_OK && zs.avail_in == 0 && produced < out.size()) {
                break; // input consumed and nothing more pending
            }
        }
    }

    void feed_zstd(std::span<const std::byte> input) {
        ZSTD_inBuffer in{input.data(), input.size(), 0};
        // Loop until the input is consumed and the output no longer fills
        // up (a full buffer may mean more output is pending).
        while (true) {
            ZSTD_outBuffer o{out.data(), out.size(), 0};
            std::size_t rc = ZSTD_decompressStream(dctx.get(), &o, &in);
            if (ZSTD_isError(rc)) {
                throw DecodeError{std::string("zstd: ") + ZSTD_getErrorName(rc)};
            }
            zstd_hint = rc;
            if (o.pos > 0) {
                output(std::span<const std::byte>(out.data(), o.pos));
            }
            if (in.pos == in.size && o.pos < o.size) {
                break;
            }
        }
    }
};

StreamDecoder::StreamDecoder(Compression compression, Output output)
    : impl_(std::make_unique<Impl>()) {
    impl_->compression = compression;
    impl_->output = std::move(output);
    if (compression == Compression::gzip) {
        // 16 + MAX_WBITS: gzip wrapper only, with its CRC and length checked.
        if (inflateInit2(&impl_->zs, 16 + MAX_WBITS) != Z_OK) {
            throw DecodeError{"gzip: cannot initialise zlib"};
        }
        impl_->z_init = true;
    } else if (compression == Compression::zstd) {
        impl_->dctx.reset(ZSTD_createDCtx());
        if (!impl_->dctx) {
            throw DecodeError{"zstd: cannot create a decompression context"};
        }
        ZSTD_DCtx_setParameter(impl_->dctx.get(), ZSTD_d_windowLogMax, zstd_window_log_max);
    }
}

StreamDecoder::~StreamDecoder() = default;

void StreamDecoder::feed(std::span<const std::byte> input) {
    if (input.empty()) {
        return;
    }
    impl_->saw_input = true;
    switch (impl_->compression) {
    case Compression::gzip:
        impl_->feed_gzip(input);
        break;
    case Compression::zstd:
        impl_->feed_zstd(input);
        break;
    case Compression::none:
        impl_->output(input);
        break;
    }
}

bool StreamDecoder::complete() const {
    switch (impl_->compression) {
    case Compression::gzip:
        return impl_->z_member_done;
    case Compression::zstd:
        return impl_->saw_input && impl_->zstd_hint == 0;
    case Compression::none:
        break;
    }
    return true;
}

} // namespace airlock::sbom::detail
