#include "common/core/semver.hpp"

#include <charconv>
#include <tuple>

namespace airlock {

namespace {

bool all_digits(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

bool valid_identifier(std::string_view s, bool numeric_needs_no_leading_zero) {
    if (s.empty() ||
        s.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-") !=
            std::string_view::npos) {
        return false;
    }
    return !(numeric_needs_no_leading_zero && all_digits(s) && s.size() > 1 && s[0] == '0');
}

std::optional<unsigned long long> number(std::string_view s) {
    if (!all_digits(s) || (s.size() > 1 && s[0] == '0')) {
        return std::nullopt;
    }
    unsigned long long v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) {
        return std::nullopt;
    }
    return v;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    size_t start = 0;
    for (;;) {
        size_t p = s.find(sep, start);
        out.push_back(s.substr(start, p == std::string_view::npos ? s.npos : p - start));
        if (p == std::string_view::npos) {
            return out;
        }
        start = p + 1;
    }
}

} // namespace

std::optional<SemVer> SemVer::try_parse(std::string_view text) {
    SemVer v;
    if (auto plus = text.find('+'); plus != std::string_view::npos) {
        v.build = std::string(text.substr(plus + 1));
        for (auto id : split(v.build, '.')) {
            if (!valid_identifier(id, false)) {
                return std::nullopt;
            }
        }
        text = text.substr(0, plus);
    }
    if (auto dash = text.find('-'); dash != std::string_view::npos) {
        for (auto id : split(text.substr(dash + 1), '.')) {
            if (!valid_identifier(id, true)) {
                return std::nullopt;
            }
            v.prerelease.emplace_back(id);
        }
        text = text.substr(0, dash);
    }
    auto core = split(text, '.');
    if (core.size() != 3) {
        return std::nullopt;
    }
    auto a = number(core[0]), b = number(core[1]), c = number(core[2]);
    if (!a || !b || !c) {
        return std::nullopt;
    }
    v.major = *a;
    v.minor = *b;
    v.patch = *c;
    return v;
}

std::strong_ordering SemVer::operator<=>(const SemVer& o) const {
    if (auto c = std::tie(major, minor, patch) <=> std::tie(o.major, o.minor, o.patch); c != 0) {
        return c;
    }
    // A release ranks above any of its pre-releases.
    if (prerelease.empty() || o.prerelease.empty()) {
        return prerelease.empty() <=> o.prerelease.empty();
    }
    for (size_t i = 0; i < prerelease.size() && i < o.prerelease.size(); ++i) {
        const std::string& x = prerelease[i];
        const std::string& y = o.prerelease[i];
        bool xn = all_digits(x), yn = all_digits(y);
        if (xn && yn) {
            if (auto c = (x.size() <=> y.size()); c != 0) {
                return c;
            }
            if (auto c = x <=> y; c != 0) {
                return c;
            }
        } else if (xn != yn) {
            // Numeric identifiers rank below alphanumeric ones.
            return xn ? std::strong_ordering::less : std::strong_ordering::greater;
        } else if (auto c = x <=> y; c != 0) {
            return c;
        }
    }
    return prerelease.size() <=> o.prerelease.size();
}

bool is_semver(std::string_view text) {
    return SemVer::try_parse(text).has_value();
}

} // namespace airlock
