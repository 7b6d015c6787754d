#include "common/io/file_reader.hpp"

#include "common/core/error.hpp"

#include <algorithm>
#include <cstring>

namespace airlock {

FileReader::FileReader(const std::filesystem::path& path)
    : file_(std::make_shared<const File>(File::open_read(path))) {
    end_ = file_->size();
}

FileReader::FileReader(const std::filesystem::path& path, std::uint64_t offset,
                       std::uint64_t length)
    : FileReader(std::make_shared<const File>(File::open_read(path)), offset, length) {}

FileReader::FileReader(std::shared_ptr<const File> file, std::uint64_t offset, std::uint64_t length)
    : file_(std::move(file)), pos_(offset), end_(offset + length) {
    if (!file_ || !file_->is_open()) {
        fail(ErrorCode::internal, "FileReader given a closed file");
    }
    if (end_ < offset) {
        fail(ErrorCode::io, "byte range at " + std::to_string(offset) + " of " +
                                file_->path().string() + " overflows");
    }
}

size_t FileReader::read(std::span<std::byte> buf) {
    if (buf.empty()) {
        return 0;
    }
    if (buffer_pos_ < buffer_len_) {
        size_t n = std::min(buf.size(), buffer_len_ - buffer_pos_);
        std::memcpy(buf.data(), buffer_.data() + buffer_pos_, n);
        buffer_pos_ += n;
        return n;
    }
    std::uint64_t left = end_ - pos_;
    if (left == 0) {
        return 0;
    }
    // Large reads go straight into the caller's buffer; small ones are served
    // from one big pread so a chatty caller does not cost a syscall per call.
    bool direct = buf.size() >= buffer_size || left <= buf.size();
    std::span<std::byte> target = buf;
    if (!direct) {
        if (buffer_.empty()) {
            buffer_.resize(buffer_size);
        }
        target = std::span<std::byte>(buffer_);
    }
    size_t want = static_cast<size_t>(std::min<std::uint64_t>(target.size(), left));
    file_->read_exact_at(target.first(want), pos_);
    pos_ += want;
    if (direct) {
        return want;
    }
    buffer_pos_ = 0;
    buffer_len_ = want;
    size_t n = std::min(buf.size(), buffer_len_);
    std::memcpy(buf.data(), buffer_.data(), n);
    buffer_pos_ = n;
    return n;
}

} // namespace airlock
