#include "common/layout/layout_files.hpp"

#include "common/core/error.hpp"

namespace airlock {

std::string read_slice(const FileSlice& slice, size_t max_bytes, const std::string& what) {
    if (slice.size > max_bytes) {
        fail(ErrorCode::integrity, what + " is " + std::to_string(slice.size) +
                                       " bytes, more than the " + std::to_string(max_bytes) +
                                       " byte limit");
    }
    std::string out(static_cast<size_t>(slice.size), '\0');
    slice.file->read_exact_at(std::as_writable_bytes(std::span(out.data(), out.size())),
                              slice.offset);
    return out;
}

} // namespace airlock
