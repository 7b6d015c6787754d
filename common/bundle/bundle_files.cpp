#include "common/bundle/bundle_files.hpp"

#include "common/bundle/offsets.hpp"
#include "common/core/error.hpp"

#include <algorithm>

namespace airlock {

BundleFiles BundleFiles::open(const std::filesystem::path& path, bool writable) {
    BundleFiles b;
    b.writable_ = writable;
    std::string base = path.string();
    if (base.size() > 4 && base.ends_with(".001") &&
        !std::filesystem::exists(base.substr(0, base.size() - 4))) {
        base.resize(base.size() - 4);
    }
    if (std::filesystem::is_regular_file(base)) {
        b.paths_.emplace_back(base);
    } else if (std::filesystem::is_regular_file(volume_name(base, 0))) {
        b.split_ = true;
        size_t i = 0;
        for (; std::filesystem::is_regular_file(volume_name(base, i)); ++i) {
            b.paths_.emplace_back(volume_name(base, i));
        }
        // A gap is named here: reading on would report the wrong volume as truncated.
        for (size_t j = i + 1; j < i + 64; ++j) {
            if (std::filesystem::exists(volume_name(base, j))) {
                fail(ErrorCode::malformed,
                     "volume " + volume_name(base, i) + " of split bundle " + base + " is missing");
            }
        }
    } else {
        fail(ErrorCode::not_found,
             "bundle " + base + " not found (nor " + volume_name(base, 0) + ")");
    }
    for (const auto& p : b.paths_) {
        auto f = std::make_shared<File>(writable ? File::open_read_write(p) : File::open_read(p));
        b.starts_.push_back(b.total_);
        b.total_ += f->size();
        b.files_.push_back(std::move(f));
    }
    return b;
}

std::vector<std::uint64_t> BundleFiles::volume_sizes() const {
    std::vector<std::uint64_t> out;
    for (size_t i = 0; i < files_.size(); ++i) {
        out.push_back((i + 1 < starts_.size() ? starts_[i + 1] : total_) - starts_[i]);
    }
    return out;
}

void BundleFiles::fail_past_end() const {
    fail(ErrorCode::malformed,
         split_
             ? "split bundle ends after volume " + paths_.back().string() + " (byte " +
                   std::to_string(total_) + "): a later volume is missing or a volume is truncated"
             : "bundle " + paths_.front().string() + " is truncated: it ends at byte " +
                   std::to_string(total_));
}

void BundleFiles::read_at(std::span<std::byte> buf, std::uint64_t offset) const {
    while (!buf.empty()) {
        if (offset >= total_) {
            fail_past_end();
        }
        auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
        size_t v = static_cast<size_t>(it - starts_.begin()) - 1;
        std::uint64_t end = v + 1 < starts_.size() ? starts_[v + 1] : total_;
        size_t n = static_cast<size_t>(std::min<std::uint64_t>(buf.size(), end - offset));
        files_[v]->read_exact_at(buf.first(n), offset - starts_[v]);
        buf = buf.subspan(n);
        offset += n;
    }
}

std::string BundleFiles::read_string(std::uint64_t offset, std::uint64_t size) const {
    std::string s(size, '\0');
    read_at(std::as_writable_bytes(std::span(s.data(), s.size())), offset);
    return s;
}

std::vector<VolumeSpan> BundleFiles::spans(std::uint64_t offset, std::uint64_t size) const {
    // Checked up front (and without overflow), so a caller never gets the
    // first spans of a range that cannot be sent whole.
    if (offset > total_ || size > total_ - offset) {
        fail_past_end();
    }
    std::vector<VolumeSpan> out;
    while (size > 0) {
        auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
        size_t v = static_cast<size_t>(it - starts_.begin()) - 1;
        std::uint64_t end = v + 1 < starts_.size() ? starts_[v + 1] : total_;
        std::uint64_t n = std::min(size, end - offset);
        // upper_bound skips empty volumes, so n > 0 here (offset < total_).
        out.push_back({files_[v]->fd(), offset - starts_[v], n});
        size -= n;
        offset += n;
    }
    return out;
}

void BundleFiles::write_durably(std::string_view data, std::uint64_t offset) {
    if (!writable_) {
        fail(ErrorCode::internal, "bundle " + paths_.front().string() + " is open read-only");
    }
    if (offset + data.size() > total_) {
        fail(ErrorCode::internal, "write past the end of bundle " + paths_.front().string());
    }
    while (!data.empty()) {
        auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
        size_t v = static_cast<size_t>(it - starts_.begin()) - 1;
        std::uint64_t end = v + 1 < starts_.size() ? starts_[v + 1] : total_;
        size_t n = static_cast<size_t>(std::min<std::uint64_t>(data.size(), end - offset));
        files_[v]->write_at(data.substr(0, n), offset - starts_[v]);
        files_[v]->fsync();
        data.remove_prefix(n);
        offset += n;
    }
}

} // namespace airlock
