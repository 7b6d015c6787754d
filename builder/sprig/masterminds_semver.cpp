// Masterminds/semver v3.4 semantics. Its parsing is defined by regular
// expressions (with quirks such as '|' inside the wildcard class); we run
// the same expressions through our Go regexp engine rather than re-deriving
// a hand parser that could drift from them.
#include "builder/sprig/masterminds_semver.hpp"
#include "common/core/error.hpp"
#include "common/goregexp/regexp.hpp"
#include "common/gotemplate/format.hpp"

#include <optional>

namespace airlock::sprig::text {

namespace {

using goregexp::Regexp;

const std::string loose_version = R"(v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?)"
                                  R"((-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?)"
                                  R"((\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?)";
const std::string constraint_version = R"(v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?)"
                                       R"((-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?)"
                                       R"((\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?)";
const std::string operators = R"(=||!=|>|<|>=|=>|<=|=<|~|~>|\^)";

struct Patterns {
    Regexp version = Regexp::compile("^" + loose_version + "$");
    Regexp constraint =
        Regexp::compile(R"(^\s*()" + operators + R"()\s*()" + constraint_version + R"()\s*$)");
    Regexp range = Regexp::compile(R"(\s*()" + constraint_version + R"()\s+-\s+()" +
                                   constraint_version + R"()\s*)");
    Regexp find = Regexp::compile("(" + operators + R"()\s*()" + constraint_version + ")");
    Regexp valid = Regexp::compile(R"(^(\s*()" + operators + R"()\s*()" + constraint_version +
                                   R"()\s*)((?:\s+|,\s*)()" + operators + R"()\s*()" +
                                   constraint_version + R"()\s*)*$)");
};

const Patterns& patterns() {
    static const Patterns p;
    return p;
}

// FindStringSubmatch: "" for groups that did not take part.
std::optional<std::vector<std::string>> submatches(const Regexp& re, std::string_view s) {
    auto m = re.find_submatch_index(s);
    if (!m) {
        return std::nullopt;
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i + 1 < m->size(); i += 2) {
        out.emplace_back((*m)[i] < 0 ? std::string_view()
                                     : s.substr(static_cast<std::size_t>((*m)[i]),
                                                static_cast<std::size_t>((*m)[i + 1] - (*m)[i])));
    }
    return out;
}

std::uint64_t parse_segment(std::string_view digits) {
    std::uint64_t n = 0;
    for (char c : digits) {
        auto d = static_cast<std::uint64_t>(c - '0');
        if (n > (UINT64_MAX - d) / 10) {
            fail(ErrorCode::spec, "error parsing version segment: strconv.ParseUint: parsing " +
                                      gotemplate::go_quote(digits) + ": value out of range");
        }
        n = n * 10 + d;
    }
    return n;
}

bool only(std::string_view s, std::string_view allowed) {
    return s.find_first_not_of(allowed) == std::string_view::npos;
}

constexpr std::string_view digits = "0123456789";
constexpr std::string_view ident_chars =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789";

std::vector<std::string_view> split_dots(std::string_view s) {
    std::vector<std::string_view> out;
    for (;;) {
        auto dot = s.find('.');
        out.push_back(s.substr(0, dot));
        if (dot == std::string_view::npos) {
            return out;
        }
        s.remove_prefix(dot + 1);
    }
}

void validate_prerelease(std::string_view p) {
    for (auto part : split_dots(p)) {
        if (part.empty()) {
            fail(ErrorCode::spec, "invalid prerelease string");
        }
        if (only(part, digits)) {
            if (part.size() > 1 && part[0] == '0') {
                fail(ErrorCode::spec, "version segment starts with 0");
            }
        } else if (!only(part, ident_chars)) {
            fail(ErrorCode::spec, "invalid prerelease string");
        }
    }
}

void validate_metadata(std::string_view m) {
    for (auto part : split_dots(m)) {
        if (part.empty() || !only(part, ident_chars)) {
            fail(ErrorCode::spec, "invalid metadata string");
        }
    }
}

int compare_pre_part(std::string_view s, std::string_view o) {
    if (s == o) {
        return 0;
    }
    if (s.empty()) {
        return -1;
    }
    if (o.empty()) {
        return 1;
    }
    // strconv.ParseUint decides what is numeric (digits that fit in 64 bits).
    auto number = [](std::string_view t) -> std::optional<std::uint64_t> {
        if (t.empty() || !only(t, digits)) {
            return std::nullopt;
        }
        std::uint64_t n = 0;
        for (char ch : t) {
            auto d = static_cast<std::uint64_t>(ch - '0');
            if (n > (UINT64_MAX - d) / 10) {
                return std::nullopt;
            }
            n = n * 10 + d;
        }
        return n;
    };
    auto sn = number(s);
    auto on = number(o);
    bool s_num = sn.has_value();
    bool o_num = on.has_value();
    if (!s_num && !o_num) {
        return s > o ? 1 : -1;
    }
    if (!o_num) {
        return -1;
    }
    if (!s_num) {
        return 1;
    }
    return *sn > *on ? 1 : -1;
}

int compare_prerelease(std::string_view a, std::string_view b) {
    auto sa = split_dots(a);
    auto sb = split_dots(b);
    for (std::size_t i = 0; i < std::max(sa.size(), sb.size()); ++i) {
        int d = compare_pre_part(i < sa.size() ? sa[i] : "", i < sb.size() ? sb[i] : "");
        if (d != 0) {
            return d;
        }
    }
    return 0;
}

bool is_x(std::string_view s) {
    return s == "x" || s == "X" || s == "*";
}

std::string_view trim_dot(std::string_view s) {
    return !s.empty() && s[0] == '.' ? s.substr(1) : s;
}

MmConstraint parse_constraint(std::string_view text) {
    auto m = submatches(patterns().constraint, text);
    if (!m) {
        fail(ErrorCode::spec, "improper constraint: " + std::string(text));
    }
    const auto& g = *m;
    MmConstraint c;
    c.op = g[1];
    c.orig = g[2];
    std::string ver = g[2];
    if (is_x(g[3]) || g[3].empty()) {
        ver = "0.0.0" + g[6];
        c.dirty = true;
    } else if (is_x(trim_dot(g[4])) || g[4].empty()) {
        c.minor_dirty = true;
        c.dirty = true;
        ver = g[3] + ".0.0" + g[6];
    } else if (is_x(trim_dot(g[5])) || g[5].empty()) {
        c.dirty = true;
        c.patch_dirty = true;
        ver = g[3] + g[4] + ".0" + g[6];
    }
    try {
        c.con = MmVersion::parse(ver);
    } catch (const Error&) {
        fail(ErrorCode::spec, "constraint parser error");
    }
    return c;
}

// Masterminds' rewriteRange: "1.2 - 1.4" becomes ">= 1.2, <= 1.4 ".
std::string rewrite_ranges(std::string text) {
    const auto& re = patterns().range;
    std::string original = text;
    std::vector<std::pair<std::string, std::string>> edits;
    for (const auto& [a, b] : re.find_all_index(original, -1)) {
        auto m = submatches(re, std::string_view(original).substr(a, b - a));
        if (m) {
            edits.emplace_back(original.substr(a, b - a),
                               ">= " + (*m)[1] + ", <= " + (*m)[11] + " ");
        }
    }
    for (const auto& [from, to] : edits) {
        auto at = text.find(from);
        if (at != std::string::npos) {
            text.replace(at, from.size(), to);
        }
    }
    return text;
}

} // namespace

MmVersion MmVersion::parse(std::string_view text) {
    auto m = submatches(patterns().version, text);
    if (!m) {
        fail(ErrorCode::spec, "invalid semantic version");
    }
    const auto& g = *m;
    MmVersion v;
    v.original = std::string(text);
    v.pre = g[5];
    v.metadata = g[8];
    v.major = parse_segment(g[1]);
    v.minor = g[2].empty() ? 0 : parse_segment(trim_dot(g[2]));
    v.patch = g[3].empty() ? 0 : parse_segment(trim_dot(g[3]));
    if (!v.pre.empty()) {
        validate_prerelease(v.pre);
    }
    if (!v.metadata.empty()) {
        validate_metadata(v.metadata);
    }
    return v;
}

int MmVersion::compare(const MmVersion& o) const {
    auto seg = [](std::uint64_t a, std::uint64_t b) { return a < b ? -1 : a > b ? 1 : 0; };
    if (int d = seg(major, o.major); d != 0) {
        return d;
    }
    if (int d = seg(minor, o.minor); d != 0) {
        return d;
    }
    if (int d = seg(patch, o.patch); d != 0) {
        return d;
    }
    if (pre.empty() && o.pre.empty()) {
        return 0;
    }
    if (pre.empty()) {
        return 1;
    }
    if (o.pre.empty()) {
        return -1;
    }
    return compare_prerelease(pre, o.pre);
}

std::string MmVersion::str() const {
    std::string s =
        std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
    if (!pre.empty()) {
        s += "-" + pre;
    }
    if (!metadata.empty()) {
        s += "+" + metadata;
    }
    return s;
}

bool MmConstraint::check(const MmVersion& v, bool include_pre) const {
    if (!v.pre.empty() && !include_pre) {
        return false;
    }
    auto tilde = [&]() {
        if (v.compare(con) < 0) {
            return false;
        }
        if (con.major == 0 && con.minor == 0 && con.patch == 0 && !minor_dirty && !patch_dirty) {
            return true;
        }
        if (v.major != con.major) {
            return false;
        }
        return !(v.minor != con.minor && !minor_dirty);
    };
    if (op.empty() || op == "=") {
        return dirty ? tilde() : v.compare(con) == 0;
    }
    if (op == "!=") {
        if (dirty) {
            if (con.major != v.major) {
                return true;
            }
            if (con.minor != v.minor && !minor_dirty) {
                return true;
            }
            if (minor_dirty) {
                return false;
            }
            if (con.patch != v.patch && !patch_dirty) {
                return true;
            }
            if (patch_dirty) {
                if (!v.pre.empty() || !con.pre.empty()) {
                    return compare_prerelease(v.pre, con.pre) != 0;
                }
                return false;
            }
        }
        return v.compare(con) != 0;
    }
    if (op == ">") {
        if (!dirty) {
            return v.compare(con) == 1;
        }
        if (v.major > con.major) {
            return true;
        }
        if (v.major < con.major || minor_dirty) {
            return false;
        }
        if (patch_dirty) {
            return v.minor > con.minor;
        }
        return v.compare(con) == 1;
    }
    if (op == "<") {
        return v.compare(con) < 0;
    }
    if (op == ">=" || op == "=>") {
        return v.compare(con) >= 0;
    }
    if (op == "<=" || op == "=<") {
        if (!dirty) {
            return v.compare(con) <= 0;
        }
        if (v.major > con.major) {
            return false;
        }
        return !(v.major == con.major && v.minor > con.minor && !minor_dirty);
    }
    if (op == "~" || op == "~>") {
        return tilde();
    }
    // "^"
    if (v.compare(con) < 0) {
        return false;
    }
    if (con.major > 0 || minor_dirty) {
        return v.major == con.major;
    }
    if (v.major > 0) {
        return false;
    }
    if (con.minor > 0 || patch_dirty) {
        return v.minor == con.minor;
    }
    if (v.minor > 0) {
        return false;
    }
    return con.patch == v.patch;
}

MmConstraints MmConstraints::parse(std::string_view text) {
    std::string c = rewrite_ranges(std::string(text));
    MmConstraints out;
    std::size_t start = 0;
    for (;;) {
        auto bar = c.find("||", start);
        std::string part =
            c.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        if (!patterns().valid.match(part)) {
            fail(ErrorCode::spec, "improper constraint: " + part);
        }
        auto found = patterns().find.find_all(part, -1);
        if (found.empty()) {
            found.push_back(part);
        }
        std::vector<MmConstraint> group;
        bool has_pre = false;
        for (const auto& s : found) {
            group.push_back(parse_constraint(s));
            has_pre = has_pre || !group.back().con.pre.empty();
        }
        out.groups_.push_back(std::move(group));
        out.has_pre_.push_back(has_pre);
        if (bar == std::string::npos) {
            break;
        }
        start = bar + 2;
    }
    return out;
}

bool MmConstraints::check(const MmVersion& v) const {
    for (std::size_t i = 0; i < groups_.size(); ++i) {
        bool all = true;
        for (const auto& c : groups_[i]) {
            if (!c.check(v, has_pre_[i])) {
                all = false;
                break;
            }
        }
        if (all) {
            return true;
        }
    }
    return false;
}

} // namespace airlock::sprig::text
