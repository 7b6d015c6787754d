#include "common/core/text.hpp"

namespace airlock {

std::string printable(std::string_view text, std::size_t max_shown) {
    std::string out;
    for (char c : text.substr(0, max_shown)) {
        auto u = static_cast<unsigned char>(c);
        out.push_back(u < 0x20 || u == 0x7f ? '?' : c);
    }
    if (text.size() > max_shown) {
        out += "...";
    }
    return out;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

} // namespace airlock
