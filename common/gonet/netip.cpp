#include "common/gonet/netip.hpp"

#include "common/core/text.hpp"
#include "common/gotemplate/format.hpp"

namespace airlock::gonet {

namespace {

using gotemplate::go_quote;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string addr_error(std::string_view in, const std::string& msg, std::string_view at = {}) {
    std::string out = "ParseAddr(" + go_quote(in) + "): " + msg;
    if (!at.empty()) {
        out += " (at " + go_quote(at) + ")";
    }
    return out;
}

// net/netip's parseIPv4Fields over in[off, end).
std::optional<std::string> netip_ipv4_fields(std::string_view in, std::size_t off,
                                             std::size_t end) {
    const std::string_view s = in.substr(off, end - off);
    int val = 0;
    int pos = 0;
    int digit_len = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (is_digit(s[i])) {
            if (digit_len == 1 && val == 0) {
                return addr_error(in, "IPv4 field has octet with leading zero");
            }
            val = val * 10 + (s[i] - '0');
            ++digit_len;
            if (val > 255) {
                return addr_error(in, "IPv4 field has value >255");
            }
        } else if (s[i] == '.') {
            if (i == 0 || i == s.size() - 1 || s[i - 1] == '.') {
                return addr_error(in, "IPv4 field must have at least one digit", s.substr(i));
            }
            if (pos == 3) {
                return addr_error(in, "IPv4 address too long");
            }
            ++pos;
            val = 0;
            digit_len = 0;
        } else {
            return addr_error(in, "unexpected character", s.substr(i));
        }
    }
    if (pos < 3) {
        return addr_error(in, "IPv4 address too short");
    }
    return std::nullopt;
}

// net/netip's parseIPv6; `zone` tells whether a zone was given.
std::optional<std::string> netip_ipv6(std::string_view in, bool& zone_present) {
    std::string_view s = in;
    std::string_view zone;
    if (const std::size_t pct = s.find('%'); pct != std::string_view::npos) {
        zone = s.substr(pct + 1);
        s = s.substr(0, pct);
        if (zone.empty()) {
            return addr_error(in, "zone must be a non-empty string");
        }
        zone_present = true;
    }
    int ellipsis = -1;
    if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
        ellipsis = 0;
        s.remove_prefix(2);
        if (s.empty()) {
            return std::nullopt;
        }
    }
    int i = 0;
    while (i < 16) {
        std::size_t off = 0;
        unsigned acc = 0;
        for (; off < s.size(); ++off) {
            const char c = s[off];
            if (!is_hex_digit(c)) {
                break;
            }
            acc = (acc << 4) + static_cast<unsigned>(is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
            if (off > 3) {
                return addr_error(in, "each group must have 4 or less digits", s);
            }
            if (acc > 0xFFFF) {
                return addr_error(in, "IPv6 field has value >=2^16", s);
            }
        }
        if (off == 0) {
            return addr_error(in, "each colon-separated field must have at least one digit", s);
        }
        if (off < s.size() && s[off] == '.') {
            if (ellipsis < 0 && i != 12) {
                return addr_error(
                    in, "embedded IPv4 address must replace the final 2 fields of the address", s);
            }
            if (i + 4 > 16) {
                return addr_error(
                    in, "too many hex fields to fit an embedded IPv4 at the end of the address", s);
            }
            std::size_t end = in.size();
            if (!zone.empty()) {
                end -= zone.size() + 1;
            }
            if (auto err = netip_ipv4_fields(in, end - s.size(), end)) {
                return err;
            }
            s = std::string_view();
            i += 4;
            break;
        }
        i += 2;
        s.remove_prefix(off);
        if (s.empty()) {
            break;
        }
        if (s[0] != ':') {
            return addr_error(in, "unexpected character, want colon", s);
        }
        if (s.size() == 1) {
            return addr_error(in, "colon must be followed by more characters", s);
        }
        s.remove_prefix(1);
        if (s[0] == ':') {
            if (ellipsis >= 0) {
                return addr_error(in, "multiple :: in address", s);
            }
            ellipsis = i;
            s.remove_prefix(1);
            if (s.empty()) {
                break;
            }
        }
    }
    if (!s.empty()) {
        return addr_error(in, "trailing garbage after address", s);
    }
    if (i < 16) {
        if (ellipsis < 0) {
            return addr_error(in, "address string too short");
        }
    } else if (ellipsis >= 0) {
        return addr_error(in, "the :: must expand to at least one field of zeros");
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> parse_addr(std::string_view s, bool& zone) {
    for (const char c : s) {
        if (c == '.') {
            return netip_ipv4_fields(s, 0, s.size());
        }
        if (c == ':') {
            return netip_ipv6(s, zone);
        }
        if (c == '%') {
            return addr_error(s, "missing IPv6 address");
        }
    }
    return addr_error(s, "unable to parse IP");
}

} // namespace airlock::gonet
