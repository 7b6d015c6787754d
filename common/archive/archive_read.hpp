#pragma once
// PRIVATE to common/archive: include only from .cpp files there. Public
// headers never expose libarchive types.
#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace airlock::detail {

struct ArchiveReadFree {
    void operator()(struct archive* a) const noexcept { archive_read_free(a); }
};

// Owner of a libarchive read handle; archive_read_free also closes it.
using ArchiveRead = std::unique_ptr<struct archive, ArchiveReadFree>;

} // namespace airlock::detail
