#include "builder/chart/helmignore.hpp"

#include "builder/chart/go_json.hpp"
#include "common/core/error.hpp"

#include <optional>
#include <utility>

namespace airlock::builder {

namespace {

struct Token {
    enum class Kind { literal, any, star, set };
    Kind kind = Kind::literal;
    char32_t ch = 0;                                   // literal
    bool negated = false;                              // set
    std::vector<std::pair<char32_t, char32_t>> ranges; // set
};

// Splits a Go glob into tokens; nullopt (with `why`) when it is malformed.
std::optional<std::vector<Token>> tokenize(std::string_view p, std::string& why) {
    std::vector<Token> out;
    size_t i = 0;
    auto escaped = [&](char32_t& c) {
        // After '\': the next character, which must exist.
        if (i >= p.size()) {
            why = "'\\' at the end of the pattern";
            return false;
        }
        c = next_code_point(p, i);
        return true;
    };
    while (i < p.size()) {
        const char c = p[i];
        if (c == '*') {
            ++i;
            out.push_back({Token::Kind::star, 0, false, {}});
        } else if (c == '?') {
            ++i;
            out.push_back({Token::Kind::any, 0, false, {}});
        } else if (c == '\\') {
            ++i;
            char32_t lit = 0;
            if (!escaped(lit)) {
                return std::nullopt;
            }
            out.push_back({Token::Kind::literal, lit, false, {}});
        } else if (c == '[') {
            ++i;
            Token set{Token::Kind::set, 0, false, {}};
            if (i < p.size() && p[i] == '^') {
                set.negated = true;
                ++i;
            }
            // One class character: '-' and ']' must be escaped.
            auto class_char = [&](char32_t& out_char) {
                if (i >= p.size()) {
                    why = "unclosed '['";
                    return false;
                }
                if (p[i] == '-' || p[i] == ']') {
                    why = "'" + std::string(1, p[i]) + "' must be escaped inside '[...]'";
                    return false;
                }
                if (p[i] == '\\') {
                    ++i;
                    return escaped(out_char);
                }
                out_char = next_code_point(p, i);
                return true;
            };
            for (;;) {
                if (i < p.size() && p[i] == ']' && !set.ranges.empty()) {
                    ++i;
                    break;
                }
                char32_t lo = 0;
                if (!class_char(lo)) {
                    if (set.ranges.empty() && i < p.size() && p[i] == ']') {
                        why = "empty '[]'";
                    }
                    return std::nullopt;
                }
                char32_t hi = lo;
                if (i < p.size() && p[i] == '-') {
                    ++i;
                    if (!class_char(hi)) {
                        return std::nullopt;
                    }
                }
                set.ranges.emplace_back(lo, hi);
            }
            out.push_back(std::move(set));
        } else {
            out.push_back({Token::Kind::literal, next_code_point(p, i), false, {}});
        }
    }
    return out;
}

bool in_set(const Token& set, char32_t c) {
    bool hit = false;
    for (const auto& [lo, hi] : set.ranges) {
        if (lo <= c && c <= hi) {
            hit = true;
        }
    }
    return hit != set.negated;
}

bool match_tokens(const std::vector<Token>& tokens, size_t t, const std::u32string& name,
                  size_t n) {
    while (t < tokens.size()) {
        const Token& tok = tokens[t];
        if (tok.kind == Token::Kind::star) {
            // '*' takes any run of characters other than '/'.
            for (size_t k = n; k <= name.size(); ++k) {
                if (match_tokens(tokens, t + 1, name, k)) {
                    return true;
                }
                if (k < name.size() && name[k] == '/') {
                    break;
                }
            }
            return false;
        }
        if (n >= name.size()) {
            return false;
        }
        const char32_t c = name[n];
        bool ok = false;
        switch (tok.kind) {
        case Token::Kind::literal:
            ok = c == tok.ch;
            break;
        case Token::Kind::any:
            ok = c != '/';
            break;
        case Token::Kind::set:
            ok = in_set(tok, c);
            break;
        case Token::Kind::star:
            break;
        }
        if (!ok) {
            return false;
        }
        ++t;
        ++n;
    }
    return n == name.size();
}

std::u32string decode(std::string_view s) {
    std::u32string out;
    size_t i = 0;
    while (i < s.size()) {
        out += next_code_point(s, i);
    }
    return out;
}

std::string_view trim(std::string_view s) {
    const char* space = " \t\r\n\v\f";
    size_t b = s.find_first_not_of(space);
    if (b == std::string_view::npos) {
        return {};
    }
    return s.substr(b, s.find_last_not_of(space) - b + 1);
}

} // namespace

bool go_glob_valid(std::string_view pattern, std::string& why) {
    return tokenize(pattern, why).has_value();
}

bool go_glob_match(std::string_view pattern, std::string_view name) {
    std::string why;
    auto tokens = tokenize(pattern, why);
    if (!tokens) {
        fail(ErrorCode::spec, "invalid pattern '" + std::string(pattern) + "': " + why);
    }
    return match_tokens(*tokens, 0, decode(name), 0);
}

HelmIgnore::HelmIgnore() {
    add("templates/.?*", "the default rule");
}

HelmIgnore HelmIgnore::parse(std::string_view text, const std::string& display_name) {
    HelmIgnore h;
    h.rules_.clear();
    size_t line_no = 0;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        std::string_view line =
            text.substr(start, end == std::string_view::npos ? end : end - start);
        ++line_no;
        h.add(line, display_name + ":" + std::to_string(line_no));
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    h.add("templates/.?*", "the default rule");
    return h;
}

void HelmIgnore::add(std::string_view line, const std::string& where) {
    std::string_view rule = trim(line);
    if (rule.empty() || rule.front() == '#') {
        return;
    }
    if (rule.find("**") != std::string_view::npos) {
        fail(ErrorCode::spec, where + ": '**' is not supported in .helmignore (Helm refuses it)");
    }
    std::string why;
    if (!go_glob_valid(rule, why)) {
        fail(ErrorCode::spec, where + ": invalid pattern '" + std::string(rule) + "': " + why);
    }
    Rule r;
    if (rule.front() == '!') {
        r.negate = true;
        rule.remove_prefix(1);
    }
    if (!rule.empty() && rule.back() == '/') {
        r.directories_only = true;
        rule.remove_suffix(1);
    }
    if (!rule.empty() && rule.front() == '/') {
        r.whole_path = true;
        rule.remove_prefix(1);
    } else {
        r.whole_path = rule.find('/') != std::string_view::npos;
    }
    r.glob = std::string(rule);
    rules_.push_back(std::move(r));
}

bool HelmIgnore::ignored(std::string_view path, bool is_directory) const {
    if (path.empty() || path == "." || path == "./") {
        return false;
    }
    const std::string_view base = path.substr(path.rfind('/') + 1);
    for (const Rule& r : rules_) {
        const bool matches = go_glob_match(r.glob, r.whole_path ? path : base);
        if (r.negate) {
            if ((r.directories_only && !is_directory) || !matches) {
                return true;
            }
            continue;
        }
        if (r.directories_only && !is_directory) {
            continue;
        }
        if (matches) {
            return true;
        }
    }
    return false;
}

} // namespace airlock::builder
