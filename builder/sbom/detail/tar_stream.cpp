#include "builder/sbom/detail/tar_stream.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string_view>

namespace airlock::sbom::detail {

namespace {

constexpr std::size_t block_size = 512;

std::string_view field(const std::byte* block, std::size_t offset, std::size_t length) {
    const char* p = reinterpret_cast<const char*>(block) + offset;
    std::size_t n = 0;
    while (n < length && p[n] != '\0') {
        ++n;
    }
    return {p, n};
}

// An octal field (leading spaces, then digits, ended by space or NUL), or
// GNU's base-256 form for large values. Returns false when malformed.
bool numeric_field(const std::byte* block, std::size_t offset, std::size_t length,
                   std::uint64_t& value) {
    const auto* p = reinterpret_cast<const unsigned char*>(block) + offset;
    value = 0;
    if ((p[0] & 0x80) != 0) {
        if ((p[0] & 0x40) != 0) {
            return false; // negative
        }
        std::uint64_t v = p[0] & 0x3f;
        for (std::size_t i = 1; i < length; ++i) {
            if (v > (UINT64_MAX >> 8)) {
                return false;
            }
            v = (v << 8) | p[i];
        }
        value = v;
        return true;
    }
    std::size_t i = 0;
    while (i < length && p[i] == ' ') {
        ++i;
    }
    bool digits = false;
    for (; i < length && p[i] >= '0' && p[i] <= '7'; ++i) {
        if (value > (UINT64_MAX >> 3)) {
            return false;
        }
        value = (value << 3) | static_cast<std::uint64_t>(p[i] - '0');
        digits = true;
    }
    for (; i < length; ++i) {
        if (p[i] != ' ' && p[i] != '\0') {
            return false;
        }
    }
    return digits || length > 0;
}

bool all_zero(const std::byte* block) {
    return std::all_of(block, block + block_size, [](std::byte b) { return b == std::byte{0}; });
}

bool checksum_ok(const std::byte* block) {
    std::uint64_t stored = 0;
    if (!numeric_field(block, 148, 8, stored)) {
        return false;
    }
    std::uint64_t unsigned_sum = 0;
    std::int64_t signed_sum = 0;
    for (std::size_t i = 0; i < block_size; ++i) {
        auto b = (i >= 148 && i < 156) ? std::byte{' '} : block[i];
        unsigned_sum += static_cast<unsigned char>(b);
        signed_sum += static_cast<signed char>(b);
    }
    // Some old archivers summed signed chars.
    return stored == unsigned_sum || static_cast<std::int64_t>(stored) == signed_sum;
}

std::uint64_t round_up(std::uint64_t n) {
    return (block_size - n % block_size) % block_size;
}

} // namespace

void TarStream::feed(std::span<const std::byte> bytes) {
    while (!bytes.empty()) {
        switch (state_) {
        case State::end:
            return;
        case State::header: {
            std::size_t take = std::min(bytes.size(), block_size - filled_);
            std::memcpy(block_ + filled_, bytes.data(), take);
            filled_ += take;
            bytes = bytes.subspan(take);
            consumed_ += take;
            if (filled_ == block_size) {
                filled_ = 0;
                header_complete();
            }
            break;
        }
        case State::data:
        case State::extension: {
            auto take = static_cast<std::size_t>(std::min<std::uint64_t>(bytes.size(), remaining_));
            if (state_ == State::extension) {
                extension_.append(reinterpret_cast<const char*>(bytes.data()), take);
            } else if (wanted_) {
                visitor_.data(bytes.first(take));
            }
            remaining_ -= take;
            bytes = bytes.subspan(take);
            consumed_ += take;
            if (remaining_ == 0) {
                if (state_ == State::extension) {
                    extension_complete();
                } else if (wanted_) {
                    visitor_.end_of_data();
                }
                state_ = padding_ > 0 ? State::padding : State::header;
            }
            break;
        }
        case State::padding: {
            auto take = static_cast<std::size_t>(std::min<std::uint64_t>(bytes.size(), padding_));
            padding_ -= take;
            bytes = bytes.subspan(take);
            consumed_ += take;
            if (padding_ == 0) {
                state_ = State::header;
            }
            break;
        }
        }
    }
}

void TarStream::header_complete() {
    offset_ = consumed_ - block_size;
    if (all_zero(block_)) {
        // The end-of-archive marker is two zero blocks; one is enough to stop
        // (GNU tar accepts that too), and nothing after it is an entry.
        state_ = State::end;
        return;
    }
    if (!checksum_ok(block_)) {
        throw TarError{"not a tar header at offset " + std::to_string(offset_) + " (bad checksum)"};
    }
    std::uint64_t size = 0;
    if (!numeric_field(block_, 124, 12, size)) {
        throw TarError{"bad size field in the tar header at offset " + std::to_string(offset_)};
    }
    char type = static_cast<char>(block_[156]);
    if (type == 'x' || type == 'L' || type == 'K' || type == 'g') {
        if (size > max_extension_bytes) {
            throw TarError{"tar header extension of " + std::to_string(size) + " bytes at offset " +
                           std::to_string(offset_) + " exceeds the limit"};
        }
        extension_type_ = type;
        extension_.clear();
        remaining_ = size;
        padding_ = round_up(size);
        state_ = size > 0 ? State::extension : State::header;
        if (size == 0) {
            extension_complete();
        }
        return;
    }

    TarEntry e;
    e.type = type == '\0' ? '0' : type;
    std::string_view magic = field(block_, 257, 6);
    std::string name(field(block_, 0, 100));
    if (magic.substr(0, 5) == "ustar") {
        std::string_view prefix = field(block_, 345, 155);
        if (!prefix.empty()) {
            name = std::string(prefix) + "/" + name;
        }
    }
    e.path = !pax_path_.empty() ? pax_path_ : !gnu_longname_.empty() ? gnu_longname_ : name;
    e.linkname = !pax_linkpath_.empty() ? pax_linkpath_ : std::string(field(block_, 157, 100));
    e.size = pax_size_set_ ? pax_size_ : size;
    pax_path_.clear();
    pax_linkpath_.clear();
    gnu_longname_.clear();
    pax_size_set_ = false;
    ++entries_;

    if (e.size > (UINT64_MAX >> 2)) {
        throw TarError{"entry size out of range at offset " + std::to_string(offset_)};
    }
    remaining_ = e.size;
    padding_ = round_up(e.size);
    wanted_ = visitor_.entry(e);
    if (remaining_ > 0) {
        state_ = State::data;
    } else {
        if (wanted_) {
            visitor_.end_of_data();
        }
        state_ = padding_ > 0 ? State::padding : State::header;
    }
}

void TarStream::extension_complete() {
    if (extension_type_ == 'L') {
        gnu_longname_ = extension_.substr(0, extension_.find('\0'));
    } else if (extension_type_ == 'x') {
        // Records: "<length> <key>=<value>\n", length counting the whole record.
        std::string_view rest = extension_;
        while (!rest.empty()) {
            std::size_t length = 0;
            auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), length);
            std::size_t digits = static_cast<std::size_t>(p - rest.data());
            if (ec != std::errc{} || length <= digits + 1 || length > rest.size() ||
                rest[digits] != ' ' || rest[length - 1] != '\n') {
                throw TarError{"malformed pax header before offset " + std::to_string(consumed_)};
            }
            std::string_view record = rest.substr(digits + 1, length - digits - 2);
            rest.remove_prefix(length);
            std::size_t eq = record.find('=');
            if (eq == std::string_view::npos) {
                throw TarError{"malformed pax record before offset " + std::to_string(consumed_)};
            }
            std::string_view key = record.substr(0, eq);
            std::string_view value = record.substr(eq + 1);
            if (key == "path") {
                pax_path_ = std::string(value);
            } else if (key == "linkpath") {
                pax_linkpath_ = std::string(value);
            } else if (key == "size") {
                std::uint64_t v = 0;
                auto [q, ec2] = std::from_chars(value.data(), value.data() + value.size(), v);
                if (ec2 != std::errc{} || q != value.data() + value.size()) {
                    throw TarError{"malformed pax size before offset " + std::to_string(consumed_)};
                }
                pax_size_ = v;
                pax_size_set_ = true;
            }
        }
    }
    // 'K' (GNU long link name) and 'g' (global pax header) carry nothing we use.
    extension_.clear();
    extension_.shrink_to_fit();
}

} // namespace airlock::sbom::detail
