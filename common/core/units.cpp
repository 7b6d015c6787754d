#include "common/core/units.hpp"

#include "common/core/error.hpp"

#include <string>

namespace airlock {

std::uint64_t parse_size(std::string_view text) {
    size_t i = 0;
    std::uint64_t value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        if (value > (UINT64_MAX - 9) / 10) {
            fail(ErrorCode::usage, "size '" + std::string(text) + "' is too large");
        }
        value = value * 10 + static_cast<std::uint64_t>(text[i] - '0');
        ++i;
    }
    std::string_view unit = text.substr(i);
    struct U {
        std::string_view name;
        std::uint64_t factor;
    };
    static constexpr U units[] = {{"", 1},
                                  {"B", 1},
                                  {"KiB", 1ULL << 10},
                                  {"MiB", 1ULL << 20},
                                  {"GiB", 1ULL << 30},
                                  {"TiB", 1ULL << 40},
                                  {"KB", 1000},
                                  {"MB", 1000 * 1000},
                                  {"GB", 1000ULL * 1000 * 1000},
                                  {"TB", 1000ULL * 1000 * 1000 * 1000}};
    if (i == 0 || value == 0) {
        fail(ErrorCode::usage, "invalid size '" + std::string(text) +
                                   "': expected e.g. 4GiB, 700MiB or a byte count");
    }
    for (const U& u : units) {
        if (unit == u.name) {
            if (value > UINT64_MAX / u.factor) {
                fail(ErrorCode::usage, "size '" + std::string(text) + "' is too large");
            }
            return value * u.factor;
        }
    }
    fail(ErrorCode::usage, "invalid size unit in '" + std::string(text) +
                               "': use B, KiB, MiB, GiB, TiB, KB, MB, GB or TB");
}

} // namespace airlock
