#include "builder/helm/manifests.hpp"

#include "builder/helm/go_strings.hpp"

namespace airlock::helm {

namespace {

// Go regexp's \s: [\t\n\f\r ].
bool is_regexp_space(char c) {
    return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

struct Match {
    std::size_t begin = 0;
    std::size_t end = 0;
};

// The leftmost match of (?:^|\s*\n)---\s* at or after `from`.
bool find_separator(std::string_view s, std::size_t from, Match& m) {
    for (std::size_t r = s.find("---", from); r != std::string_view::npos;
         r = s.find("---", r + 1)) {
        std::size_t begin = 0;
        if (r == 0 && from == 0) {
            begin = 0;
        } else if (r > from && s[r - 1] == '\n') {
            begin = r - 1;
            while (begin > from && is_regexp_space(s[begin - 1])) {
                --begin;
            }
        } else {
            continue;
        }
        std::size_t end = r + 3;
        while (end < s.size() && is_regexp_space(s[end])) {
            ++end;
        }
        m = {begin, end};
        return true;
    }
    return false;
}

} // namespace

std::vector<std::string> split_manifests(std::string_view text) {
    const std::string whole = go_trim_space(text);
    const std::string_view s = whole;
    std::vector<std::string> pieces;
    // regexp.Split(s, -1).
    std::size_t begin = 0;
    std::size_t last_match_start = 0;
    bool any = false;
    Match m;
    for (std::size_t from = 0; from <= s.size() && find_separator(s, from, m); from = m.end) {
        any = true;
        last_match_start = m.begin;
        if (m.end != 0) {
            pieces.emplace_back(s.substr(begin, m.begin - begin));
        }
        begin = m.end;
        if (m.end == m.begin) {
            break; // never: a separator is at least "---"
        }
    }
    if (!any || last_match_start != s.size()) {
        pieces.emplace_back(s.substr(begin));
    }
    std::vector<std::string> documents;
    for (const std::string& piece : pieces) {
        if (piece.empty()) {
            continue;
        }
        documents.push_back(go_trim_space(piece));
    }
    return documents;
}

} // namespace airlock::helm
