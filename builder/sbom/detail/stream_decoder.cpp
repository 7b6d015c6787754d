#include "builder/sbom/detail/stream_decoder.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <zstd.h>

namespace airlock::sbom::detail {

namespace {

constexpr std::size_t chunk_size = 64 * 1024;
// ISA-L's streaming inflate keeps the last 32 KiB of output as history and
// copies it out of the caller's buffer on every call: with a larger buffer
// that copy is a small share of the work.
constexpr std::size_t gzip_chunk_size = 256 * 1024;
// Input is handed to ISA-L in slices of at most this much: its own input
// count is 32 bits, and releases before 2.32.1 (Debian 12 has 2.30) add that
// count to a small buffered amount in 32 bits when a header or trailer is
// split across calls, so a slice near 4 GiB could overflow its buffer.
constexpr std::size_t gzip_max_slice = 16 * 1024 * 1024;
// libzstd's own default limit, stated so the memory a hostile frame can ask
// for (window size) is visible here: 2^27 bytes = 128 MiB.
constexpr int zstd_window_log_max = 27;

bool is_gzip_magic(std::span<const std::byte> b) {
    return b.size() >= 2 && b[0] == std::byte{0x1f} && b[1] == std::byte{0x8b};
}

} // namespace

// A gzip member header (RFC 1952 2.3), read here rather than by ISA-L:
// isal_inflate() reads it into a gzip header struct on its own stack, fresh
// on every call, and takes the flags back from it when a header continues in
// a later call (left uninitialised in 2.30, Debian 12's; 0 in later releases),
// so a header with FEXTRA, FNAME, FCOMMENT or FHCRC split across two feeds is
// misread. Bytes are taken one at a time; only the fixed part is kept.
class GzipHeader {
  public:
    void reset() { *this = GzipHeader{}; }
    bool done() const { return step_ == Step::done; }

    // Consumes header bytes from the front of `in`; throws DecodeError on a
    // header zlib would refuse too.
    void consume(std::span<const std::byte>& in) {
        while (!in.empty() && step_ != Step::done) {
            auto b = static_cast<std::uint8_t>(in.front());
            in = in.subspan(1);
            if (step_ != Step::hcrc) {
                crc_ = crc32_gzip_refl(crc_, &b, 1);
            }
            take(b);
        }
    }

  private:
    enum class Step { fixed, xlen, extra, name, comment, hcrc, done };
    static constexpr std::uint8_t fhcrc = 0x02, fextra = 0x04, fname = 0x08, fcomment = 0x10;

    void take(std::uint8_t b) {
        switch (step_) {
        case Step::fixed:
            fixed_[count_++] = b;
            if (count_ == 1 && b != 0x1f) {
                throw DecodeError{"gzip: incorrect header check"};
            }
            if (count_ == 2 && b != 0x8b) {
                throw DecodeError{"gzip: incorrect header check"};
            }
            if (count_ == 3 && b != 8) {
                throw DecodeError{"gzip: unknown compression method"};
            }
            if (count_ == 4 && (b & 0xe0) != 0) {
                throw DecodeError{"gzip: unknown header flags set"};
            }
            if (count_ == sizeof fixed_) {
                count_ = 0;
                next_after(Step::fixed);
            }
            break;
        case Step::xlen:
            extra_left_ |= static_cast<std::uint32_t>(b) << (8 * count_++);
            if (count_ == 2) {
                count_ = 0;
                if (extra_left_ == 0) {
                    next_after(Step::extra);
                } else {
                    step_ = Step::extra;
                }
            }
            break;
        case Step::extra:
            if (--extra_left_ == 0) {
                next_after(Step::extra);
            }
            break;
        case Step::name:
        case Step::comment:
            if (b == 0) {
                next_after(step_);
            }
            break;
        case Step::hcrc:
            stored_hcrc_ |= static_cast<std::uint32_t>(b) << (8 * count_++);
            if (count_ == 2) {
                if (stored_hcrc_ != (crc_ & 0xffff)) {
                    throw DecodeError{"gzip: header crc mismatch"};
                }
                step_ = Step::done;
            }
            break;
        case Step::done:
            break;
        }
    }

    // The part that follows `after`, given the flags.
    void next_after(Step after) {
        std::uint8_t flags = fixed_[3];
        if (after < Step::xlen && (flags & fextra) != 0) {
            step_ = Step::xlen;
        } else if (after < Step::name && (flags & fname) != 0) {
            step_ = Step::name;
        } else if (after < Step::comment && (flags & fcomment) != 0) {
            step_ = Step::comment;
        } else if (after < Step::hcrc && (flags & fhcrc) != 0) {
            step_ = Step::hcrc;
        } else {
            step_ = Step::done;
        }
    }

    Step step_ = Step::fixed;
    std::uint8_t fixed_[10]{};
    std::size_t count_ = 0;
    std::uint32_t extra_left_ = 0;
    std::uint32_t stored_hcrc_ = 0;
    std::uint32_t crc_ = 0;
};

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

    // gzip (ISA-L igzip; its state holds its buffers, about 85 KiB)
    std::unique_ptr<inflate_state> gz;
    bool gz_member_done = false; // the last member ended; more input must be a new member
    GzipHeader gz_header;

    // zstd
    struct DctxFree {
        void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
    };
    std::unique_ptr<ZSTD_DCtx, DctxFree> dctx;
    std::size_t zstd_hint = 0; // 0: a frame is complete and flushed

    bool saw_input = false;

    static const char* isal_error(int rc) {
        switch (rc) {
        case ISAL_INVALID_BLOCK:
            return "invalid deflate block";
        case ISAL_INVALID_SYMBOL:
            return "invalid deflate symbol";
        case ISAL_INVALID_LOOKBACK:
            return "invalid distance too far back";
        case ISAL_INVALID_WRAPPER:
            return "not a gzip header";
        case ISAL_UNSUPPORTED_METHOD:
            return "unsupported compression method";
        case ISAL_INCORRECT_CHECKSUM:
            return "incorrect header or data check";
        default:
            return "corrupt data";
        }
    }

    void feed_gzip(std::span<const std::byte> input) {
        inflate_state& st = *gz;
        while (true) {
            if (gz_member_done) {
                if (input.empty()) {
                    break;
                }
                // Concatenated gzip members form one stream (RFC 1952 2.2);
                // anything else after the end is refused.
                if (input.front() != std::byte{0x1f}) {
                    throw DecodeError{"data after the end of the gzip stream"};
                }
                isal_inflate_reset(&st); // keeps crc_flag
                gz_header.reset();
                gz_member_done = false;
            }
            if (!gz_header.done()) {
                gz_header.consume(input);
                if (!gz_header.done()) {
                    break; // all input was header
                }
            }
            // Input is handed to ISA-L in slices (see gzip_max_slice).
            std::span<const std::byte> slice = input.first(std::min(input.size(), gzip_max_slice));
            // ISA-L's next_in is not const in its declaration but is only read.
            st.next_in = reinterpret_cast<std::uint8_t*>(const_cast<std::byte*>(slice.data()));
            st.avail_in = static_cast<std::uint32_t>(slice.size());
            bool finished = inflate_slice(st);
            input = input.subspan(slice.size() - st.avail_in);
            st.next_in = nullptr; // the caller's bytes are not kept
            st.avail_in = 0;
            if (finished) {
                gz_member_done = true; // deflate data, CRC-32 and length read and checked
            } else if (input.empty()) {
                break;
            }
        }
    }

    // Inflates st's input until it is consumed and no output is pending, or
    // the member ends (returns true).
    bool inflate_slice(inflate_state& st) {
        while (true) {
            std::uint32_t avail_before = st.avail_in;
            st.next_out = reinterpret_cast<std::uint8_t*>(out.data());
            st.avail_out = static_cast<std::uint32_t>(out.size());
            int rc = isal_inflate(&st);
            std::size_t produced = out.size() - st.avail_out;
            if (rc < 0) {
                throw DecodeError{std::string("gzip: ") + isal_error(rc)};
            }
            if (produced > 0) {
                output(std::span<const std::byte>(out.data(), produced));
            }
            if (st.block_state == ISAL_BLOCK_FINISH) {
                return true;
            }
            if (st.avail_in == 0 && produced < out.size()) {
                return false; // input consumed and nothing more pending
            }
            if (produced == 0 && st.avail_in == avail_before) {
                // Not expected from ISA-L; never loop without progress.
                throw DecodeError{"gzip: the decoder made no progress"};
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
        impl_->gz = std::make_unique<inflate_state>();
        isal_inflate_init(impl_->gz.get());
        // Each member's header is read by GzipHeader; ISA-L reads the deflate
        // data and checks the trailer's CRC-32 and length.
        impl_->gz->crc_flag = ISAL_GZIP_NO_HDR_VER;
        impl_->out.resize(gzip_chunk_size);
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
        return impl_->gz_member_done;
    case Compression::zstd:
        return impl_->saw_input && impl_->zstd_hint == 0;
    case Compression::none:
        break;
    }
    return true;
}

} // namespace airlock::sbom::detail
