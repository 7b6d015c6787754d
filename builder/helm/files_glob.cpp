#include "builder/helm/files_glob.hpp"

#include "common/gounicode/unicode.hpp"

#include <algorithm>

namespace airlock::helm {

namespace {

using GlobNode = FilesGlob::Node;
using GlobSequence = FilesGlob::Sequence;

// gobwas reads the pattern as runes; a byte that is not UTF-8 is an error.
std::optional<std::u32string> glob_runes(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto [r, width] = gounicode::decode_rune(s, i);
        if (r == gounicode::rune_error && width == 1) {
            return std::nullopt;
        }
        out.push_back(r);
        i += width;
    }
    return out;
}

class GlobParser {
  public:
    explicit GlobParser(std::u32string p) : p_(std::move(p)) {}

    // The pattern's top-level sequence, or nullopt where gobwas fails.
    std::optional<GlobSequence> parse() {
        GlobSequence top;
        if (!sequence(top, 0)) {
            return std::nullopt;
        }
        return top;
    }

  private:
    bool at_end() const { return i_ >= p_.size(); }

    // Literal text up to a breaker; `\` takes the next rune as it is, and a
    // `\` at the end is dropped.
    std::u32string text(std::u32string_view breakers) {
        std::u32string out;
        while (!at_end()) {
            char32_t c = p_[i_];
            if (c == U'\\') {
                ++i_;
                if (at_end()) {
                    break;
                }
                out.push_back(p_[i_++]);
                continue;
            }
            if (breakers.find(c) != std::u32string_view::npos) {
                break;
            }
            out.push_back(c);
            ++i_;
        }
        return out;
    }

    // Items until the end, or (inside `depth` braces) until the `,` or `}`
    // that ends this alternative. An unclosed `{` simply ends with the
    // pattern, as in gobwas.
    bool sequence(GlobSequence& out, int depth) {
        while (!at_end()) {
            const char32_t c = p_[i_];
            if (depth > 0 && (c == U',' || c == U'}')) {
                return true;
            }
            if (c == U'*') {
                ++i_;
                GlobNode n;
                n.kind = GlobNode::Kind::any;
                if (!at_end() && p_[i_] == U'*') {
                    ++i_;
                    n.kind = GlobNode::Kind::super;
                }
                out.push_back(std::move(n));
            } else if (c == U'?') {
                ++i_;
                GlobNode n;
                n.kind = GlobNode::Kind::single;
                out.push_back(std::move(n));
            } else if (c == U'[') {
                ++i_;
                GlobNode n;
                if (!char_class(n)) {
                    return false;
                }
                out.push_back(std::move(n));
            } else if (c == U'{') {
                ++i_;
                GlobNode n;
                n.kind = GlobNode::Kind::any_of;
                while (true) {
                    GlobSequence alt;
                    if (!sequence(alt, depth + 1)) {
                        return false;
                    }
                    n.alternatives.push_back(std::move(alt));
                    if (at_end()) {
                        break;
                    }
                    const char32_t sep = p_[i_++];
                    if (sep == U'}') {
                        break;
                    }
                }
                out.push_back(std::move(n));
            } else {
                GlobNode n;
                n.text =
                    text(depth > 0 ? std::u32string_view(U"?*[{},") : std::u32string_view(U"?*[{"));
                out.push_back(std::move(n));
            }
        }
        return true;
    }

    // After `[`: `!` once, then either LO-HI or literal characters, then `]`.
    bool char_class(GlobNode& n) {
        bool want_close = false;
        bool have_range = false;
        while (true) {
            if (at_end()) {
                return false; // unexpected end of input
            }
            const char32_t c = p_[i_++];
            if (want_close) {
                if (c != U']') {
                    return false; // expected close range character
                }
                break;
            }
            if (!n.negated && c == U'!') {
                n.negated = true;
                continue;
            }
            if (!at_end() && p_[i_] == U'-') {
                ++i_;
                if (at_end()) {
                    return false;
                }
                n.lo = c;
                n.hi = p_[i_++];
                if (n.hi < n.lo) {
                    return false; // hi character should be greater than lo
                }
                have_range = true;
                want_close = true;
                continue;
            }
            --i_;
            n.text = text(U"]");
            want_close = true;
        }
        // Exactly one of a range and a list ("could not parse range").
        const bool is_range = have_range && n.lo != 0 && n.hi != 0;
        if (is_range == !n.text.empty()) {
            return false;
        }
        n.kind = is_range ? GlobNode::Kind::range : GlobNode::Kind::chars;
        return true;
    }

    std::u32string p_;
    std::size_t i_ = 0;
};

// Backtracking over runes, bounded: a pattern made to explode gives up
// (no match) rather than run for ever.
class GlobMatcher {
  public:
    explicit GlobMatcher(std::u32string_view s) : s_(s) {}

    bool match(const GlobSequence& seq, std::size_t at, std::size_t pos) {
        if (++steps_ > max_steps) {
            return false;
        }
        if (at == seq.size()) {
            return pos == s_.size();
        }
        const GlobNode& n = seq[at];
        switch (n.kind) {
        case GlobNode::Kind::text:
            return s_.substr(pos, n.text.size()) == n.text &&
                   match(seq, at + 1, pos + n.text.size());
        case GlobNode::Kind::single:
            return pos < s_.size() && s_[pos] != U'/' && match(seq, at + 1, pos + 1);
        case GlobNode::Kind::chars:
        case GlobNode::Kind::range: {
            if (pos >= s_.size()) {
                return false;
            }
            const char32_t c = s_[pos];
            const bool in = n.kind == GlobNode::Kind::range
                                ? (c >= n.lo && c <= n.hi)
                                : n.text.find(c) != std::u32string::npos;
            return in != n.negated && match(seq, at + 1, pos + 1);
        }
        case GlobNode::Kind::any:
        case GlobNode::Kind::super:
            for (std::size_t end = pos;; ++end) {
                if (match(seq, at + 1, end)) {
                    return true;
                }
                if (end >= s_.size() || (n.kind == GlobNode::Kind::any && s_[end] == U'/')) {
                    return false;
                }
            }
        case GlobNode::Kind::any_of:
            for (const GlobSequence& alt : n.alternatives) {
                // The alternative, then the rest of this sequence.
                GlobSequence joined(alt);
                joined.insert(joined.end(), seq.begin() + static_cast<std::ptrdiff_t>(at) + 1,
                              seq.end());
                if (match(joined, 0, pos)) {
                    return true;
                }
            }
            return false;
        }
        return false;
    }

  private:
    static constexpr std::size_t max_steps = 200'000;
    std::u32string_view s_;
    std::size_t steps_ = 0;
};

} // namespace

std::optional<FilesGlob> FilesGlob::compile(std::string_view pattern) {
    std::optional<std::u32string> runes = glob_runes(pattern);
    if (!runes) {
        return std::nullopt;
    }
    std::optional<GlobSequence> nodes = GlobParser(std::move(*runes)).parse();
    if (!nodes) {
        return std::nullopt;
    }
    FilesGlob g;
    g.nodes_ = std::move(*nodes);
    return g;
}

bool FilesGlob::match(std::string_view name) const {
    const std::vector<char32_t> runes = gounicode::to_runes(name);
    const std::u32string text(runes.begin(), runes.end());
    GlobMatcher m(text);
    return m.match(nodes_, 0, 0);
}

} // namespace airlock::helm
