#include "common/archive/tgz.hpp"

#include "common/archive/archive_read.hpp"
#include "common/archive/tar_index.hpp"
#include "common/core/error.hpp"
#include "common/core/text.hpp"

#include <set>

namespace airlock {

namespace {

struct ArchiveWriteFree {
    void operator()(struct archive* a) const noexcept { archive_write_free(a); }
};
using ArchiveWrite = std::unique_ptr<struct archive, ArchiveWriteFree>;

struct EntryFree {
    void operator()(struct archive_entry* e) const noexcept { archive_entry_free(e); }
};
using Entry = std::unique_ptr<struct archive_entry, EntryFree>;

std::string archive_error(struct archive* a) {
    const char* msg = archive_error_string(a);
    return msg ? msg : "unknown libarchive error";
}

[[noreturn]] void refuse(const std::string& what, const std::string& why) {
    fail(ErrorCode::spec, what + ": " + why);
}

la_ssize_t append_to_string(struct archive*, void* out, const void* data, size_t n) {
    static_cast<std::string*>(out)->append(static_cast<const char*>(data), n);
    return static_cast<la_ssize_t>(n);
}

} // namespace

std::string write_tgz(const std::vector<TgzFile>& files, std::int64_t mtime) {
    std::string out;
    ArchiveWrite a(archive_write_new());
    if (!a) {
        fail(ErrorCode::internal, "cannot allocate a libarchive writer");
    }
    auto check = [&](int r, const char* step) {
        if (r != ARCHIVE_OK) {
            fail(ErrorCode::internal, std::string("cannot write a tar.gz archive (") + step +
                                          "): " + archive_error(a.get()));
        }
    };
    // pax_restricted: plain ustar headers, with a pax header only for what
    // ustar cannot hold (long or non-ASCII names).
    check(archive_write_set_format_pax_restricted(a.get()), "format");
    // Names are written as the bytes given (UTF-8), whatever the process
    // locale: converting them through a C locale fails for non-ASCII names.
    check(archive_write_set_format_option(a.get(), "pax", "hdrcharset", "BINARY"), "pax option");
    check(archive_write_add_filter_gzip(a.get()), "gzip");
    // No time stamp in the gzip header: the bytes must not depend on when they were made.
    check(archive_write_set_filter_option(a.get(), "gzip", "timestamp", nullptr), "gzip option");
    // The last block is not padded to libarchive's 10 KiB record size.
    check(archive_write_set_bytes_in_last_block(a.get(), 1), "block size");
    check(archive_write_open2(a.get(), &out, nullptr, append_to_string, nullptr, nullptr), "open");
    for (const TgzFile& f : files) {
        Entry e(archive_entry_new());
        if (!e) {
            fail(ErrorCode::internal, "cannot allocate a libarchive entry");
        }
        archive_entry_set_pathname(e.get(), f.name.c_str());
        archive_entry_set_filetype(e.get(), AE_IFREG);
        archive_entry_set_perm(e.get(), 0644);
        archive_entry_set_size(e.get(), static_cast<la_int64_t>(f.data.size()));
        archive_entry_set_mtime(e.get(), static_cast<time_t>(mtime), 0);
        archive_entry_set_uid(e.get(), 0);
        archive_entry_set_gid(e.get(), 0);
        check(archive_write_header(a.get(), e.get()), "header");
        if (!f.data.empty() && archive_write_data(a.get(), f.data.data(), f.data.size()) !=
                                   static_cast<la_ssize_t>(f.data.size())) {
            fail(ErrorCode::internal,
                 "cannot write tar entry '" + f.name + "': " + archive_error(a.get()));
        }
    }
    check(archive_write_close(a.get()), "close");
    return out;
}

std::vector<TgzFile> read_tgz(std::string_view bytes, const std::string& what,
                              const TgzLimits& limits) {
    if (bytes.size() > limits.max_compressed_bytes) {
        refuse(what, "the archive is larger than " + std::to_string(limits.max_compressed_bytes) +
                         " bytes");
    }
    detail::ArchiveRead a(archive_read_new());
    if (!a) {
        fail(ErrorCode::internal, "cannot allocate a libarchive reader");
    }
    archive_read_support_filter_gzip(a.get());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
        refuse(what, "not a gzip-compressed tar archive (" + archive_error(a.get()) + ")");
    }
    std::vector<TgzFile> files;
    std::set<std::string, std::less<>> seen;
    std::uint64_t total = 0;
    std::size_t entries = 0;
    for (;;) {
        struct archive_entry* e = nullptr;
        int r = archive_read_next_header(a.get(), &e);
        if (r == ARCHIVE_EOF) {
            break;
        }
        if (r != ARCHIVE_OK) {
            refuse(what,
                   "not a readable gzip-compressed tar archive (" + archive_error(a.get()) + ")");
        }
        if (entries == 0 && (archive_filter_count(a.get()) != 2 ||
                             archive_filter_code(a.get(), 0) != ARCHIVE_FILTER_GZIP)) {
            refuse(what, "not gzip-compressed");
        }
        if (++entries > limits.max_entries) {
            refuse(what, "more than " + std::to_string(limits.max_entries) + " entries");
        }
        // UTF-8 names (pax "path"), else the bytes as stored.
        const char* raw = archive_entry_pathname_utf8(e);
        if (raw == nullptr) {
            raw = archive_entry_pathname(e);
        }
        if (raw == nullptr) {
            refuse(what, "entry " + std::to_string(entries) + " has no usable name");
        }
        auto name = normalise_entry_name(raw);
        if (!name) {
            refuse(what,
                   "unsafe entry name '" + printable(raw) + "' (absolute or containing '..')");
        }
        const auto type = archive_entry_filetype(e);
        if (archive_entry_hardlink(e) != nullptr || type == AE_IFLNK) {
            refuse(what,
                   "entry '" + printable(*name) + "' is a link; only regular files are accepted");
        }
        if (type == AE_IFDIR) {
            continue;
        }
        if (type != AE_IFREG) {
            refuse(what, "entry '" + printable(*name) + "' is not a regular file");
        }
        if (name->empty()) {
            refuse(what, "a regular file has an empty name");
        }
        if (!seen.insert(*name).second) {
            refuse(what, "duplicate entry '" + printable(*name) + "'");
        }
        la_int64_t size = archive_entry_size(e);
        if (size < 0 || static_cast<std::uint64_t>(size) > limits.max_file_bytes) {
            refuse(what, "entry '" + printable(*name) + "' is larger than " +
                             std::to_string(limits.max_file_bytes) + " bytes");
        }
        total += static_cast<std::uint64_t>(size);
        if (total > limits.max_total_bytes) {
            refuse(what,
                   "its files hold more than " + std::to_string(limits.max_total_bytes) + " bytes");
        }
        TgzFile file{*name, std::string(static_cast<size_t>(size), '\0')};
        size_t got = 0;
        while (got < file.data.size()) {
            la_ssize_t n =
                archive_read_data(a.get(), file.data.data() + got, file.data.size() - got);
            if (n < 0) {
                refuse(what, "cannot read entry '" + printable(*name) + "' (" +
                                 archive_error(a.get()) + ")");
            }
            if (n == 0) {
                refuse(what, "entry '" + printable(*name) + "' is truncated");
            }
            got += static_cast<size_t>(n);
        }
        files.push_back(std::move(file));
    }
    if (entries == 0) {
        refuse(what, "the archive is empty");
    }
    return files;
}

} // namespace airlock
