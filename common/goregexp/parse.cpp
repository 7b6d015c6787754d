// Go's regexp/syntax parser with the Perl flags regexp.Compile uses: the same
// accepted syntax and the same error codes and quoted text. A recursive
// descent over groups stands in for Go's operator stack; errors still come
// out in left-to-right order, so the first one Go reports is ours too.
#include "common/core/error.hpp"
#include "common/goregexp/detail/char_class.hpp"
#include "common/goregexp/detail/program.hpp"

#include <algorithm>
#include <tuple>

namespace airlock::goregexp::detail {

namespace {

constexpr int max_nesting = 1000;
constexpr int max_repeat = 1000;

[[noreturn]] void syntax_error(std::string_view code, std::string_view expr) {
    fail(ErrorCode::spec,
         "error parsing regexp: " + std::string(code) + ": `" + std::string(expr) + "`");
}

struct Flags {
    bool fold = false;
    bool dot_nl = false;
    bool one_line = true;
    bool non_greedy = false;
};

int unhex(char32_t c) {
    if (c >= '0' && c <= '9') {
        return static_cast<int>(c - '0');
    }
    if (c >= 'a' && c <= 'f') {
        return static_cast<int>(c - 'a' + 10);
    }
    if (c >= 'A' && c <= 'F') {
        return static_cast<int>(c - 'A' + 10);
    }
    return -1;
}

bool is_alnum(char32_t c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool valid_capture_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return c == '_' || is_alnum(static_cast<unsigned char>(c));
    });
}

class Parser {
  public:
    explicit Parser(std::string_view s) : whole_(s) {}

    Parsed run() {
        Flags flags;
        Parsed out;
        out.names.emplace_back();
        names_ = &out.names;
        out.root = parse_alternation(flags, 0);
        if (pos_ < whole_.size()) {
            // Only a ')' stops the top level early.
            syntax_error("unexpected )", whole_);
        }
        out.num_cap = num_cap_;
        if (height(out.root) > max_nesting) {
            syntax_error("expression nests too deeply", whole_);
        }
        return out;
    }

    // The height of Go's parse tree, where a run of literals is one node.
    static int height(const Node& n) {
        if (n.op == NodeOp::concat && std::all_of(n.subs.begin(), n.subs.end(), [](const Node& s) {
                return s.op == NodeOp::literal;
            })) {
            return 1;
        }
        int h = 1;
        for (const auto& sub : n.subs) {
            h = std::max(h, 1 + height(sub));
        }
        return h;
    }

  private:
    std::string_view whole_;
    std::size_t pos_ = 0;
    int num_cap_ = 0;
    std::vector<std::string>* names_ = nullptr;

    std::string_view rest() const { return whole_.substr(pos_); }
    bool at_end() const { return pos_ >= whole_.size(); }

    char32_t next_rune() {
        auto [r, w] = decode_rune(whole_, pos_);
        if (r == rune_error && w == 1) {
            syntax_error("invalid UTF-8", rest());
        }
        pos_ += w;
        return r;
    }

    Node literal(char32_t r, const Flags& flags) {
        Node n;
        if (flags.fold) {
            auto orbit = fold_orbit(r);
            if (!orbit.empty()) {
                n.op = NodeOp::char_class;
                n.ranges = {r, r};
                for (char32_t v : orbit) {
                    n.ranges.push_back(v);
                    n.ranges.push_back(v);
                }
                normalize(n.ranges);
                return n;
            }
        }
        n.op = NodeOp::literal;
        n.ranges = {r, r};
        return n;
    }

    static Node make_concat(std::vector<Node>&& items) {
        if (items.size() == 1) {
            return std::move(items[0]);
        }
        Node n;
        if (items.empty()) {
            n.op = NodeOp::empty_match;
            return n;
        }
        n.op = NodeOp::concat;
        n.subs = std::move(items);
        return n;
    }

    static bool repeat_is_valid(const Node& n, int limit) {
        if (n.op == NodeOp::repeat) {
            int m = n.max;
            if (m == 0) {
                return true;
            }
            if (m < 0) {
                m = n.min;
            }
            if (m > limit) {
                return false;
            }
            if (m > 0) {
                limit /= m;
            }
        }
        return std::all_of(n.subs.begin(), n.subs.end(),
                           [&](const Node& s) { return repeat_is_valid(s, limit); });
    }

    // Parses until ')' or the end; flags changed by (?i) last until then.
    Node parse_alternation(Flags flags, int depth) {
        if (depth > max_nesting) {
            syntax_error("expression nests too deeply", whole_);
        }
        std::vector<Node> alternatives;
        std::vector<Node> items;
        std::size_t last_repeat = std::string_view::npos; // where the previous operator began
        while (!at_end()) {
            std::size_t repeat_start = std::string_view::npos;
            char c = whole_[pos_];
            switch (c) {
            case '|':
                alternatives.push_back(make_concat(std::move(items)));
                items.clear();
                ++pos_;
                break;
            case ')':
                goto done;
            case '(':
                if (rest().substr(0, 2) == "(?") {
                    parse_perl_group(flags, items, depth);
                } else {
                    ++pos_;
                    items.push_back(parse_group(flags, ++num_cap_, "", depth));
                }
                break;
            case '[':
                items.push_back(parse_class(flags));
                break;
            case '*':
            case '+':
            case '?':
            case '{': {
                repeat_start = pos_;
                int min = 0, max = 0;
                if (c == '{') {
                    auto parsed = parse_repeat();
                    if (!parsed) {
                        ++pos_;
                        items.push_back(literal('{', flags));
                        repeat_start = std::string_view::npos;
                        break;
                    }
                    std::tie(min, max) = *parsed;
                    if (min < 0 || min > max_repeat || max > max_repeat ||
                        (max >= 0 && min > max)) {
                        syntax_error("invalid repeat count",
                                     whole_.substr(repeat_start, pos_ - repeat_start));
                    }
                } else {
                    ++pos_;
                    min = c == '+' ? 1 : 0;
                    max = c == '?' ? 1 : -1;
                }
                bool non_greedy = flags.non_greedy;
                if (!at_end() && whole_[pos_] == '?') {
                    ++pos_;
                    non_greedy = !non_greedy;
                }
                if (last_repeat != std::string_view::npos) {
                    syntax_error("invalid nested repetition operator",
                                 whole_.substr(last_repeat, pos_ - last_repeat));
                }
                if (items.empty()) {
                    syntax_error("missing argument to repetition operator",
                                 whole_.substr(repeat_start, pos_ - repeat_start));
                }
                Node rep;
                rep.op = c == '*'   ? NodeOp::star
                         : c == '+' ? NodeOp::plus
                         : c == '?' ? NodeOp::quest
                                    : NodeOp::repeat;
                rep.min = min;
                rep.max = max;
                rep.non_greedy = non_greedy;
                rep.subs.push_back(std::move(items.back()));
                items.back() = std::move(rep);
                if (c == '{' && (min >= 2 || max >= 2) &&
                    !repeat_is_valid(items.back(), max_repeat)) {
                    syntax_error("invalid repeat count",
                                 whole_.substr(repeat_start, pos_ - repeat_start));
                }
                break;
            }
            case '.': {
                ++pos_;
                Node n;
                n.op = flags.dot_nl ? NodeOp::any_char : NodeOp::any_char_not_nl;
                items.push_back(std::move(n));
                break;
            }
            case '^':
            case '$': {
                ++pos_;
                Node n;
                n.op = NodeOp::empty_width;
                if (c == '^') {
                    n.empty = flags.one_line ? empty_begin_text : empty_begin_line;
                } else {
                    n.empty = flags.one_line ? empty_end_text : empty_end_line;
                }
                items.push_back(std::move(n));
                break;
            }
            case '\\':
                parse_backslash(flags, items);
                break;
            default:
                items.push_back(literal(next_rune(), flags));
                break;
            }
            last_repeat = repeat_start;
        }
    done:
        alternatives.push_back(make_concat(std::move(items)));
        if (alternatives.size() == 1) {
            return std::move(alternatives[0]);
        }
        Node alt;
        alt.op = NodeOp::alternate;
        alt.subs = std::move(alternatives);
        return alt;
    }

    // After the opening "(" or "(?...:" of a group; consumes the ")".
    Node parse_group(const Flags& flags, int cap, std::string name, int depth) {
        if (cap > 0) {
            names_->push_back(std::move(name));
        }
        Node body = parse_alternation(flags, depth + 1);
        if (at_end()) {
            syntax_error("missing closing )", whole_);
        }
        ++pos_; // ')'
        if (cap == 0) {
            return body;
        }
        Node n;
        n.op = NodeOp::capture;
        n.cap = cap;
        n.subs.push_back(std::move(body));
        return n;
    }

    std::optional<std::pair<int, int>> parse_repeat() {
        std::size_t p = pos_ + 1;
        auto parse_int = [&](int& n) {
            if (p >= whole_.size() || whole_[p] < '0' || whole_[p] > '9') {
                return false;
            }
            if (p + 1 < whole_.size() && whole_[p] == '0' && whole_[p + 1] >= '0' &&
                whole_[p + 1] <= '9') {
                return false;
            }
            n = 0;
            while (p < whole_.size() && whole_[p] >= '0' && whole_[p] <= '9') {
                if (n >= 100000000 || n < 0) {
                    n = -1;
                } else {
                    n = n * 10 + (whole_[p] - '0');
                }
                ++p;
            }
            return true;
        };
        int min = 0, max = 0;
        if (!parse_int(min) || p >= whole_.size()) {
            return std::nullopt;
        }
        if (whole_[p] != ',') {
            max = min;
        } else {
            ++p;
            if (p >= whole_.size()) {
                return std::nullopt;
            }
            if (whole_[p] == '}') {
                max = -1;
            } else if (!parse_int(max)) {
                return std::nullopt;
            } else if (max < 0) {
                min = -1;
            }
        }
        if (p >= whole_.size() || whole_[p] != '}') {
            return std::nullopt;
        }
        pos_ = p + 1;
        return std::pair{min, max};
    }

    void parse_perl_group(Flags& flags, std::vector<Node>& items, int depth) {
        std::size_t start = pos_;
        std::string_view t = rest();
        bool python = t.size() > 4 && t[2] == 'P' && t[3] == '<';
        if (python || (t.size() > 3 && t[2] == '<')) {
            std::size_t begin = python ? 4 : 3;
            auto end = t.find('>');
            if (end == std::string_view::npos) {
                syntax_error("invalid named capture", t);
            }
            std::string_view name = t.substr(begin, end - begin);
            if (!valid_capture_name(name)) {
                syntax_error("invalid named capture", t.substr(0, end + 1));
            }
            pos_ += end + 1;
            int cap = ++num_cap_;
            items.push_back(parse_group(flags, cap, std::string(name), depth));
            return;
        }
        pos_ += 2;
        Flags f = flags;
        bool negated = false;
        bool saw_flag = false;
        while (!at_end()) {
            char32_t c = next_rune();
            switch (c) {
            case 'i':
                f.fold = !negated;
                saw_flag = true;
                continue;
            case 'm':
                f.one_line = negated;
                saw_flag = true;
                continue;
            case 's':
                f.dot_nl = !negated;
                saw_flag = true;
                continue;
            case 'U':
                f.non_greedy = !negated;
                saw_flag = true;
                continue;
            case '-':
                if (negated) {
                    break;
                }
                negated = true;
                saw_flag = false;
                continue;
            case ':':
            case ')':
                if (negated && !saw_flag) {
                    break;
                }
                if (c == ':') {
                    items.push_back(parse_group(f, 0, "", depth));
                } else {
                    flags = f;
                }
                return;
            default:
                break;
            }
            break;
        }
        syntax_error("invalid or unsupported Perl syntax", whole_.substr(start, pos_ - start));
    }

    void parse_backslash(const Flags& flags, std::vector<Node>& items) {
        std::string_view t = rest();
        if (t.size() >= 2) {
            Node n;
            n.op = NodeOp::empty_width;
            switch (t[1]) {
            case 'A':
                n.empty = empty_begin_text;
                break;
            case 'b':
                n.empty = empty_word_boundary;
                break;
            case 'B':
                n.empty = empty_no_word_boundary;
                break;
            case 'z':
                n.empty = empty_end_text;
                break;
            case 'C':
                syntax_error("invalid escape sequence", t.substr(0, 2));
            case 'Q': {
                pos_ += 2;
                auto end = rest().find("\\E");
                std::size_t stop = end == std::string_view::npos ? whole_.size() : pos_ + end;
                while (pos_ < stop) {
                    items.push_back(literal(next_rune(), flags));
                }
                pos_ = end == std::string_view::npos ? whole_.size() : stop + 2;
                return;
            }
            default:
                break;
            }
            if (n.empty != 0) {
                pos_ += 2;
                items.push_back(std::move(n));
                return;
            }
        }
        Ranges cls;
        if (parse_unicode_class(flags, cls) || parse_perl_class(flags, cls)) {
            Node n;
            n.op = NodeOp::char_class;
            normalize(cls);
            n.ranges = std::move(cls);
            items.push_back(std::move(n));
            return;
        }
        items.push_back(literal(parse_escape(), flags));
    }

    // \d \D \s \S \w \W at pos_; false when there is none.
    bool parse_perl_class(const Flags& flags, Ranges& cls) {
        std::string_view t = rest();
        if (t.size() < 2 || t[0] != '\\') {
            return false;
        }
        const Ranges* r = nullptr;
        switch (t[1] | 0x20) {
        case 'd':
            r = &perl_digit();
            break;
        case 's':
            r = &perl_space();
            break;
        case 'w':
            r = &perl_word();
            break;
        default:
            return false;
        }
        bool negated = t[1] >= 'A' && t[1] <= 'Z';
        pos_ += 2;
        add_group(flags, cls, *r, negated);
        return true;
    }

    static void add_group(const Flags& flags, Ranges& cls, const Ranges& group, bool negated) {
        Ranges g;
        add_ranges(g, group, flags.fold);
        if (negated) {
            g = negate(std::move(g));
        }
        cls.insert(cls.end(), g.begin(), g.end());
    }

    // \pL, \p{Greek}, \PL, \p{^Greek} at pos_.
    bool parse_unicode_class(const Flags& flags, Ranges& cls) {
        std::string_view s = rest();
        if (s.size() < 2 || s[0] != '\\' || (s[1] != 'p' && s[1] != 'P')) {
            return false;
        }
        bool negated = s[1] == 'P';
        std::size_t save = pos_;
        pos_ += 2;
        std::string_view seq, name;
        if (at_end() || whole_[pos_] != '{') {
            if (!at_end()) {
                next_rune();
            }
            seq = whole_.substr(save, pos_ - save);
            name = seq.substr(2);
        } else {
            auto end = s.find('}');
            if (end == std::string_view::npos) {
                syntax_error("invalid character class range", s);
            }
            seq = s.substr(0, end + 1);
            name = s.substr(3, end - 3);
            pos_ = save + end + 1;
        }
        if (!name.empty() && name[0] == '^') {
            negated = !negated;
            name.remove_prefix(1);
        }
        auto table = unicode_class(name);
        if (!table) {
            syntax_error("invalid character class range", seq);
        }
        add_group(flags, cls, *table, negated);
        return true;
    }

    // One escaped rune (\n, \x41, \x{263a}, \101, \.); pos_ at the backslash.
    char32_t parse_escape() {
        std::size_t start = pos_;
        ++pos_;
        if (at_end()) {
            syntax_error("trailing backslash at end of expression", "");
        }
        char32_t c = next_rune();
        auto invalid = [&]() {
            syntax_error("invalid escape sequence", whole_.substr(start, pos_ - start));
        };
        auto octal_digit = [&]() {
            return !at_end() && whole_[pos_] >= '0' && whole_[pos_] <= '7';
        };
        switch (c) {
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7':
            if (!octal_digit()) {
                invalid();
            }
            [[fallthrough]];
        case '0': {
            char32_t r = c - '0';
            for (int i = 1; i < 3 && octal_digit(); ++i) {
                r = r * 8 + static_cast<char32_t>(whole_[pos_] - '0');
                ++pos_;
            }
            return r;
        }
        case 'x': {
            if (at_end()) {
                invalid();
            }
            c = next_rune();
            if (c == '{') {
                int nhex = 0;
                char32_t r = 0;
                for (;;) {
                    if (at_end()) {
                        invalid();
                    }
                    c = next_rune();
                    if (c == '}') {
                        break;
                    }
                    int v = unhex(c);
                    if (v < 0) {
                        invalid();
                    }
                    r = r * 16 + static_cast<char32_t>(v);
                    if (r > max_rune) {
                        invalid();
                    }
                    ++nhex;
                }
                if (nhex == 0) {
                    invalid();
                }
                return r;
            }
            int x = unhex(c);
            int y = at_end() ? -1 : unhex(next_rune());
            if (x < 0 || y < 0) {
                invalid();
            }
            return static_cast<char32_t>(x * 16 + y);
        }
        case 'a':
            return '\a';
        case 'f':
            return '\f';
        case 'n':
            return '\n';
        case 'r':
            return '\r';
        case 't':
            return '\t';
        case 'v':
            return '\v';
        default:
            if (c < 0x80 && !is_alnum(c)) {
                return c;
            }
            invalid();
        }
        return 0;
    }

    Node parse_class(const Flags& flags) {
        std::size_t start = pos_;
        std::string_view whole_class = rest();
        ++pos_;
        bool negated = false;
        if (!at_end() && whole_[pos_] == '^') {
            negated = true;
            ++pos_;
        }
        Ranges cls;
        bool first = true;
        while (at_end() || whole_[pos_] != ']' || first) {
            first = false;
            std::string_view t = rest();
            if (t.size() > 2 && t[0] == '[' && t[1] == ':') {
                auto end = t.substr(2).find(":]");
                if (end != std::string_view::npos) {
                    std::string_view name = t.substr(0, end + 4);
                    std::string_view inner = name.substr(2, name.size() - 4);
                    bool neg = !inner.empty() && inner[0] == '^';
                    const Ranges* group = posix_class(neg ? inner.substr(1) : inner);
                    if (group == nullptr) {
                        syntax_error("invalid character class range", name);
                    }
                    pos_ += name.size();
                    add_group(flags, cls, *group, neg);
                    continue;
                }
            }
            if (parse_unicode_class(flags, cls) || parse_perl_class(flags, cls)) {
                continue;
            }
            std::size_t range_start = pos_;
            char32_t lo = parse_class_char(whole_class);
            char32_t hi = lo;
            if (pos_ + 1 < whole_.size() && whole_[pos_] == '-' && whole_[pos_ + 1] != ']') {
                ++pos_;
                hi = parse_class_char(whole_class);
                if (hi < lo) {
                    syntax_error("invalid character class range",
                                 whole_.substr(range_start, pos_ - range_start));
                }
            }
            add_ranges(cls, {lo, hi}, flags.fold);
        }
        ++pos_; // ']'
        (void)start;
        Node n;
        n.op = NodeOp::char_class;
        n.ranges = negated ? negate(std::move(cls)) : std::move(cls);
        normalize(n.ranges);
        return n;
    }

    char32_t parse_class_char(std::string_view whole_class) {
        if (at_end()) {
            syntax_error("missing closing ]", whole_class);
        }
        if (whole_[pos_] == '\\') {
            return parse_escape();
        }
        return next_rune();
    }
};

} // namespace

Parsed parse(std::string_view pattern) {
    return Parser(pattern).run();
}

} // namespace airlock::goregexp::detail
