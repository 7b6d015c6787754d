// The built-in regex engine: Go's RE2 syntax translated to ECMAScript for
// std::wregex (code points, as Go matches runes), with Go's refusals kept
// (backreferences, lookaround, repeat counts over 1000) and the cost bounded:
//
// - a pattern is at most kMaxPatternBytes long and its automaton at most
//   kMaxStates states (estimated while translating; counted repetition
//   multiplies), so compiling cannot blow the stack or the heap;
// - matching uses libstdc++'s breadth-first executor (regex_constants::
//   __polynomial), which never backtracks, over `[\s\S]*(?:P)[\s\S]*`, so a
//   search is one pass: time is at most states x length. A value whose
//   length times the states exceeds kMaxSteps is refused (validate()
//   throws) rather than matched.
//
// What it cannot do as Go does: Unicode classes (\pL, \p{Greek}) and the
// flags i, m and s anywhere but at the start of the pattern are refused with
// a message saying so; (?i) folds case by std::regex's rules. An engine that implements Go's
// regexp exactly can be passed in Options instead.
#include "common/core/error.hpp"
#include "common/jsonschema/schema.hpp"

#include <regex>
#include <vector>

namespace airlock::jsonschema {

namespace {

constexpr std::size_t kMaxPatternBytes = 2048;
constexpr std::size_t kMaxStates = 4000;
constexpr std::size_t kMaxSteps = 20'000'000;
constexpr int kMaxRepeat = 1000; // Go's limit
constexpr int kMaxDepth = 100;

[[noreturn]] void bad_pattern(const std::string& what, std::string_view text) {
    throw Error(ErrorCode::spec, "error parsing regexp: " + what + ": `" + std::string(text) + "`");
}

// UTF-8 to code points; a bad byte becomes U+FFFD, as Go reads it.
std::wstring widen(std::string_view s) {
    std::wstring out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = 0;
        char32_t r = 0;
        if (c < 0x80) {
            out += static_cast<wchar_t>(c);
            ++i;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            r = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            r = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            r = c & 0x07;
        }
        bool ok = len != 0 && i + len <= s.size();
        for (std::size_t k = 1; ok && k < len; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            ok = (b & 0xC0) == 0x80;
            r = (r << 6) | (b & 0x3F);
        }
        const bool overlong = (len == 3 && r < 0x800) || (len == 4 && r < 0x10000);
        if (!ok || overlong || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
            out += static_cast<wchar_t>(0xFFFD);
            ++i;
            continue;
        }
        out += static_cast<wchar_t>(r);
        i += len;
    }
    return out;
}

std::string utf8(std::wstring_view w) {
    std::string out;
    for (const wchar_t wc : w) {
        const auto r = static_cast<char32_t>(wc);
        if (r < 0x80) {
            out += static_cast<char>(r);
        } else if (r < 0x800) {
            out += static_cast<char>(0xC0 | (r >> 6));
            out += static_cast<char>(0x80 | (r & 0x3F));
        } else if (r < 0x10000) {
            out += static_cast<char>(0xE0 | (r >> 12));
            out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (r & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (r >> 18));
            out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (r & 0x3F));
        }
    }
    return out;
}

std::wstring hex_escape(char32_t r) {
    static const wchar_t* const kHex = L"0123456789ABCDEF";
    if (r > 0xFFFF) {
        return std::wstring(1, static_cast<wchar_t>(r)); // no escape form; as a literal
    }
    std::wstring out = L"\\u";
    for (int shift = 12; shift >= 0; shift -= 4) {
        out += kHex[(r >> shift) & 15];
    }
    return out;
}

bool is_word_ascii(wchar_t c) {
    return (c >= L'a' && c <= L'z') || (c >= L'A' && c <= L'Z') || (c >= L'0' && c <= L'9') ||
           c == L'_';
}

// Go's syntax read once: checked, translated, and its size estimated.
class Translator {
  public:
    explicit Translator(std::string_view pattern) : text_(pattern), p_(widen(pattern)) {}

    std::wstring run(std::regex_constants::syntax_option_type& flags) {
        leading_flags(flags);
        frames_.push_back({});
        while (i_ < p_.size()) {
            step();
        }
        if (frames_.size() > 1) {
            bad_pattern("missing closing )", text_);
        }
        if (frames_.back().total > kMaxStates) {
            bad_pattern("expression too large for the built-in engine", text_);
        }
        return out_;
    }

    std::size_t states() const { return frames_.empty() ? 0 : frames_.back().total; }

  private:
    struct Frame {
        std::size_t total = 0;    // states so far in this group
        std::size_t last = 0;     // states of the last atom (0: nothing to repeat)
        bool repeated = false;    // the last atom already carries an operator
        std::size_t last_rep = 1; // copies counted repetition makes of the last atom
        std::size_t max_rep = 1;  // the most copies of anything in this group
    };

    void leading_flags(std::regex_constants::syntax_option_type& flags) {
        // (?imsU) at the very start: i, m and s map onto std::regex; U
        // (ungreedy) cannot change whether a pattern matches.
        if (p_.compare(0, 2, L"(?") != 0) {
            return;
        }
        std::size_t k = 2;
        bool icase = false;
        bool multiline = false;
        bool dotall = false;
        while (k < p_.size() &&
               (p_[k] == L'i' || p_[k] == L'm' || p_[k] == L's' || p_[k] == L'U')) {
            icase = icase || p_[k] == L'i';
            multiline = multiline || p_[k] == L'm';
            dotall = dotall || p_[k] == L's';
            ++k;
        }
        if (k == 2 || k >= p_.size() || p_[k] != L')') {
            return;
        }
        if (icase) {
            flags |= std::regex_constants::icase;
        }
        if (multiline) {
            flags |= std::regex_constants::multiline;
        }
        dot_all_ = dotall;
        i_ = k + 1;
    }

    void atom(std::size_t size, std::size_t copies = 1) {
        Frame& f = frames_.back();
        f.total += size;
        f.last = size;
        f.repeated = false;
        f.last_rep = copies;
        f.max_rep = std::max(f.max_rep, copies);
        check_size();
    }

    void check_size() {
        std::size_t sum = 0;
        for (const auto& f : frames_) {
            sum += f.total;
        }
        if (sum > kMaxStates) {
            bad_pattern("expression too large for the built-in engine", text_);
        }
    }

    void step() {
        const wchar_t c = p_[i_];
        switch (c) {
        case L'\\':
            escape(false);
            atom(1);
            return;
        case L'[':
            char_class();
            atom(1);
            return;
        case L'(':
            open_group();
            return;
        case L')':
            close_group();
            return;
        case L'|':
            out_ += L'|';
            ++i_;
            frames_.back().total += 1;
            frames_.back().last = 0;
            return;
        case L'*':
        case L'+':
        case L'?':
            repeat_op(std::wstring(1, c), 1);
            ++i_;
            return;
        case L'{':
            if (counted_repeat()) {
                return;
            }
            out_ += L"\\{";
            ++i_;
            atom(1);
            return;
        case L'.':
            out_ += dot_all_ ? L"[\\s\\S]" : L"[^\\n]";
            ++i_;
            atom(1);
            return;
        case L'^':
        case L'$':
            out_ += c;
            ++i_;
            atom(1);
            frames_.back().last = 1;
            return;
        case L'}':
        case L']':
            out_ += L'\\';
            out_ += c;
            ++i_;
            atom(1);
            return;
        default:
            out_ += c;
            ++i_;
            atom(1);
            return;
        }
    }

    void repeat_op(const std::wstring& op, std::size_t multiplier) {
        Frame& f = frames_.back();
        if (f.last == 0) {
            bad_pattern("missing argument to repetition operator", narrow_op(op));
        }
        if (f.repeated) {
            // a lazy marker on a fresh operator is fine; anything else is Go's
            // "invalid nested repetition operator"
            if (!(op == L"?" && !lazy_taken_)) {
                bad_pattern("invalid nested repetition operator", prev_op_ + narrow_op(op));
            }
            lazy_taken_ = true;
            out_ += op;
            return;
        }
        f.total += f.last * (multiplier > 1 ? multiplier - 1 : 0) + 2;
        f.repeated = true;
        lazy_taken_ = false;
        prev_op_ = narrow_op(op);
        out_ += op;
        check_size();
    }

    static std::string narrow_op(const std::wstring& op) { return utf8(op); }

    // {n}, {n,}, {n,m}: true if one was read here; a brace that starts none
    // is a literal, as in Go.
    bool counted_repeat() {
        std::size_t k = i_ + 1;
        auto number = [&](int& value) {
            const std::size_t start = k;
            long long v = 0;
            while (k < p_.size() && p_[k] >= L'0' && p_[k] <= L'9') {
                v = std::min<long long>(v * 10 + (p_[k] - L'0'), 100000);
                ++k;
            }
            value = static_cast<int>(v);
            return k > start;
        };
        int lo = 0;
        int hi = -1;
        if (!number(lo)) {
            return false;
        }
        if (k < p_.size() && p_[k] == L',') {
            ++k;
            int h = 0;
            if (number(h)) {
                hi = h;
            } else {
                hi = -2; // {n,}
            }
        } else {
            hi = lo;
        }
        if (k >= p_.size() || p_[k] != L'}') {
            return false;
        }
        const std::wstring spec = p_.substr(i_, k + 1 - i_);
        const std::string narrow = utf8(spec);
        if (lo > kMaxRepeat || hi > kMaxRepeat || (hi >= 0 && hi < lo)) {
            bad_pattern("invalid repeat count", narrow);
        }
        // Go also refuses nested counted repetition that makes more than
        // 1000 copies of the innermost thing.
        Frame& f = frames_.back();
        const auto most = static_cast<std::size_t>(hi >= 0 ? hi : lo);
        if ((lo >= 2 || hi >= 2) && most > 0 && f.last != 0 &&
            f.last_rep > static_cast<std::size_t>(kMaxRepeat) / most) {
            bad_pattern("invalid repeat count", narrow);
        }
        i_ = k + 1;
        const int copies = std::max(lo, hi);
        const std::size_t inner = f.last_rep;
        repeat_op(spec, static_cast<std::size_t>(std::max(copies, 1)));
        if (most > 0) {
            frames_.back().last_rep = inner * most;
            frames_.back().max_rep = std::max(frames_.back().max_rep, inner * most);
        }
        return true;
    }

    void open_group() {
        if (frames_.size() > static_cast<std::size_t>(kMaxDepth)) {
            bad_pattern("expression nests too deeply", text_);
        }
        if (p_.compare(i_, 2, L"(?") != 0) {
            ++i_;
        } else if (p_.compare(i_, 4, L"(?P<") == 0 || p_.compare(i_, 3, L"(?<") == 0) {
            // A named group, as Go reads one: (?P<name>...) or (?<name>...).
            const std::size_t begin = i_ + (p_[i_ + 2] == L'P' ? 4 : 3);
            const std::size_t end = p_.find(L'>', begin);
            if (end == std::wstring::npos) {
                bad_pattern("invalid named capture", utf8(std::wstring_view(p_).substr(i_)));
            }
            bool valid = end > begin;
            for (std::size_t k = begin; k < end; ++k) {
                valid = valid && is_word_ascii(p_[k]);
            }
            if (!valid) {
                bad_pattern("invalid named capture",
                            utf8(std::wstring_view(p_).substr(i_, end + 1 - i_)));
            }
            i_ = end + 1;
        } else {
            // (?flags) or (?flags:...). Go reads i, m, s, U and one '-';
            // only (?:...) and the ungreedy flag, which cannot change
            // whether a pattern matches, mean something here.
            std::size_t k = i_ + 2;
            bool ungreedy_only = true;
            bool minus = false;
            while (k < p_.size()) {
                const wchar_t c = p_[k];
                if (c == L'i' || c == L'm' || c == L's' || c == L'U') {
                    ungreedy_only = ungreedy_only && c == L'U';
                } else if (c == L'-' && !minus) {
                    minus = true;
                } else {
                    break;
                }
                ++k;
            }
            if (k >= p_.size() || (p_[k] != L':' && p_[k] != L')')) {
                bad_pattern("invalid or unsupported Perl syntax",
                            utf8(std::wstring_view(p_).substr(i_, k + 1 - i_)));
            }
            if (!ungreedy_only) {
                bad_pattern("flags other than at the start of the pattern are not supported by "
                            "the built-in engine",
                            utf8(std::wstring_view(p_).substr(i_, k + 1 - i_)));
            }
            i_ = k + 1;
            if (p_[k] == L')') {
                return; // (?U): nothing to translate
            }
        }
        out_ += L"(?:";
        frames_.push_back({});
    }

    void close_group() {
        if (frames_.size() == 1) {
            bad_pattern("unexpected )", text_);
        }
        const std::size_t inner = frames_.back().total;
        const std::size_t copies = frames_.back().max_rep;
        frames_.pop_back();
        out_ += L')';
        ++i_;
        atom(inner + 2, copies);
    }

    // An escape at i_ (the backslash); inside a class when `in_class`.
    void escape(bool in_class) {
        if (i_ + 1 >= p_.size()) {
            bad_pattern("trailing backslash at end of expression", "");
        }
        const wchar_t c = p_[i_ + 1];
        auto shown = [&](std::size_t len) { return utf8(std::wstring_view(p_).substr(i_, len)); };
        i_ += 2;
        switch (c) {
        case L'd':
        case L'D':
        case L'w':
        case L'W':
            out_ += L'\\';
            out_ += c;
            return;
        case L's':
            out_ += in_class ? L"\\t\\n\\f\\r " : L"[\\t\\n\\f\\r ]";
            return;
        case L'S':
            out_ += in_class ? L"\\S" : L"[^\\t\\n\\f\\r ]";
            return;
        case L'b':
        case L'B':
            if (in_class) {
                i_ -= 2;
                bad_pattern("invalid escape sequence", shown(2));
            }
            out_ += L'\\';
            out_ += c;
            return;
        case L'A':
            out_ += L'^';
            return;
        case L'z':
            out_ += L'$';
            return;
        case L'a':
            out_ += L"\\x07";
            return;
        case L'f':
        case L't':
        case L'n':
        case L'r':
        case L'v':
            out_ += L'\\';
            out_ += c;
            return;
        case L'x':
            hex_digits();
            return;
        case L'p':
        case L'P':
            i_ -= 2;
            {
                const std::size_t close = p_.find(L'}', i_ + 2);
                const bool braced = i_ + 2 < p_.size() && p_[i_ + 2] == L'{';
                bad_pattern("Unicode classes are not supported by the built-in engine",
                            shown(braced && close != std::wstring::npos ? close + 1 - i_ : 3));
            }
        case L'Q': {
            const std::size_t end = p_.find(L"\\E", i_);
            const std::size_t stop = end == std::wstring::npos ? p_.size() : end;
            for (; i_ < stop; ++i_) {
                out_ += hex_escape(static_cast<char32_t>(p_[i_]));
            }
            if (end != std::wstring::npos) {
                i_ += 2;
            }
            return;
        }
        default:
            break;
        }
        if (c >= L'0' && c <= L'7') {
            // Go: \0 and \1..\7 followed by an octal digit start an octal
            // escape of up to three digits; a lone \1..\7 would be a
            // backreference, which Go does not have.
            const bool next_octal = i_ < p_.size() && p_[i_] >= L'0' && p_[i_] <= L'7';
            if (c != L'0' && !next_octal) {
                i_ -= 2;
                bad_pattern("invalid escape sequence", shown(2));
            }
            char32_t v = static_cast<char32_t>(c - L'0');
            for (int n = 1; n < 3 && i_ < p_.size() && p_[i_] >= L'0' && p_[i_] <= L'7'; ++n) {
                v = v * 8 + static_cast<char32_t>(p_[i_] - L'0');
                ++i_;
            }
            out_ += hex_escape(v);
            return;
        }
        if (c < 0x80 && !is_word_ascii(c)) {
            out_ += hex_escape(static_cast<char32_t>(c)); // punctuation stands for itself
            return;
        }
        i_ -= 2;
        bad_pattern("invalid escape sequence", shown(2));
    }

    void hex_digits() {
        auto hex = [](wchar_t h) -> int {
            if (h >= L'0' && h <= L'9') {
                return h - L'0';
            }
            if (h >= L'a' && h <= L'f') {
                return h - L'a' + 10;
            }
            if (h >= L'A' && h <= L'F') {
                return h - L'A' + 10;
            }
            return -1;
        };
        char32_t v = 0;
        if (i_ < p_.size() && p_[i_] == L'{') {
            std::size_t k = i_ + 1;
            int n = 0;
            while (k < p_.size() && hex(p_[k]) >= 0 && n < 8) {
                v = v * 16 + static_cast<char32_t>(hex(p_[k]));
                ++k;
                ++n;
            }
            if (n == 0 || k >= p_.size() || p_[k] != L'}' || v > 0x10FFFF) {
                bad_pattern("invalid escape sequence",
                            "\\x" + utf8(std::wstring_view(p_).substr(i_, k - i_)));
            }
            i_ = k + 1;
        } else {
            if (i_ + 1 >= p_.size() || hex(p_[i_]) < 0 || hex(p_[i_ + 1]) < 0) {
                bad_pattern("invalid escape sequence", "\\x");
            }
            v = static_cast<char32_t>(hex(p_[i_]) * 16 + hex(p_[i_ + 1]));
            i_ += 2;
        }
        out_ += hex_escape(v);
    }

    void char_class() {
        const std::size_t start = i_;
        ++i_;
        out_ += L'[';
        if (i_ < p_.size() && p_[i_] == L'^') {
            out_ += L'^';
            ++i_;
        }
        bool first = true;
        long prev = -1;          // the last single character, for range checks
        std::size_t prev_at = 0; // where it was written
        while (true) {
            if (i_ >= p_.size()) {
                bad_pattern("missing closing ]", utf8(std::wstring_view(p_).substr(start)));
            }
            const wchar_t c = p_[i_];
            if (c == L']' && !first) {
                out_ += L']';
                ++i_;
                return;
            }
            first = false;
            if (c == L'[' && p_.compare(i_, 2, L"[:") == 0) {
                const std::size_t close = p_.find(L":]", i_ + 2);
                if (close != std::wstring::npos) {
                    if (p_.compare(i_, 3, L"[:^") == 0) {
                        bad_pattern("negated POSIX classes are not supported by the built-in "
                                    "engine",
                                    "[:^");
                    }
                    out_ += p_.substr(i_, close + 2 - i_);
                    i_ = close + 2;
                    prev = -1;
                    continue;
                }
            }
            if (c == L'\\') {
                const std::size_t before = out_.size();
                prev_at = i_;
                escape(true);
                const std::wstring added = out_.substr(before);
                prev = added.size() == 6 && added.compare(0, 2, L"\\u") == 0
                           ? std::stol(std::wstring(added.substr(2)), nullptr, 16)
                           : -1;
                continue;
            }
            if (c == L'-' && prev >= 0 && i_ + 1 < p_.size() && p_[i_ + 1] != L']') {
                // a range: check its ends as Go does
                long hi = -1;
                std::size_t k = i_ + 1;
                if (p_[k] == L'\\') {
                    const std::size_t saved = i_;
                    const std::size_t before = out_.size();
                    i_ = k;
                    escape(true);
                    const std::wstring added = out_.substr(before);
                    out_.resize(before);
                    hi = added.size() == 6 && added.compare(0, 2, L"\\u") == 0
                             ? std::stol(std::wstring(added.substr(2)), nullptr, 16)
                             : -2;
                    k = i_;
                    i_ = saved;
                    if (hi == -2) {
                        bad_pattern("invalid character class range",
                                    utf8(std::wstring_view(p_).substr(prev_at, k - prev_at)));
                    }
                    out_ += L'-';
                    out_ += hex_escape(static_cast<char32_t>(hi));
                } else {
                    hi = p_[k];
                    out_ += L'-';
                    out_ += hex_escape(static_cast<char32_t>(hi));
                    ++k;
                }
                if (hi < prev) {
                    bad_pattern("invalid character class range",
                                utf8(std::wstring_view(p_).substr(prev_at, k - prev_at)));
                }
                i_ = k;
                prev = -1;
                continue;
            }
            out_ += hex_escape(static_cast<char32_t>(c));
            prev = c;
            prev_at = i_;
            ++i_;
        }
    }

    std::string text_;
    std::wstring p_;
    std::wstring out_;
    std::size_t i_ = 0;
    bool dot_all_ = false;
    bool lazy_taken_ = false;
    std::string prev_op_;
    std::vector<Frame> frames_;
};

class StdRegex final : public Regex {
  public:
    StdRegex(std::string pattern, std::wregex re, std::size_t states)
        : pattern_(std::move(pattern)), re_(std::move(re)),
          states_(std::max<std::size_t>(states, 1)) {}

    bool search(std::string_view s) const override {
        const std::wstring subject = widen(s);
        if (subject.size() > kMaxSteps / states_) {
            throw Error(ErrorCode::spec, "the built-in regex engine will not match pattern `" +
                                             pattern_ + "` against a value of " +
                                             std::to_string(subject.size()) + " characters");
        }
        return std::regex_match(subject, re_);
    }

  private:
    std::string pattern_;
    std::wregex re_;
    std::size_t states_;
};

class StdRegexEngine final : public RegexEngine {
  public:
    std::unique_ptr<const Regex> compile(std::string_view pattern) const override {
        if (pattern.size() > kMaxPatternBytes) {
            throw Error(ErrorCode::spec, "error parsing regexp: pattern longer than " +
                                             std::to_string(kMaxPatternBytes) +
                                             " bytes, the built-in engine's limit");
        }
        auto flags = std::regex_constants::ECMAScript | std::regex_constants::nosubs;
#if defined(__GLIBCXX__)
        flags |= std::regex_constants::__polynomial;
#endif
        Translator translator(pattern);
        const std::wstring body = translator.run(flags);
        try {
            std::wregex re(L"[\\s\\S]*(?:" + body + L")[\\s\\S]*", flags);
            return std::make_unique<StdRegex>(std::string(pattern), std::move(re),
                                              translator.states() + 4);
        } catch (const std::regex_error& e) {
            throw Error(ErrorCode::spec, "error parsing regexp: " + std::string(e.what()) + ": `" +
                                             std::string(pattern) + "`");
        }
    }
};

} // namespace

std::shared_ptr<const RegexEngine> std_regex_engine() {
    static const auto engine = std::make_shared<const StdRegexEngine>();
    return engine;
}

} // namespace airlock::jsonschema
