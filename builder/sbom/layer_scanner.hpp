#pragma once
// The scan of one image layer for package databases, fed by the copy pipeline
// while the layer streams into the bundle (nothing is read twice).
//
// LayerScanner is one more BlobSink next to the bundle's own: copy_blob
// (common/copy/copy.hpp) hands it every byte of the compressed layer. It tells
// gzip, zstd and plain tar apart by their first bytes, decompresses and reads
// the tar as the bytes pass, and keeps only the files package managers keep
// their databases in (database_paths() below), plus the whiteouts and other
// entries that hide such files in lower layers.
//
// A layer is untrusted input. Nothing in it makes the scanner throw from
// write() or commit(), so a bad layer never fails the copy: a layer that is
// not a tar, a truncated or corrupt stream, a database larger than its limit
// or a decompression bomb end the scan with a note in the findings, and the
// packages found so far are kept. Memory is bounded by ScanLimits; data of
// every other file is decompressed and skipped, never buffered.
#include "common/transport/blob_sink.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::sbom {

struct ScanLimits {
    std::uint64_t max_file_bytes = 64ull << 20;   // one database file
    std::uint64_t max_kept_bytes = 256ull << 20;  // all database files of the layer
    std::uint64_t max_kept_files = 100000;        // status.d/ holds one file per package
    std::uint64_t max_decompressed = 64ull << 30; // bytes of tar processed per layer
    // Past `ratio_floor` decompressed bytes, stop when the output exceeds
    // `max_ratio` times the compressed input (a decompression bomb).
    std::uint64_t ratio_floor = 1ull << 30;
    std::uint64_t max_ratio = 1000;
};

// What a layer holds that matters to the package scan. Paths are relative to
// the root file system, without a leading '/' or "./".
struct LayerFindings {
    // Database files (regular files at database paths) with their bytes.
    std::map<std::string, std::string> files;
    // Paths this layer removes from the layers below it, each with
    // everything under it: whiteouts (".wh.<name>") and entries that replace
    // a database file or one of its parent folders with something else (a
    // symbolic link, a folder, a file larger than the limit).
    std::set<std::string> removed;
    // Folders whose lower-layer content this layer hides (".wh..wh..opq").
    std::set<std::string> opaque;
    // Why the scan is incomplete or what it could not use, one line each.
    std::vector<std::string> notes;
    std::string compression;     // "gzip", "zstd" or "none"
    std::uint64_t tar_bytes = 0; // decompressed bytes processed
    std::uint64_t tar_entries = 0;
    bool complete = false; // the whole layer was read as a tar
};

// The database files the scanner keeps: dpkg's status, apk's installed, rpm's
// SQLite database (both homes), os-release (both homes); and every file in
// dpkg's status.d/ folder (distroless images), md5sums lists excepted.
bool is_database_path(std::string_view path);

// Normalises a tar entry name: no leading "./" or '/', no trailing '/', no
// empty or "." components. Returns "" for a name with a ".." component.
std::string normalize_layer_path(std::string_view name);

class LayerScanner final : public BlobSink {
  public:
    explicit LayerScanner(ScanLimits limits = {});
    ~LayerScanner() override;
    LayerScanner(const LayerScanner&) = delete;
    LayerScanner& operator=(const LayerScanner&) = delete;

    // Never throws for anything in the data (see above).
    void write(std::span<const std::byte> data) override;
    // Ends the scan: a stream that stops short is noted here.
    void commit() override;

    // The result; complete after commit(). Calling it before commit (the copy
    // failed) gives what was found so far, marked incomplete.
    const LayerFindings& findings() const;
    LayerFindings take_findings();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace airlock::sbom
