#include "builder/helm/detail/yaml_resolve.hpp"

#include "common/core/error.hpp"

#include <array>
#include <cmath>
#include <cstdlib>
#include <optional>

namespace airlock::helm::detail {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// strconv.ParseUint(s, 0, 64) for text without underscores.
std::optional<std::uint64_t> parse_uint_base0(std::string_view s) {
    if (s.empty()) {
        return std::nullopt;
    }
    unsigned base = 10;
    if (s[0] == '0') {
        if (s.size() >= 3 && lower(s[1]) == 'b') {
            base = 2;
            s.remove_prefix(2);
        } else if (s.size() >= 3 && lower(s[1]) == 'o') {
            base = 8;
            s.remove_prefix(2);
        } else if (s.size() >= 3 && lower(s[1]) == 'x') {
            base = 16;
            s.remove_prefix(2);
        } else {
            base = 8;
            s.remove_prefix(1);
        }
    }
    std::uint64_t n = 0;
    bool overflow = false;
    for (char c : s) {
        unsigned d = 0;
        const char l = lower(c);
        if (is_digit(c)) {
            d = static_cast<unsigned>(c - '0');
        } else if (l >= 'a' && l <= 'z') {
            d = static_cast<unsigned>(l - 'a' + 10);
        } else {
            return std::nullopt;
        }
        if (d >= base) {
            return std::nullopt;
        }
        if (n > (UINT64_MAX - d) / base) {
            overflow = true; // keeps checking the syntax, as Go does
            continue;
        }
        n = n * base + d;
    }
    if (overflow) {
        return std::nullopt;
    }
    return n;
}

// strconv.ParseInt(s, 0, 64) for text without underscores.
std::optional<std::int64_t> parse_int_base0(std::string_view s) {
    bool neg = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    const auto u = parse_uint_base0(s);
    if (!u) {
        return std::nullopt;
    }
    constexpr std::uint64_t limit = std::uint64_t{1} << 63;
    if (!neg && *u >= limit) {
        return std::nullopt;
    }
    if (neg && *u > limit) {
        return std::nullopt;
    }
    if (neg) {
        return *u == limit ? INT64_MIN : -static_cast<std::int64_t>(*u);
    }
    return static_cast<std::int64_t>(*u);
}

std::size_t digits_at(std::string_view s, std::size_t i) {
    std::size_t n = 0;
    while (i + n < s.size() && is_digit(s[i + n])) {
        ++n;
    }
    return n;
}

// go-yaml's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool is_yaml_style_float(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        ++i;
    }
    if (i < s.size() && s[i] == '.') {
        const std::size_t n = digits_at(s, i + 1);
        if (n == 0) {
            return false;
        }
        i += 1 + n;
    } else {
        const std::size_t n = digits_at(s, i);
        if (n == 0) {
            return false;
        }
        i += n;
        if (i < s.size() && s[i] == '.') {
            i += 1 + digits_at(s, i + 1);
        }
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
            ++i;
        }
        const std::size_t n = digits_at(s, i);
        if (n == 0) {
            return false;
        }
        i += n;
    }
    return i == s.size();
}

// strconv.ParseFloat for text of the yamlStyleFloat form: an error (nullopt)
// only when the value is out of a float64's range.
std::optional<double> parse_decimal_float(std::string_view s) {
    const std::string text(s);
    const double f = std::strtod(text.c_str(), nullptr);
    if (std::isinf(f)) {
        return std::nullopt;
    }
    return f;
}

// go-yaml's isBase60Float: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
bool is_base60_float(std::string_view s) {
    if (s.empty() || !(s[0] == '+' || s[0] == '-' || is_digit(s[0])) ||
        s.find(':') == std::string_view::npos) {
        return false;
    }
    std::size_t i = 0;
    if (s[i] == '+' || s[i] == '-') {
        ++i;
    }
    if (i >= s.size() || !is_digit(s[i])) {
        return false;
    }
    ++i;
    while (i < s.size() && (is_digit(s[i]) || s[i] == '_')) {
        ++i;
    }
    int groups = 0;
    while (i < s.size() && s[i] == ':') {
        ++i;
        const std::size_t n = digits_at(s, i);
        // [0-5]?[0-9]: one digit, or two with the first at most 5.
        if (n == 1) {
            i += 1;
        } else if (n >= 2 && s[i] <= '5') {
            i += 2;
        } else if (n >= 2) {
            i += 1; // "60": the regex takes "6" and then needs ':' or '.'
        } else {
            return false;
        }
        ++groups;
    }
    if (groups == 0) {
        return false;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && (is_digit(s[i]) || s[i] == '_')) {
            ++i;
        }
    }
    return i == s.size();
}

// ---- time.Parse for go-yaml's timestamp layouts -----------------------------

// time's getnum: one or two digits.
std::optional<int> get_num(std::string_view& s) {
    if (s.empty() || !is_digit(s[0])) {
        return std::nullopt;
    }
    if (s.size() < 2 || !is_digit(s[1])) {
        const int v = s[0] - '0';
        s.remove_prefix(1);
        return v;
    }
    const int v = (s[0] - '0') * 10 + (s[1] - '0');
    s.remove_prefix(2);
    return v;
}

bool take(std::string_view& s, char c) {
    if (s.empty() || s[0] != c) {
        return false;
    }
    s.remove_prefix(1);
    return true;
}

int days_in(int month, int year) {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) {
        return 29;
    }
    return days[static_cast<std::size_t>(month - 1)];
}

enum class Layout { date_time_upper, date_time_lower, date_space_time, date };

bool parse_with(std::string_view s, Layout layout) {
    if (s.size() < 4) {
        return false;
    }
    int year = 0;
    for (int i = 0; i < 4; ++i) {
        if (!is_digit(s[static_cast<std::size_t>(i)])) {
            return false;
        }
        year = year * 10 + (s[static_cast<std::size_t>(i)] - '0');
    }
    s.remove_prefix(4);
    if (!take(s, '-')) {
        return false;
    }
    const auto month = get_num(s);
    if (!month || !take(s, '-')) {
        return false;
    }
    const auto day = get_num(s);
    if (!day) {
        return false;
    }
    if (layout != Layout::date) {
        if (layout == Layout::date_space_time) {
            // A space in a layout matches any run of spaces, even none at
            // the end of the text.
            if (!s.empty() && s[0] != ' ') {
                return false;
            }
            while (!s.empty() && s[0] == ' ') {
                s.remove_prefix(1);
            }
        } else if (!take(s, layout == Layout::date_time_upper ? 'T' : 't')) {
            return false;
        }
        const auto hour = get_num(s);
        if (!hour || *hour > 23 || !take(s, ':')) {
            return false;
        }
        const auto minute = get_num(s);
        if (!minute || *minute > 59 || !take(s, ':')) {
            return false;
        }
        const auto second = get_num(s);
        if (!second || *second > 59) {
            return false;
        }
        // An optional fraction: '.' or ',' and any number of digits.
        if (s.size() >= 2 && (s[0] == '.' || s[0] == ',') && is_digit(s[1])) {
            s.remove_prefix(1);
            while (!s.empty() && is_digit(s[0])) {
                s.remove_prefix(1);
            }
        }
        if (layout != Layout::date_space_time) {
            if (!s.empty() && s[0] == 'Z') {
                s.remove_prefix(1);
            } else {
                if (s.size() < 6 || s[3] != ':' || (s[0] != '+' && s[0] != '-') ||
                    !is_digit(s[1]) || !is_digit(s[2]) || !is_digit(s[4]) || !is_digit(s[5])) {
                    return false;
                }
                const int zh = (s[1] - '0') * 10 + (s[2] - '0');
                const int zm = (s[4] - '0') * 10 + (s[5] - '0');
                if (zh > 24 || zm > 60) {
                    return false;
                }
                s.remove_prefix(6);
            }
        }
    }
    if (!s.empty()) {
        return false;
    }
    return *month >= 1 && *month <= 12 && *day >= 1 && *day <= days_in(*month, year);
}

// go-yaml's first-character hints.
char hint_of(std::string_view in) {
    if (in.empty()) {
        return 'N';
    }
    const char c = in[0];
    if (c == '+' || c == '-') {
        return 'S';
    }
    if (is_digit(c)) {
        return 'D';
    }
    switch (c) {
    case 'y':
    case 'Y':
    case 'n':
    case 'N':
    case 't':
    case 'T':
    case 'f':
    case 'F':
    case 'o':
    case 'O':
    case '~':
        return 'M';
    case '.':
        return '.';
    default:
        return 0;
    }
}

// go-yaml's table of whole words.
std::optional<Resolved> lookup_word(std::string_view in) {
    Resolved r;
    static constexpr std::array<std::string_view, 8> yes{"y",   "Y",    "yes",  "Yes",
                                                         "YES", "true", "True", "TRUE"};
    static constexpr std::array<std::string_view, 3> on{"on", "On", "ON"};
    static constexpr std::array<std::string_view, 8> no{"n",  "N",     "no",    "No",
                                                        "NO", "false", "False", "FALSE"};
    static constexpr std::array<std::string_view, 3> off{"off", "Off", "OFF"};
    static constexpr std::array<std::string_view, 5> nulls{"", "~", "null", "Null", "NULL"};
    auto in_list = [&](const auto& list) {
        for (std::string_view w : list) {
            if (w == in) {
                return true;
            }
        }
        return false;
    };
    if (in_list(yes) || in_list(on)) {
        r.kind = ResolvedKind::boolean;
        r.boolean = true;
        return r;
    }
    if (in_list(no) || in_list(off)) {
        r.kind = ResolvedKind::boolean;
        return r;
    }
    if (in_list(nulls)) {
        r.kind = ResolvedKind::null;
        return r;
    }
    if (in == ".nan" || in == ".NaN" || in == ".NAN") {
        r.kind = ResolvedKind::floating;
        r.floating = std::nan("");
        return r;
    }
    if (in == ".inf" || in == ".Inf" || in == ".INF" || in == "+.inf" || in == "+.Inf" ||
        in == "+.INF") {
        r.kind = ResolvedKind::floating;
        r.floating = HUGE_VAL;
        return r;
    }
    if (in == "-.inf" || in == "-.Inf" || in == "-.INF") {
        r.kind = ResolvedKind::floating;
        r.floating = -HUGE_VAL;
        return r;
    }
    if (in == "<<") {
        r.kind = ResolvedKind::merge;
        return r;
    }
    return std::nullopt;
}

std::string_view tag_of(ResolvedKind kind) {
    switch (kind) {
    case ResolvedKind::null:
        return tag_null;
    case ResolvedKind::boolean:
        return tag_bool;
    case ResolvedKind::integer:
    case ResolvedKind::unsigned_:
        return tag_int;
    case ResolvedKind::floating:
        return tag_float;
    case ResolvedKind::timestamp:
        return tag_timestamp;
    case ResolvedKind::merge:
        return tag_merge;
    case ResolvedKind::string:
    case ResolvedKind::other:
        break;
    }
    return tag_str;
}

bool resolvable(std::string_view tag) {
    return tag.empty() || tag == tag_str || tag == tag_bool || tag == tag_int || tag == tag_float ||
           tag == tag_null || tag == tag_timestamp;
}

Resolved resolve_untyped(std::string_view tag, std::string_view in) {
    Resolved r; // a string unless something below matches
    const char hint = hint_of(in);
    if (hint == 0 || tag == tag_str || tag == tag_binary) {
        return r;
    }
    if (auto word = lookup_word(in)) {
        return *word;
    }
    if (hint == '.') {
        // ParseFloat of the text as written (underscores included).
        if (is_yaml_style_float(in)) {
            if (auto f = parse_decimal_float(in)) {
                r.kind = ResolvedKind::floating;
                r.floating = *f;
            }
        }
        return r;
    }
    if (hint == 'M') {
        return r;
    }
    // 'D' or 'S': a timestamp, an integer or a float.
    if ((tag.empty() || tag == tag_timestamp) && is_yaml_timestamp(in)) {
        r.kind = ResolvedKind::timestamp;
        return r;
    }
    std::string plain;
    plain.reserve(in.size());
    for (char c : in) {
        if (c != '_') {
            plain += c;
        }
    }
    if (auto i = parse_int_base0(plain)) {
        r.kind = ResolvedKind::integer;
        r.integer = *i;
        return r;
    }
    if (auto u = parse_uint_base0(plain)) {
        r.kind = ResolvedKind::unsigned_;
        r.unsigned_ = *u;
        return r;
    }
    if (is_yaml_style_float(plain)) {
        if (auto f = parse_decimal_float(plain)) {
            r.kind = ResolvedKind::floating;
            r.floating = *f;
            return r;
        }
    }
    // go-yaml's further "0b" and "-0b" attempts add nothing: ParseInt with
    // base 0 already reads binary.
    return r;
}

} // namespace

std::string short_tag(std::string_view tag) {
    constexpr std::string_view prefix = "tag:yaml.org,2002:";
    if (tag.substr(0, prefix.size()) == prefix) {
        return "!!" + std::string(tag.substr(prefix.size()));
    }
    return std::string(tag);
}

Resolved resolve_scalar(std::string_view tag, std::string_view in) {
    if (!resolvable(tag)) {
        Resolved r;
        r.kind = ResolvedKind::other;
        return r;
    }
    Resolved r = resolve_untyped(tag, in);
    const std::string_view rtag = tag_of(r.kind);
    if (tag.empty() || tag == rtag || tag == tag_str) {
        return r;
    }
    if (tag == tag_float && r.kind == ResolvedKind::integer) {
        r.kind = ResolvedKind::floating;
        r.floating = static_cast<double>(r.integer);
        return r;
    }
    fail(ErrorCode::spec, "yaml: cannot decode " + short_tag(rtag) + " `" + std::string(in) +
                              "` as a " + short_tag(tag));
}

bool plain_reads_as_string(std::string_view s) {
    const Resolved r = resolve_untyped("", s);
    return r.kind == ResolvedKind::string && !is_base60_float(s);
}

bool is_yaml_timestamp(std::string_view s) {
    const std::size_t n = digits_at(s, 0);
    if (n != 4 || n == s.size() || s[n] != '-') {
        return false;
    }
    return parse_with(s, Layout::date_time_upper) || parse_with(s, Layout::date_time_lower) ||
           parse_with(s, Layout::date_space_time) || parse_with(s, Layout::date);
}

} // namespace airlock::helm::detail
