#pragma once
// Private to builder/sbom. A push-mode tar reader: bytes go in as they come
// (any piece size), entries come out through a visitor, and no file's data is
// buffered unless the visitor asks for it. Reads ustar and v7 headers, GNU
// long names ('L') and base-256 sizes, and pax extended headers ('x': path,
// linkpath, size). Header extensions are bounded; everything else is skipped
// as it streams by, so memory stays constant whatever the entry sizes.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace airlock::sbom::detail {

struct TarEntry {
    std::string path;     // as written in the archive (not normalised)
    std::string linkname; // hard or symbolic link target
    char type = '0';      // typeflag; '\0' is reported as '0'
    std::uint64_t size = 0;
};

class TarVisitor {
  public:
    virtual ~TarVisitor() = default;
    // A new entry; return true to receive its data through data().
    virtual bool entry(const TarEntry& e) = 0;
    virtual void data(std::span<const std::byte> bytes) = 0;
    // The entry whose data was asked for is complete.
    virtual void end_of_data() = 0;
};

// Thrown for a header that is not a tar header, or an extension too large.
struct TarError {
    std::string message;
};

class TarStream {
  public:
    static constexpr std::size_t max_extension_bytes = 1024 * 1024;

    explicit TarStream(TarVisitor& visitor) : visitor_(visitor) {}

    // Throws TarError on a bad header; the stream is then unusable.
    void feed(std::span<const std::byte> bytes);
    // The end-of-archive marker (a zero block) was seen: later bytes are ignored.
    bool at_end() const { return state_ == State::end; }
    // No entry, header or padding is cut short: the input so far is a whole
    // archive, possibly without its end marker.
    bool at_boundary() const {
        return state_ == State::end || (state_ == State::header && filled_ == 0);
    }
    std::uint64_t entries() const { return entries_; }

  private:
    enum class State { header, data, extension, padding, end };

    void header_complete();
    void extension_complete();

    TarVisitor& visitor_;
    State state_ = State::header;
    std::byte block_[512]{};
    std::size_t filled_ = 0;
    std::uint64_t remaining_ = 0; // data or extension bytes left in the entry
    std::uint64_t padding_ = 0;
    bool wanted_ = false;
    std::uint64_t offset_ = 0; // archive offset of the current header, for messages
    std::uint64_t consumed_ = 0;
    std::uint64_t entries_ = 0;

    char extension_type_ = 0;
    std::string extension_;
    std::string pax_path_, pax_linkpath_, gnu_longname_;
    bool pax_size_set_ = false;
    std::uint64_t pax_size_ = 0;
};

} // namespace airlock::sbom::detail
