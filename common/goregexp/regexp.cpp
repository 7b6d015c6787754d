// Go's regexp methods over the VM: FindAll's and ReplaceAll's rules for
// empty matches, Split, and Expand's $-references.
#include "common/goregexp/regexp.hpp"

#include "common/goregexp/detail/program.hpp"

namespace airlock::goregexp {

namespace {

bool is_letter_or_digit(char32_t r) {
    return gounicode::is_letter(r) || gounicode::is_digit(r);
}

struct Reference {
    std::string_view name;
    int num = -1;
    std::size_t consumed = 0;
};

// A reference after '$': "1", "{1}", "name", "{name}"; nullopt when malformed.
std::optional<Reference> extract(std::string_view str) {
    if (str.empty()) {
        return std::nullopt;
    }
    bool brace = false;
    std::size_t start = 0;
    if (str[0] == '{') {
        brace = true;
        start = 1;
    }
    std::size_t i = start;
    while (i < str.size()) {
        auto [r, w] = detail::decode_rune(str, i);
        if (!is_letter_or_digit(r) && r != '_') {
            break;
        }
        i += w;
    }
    if (i == start) {
        return std::nullopt;
    }
    Reference ref;
    ref.name = str.substr(start, i - start);
    if (brace) {
        if (i >= str.size() || str[i] != '}') {
            return std::nullopt;
        }
        ++i;
    }
    ref.num = 0;
    for (char c : ref.name) {
        if (c < '0' || c > '9' || ref.num >= 100000000) {
            ref.num = -1;
            break;
        }
        ref.num = ref.num * 10 + (c - '0');
    }
    if (ref.name[0] == '0' && ref.name.size() > 1) {
        ref.num = -1;
    }
    ref.consumed = i;
    return ref;
}

} // namespace

Regexp Regexp::compile(std::string_view pattern) {
    Regexp re;
    re.pattern_ = std::string(pattern);
    re.program_ = std::make_shared<const detail::Program>(detail::compile(detail::parse(pattern)));
    return re;
}

std::size_t Regexp::num_subexp() const noexcept {
    return static_cast<std::size_t>(program_->num_cap);
}

const std::vector<std::string>& Regexp::subexp_names() const noexcept {
    return program_->names;
}

bool Regexp::match(std::string_view s) const {
    return detail::execute(*program_, s, 0, 0).has_value();
}

std::optional<std::vector<std::ptrdiff_t>> Regexp::find_submatch_index(std::string_view s) const {
    return detail::execute(*program_, s, 0, 2 * (num_subexp() + 1));
}

std::string Regexp::find(std::string_view s) const {
    auto m = detail::execute(*program_, s, 0, 2);
    if (!m) {
        return "";
    }
    return std::string(
        s.substr(static_cast<std::size_t>((*m)[0]), static_cast<std::size_t>((*m)[1] - (*m)[0])));
}

std::vector<std::pair<std::size_t, std::size_t>> Regexp::find_all_index(std::string_view s,
                                                                        long long n) const {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    if (n < 0) {
        n = static_cast<long long>(s.size()) + 1;
    }
    std::size_t pos = 0;
    std::ptrdiff_t prev_end = -1;
    detail::Matcher matcher(*program_, 2);
    for (long long i = 0; i < n && pos <= s.size();) {
        auto m = matcher.run(s, pos);
        if (!m) {
            break;
        }
        auto start = static_cast<std::size_t>((*m)[0]);
        auto end = static_cast<std::size_t>((*m)[1]);
        bool accept = true;
        if (end == pos) {
            // An empty match right after the previous match does not count.
            if ((*m)[0] == prev_end) {
                accept = false;
            }
            auto width = detail::decode_rune(s, pos).second;
            pos = width > 0 ? pos + width : s.size() + 1;
        } else {
            pos = end;
        }
        prev_end = (*m)[1];
        if (accept) {
            out.emplace_back(start, end);
            ++i;
        }
    }
    return out;
}

std::vector<std::string> Regexp::find_all(std::string_view s, long long n) const {
    std::vector<std::string> out;
    for (const auto& [a, b] : find_all_index(s, n)) {
        out.emplace_back(s.substr(a, b - a));
    }
    return out;
}

std::string Regexp::expand(std::string_view tmpl, std::string_view src,
                           const std::vector<std::ptrdiff_t>& match) const {
    std::string out;
    auto group = [&](std::size_t k) {
        if (2 * k + 1 < match.size() && match[2 * k] >= 0) {
            out.append(src.substr(static_cast<std::size_t>(match[2 * k]),
                                  static_cast<std::size_t>(match[2 * k + 1] - match[2 * k])));
            return true;
        }
        return false;
    };
    while (!tmpl.empty()) {
        auto dollar = tmpl.find('$');
        if (dollar == std::string_view::npos) {
            break;
        }
        out.append(tmpl.substr(0, dollar));
        tmpl.remove_prefix(dollar + 1);
        if (!tmpl.empty() && tmpl[0] == '$') {
            out.push_back('$');
            tmpl.remove_prefix(1);
            continue;
        }
        auto ref = extract(tmpl);
        if (!ref) {
            out.push_back('$');
            continue;
        }
        tmpl.remove_prefix(ref->consumed);
        if (ref->num >= 0) {
            group(static_cast<std::size_t>(ref->num));
        } else {
            const auto& names = subexp_names();
            for (std::size_t k = 0; k < names.size(); ++k) {
                if (names[k] == ref->name && group(k)) {
                    break;
                }
            }
        }
    }
    out.append(tmpl);
    return out;
}

namespace {

template <class Repl>
std::string replace_all_with(const detail::Program& program, std::string_view src, std::size_t ncap,
                             Repl repl) {
    std::string out;
    std::size_t last_end = 0;
    std::size_t search = 0;
    detail::Matcher matcher(program, ncap);
    while (search <= src.size()) {
        auto m = matcher.run(src, search);
        if (!m) {
            break;
        }
        auto start = static_cast<std::size_t>((*m)[0]);
        auto end = static_cast<std::size_t>((*m)[1]);
        out.append(src.substr(last_end, start - last_end));
        // No replacement for an empty match right after a match.
        if (end > last_end || start == 0) {
            repl(out, *m);
        }
        last_end = end;
        auto width = detail::decode_rune(src, search).second;
        if (search + width > end) {
            search += width;
        } else if (search + 1 > end) {
            ++search;
        } else {
            search = end;
        }
    }
    out.append(src.substr(last_end));
    return out;
}

} // namespace

std::string Regexp::replace_all(std::string_view src, std::string_view repl) const {
    std::size_t ncap = repl.find('$') == std::string_view::npos ? 2 : 2 * (num_subexp() + 1);
    return replace_all_with(*program_, src, ncap,
                            [&](std::string& out, const std::vector<std::ptrdiff_t>& m) {
                                out += expand(repl, src, m);
                            });
}

std::string Regexp::replace_all_literal(std::string_view src, std::string_view repl) const {
    return replace_all_with(
        *program_, src, 2,
        [&](std::string& out, const std::vector<std::ptrdiff_t>&) { out.append(repl); });
}

std::vector<std::string> Regexp::split(std::string_view s, long long n) const {
    std::vector<std::string> out;
    if (n == 0) {
        return out;
    }
    if (!pattern_.empty() && s.empty()) {
        out.emplace_back();
        return out;
    }
    std::size_t beg = 0;
    std::size_t end = 0;
    for (const auto& [a, b] : find_all_index(s, n)) {
        if (n > 0 && static_cast<long long>(out.size()) == n - 1) {
            break;
        }
        end = a;
        if (b != 0) {
            out.emplace_back(s.substr(beg, end - beg));
        }
        beg = b;
    }
    if (end != s.size()) {
        out.emplace_back(s.substr(beg));
    }
    return out;
}

std::string quote_meta(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (std::string_view(R"(\.+*?()|[]{}^$)").find(c) != std::string_view::npos) {
            out.push_back('\\');
        }
        out.push_back(c);
    }
    return out;
}

} // namespace airlock::goregexp
