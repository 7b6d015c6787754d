#pragma once
// Where the files of an OCI image layout live: a directory, or the entries of
// an uncompressed tar. OciLayoutSource reads "oci-layout", "index.json" and
// "blobs/sha256/<hex>" through this, so the layout logic is written once.
#include "common/io/file.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace airlock {

// A byte range of an open file; several slices may share the file.
struct FileSlice {
    std::shared_ptr<const File> file;
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
};

class LayoutFiles {
  public:
    virtual ~LayoutFiles() = default;
    // "oci:/path" or "oci-archive:/path.tar", for messages.
    virtual std::string describe() const = 0;
    // Opens the layout file `relative` (a fixed name or "blobs/sha256/<hex>"
    // built from a validated digest). Throws Error(not_found) naming it when
    // the layout has no such file.
    virtual FileSlice open(std::string_view relative) const = 0;
};

// Reads a whole slice into memory, refusing one larger than max_bytes with
// Error(integrity) naming `what` (documents that are parsed in memory).
std::string read_slice(const FileSlice& slice, size_t max_bytes, const std::string& what);

// The layout files of a directory. Files are opened beneath the directory
// without following symbolic links, so nothing outside it is ever read.
std::unique_ptr<LayoutFiles> directory_layout_files(const std::filesystem::path& dir);

} // namespace airlock
