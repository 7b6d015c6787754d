#pragma once
// Reads a bundle that may be split into volumes (X.airlock.001, .002, ...) as
// one byte range. Volume names and sizes are checked against the layout by the
// head reader; this class only maps offsets to files.
#include "common/io/file.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace airlock {

// `length` bytes at `offset` of one volume, open as `fd` for as long as the
// BundleFiles that handed it out (or a move of it) lives.
struct VolumeSpan {
    int fd = -1;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
};

class BundleFiles {
  public:
    // `path` is the bundle file, or the base name of a split bundle (the path
    // without ".001"), or its first volume. Error(not_found) when none exists.
    // With `writable`, the volumes are opened for writing in place: the one
    // change a bundle allows is a rewrite of its signature slot.
    static BundleFiles open(const std::filesystem::path& path, bool writable = false);

    std::uint64_t size() const { return total_; }
    const std::vector<std::filesystem::path>& volumes() const { return paths_; }
    std::vector<std::uint64_t> volume_sizes() const;
    bool split() const { return split_; }

    // Reads exactly buf.size() bytes at offset; Error(malformed) naming the
    // volume when the bundle ends first.
    void read_at(std::span<std::byte> buf, std::uint64_t offset) const;
    std::string read_string(std::uint64_t offset, std::uint64_t size) const;
    // Where the bundle's bytes [offset, offset + size) lie, in order, one span
    // per volume they touch (none when size is 0), for a server that sends
    // them without reading them (sendfile). Error(malformed) as read_at when
    // the bundle ends first.
    std::vector<VolumeSpan> spans(std::uint64_t offset, std::uint64_t size) const;

    // Writes `data` at offset (across volumes if it must) and makes it
    // durable (fsync) before returning. Only for a bundle opened writable.
    void write_durably(std::string_view data, std::uint64_t offset);
    // The first volume, open, for a lock on the whole bundle.
    const File& first_volume() const { return *files_.front(); }

  private:
    [[noreturn]] void fail_past_end() const;

    std::vector<std::filesystem::path> paths_;
    std::vector<std::shared_ptr<File>> files_;
    std::vector<std::uint64_t> starts_;
    std::uint64_t total_ = 0;
    bool split_ = false;
    bool writable_ = false;
};

} // namespace airlock
