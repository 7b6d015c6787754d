#include "builder/helm/go_strings.hpp"

#include "builder/chart/go_json.hpp"

namespace airlock::helm {

bool go_is_space(char32_t r) {
    switch (r) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
        return true;
    default:
        return r >= 0x2000 && r <= 0x200A;
    }
}

std::string go_trim_space(std::string_view s) {
    std::size_t begin = 0;
    while (begin < s.size()) {
        std::size_t pos = begin;
        const char32_t r = builder::next_code_point(s, pos);
        if (!go_is_space(r)) {
            break;
        }
        begin = pos;
    }
    std::size_t end = s.size();
    while (end > begin) {
        // Step back to the start of the last rune.
        std::size_t start = end - 1;
        while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 &&
               end - start < 4) {
            --start;
        }
        std::size_t pos = start;
        const char32_t r = builder::next_code_point(s, pos);
        if (pos != end || !go_is_space(r)) {
            break;
        }
        end = start;
    }
    return std::string(s.substr(begin, end - begin));
}

} // namespace airlock::helm
