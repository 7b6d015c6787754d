#include "common/archive/tar_index.hpp"

#include "common/archive/archive_read.hpp"
#include "common/core/error.hpp"

#include <algorithm>
#include <cstring>

namespace airlock {

namespace {

constexpr size_t max_entries = 1'000'000;
constexpr int max_link_depth = 16;
constexpr std::uint64_t block = 512;

std::vector<std::string_view> split_path(std::string_view p) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= p.size()) {
        size_t slash = p.find('/', start);
        size_t end = slash == std::string_view::npos ? p.size() : slash;
        if (end > start) {
            parts.push_back(p.substr(start, end - start));
        }
        start = end + 1;
    }
    return parts;
}

std::string join(const std::vector<std::string_view>& parts) {
    std::string out;
    for (std::string_view part : parts) {
        if (!out.empty()) {
            out += '/';
        }
        out += part;
    }
    return out;
}

// A link target, interpreted inside the archive: relative to the link's
// directory for symbolic links, to the root for hard links. ".." may climb
// within the archive but never above its root.
std::optional<std::string> resolve_in_archive(std::string_view base_dir, std::string_view target) {
    if (target.empty() || target.front() == '/') {
        return std::nullopt;
    }
    std::vector<std::string_view> out = split_path(base_dir);
    for (std::string_view part : split_path(target)) {
        if (part == ".") {
            continue;
        }
        if (part == "..") {
            if (out.empty()) {
                return std::nullopt;
            }
            out.pop_back();
            continue;
        }
        out.push_back(part);
    }
    if (out.empty()) {
        return std::nullopt;
    }
    return join(out);
}

std::string_view dir_of(std::string_view name) {
    size_t slash = name.rfind('/');
    return slash == std::string_view::npos ? std::string_view() : name.substr(0, slash);
}

class Scanner {
  public:
    explicit Scanner(const File& file) : file_(file), size_(file.size()) {}

    [[noreturn]] void malformed(const std::string& why) const {
        fail(ErrorCode::spec, "cannot read tar archive " + file_.path().string() + ": " + why);
    }

    std::string archive_error(struct archive* a) const {
        const char* msg = archive_error_string(a);
        return msg ? msg : "unknown libarchive error";
    }

    // libarchive reports where an entry's data begins; check it against the
    // bytes in the file, so a change in how it counts can never serve a layer
    // from the wrong offset.
    void check_offset(struct archive* a, const std::string& name, std::uint64_t offset,
                      std::uint64_t size) const {
        if (size == 0) {
            return;
        }
        const void* data = nullptr;
        size_t len = 0;
        la_int64_t at = 0;
        int r = archive_read_data_block(a, &data, &len, &at);
        if (r != ARCHIVE_OK || at != 0 || len == 0) {
            malformed("cannot read entry '" + name + "': " + archive_error(a));
        }
        size_t n = static_cast<size_t>(std::min<std::uint64_t>({len, size, block}));
        std::byte head[block];
        file_.read_exact_at(std::span(head, n), offset);
        if (std::memcmp(head, data, n) != 0) {
            fail(ErrorCode::internal, "tar index of " + file_.path().string() +
                                          ": data offset of '" + name + "' is wrong");
        }
    }

    std::uint64_t size() const { return size_; }

  private:
    const File& file_;
    std::uint64_t size_;
};

} // namespace

std::optional<std::string> normalise_entry_name(std::string_view name) {
    if (name.empty() || name.front() == '/') {
        return std::nullopt;
    }
    std::vector<std::string_view> parts;
    for (std::string_view part : split_path(name)) {
        if (part == "..") {
            return std::nullopt;
        }
        if (part != ".") {
            parts.push_back(part);
        }
    }
    if (parts.empty()) {
        return std::string(); // "./": the root directory entry itself
    }
    return join(parts);
}

TarIndex::TarIndex(const std::filesystem::path& tar)
    : file_(std::make_shared<const File>(File::open_read(tar))) {
    Scanner scan(*file_);
    detail::ArchiveRead a(archive_read_new());
    if (!a) {
        fail(ErrorCode::internal, "cannot allocate a libarchive reader");
    }
    // Every filter is enabled only to recognise compression and refuse it
    // with a clear message: blobs are served as byte ranges of the tar,
    // which needs an uncompressed, seekable file.
    archive_read_support_filter_all(a.get());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_fd(a.get(), file_->fd(), 64 * 1024) != ARCHIVE_OK) {
        scan.malformed(scan.archive_error(a.get()));
    }
    if (archive_filter_count(a.get()) > 1 ||
        archive_filter_code(a.get(), 0) != ARCHIVE_FILTER_NONE) {
        const char* filter = archive_filter_name(a.get(), 0);
        scan.malformed(std::string("it is compressed (") + (filter ? filter : "unknown") +
                       "); only uncompressed tar archives can be read in place, decompress it "
                       "first");
    }

    std::uint64_t end_of_entries = 0;
    size_t count = 0;
    for (;;) {
        struct archive_entry* e = nullptr;
        int r = archive_read_next_header(a.get(), &e);
        if (r == ARCHIVE_EOF) {
            break;
        }
        if (r != ARCHIVE_OK) {
            scan.malformed(scan.archive_error(a.get()));
        }
        if (++count > max_entries) {
            scan.malformed("more than " + std::to_string(max_entries) + " entries");
        }
        const char* raw = archive_entry_pathname(e);
        if (raw == nullptr) {
            scan.malformed("entry " + std::to_string(count) + " has no usable name");
        }
        auto name = normalise_entry_name(raw);
        if (!name) {
            scan.malformed("unsafe entry name '" + std::string(raw) +
                           "' (absolute or containing '..')");
        }
        la_int64_t data_at = archive_filter_bytes(a.get(), 0);
        la_int64_t entry_size = archive_entry_size(e);
        if (data_at < 0 || entry_size < 0) {
            scan.malformed("entry '" + *name + "' has an invalid size or position");
        }
        auto offset = static_cast<std::uint64_t>(data_at);
        auto size = static_cast<std::uint64_t>(entry_size);
        if (offset > scan.size() || size > scan.size() - offset) {
            scan.malformed("truncated: entry '" + *name + "' needs " + std::to_string(size) +
                           " bytes at offset " + std::to_string(offset) + " but the file has " +
                           std::to_string(scan.size()));
        }
        end_of_entries = offset + (size + block - 1) / block * block;

        const char* hardlink = archive_entry_hardlink(e);
        auto type = archive_entry_filetype(e);
        if (hardlink != nullptr) {
            if (auto target = resolve_in_archive("", hardlink)) {
                links_[*name] = *target;
            }
        } else if (type == AE_IFLNK) {
            const char* target = archive_entry_symlink(e);
            if (auto resolved = resolve_in_archive(dir_of(*name), target ? target : "")) {
                links_[*name] = *resolved;
            }
        } else if (type == AE_IFREG) {
            if (archive_entry_sparse_count(e) > 0) {
                scan.malformed("entry '" + *name + "' is a sparse file");
            }
            if (files_.count(*name) != 0 || links_.count(*name) != 0) {
                scan.malformed("duplicate entry '" + *name + "'");
            }
            scan.check_offset(a.get(), *name, offset, size);
            files_.emplace(*name, Entry{offset, size});
        }
        // Directories, devices and FIFOs carry no content an image needs.
    }
    // Producers end a tar with two zero blocks; without them the file was cut
    // at an entry boundary and entries may be missing.
    la_int64_t end = archive_filter_bytes(a.get(), 0);
    if (end < 0 || static_cast<std::uint64_t>(end) < end_of_entries + 2 * block) {
        scan.malformed("truncated: no end-of-archive marker after the last entry");
    }
}

std::optional<TarIndex::Entry> TarIndex::find(std::string_view name) const {
    auto normal = normalise_entry_name(name);
    if (!normal) {
        return std::nullopt;
    }
    return find_resolved(*normal, 0);
}

std::optional<TarIndex::Entry> TarIndex::find_resolved(const std::string& name, int depth) const {
    if (auto it = files_.find(name); it != files_.end()) {
        return it->second;
    }
    if (auto it = links_.find(name); it != links_.end() && depth < max_link_depth) {
        return find_resolved(it->second, depth + 1);
    }
    return std::nullopt;
}

FileSlice TarIndex::open(std::string_view name) const {
    auto entry = find(name);
    if (!entry) {
        fail(ErrorCode::not_found,
             "tar archive " + path().string() + " has no file '" + std::string(name) + "'");
    }
    return FileSlice{file_, entry->offset, entry->size};
}

std::vector<std::string> TarIndex::file_names() const {
    std::vector<std::string> names;
    names.reserve(files_.size());
    for (const auto& [name, entry] : files_) {
        names.push_back(name);
    }
    return names;
}

} // namespace airlock
