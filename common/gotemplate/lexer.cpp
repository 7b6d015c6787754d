#include "common/gotemplate/detail/lexer.hpp"

#include <algorithm>

namespace airlock::gotemplate::detail {

namespace {

constexpr std::string_view left_delim = "{{";
constexpr std::string_view right_delim = "}}";
constexpr std::string_view left_comment = "/*";
constexpr std::string_view right_comment = "*/";

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Go accepts Unicode letters and digits; bytes of multi-byte UTF-8 sequences
// are taken as letters, which accepts the same identifiers and a few more.
bool is_alnum(char c) {
    const auto u = static_cast<unsigned char>(c);
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           u >= 0x80;
}

bool has_left_trim_marker(std::string_view s) {
    return s.size() >= 2 && s[0] == '-' && is_space(s[1]);
}

bool has_right_trim_marker(std::string_view s) {
    return s.size() >= 2 && is_space(s[0]) && s[1] == '-';
}

std::size_t right_trim_length(std::string_view s) {
    std::size_t n = 0;
    while (n < s.size() && is_space(s[s.size() - 1 - n])) {
        ++n;
    }
    return n;
}

std::size_t left_trim_length(std::string_view s) {
    std::size_t n = 0;
    while (n < s.size() && is_space(s[n])) {
        ++n;
    }
    return n;
}

Tok keyword(std::string_view word) {
    static constexpr std::pair<std::string_view, Tok> words[] = {
        {"block", Tok::kw_block},
        {"break", Tok::kw_break},
        {"continue", Tok::kw_continue},
        {"define", Tok::kw_define},
        {"else", Tok::kw_else},
        {"end", Tok::kw_end},
        {"if", Tok::kw_if},
        {"range", Tok::kw_range},
        {"nil", Tok::nil},
        {"template", Tok::kw_template},
        {"with", Tok::kw_with},
    };
    for (const auto& [w, t] : words) {
        if (w == word) {
            return t;
        }
    }
    return Tok::identifier;
}

} // namespace

Lexer::Lexer(std::string_view input) : input_(input) {}

std::pair<int, int> Lexer::line_col(std::size_t pos) const {
    pos = std::min(pos, input_.size());
    // Tokens come in order, so counting on from the last answer keeps
    // lexing linear in the template's size.
    if (pos < counted_to_) {
        counted_to_ = 0;
        counted_line_ = 1;
        counted_line_start_ = 0;
    }
    const std::string_view span = input_.substr(counted_to_, pos - counted_to_);
    if (const std::size_t last = span.rfind('\n'); last != std::string_view::npos) {
        counted_line_ += static_cast<int>(std::count(span.begin(), span.end(), '\n'));
        counted_line_start_ = counted_to_ + last + 1;
    }
    counted_to_ = pos;
    return {counted_line_, static_cast<int>(pos - counted_line_start_)};
}

Token Lexer::emit(Tok type, std::size_t start, std::size_t end) {
    Token t;
    t.type = type;
    t.text = input_.substr(start, end - start);
    t.pos = start;
    t.line = line_col(start).first;
    return t;
}

Token Lexer::error(const std::string& message) {
    done_ = true;
    error_message_ = message;
    Token t;
    t.type = Tok::error;
    t.text = error_message_;
    t.pos = pos_;
    t.line = line_col(pos_).first;
    return t;
}

Token Lexer::next() {
    if (done_) {
        Token t;
        t.type = Tok::eof;
        t.pos = input_.size();
        t.line = line_col(input_.size()).first;
        return t;
    }
    return state_ == State::text ? lex_text() : lex_inside();
}

Token Lexer::lex_text() {
    const std::size_t start = pos_;
    const std::size_t x = input_.find(left_delim, pos_);
    if (x == std::string_view::npos) {
        pos_ = input_.size();
        done_ = true;
        if (pos_ > start) {
            return emit(Tok::text, start, pos_);
        }
        Token t;
        t.type = Tok::eof;
        t.pos = pos_;
        t.line = line_col(pos_).first;
        return t;
    }
    if (x > start) {
        std::size_t trim = 0;
        if (has_left_trim_marker(input_.substr(x + left_delim.size()))) {
            trim = right_trim_length(input_.substr(start, x - start));
        }
        pos_ = x;
        if (x - trim > start) {
            return emit(Tok::text, start, x - trim);
        }
    }
    return lex_left_delim();
}

Token Lexer::lex_left_delim() {
    const std::size_t start = pos_;
    action_start_ = start;
    pos_ += left_delim.size();
    const bool trim = has_left_trim_marker(input_.substr(pos_));
    const std::size_t after_marker = trim ? 2 : 0;
    if (input_.substr(pos_ + after_marker).starts_with(left_comment)) {
        pos_ += after_marker;
        return lex_comment();
    }
    Token t = emit(Tok::left_delim, start, pos_);
    pos_ += after_marker;
    state_ = State::inside;
    paren_depth_ = 0;
    return t;
}

Token Lexer::lex_comment() {
    const std::size_t start = pos_;
    pos_ += left_comment.size();
    const std::size_t x = input_.find(right_comment, pos_);
    if (x == std::string_view::npos) {
        return error("unclosed comment");
    }
    pos_ = x + right_comment.size();
    bool trim = false;
    if (!at_right_delim(pos_, trim)) {
        return error("comment ends before closing delimiter");
    }
    Token t = emit(Tok::comment, start, pos_);
    pos_ += (trim ? 2 : 0) + right_delim.size();
    if (trim) {
        pos_ += left_trim_length(input_.substr(pos_));
    }
    state_ = State::text;
    return t;
}

bool Lexer::at_right_delim(std::size_t at, bool& trim) const {
    const std::string_view rest = input_.substr(std::min(at, input_.size()));
    if (has_right_trim_marker(rest) && rest.substr(2).starts_with(right_delim)) {
        trim = true;
        return true;
    }
    trim = false;
    return rest.starts_with(right_delim);
}

bool Lexer::at_terminator() const {
    if (pos_ >= input_.size()) {
        return true;
    }
    const char c = input_[pos_];
    if (is_space(c)) {
        return true;
    }
    switch (c) {
    case '.':
    case ',':
    case '|':
    case ':':
    case ')':
    case '(':
        return true;
    default:
        break;
    }
    return input_.substr(pos_).starts_with(right_delim);
}

Token Lexer::lex_inside() {
    bool trim = false;
    if (at_right_delim(pos_, trim)) {
        if (paren_depth_ != 0) {
            return error("unclosed left paren");
        }
        if (trim) {
            pos_ += 2;
        }
        const std::size_t start = pos_;
        pos_ += right_delim.size();
        Token t = emit(Tok::right_delim, start, pos_);
        if (trim) {
            pos_ += left_trim_length(input_.substr(pos_));
        }
        state_ = State::text;
        return t;
    }
    if (pos_ >= input_.size()) {
        return error("unclosed action");
    }
    const std::size_t start = pos_;
    const char c = input_[pos_];
    if (is_space(c)) {
        std::size_t end = pos_;
        while (end < input_.size() && is_space(input_[end])) {
            ++end;
        }
        // A space followed by "-}}" belongs to the closing delimiter.
        if (has_right_trim_marker(input_.substr(end - 1)) &&
            input_.substr(end + 1).starts_with(right_delim)) {
            --end;
            if (end == start) {
                return lex_inside();
            }
        }
        pos_ = end;
        return emit(Tok::space, start, end);
    }
    ++pos_;
    switch (c) {
    case '=':
        return emit(Tok::assign, start, pos_);
    case ':':
        if (pos_ >= input_.size() || input_[pos_] != '=') {
            return error("expected :=");
        }
        ++pos_;
        return emit(Tok::declare, start, pos_);
    case '|':
        return emit(Tok::pipe, start, pos_);
    case '"':
        return lex_quote();
    case '`':
        return lex_raw_quote();
    case '$':
        return lex_variable();
    case '\'':
        return lex_char();
    case '(':
        ++paren_depth_;
        return emit(Tok::left_paren, start, pos_);
    case ')':
        --paren_depth_;
        if (paren_depth_ < 0) {
            return error("unexpected right paren");
        }
        return emit(Tok::right_paren, start, pos_);
    default:
        break;
    }
    if (c == '.') {
        if (pos_ < input_.size() && (input_[pos_] < '0' || input_[pos_] > '9')) {
            return lex_identifier(start, true);
        }
        --pos_;
        return lex_number();
    }
    if (c == '+' || c == '-' || (c >= '0' && c <= '9')) {
        --pos_;
        return lex_number();
    }
    if (is_alnum(c)) {
        --pos_;
        return lex_identifier(start, false);
    }
    if (static_cast<unsigned char>(c) < 0x80 && c >= 0x20 && c < 0x7F) {
        return emit(Tok::char_, start, pos_);
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned char>(c));
    return error(std::string("unrecognized character in action: ") + buf);
}

Token Lexer::lex_identifier(std::size_t start, bool field) {
    // pos_ is just past '.' for a field, at the first character otherwise.
    if (field && at_terminator()) {
        return emit(Tok::dot, start, pos_);
    }
    while (pos_ < input_.size() && is_alnum(input_[pos_])) {
        ++pos_;
    }
    if (!at_terminator()) {
        const char bad = input_[pos_];
        char buf[64];
        std::snprintf(buf, sizeof buf, "bad character U+%04X '%c'", static_cast<unsigned char>(bad),
                      bad);
        return error(buf);
    }
    const std::string_view word = input_.substr(start, pos_ - start);
    if (field) {
        return emit(Tok::field, start, pos_);
    }
    const Tok kw = keyword(word);
    if (kw != Tok::identifier) {
        return emit(kw, start, pos_);
    }
    if (word == "true" || word == "false") {
        return emit(Tok::boolean, start, pos_);
    }
    return emit(Tok::identifier, start, pos_);
}

Token Lexer::lex_variable() {
    const std::size_t start = pos_ - 1;
    if (at_terminator()) {
        return emit(Tok::variable, start, pos_);
    }
    while (pos_ < input_.size() && is_alnum(input_[pos_])) {
        ++pos_;
    }
    if (!at_terminator()) {
        const char bad = input_[pos_];
        char buf[64];
        std::snprintf(buf, sizeof buf, "bad character U+%04X '%c'", static_cast<unsigned char>(bad),
                      bad);
        return error(buf);
    }
    return emit(Tok::variable, start, pos_);
}

Token Lexer::lex_quote() {
    const std::size_t start = pos_ - 1;
    while (true) {
        if (pos_ >= input_.size() || input_[pos_] == '\n') {
            return error("unterminated quoted string");
        }
        const char c = input_[pos_++];
        if (c == '\\') {
            if (pos_ >= input_.size() || input_[pos_] == '\n') {
                return error("unterminated quoted string");
            }
            ++pos_;
        } else if (c == '"') {
            break;
        }
    }
    return emit(Tok::string, start, pos_);
}

Token Lexer::lex_raw_quote() {
    const std::size_t start = pos_ - 1;
    const std::size_t end = input_.find('`', pos_);
    if (end == std::string_view::npos) {
        return error("unterminated raw quoted string");
    }
    pos_ = end + 1;
    return emit(Tok::raw_string, start, pos_);
}

Token Lexer::lex_char() {
    const std::size_t start = pos_ - 1;
    while (true) {
        if (pos_ >= input_.size() || input_[pos_] == '\n') {
            return error("unterminated character constant");
        }
        const char c = input_[pos_++];
        if (c == '\\') {
            if (pos_ >= input_.size() || input_[pos_] == '\n') {
                return error("unterminated character constant");
            }
            ++pos_;
        } else if (c == '\'') {
            break;
        }
    }
    return emit(Tok::char_const, start, pos_);
}

// Go's scanNumber: a sign, a base prefix, digits, a fraction, an exponent,
// an imaginary suffix; false when an alphanumeric character follows (which
// it then takes, for the error message).
bool Lexer::scan_number() {
    auto accept = [&](std::string_view set) {
        if (pos_ < input_.size() && set.find(input_[pos_]) != std::string_view::npos) {
            ++pos_;
            return true;
        }
        return false;
    };
    auto accept_run = [&](std::string_view set) {
        while (accept(set)) {
        }
    };
    accept("+-");
    std::string_view digits = "0123456789_";
    if (accept("0")) {
        if (accept("xX")) {
            digits = "0123456789abcdefABCDEF_";
        } else if (accept("oO")) {
            digits = "01234567_";
        } else if (accept("bB")) {
            digits = "01_";
        }
    }
    accept_run(digits);
    if (accept(".")) {
        accept_run(digits);
    }
    if (digits.size() == 11 && accept("eE")) {
        accept("+-");
        accept_run("0123456789_");
    }
    if (digits.size() == 23 && accept("pP")) {
        accept("+-");
        accept_run("0123456789_");
    }
    accept("i");
    if (pos_ < input_.size() && is_alnum(input_[pos_])) {
        ++pos_;
        return false;
    }
    return true;
}

Token Lexer::lex_number() {
    const std::size_t start = pos_;
    auto bad = [&] {
        return error("bad number syntax: \"" + std::string(input_.substr(start, pos_ - start)) +
                     "\"");
    };
    if (!scan_number()) {
        return bad();
    }
    if (pos_ < input_.size() && (input_[pos_] == '+' || input_[pos_] == '-')) {
        // Go's complex constant, 1+2i: no spaces, ending in i.
        if (!scan_number() || input_[pos_ - 1] != 'i') {
            return bad();
        }
        return error("complex numbers are not supported: \"" +
                     std::string(input_.substr(start, pos_ - start)) + "\"");
    }
    return emit(Tok::number, start, pos_);
}

} // namespace airlock::gotemplate::detail
