// Format checks with santhosh/jsonschema's verdicts and reasons. Where it
// hands the work to Go's library (strconv.Atoi, net/netip, time.Parse,
// net/url), the reasons are those functions' messages.
#include "common/jsonschema/detail/formats.hpp"

#include "common/core/text.hpp"
#include "common/gonet/netip.hpp"
#include "common/gounicode/unicode.hpp"
#include "common/jsonschema/detail/number.hpp"
#include "common/jsonschema/detail/text.hpp"
#include "common/jsonschema/detail/url.hpp"

#include <array>
#include <vector>

namespace airlock::jsonschema::detail {

namespace {

using Verdict = std::optional<std::string>;

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t at = s.find(sep, start);
        if (at == std::string_view::npos) {
            out.push_back(s.substr(start));
            return out;
        }
        out.push_back(s.substr(start, at - start));
        start = at + 1;
    }
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Decodes the UTF-8 rune at s[i] (U+FFFD for a bad byte); advances i.
char32_t next_rune(std::string_view s, std::size_t& i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 1;
    char32_t r = c;
    if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        r = c & 0x07;
    } else if (c >= 0xE0) {
        len = 3;
        r = c & 0x0F;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        r = c & 0x1F;
    } else if (c >= 0x80) {
        ++i;
        return 0xFFFD;
    }
    if (i + len > s.size()) {
        ++i;
        return 0xFFFD;
    }
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        r = (r << 6) | (b & 0x3F);
    }
    i += len;
    return r;
}

// Go's %q of a rune: 'x', with escapes for quotes, backslashes and control
// characters.
std::string quote_rune(char32_t r) {
    switch (r) {
    case '\'':
        return "'\\''";
    case '\\':
        return "'\\\\'";
    case '\n':
        return "'\\n'";
    case '\t':
        return "'\\t'";
    case '\r':
        return "'\\r'";
    default:
        break;
    }
    if (r < 0x20 || r == 0x7F) {
        static const char* const kHex = "0123456789abcdef";
        return std::string("'\\x") + kHex[r >> 4] + kHex[r & 15] + "'";
    }
    std::string out = "'";
    gounicode::append_utf8(out, r);
    return out + "'";
}

// ---- json-pointer, relative-json-pointer ------------------------------------

Verdict check_json_pointer(std::string_view s) {
    if (s.empty()) {
        return std::nullopt;
    }
    if (s[0] != '/') {
        return std::string("not starting with /");
    }
    for (const auto token : split(s.substr(1), '/')) {
        for (std::size_t i = 0; i < token.size(); ++i) {
            if (token[i] != '~') {
                continue;
            }
            if (i + 1 >= token.size() || (token[i + 1] != '0' && token[i + 1] != '1')) {
                return std::string("~ must be followed by 0 or 1");
            }
            ++i;
        }
    }
    return std::nullopt;
}

Verdict check_relative_json_pointer(std::string_view s) {
    std::size_t digits = 0;
    while (digits < s.size() && is_digit(s[digits])) {
        ++digits;
    }
    if (digits == 0) {
        return std::string("must start with non-negative integer");
    }
    if (digits > 1 && s[0] == '0') {
        return std::string("starts with zero");
    }
    const std::string_view rest = s.substr(digits);
    if (rest == "#") {
        return std::nullopt;
    }
    return check_json_pointer(rest);
}

// ---- uuid ---------------------------------------------------------------------

Verdict check_uuid(std::string_view s) {
    static constexpr std::array<std::size_t, 5> kLengths = {8, 4, 4, 4, 12};
    const auto groups = split(s, '-');
    if (groups.size() != kLengths.size()) {
        return std::string("must have 5 elements");
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (groups[g].size() != kLengths[g]) {
            return "element " + std::to_string(g + 1) + " must be " + std::to_string(kLengths[g]) +
                   " characters long";
        }
        for (std::size_t i = 0; i < groups[g].size();) {
            const std::size_t at = i;
            const char32_t r = next_rune(groups[g], i);
            if (r >= 0x80 || !is_hex_digit(groups[g][at])) {
                return "non-hex character " + quote_rune(r);
            }
        }
    }
    return std::nullopt;
}

// ---- duration, period ---------------------------------------------------------

Verdict check_duration(std::string_view s) {
    if (s.empty() || s[0] != 'P') {
        return std::string("must start with P");
    }
    s.remove_prefix(1);
    if (s.empty()) {
        return std::string("nothing after P");
    }
    if (s.back() == 'W') {
        const std::string_view weeks = s.substr(0, s.size() - 1);
        if (weeks.empty()) {
            return std::string("no number in week");
        }
        for (const char c : weeks) {
            if (!is_digit(c)) {
                return std::string("invalid week");
            }
        }
        return std::nullopt;
    }
    static constexpr std::array<std::string_view, 2> kUnits = {"YMD", "HMS"};
    const auto parts = split(s, 'T');
    for (std::size_t p = 0; p < parts.size(); ++p) {
        std::string_view part = parts[p];
        if (p != 0 && part.empty()) {
            return std::string("no time elements");
        }
        if (p >= kUnits.size()) {
            return std::string("more than one T");
        }
        std::string_view units = kUnits[p];
        while (!part.empty()) {
            std::size_t digits = 0;
            while (digits < part.size() && is_digit(part[digits])) {
                ++digits;
            }
            if (digits == 0) {
                return std::string("missing number");
            }
            part.remove_prefix(digits);
            if (part.empty()) {
                return std::string("missing unit");
            }
            const char unit = part[0];
            const std::size_t j = units.find(unit);
            if (j == std::string_view::npos) {
                if (kUnits[p].find(unit) != std::string_view::npos) {
                    return "unit " + quote_rune(static_cast<unsigned char>(unit)) + " out of order";
                }
                return "invalid unit " + quote_rune(static_cast<unsigned char>(unit));
            }
            units.remove_prefix(j + 1);
            part.remove_prefix(1);
        }
    }
    return std::nullopt;
}

// ---- ipv4, ipv6 -------------------------------------------------------------

// strconv.Atoi's verdict on s, and its value.
Verdict go_atoi(std::string_view s, long long& value) {
    const std::string quoted = go_quote(s);
    std::string_view digits = s;
    bool negative = false;
    if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
        negative = digits[0] == '-';
        digits.remove_prefix(1);
    }
    if (digits.empty()) {
        return "strconv.Atoi: parsing " + quoted + ": invalid syntax";
    }
    unsigned long long magnitude = 0;
    bool overflow = false;
    for (const char c : digits) {
        if (!is_digit(c)) {
            return "strconv.Atoi: parsing " + quoted + ": invalid syntax";
        }
        if (magnitude > (1ULL << 63) / 10) {
            overflow = true;
        } else {
            magnitude = magnitude * 10 + static_cast<unsigned>(c - '0');
        }
    }
    const unsigned long long limit = negative ? (1ULL << 63) : (1ULL << 63) - 1;
    if (overflow || magnitude > limit) {
        return "strconv.Atoi: parsing " + quoted + ": value out of range";
    }
    value =
        negative ? -static_cast<long long>(magnitude - 1) - 1 : static_cast<long long>(magnitude);
    return std::nullopt;
}

Verdict check_ipv4(std::string_view s) {
    const auto groups = split(s, '.');
    if (groups.size() != 4) {
        return std::string("expected four decimals");
    }
    for (const auto group : groups) {
        if (group.size() > 1 && group[0] == '0') {
            return std::string("leading zeros");
        }
        long long n = 0;
        if (auto err = go_atoi(group, n)) {
            return err;
        }
        if (n < 0 || n > 255) {
            return std::string("decimal must be between 0 and 255");
        }
    }
    return std::nullopt;
}

Verdict check_ipv6(std::string_view s) {
    if (s.find(':') == std::string_view::npos) {
        return std::string("missing colon");
    }
    bool zone = false;
    if (auto err = gonet::parse_addr(s, zone)) {
        return err;
    }
    if (zone) {
        return std::string("zone id is not a part of ipv6 address");
    }
    return std::nullopt;
}

// ---- hostname, email --------------------------------------------------------

Verdict check_hostname(std::string_view s) {
    if (!s.empty() && s.back() == '.') {
        s.remove_suffix(1);
    }
    if (s.size() > 253) {
        return std::string("more than 253 characters long");
    }
    for (const auto label : split(s, '.')) {
        if (label.empty() || label.size() > 63) {
            return std::string("label must be 1 to 63 characters long");
        }
        if (label.front() == '-') {
            return std::string("label starts with hyphen");
        }
        if (label.back() == '-') {
            return std::string("label ends with hyphen");
        }
        for (std::size_t i = 0; i < label.size();) {
            const std::size_t at = i;
            const char32_t r = next_rune(label, i);
            if (r >= 0x80 || !(is_letter(label[at]) || is_digit(label[at]) || label[at] == '-')) {
                return "invalid character " + quote_rune(r);
            }
        }
    }
    return std::nullopt;
}

Verdict check_email(std::string_view s) {
    if (s.size() > 254) {
        return std::string("more than 255 characters long");
    }
    const std::size_t at = s.rfind('@');
    if (at == std::string_view::npos) {
        return std::string("missing @");
    }
    const std::string_view local = s.substr(0, at);
    std::string_view domain = s.substr(at + 1);
    if (local.size() > 64) {
        return std::string("local part more than 64 characters long");
    }
    if (local.size() > 1 && local[0] == '"') {
        const std::string_view inner = local.substr(1, local.size() - 2);
        if (inner.find('\\') != std::string_view::npos ||
            inner.find('"') != std::string_view::npos) {
            return std::string("backslash and quote are not allowed within quoted local part");
        }
    } else {
        if (!local.empty() && local.front() == '.') {
            return std::string("starts with dot");
        }
        if (!local.empty() && local.back() == '.') {
            return std::string("ends with dot");
        }
        if (local.find("..") != std::string_view::npos) {
            return std::string("consecutive dots");
        }
        static constexpr std::string_view kSpecials = ".!#$%&'*+-/=?^_`{|}~";
        for (std::size_t i = 0; i < local.size();) {
            const std::size_t pos = i;
            const char32_t r = next_rune(local, i);
            const char c = local[pos];
            if (r >= 0x80 ||
                !(is_letter(c) || is_digit(c) || kSpecials.find(c) != std::string_view::npos)) {
                return "invalid character " + quote_rune(r);
            }
        }
    }
    if (domain.size() >= 2 && domain.front() == '[' && domain.back() == ']') {
        domain = domain.substr(1, domain.size() - 2);
        if (domain.substr(0, 5) == "IPv6:") {
            if (auto err = check_ipv6(domain.substr(5))) {
                return "invalid ipv6 address: " + *err;
            }
            return std::nullopt;
        }
        if (auto err = check_ipv4(domain)) {
            return "invalid ipv4 address: " + *err;
        }
        return std::nullopt;
    }
    if (auto err = check_hostname(domain)) {
        return "invalid domain: " + *err;
    }
    return std::nullopt;
}

// ---- date, time, date-time ----------------------------------------------------

// The time package's quoting in its errors: bytes outside printable ASCII
// as \xhh, quotes and backslashes escaped.
std::string time_quote(std::string_view s) {
    static const char* const kHex = "0123456789abcdef";
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x80 || c < 0x20) {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            if (c == '"' || c == '\\') {
                out += '\\';
            }
            out += ch;
        }
    }
    return out + "\"";
}

// time.Parse("2006-01-02", s).
Verdict check_date(std::string_view s) {
    const std::string prefix = "parsing time " + time_quote(s);
    auto cannot = [&](std::string_view value, std::string_view elem) {
        return prefix + " as \"2006-01-02\": cannot parse " + time_quote(value) + " as " +
               time_quote(elem);
    };
    std::string_view v = s;
    if (v.size() < 4 || !is_digit(v[0]) || !is_digit(v[1]) || !is_digit(v[2]) || !is_digit(v[3])) {
        return cannot(v, "2006");
    }
    const int year = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
    v.remove_prefix(4);
    int fields[2] = {0, 0};
    static constexpr std::array<std::string_view, 2> kElems = {"01", "02"};
    for (std::size_t f = 0; f < 2; ++f) {
        if (v.empty() || v[0] != '-') {
            return cannot(v, "-");
        }
        v.remove_prefix(1);
        if (v.size() < 2 || !is_digit(v[0]) || !is_digit(v[1])) {
            return cannot(v, kElems[f]);
        }
        fields[f] = (v[0] - '0') * 10 + (v[1] - '0');
        v.remove_prefix(2);
        if (f == 0 && (fields[0] < 1 || fields[0] > 12)) {
            return prefix + ": month out of range";
        }
    }
    if (!v.empty()) {
        return prefix + ": extra text: " + time_quote(v);
    }
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int days = kDays[static_cast<std::size_t>(fields[0] - 1)];
    if (fields[0] == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) {
        days = 29;
    }
    if (fields[1] < 1 || fields[1] > days) {
        return prefix + ": day out of range";
    }
    return std::nullopt;
}

Verdict check_time(std::string_view str) {
    if (str.size() < 9) {
        return std::string("less than 9 characters long");
    }
    if (str[2] != ':' || str[5] != ':') {
        return std::string("missing colon in correct place");
    }
    int hms[3] = {0, 0, 0};
    for (int k = 0; k < 3; ++k) {
        long long n = 0;
        if (go_atoi(str.substr(static_cast<std::size_t>(k) * 3, 2), n)) {
            return std::string("invalid hour/min/sec");
        }
        if (n < 0) {
            return std::string("non-positive hour/min/sec");
        }
        hms[k] = static_cast<int>(n);
    }
    int h = hms[0];
    int m = hms[1];
    const int sec = hms[2];
    if (h > 23 || m > 59 || sec > 60) {
        return std::string("hour/min/sec out of range");
    }
    str.remove_prefix(8);
    if (!str.empty() && str[0] == '.') {
        str.remove_prefix(1);
        std::size_t digits = 0;
        while (digits < str.size() && is_digit(str[digits])) {
            ++digits;
        }
        if (digits == 0) {
            return std::string("no digits in second fraction");
        }
        str.remove_prefix(digits);
    }
    if (str != "z" && str != "Z") {
        if (str.size() != 6) {
            return std::string("offset must be 6 characters long");
        }
        int sign = 0;
        if (str[0] == '+') {
            sign = -1;
        } else if (str[0] == '-') {
            sign = 1;
        } else {
            return std::string("offset must begin with plus/minus");
        }
        str.remove_prefix(1);
        if (str[2] != ':') {
            return std::string("missing colon in offset in correct place");
        }
        long long zh = 0;
        long long zm = 0;
        if (go_atoi(str.substr(0, 2), zh) || go_atoi(str.substr(3), zm)) {
            return std::string("invalid hour/min in offset");
        }
        if (zh < 0 || zm < 0) {
            return std::string("non-positive hour/min in offset");
        }
        if (zh > 23 || zm > 59) {
            return std::string("hour/min in offset out of range");
        }
        int hm = (h * 60 + m) + sign * static_cast<int>(zh * 60 + zm);
        if (hm < 0) {
            hm += 24 * 60;
        }
        h = hm / 60;
        m = hm % 60;
    }
    if (sec >= 60 && (h != 23 || m != 59)) {
        return std::string("invalid leap second");
    }
    return std::nullopt;
}

Verdict check_date_time(std::string_view s) {
    if (s.size() < 20) {
        return std::string("less than 20 characters long");
    }
    if (s[10] != 't' && s[10] != 'T') {
        return std::string("11th character must be t or T");
    }
    if (auto err = check_date(s.substr(0, 10))) {
        return "invalid date element: " + *err;
    }
    if (auto err = check_time(s.substr(11))) {
        return "invalid time element: " + *err;
    }
    return std::nullopt;
}

Verdict check_period(std::string_view s) {
    const std::size_t slash = s.find('/');
    if (slash == std::string_view::npos) {
        return std::string("missing slash");
    }
    const std::string_view start = s.substr(0, slash);
    const std::string_view end = s.substr(slash + 1);
    if (!start.empty() && start[0] == 'P') {
        if (auto err = check_duration(start)) {
            return "invalid start duration: " + *err;
        }
        if (auto err = check_date_time(end)) {
            return "invalid end date-time: " + *err;
        }
        return std::nullopt;
    }
    if (auto err = check_date_time(start)) {
        return "invalid start date-time: " + *err;
    }
    if (!end.empty() && end[0] == 'P') {
        if (auto err = check_duration(end)) {
            return "invalid end duration: " + *err;
        }
    } else if (auto err = check_date_time(end)) {
        return "invalid end date-time: " + *err;
    }
    return std::nullopt;
}

// ---- uri, uri-reference, uri-template ---------------------------------------

// url.Parse, plus santhosh's check of an IPv6 host.
Verdict parse_checked_url(std::string_view s, GoUrl& url) {
    if (auto err = parse_url(s, url)) {
        return err;
    }
    std::string host = url.host;
    if (const std::size_t colon = host.rfind(':'); colon != std::string::npos) {
        bool port = true;
        for (std::size_t i = colon + 1; i < host.size(); ++i) {
            port = port && is_digit(host[i]);
        }
        if (port) {
            host.resize(colon);
        }
    }
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    if (host.find(':') != std::string::npos) {
        if (url.host.find('[') == std::string::npos || url.host.find(']') == std::string::npos) {
            return std::string("ipv6 address not enclosed in brackets");
        }
        if (auto err = check_ipv6(host)) {
            return "invalid ipv6 address: " + *err;
        }
    }
    return std::nullopt;
}

Verdict check_uri(std::string_view s) {
    GoUrl url;
    if (auto err = parse_checked_url(s, url)) {
        return err;
    }
    if (!url.is_absolute()) {
        return std::string("relative url");
    }
    return std::nullopt;
}

Verdict check_uri_reference(std::string_view s) {
    if (s.find('\\') != std::string_view::npos) {
        return std::string("contains \\");
    }
    GoUrl url;
    return parse_checked_url(s, url);
}

Verdict check_uri_template(std::string_view s) {
    GoUrl url;
    if (auto err = parse_checked_url(s, url)) {
        return err;
    }
    // Go keeps the raw path only when it differs from the canonical escaping,
    // which braces always make it do.
    if (url.path.find_first_of("{}") == std::string::npos) {
        return std::nullopt;
    }
    for (const auto token : split(url.path, '/')) {
        std::string decoded;
        std::size_t pct = 0;
        if (!path_unescape(token, decoded, &pct)) {
            return "percent decode failed: invalid URL escape " + go_quote(token.substr(pct, 3));
        }
        bool want_open = true;
        for (const char c : decoded) {
            if (c != '{' && c != '}') {
                continue;
            }
            if ((c == '{') != want_open) {
                return std::string("nested curly braces");
            }
            want_open = !want_open;
        }
        if (!want_open) {
            return std::string("no matching closing brace");
        }
    }
    return std::nullopt;
}

// ---- semver -------------------------------------------------------------------

bool semver_ident_char(char c) {
    return is_digit(c) || is_letter(c) || c == '-';
}

Verdict check_semver(std::string_view s) {
    if (const std::size_t plus = s.find('+'); plus != std::string_view::npos) {
        const std::string_view build = s.substr(plus + 1);
        if (build.empty()) {
            return std::string("build is empty");
        }
        for (const auto id : split(build, '.')) {
            if (id.empty()) {
                return std::string("build identifier is empty");
            }
            for (std::size_t i = 0; i < id.size();) {
                const std::size_t at = i;
                const char32_t r = next_rune(id, i);
                if (r >= 0x80 || !semver_ident_char(id[at])) {
                    return "invalid character " + quote_rune(r) + " in build identifier";
                }
            }
        }
        s = s.substr(0, plus);
    }
    if (const std::size_t dash = s.find('-'); dash != std::string_view::npos) {
        for (const auto id : split(s.substr(dash + 1), '.')) {
            if (id.empty()) {
                return std::string("pre-release identifier is empty");
            }
            bool all_digits = true;
            for (std::size_t i = 0; i < id.size();) {
                const std::size_t at = i;
                const char32_t r = next_rune(id, i);
                if (r >= 0x80 || !semver_ident_char(id[at])) {
                    return "invalid character " + quote_rune(r) + " in pre-release identifier";
                }
                all_digits = all_digits && is_digit(id[at]);
            }
            if (all_digits && id.size() > 1 && id[0] == '0') {
                return std::string("pre-release numeric identifier starts with zero");
            }
        }
        s = s.substr(0, dash);
    }
    const auto parts = split(s, '.');
    if (parts.size() != 3) {
        return std::string("versionCore must have 3 numbers separated by dot");
    }
    static constexpr std::array<std::string_view, 3> kNames = {"major", "minor", "patch"};
    for (std::size_t i = 0; i < 3; ++i) {
        const std::string name(kNames[i]);
        if (parts[i].empty()) {
            return name + " is empty";
        }
        if (parts[i].size() > 1 && parts[i][0] == '0') {
            return name + " starts with zero";
        }
        for (const char c : parts[i]) {
            if (!is_digit(c)) {
                return name + " contains non-digit";
            }
        }
    }
    return std::nullopt;
}

} // namespace

FormatCheck find_format(std::string_view name) {
    struct Entry {
        std::string_view name;
        FormatCheck check;
    };
    static constexpr std::array<Entry, 18> kFormats = {{
        {"json-pointer", check_json_pointer},
        {"relative-json-pointer", check_relative_json_pointer},
        {"uuid", check_uuid},
        {"duration", check_duration},
        {"period", check_period},
        {"ipv4", check_ipv4},
        {"ipv6", check_ipv6},
        {"hostname", check_hostname},
        {"email", check_email},
        {"date", check_date},
        {"time", check_time},
        {"date-time", check_date_time},
        {"uri", check_uri},
        {"iri", check_uri},
        {"uri-reference", check_uri_reference},
        {"iri-reference", check_uri_reference},
        {"uri-template", check_uri_template},
        {"semver", check_semver},
    }};
    for (const auto& entry : kFormats) {
        if (entry.name == name) {
            return entry.check;
        }
    }
    return nullptr;
}

} // namespace airlock::jsonschema::detail
