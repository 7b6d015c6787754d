#include "common/transport/blob_reader.hpp"

#include "common/core/error.hpp"

#include <algorithm>
#include <cstring>

namespace airlock {

size_t MemoryReader::read(std::span<std::byte> buf) {
    size_t n = std::min(buf.size(), bytes_.size() - pos_);
    std::memcpy(buf.data(), bytes_.data() + pos_, n);
    pos_ += n;
    return n;
}

std::string read_all(BlobReader& reader, size_t max_bytes, const std::string& what) {
    std::string out;
    std::byte buf[16384];
    for (;;) {
        size_t n = reader.read(buf);
        if (n == 0) {
            return out;
        }
        if (out.size() + n > max_bytes) {
            fail(ErrorCode::integrity,
                 what + " is larger than the " + std::to_string(max_bytes) + " byte limit");
        }
        out.append(reinterpret_cast<const char*>(buf), n);
    }
}

} // namespace airlock
