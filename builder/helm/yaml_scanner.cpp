#include "builder/helm/detail/yaml_scanner.hpp"

#include <algorithm>

namespace airlock::helm::detail {

namespace {

// libyaml's limits on nesting.
constexpr int max_flow_level = 10000;
constexpr std::size_t max_indents = 10000;
// A simple key must find its ':' within this many characters.
constexpr std::size_t max_simple_key_chars = 1024;

void append_utf8(std::string& out, std::uint32_t v) {
    if (v <= 0x7F) {
        out += static_cast<char>(v);
    } else if (v <= 0x7FF) {
        out += static_cast<char>(0xC0 + (v >> 6));
        out += static_cast<char>(0x80 + (v & 0x3F));
    } else if (v <= 0xFFFF) {
        out += static_cast<char>(0xE0 + (v >> 12));
        out += static_cast<char>(0x80 + ((v >> 6) & 0x3F));
        out += static_cast<char>(0x80 + (v & 0x3F));
    } else {
        out += static_cast<char>(0xF0 + (v >> 18));
        out += static_cast<char>(0x80 + ((v >> 12) & 0x3F));
        out += static_cast<char>(0x80 + ((v >> 6) & 0x3F));
        out += static_cast<char>(0x80 + (v & 0x3F));
    }
}

int hex_digit(unsigned char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return c - 'A' + 10;
}

} // namespace

std::string YamlProblem::message() const {
    std::size_t line = 0;
    if (problem_mark.line != 0) {
        line = problem_mark.line;
        // Scanner errors are reported one line later than parser errors.
        if (stage == Stage::scanner) {
            ++line;
        }
    } else if (context_mark.line != 0) {
        line = context_mark.line;
    }
    std::string out = "yaml: ";
    if (line != 0) {
        out += "line " + std::to_string(line) + ": ";
    }
    out += problem.empty() ? "unknown problem parsing YAML content" : problem;
    return out;
}

std::string yaml_reader_problem(std::string_view text) {
    std::size_t i = 0;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
        i = 3;
    }
    while (i < text.size()) {
        const auto octet = static_cast<unsigned char>(text[i]);
        if ((octet >= 0x20 && octet <= 0x7E) || octet == '\n' || octet == '\t' || octet == '\r') {
            ++i;
            continue;
        }
        std::size_t width = 0;
        std::uint32_t value = 0;
        if ((octet & 0x80) == 0) {
            width = 1;
            value = octet;
        } else if ((octet & 0xE0) == 0xC0) {
            width = 2;
            value = octet & 0x1F;
        } else if ((octet & 0xF0) == 0xE0) {
            width = 3;
            value = octet & 0x0F;
        } else if ((octet & 0xF8) == 0xF0) {
            width = 4;
            value = octet & 0x07;
        } else {
            return "invalid leading UTF-8 octet";
        }
        if (i + width > text.size()) {
            return "incomplete UTF-8 octet sequence";
        }
        for (std::size_t k = 1; k < width; ++k) {
            const auto trailing = static_cast<unsigned char>(text[i + k]);
            if ((trailing & 0xC0) != 0x80) {
                return "invalid trailing UTF-8 octet";
            }
            value = (value << 6) + (trailing & 0x3F);
        }
        if (!(width == 1 || (width == 2 && value >= 0x80) || (width == 3 && value >= 0x800) ||
              (width == 4 && value >= 0x10000))) {
            return "invalid length of a UTF-8 sequence";
        }
        if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
            return "invalid Unicode character";
        }
        const bool allowed = value == 0x09 || value == 0x0A || value == 0x0D ||
                             (value >= 0x20 && value <= 0x7E) || value == 0x85 ||
                             (value >= 0xA0 && value <= 0xD7FF) ||
                             (value >= 0xE000 && value <= 0xFFFD) || value >= 0x10000;
        if (!allowed) {
            return "control characters are not allowed";
        }
        i += width;
    }
    return {};
}

YamlScanner::YamlScanner(std::string_view text) : text_(text) {
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    if (text_.substr(0, 3) == bom) {
        pos_ = 3; // the reader drops a leading byte order mark
    }
    bom_at_buffer_start_ = text_.substr(pos_, 3) == bom;
}

// ---- input ------------------------------------------------------------------

bool YamlScanner::is_alpha(std::size_t k) const {
    const unsigned char b = at(k);
    return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || b == '_' ||
           b == '-';
}

bool YamlScanner::is_hex(std::size_t k) const {
    const unsigned char b = at(k);
    return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'F') || (b >= 'a' && b <= 'f');
}

void YamlScanner::skip_comment() {
    // Byte by byte: a character starts at every byte that is not a UTF-8
    // continuation byte; the possible line breaks start with \n, \r, 0xC2
    // (NEL) or 0xE2 (LS, PS).
    while (pos_ < text_.size()) {
        const auto b = static_cast<unsigned char>(text_[pos_]);
        if ((b == '\n' || b == '\r' || b == 0xC2 || b == 0xE2) && is_break()) {
            return;
        }
        if ((b & 0xC0) != 0x80) {
            ++mark_.index;
            ++mark_.column;
        }
        ++pos_;
    }
}

void YamlScanner::advance_line() {
    if (at() == '\r' && at(1) == '\n') {
        mark_.index += 2;
        mark_.column = 0;
        ++mark_.line;
        pos_ += 2;
    } else if (is_break()) {
        ++mark_.index;
        mark_.column = 0;
        ++mark_.line;
        pos_ += width_at();
    }
}

void YamlScanner::read(std::string& s) {
    const std::size_t w = width_at();
    s.append(text_.substr(pos_, w));
    pos_ += w;
    ++mark_.index;
    ++mark_.column;
}

void YamlScanner::read_line(std::string& s) {
    const unsigned char b = at();
    if (b == '\r' && at(1) == '\n') {
        s += '\n';
        pos_ += 2;
        ++mark_.index;
    } else if (b == '\r' || b == '\n') {
        s += '\n';
        pos_ += 1;
    } else if (b == 0xC2 && at(1) == 0x85) {
        s += '\n';
        pos_ += 2;
    } else if (b == 0xE2 && at(1) == 0x80 && (at(2) == 0xA8 || at(2) == 0xA9)) {
        s.append(text_.substr(pos_, 3));
        pos_ += 3;
    } else {
        return;
    }
    ++mark_.index;
    mark_.column = 0;
    ++mark_.line;
}

bool YamlScanner::document_indicator_here() const {
    return mark_.column == 0 &&
           ((at(0) == '-' && at(1) == '-' && at(2) == '-') ||
            (at(0) == '.' && at(1) == '.' && at(2) == '.')) &&
           is_blankz(3);
}

void YamlScanner::scanner_error(const Mark& context, const char* problem) const {
    YamlProblem p;
    p.stage = YamlProblem::Stage::scanner;
    p.problem = problem;
    p.problem_mark = mark_;
    p.context_mark = context;
    throw p;
}

// ---- the token queue ---------------------------------------------------------

Token& YamlScanner::peek() {
    if (!checked_) {
        checked_ = true;
        if (std::string problem = yaml_reader_problem(text_); !problem.empty()) {
            YamlProblem p;
            p.stage = YamlProblem::Stage::reader;
            p.problem = std::move(problem);
            throw p;
        }
    }
    if (!token_available_) {
        fetch_more_tokens();
    }
    return tokens_.front();
}

void YamlScanner::skip() {
    token_available_ = false;
    ++tokens_parsed_;
    stream_end_produced_ = tokens_.front().type == TokenType::stream_end;
    tokens_.pop_front();
}

void YamlScanner::fetch_more_tokens() {
    while (true) {
        if (!tokens_.empty()) {
            // More tokens are needed while the head token may still turn out
            // to be a simple key.
            auto it = std::find_if(simple_keys_by_token_.begin(), simple_keys_by_token_.end(),
                                   [&](const auto& e) { return e.first == tokens_parsed_; });
            if (it == simple_keys_by_token_.end() ||
                !simple_key_is_valid(simple_keys_[it->second])) {
                break;
            }
        }
        fetch_next_token();
    }
    token_available_ = true;
}

void YamlScanner::insert_token(std::ptrdiff_t number, Token token) {
    if (number < 0) {
        tokens_.push_back(std::move(token));
        return;
    }
    tokens_.insert(tokens_.begin() + number, std::move(token));
}

bool YamlScanner::simple_key_is_valid(SimpleKey& key) {
    if (!key.possible) {
        return false;
    }
    if (key.mark.line < mark_.line || key.mark.index + max_simple_key_chars < mark_.index) {
        if (key.required) {
            scanner_error(key.mark, "could not find expected ':'");
        }
        key.possible = false;
        return false;
    }
    return true;
}

void YamlScanner::save_simple_key() {
    const bool required = flow_level_ == 0 && indent_ == static_cast<std::ptrdiff_t>(mark_.column);
    if (!simple_key_allowed_) {
        return;
    }
    SimpleKey key;
    key.possible = true;
    key.required = required;
    key.token_number = tokens_parsed_ + tokens_.size();
    key.mark = mark_;
    remove_simple_key();
    simple_keys_.back() = key;
    simple_keys_by_token_.emplace_back(key.token_number, simple_keys_.size() - 1);
}

void YamlScanner::remove_simple_key() {
    SimpleKey& key = simple_keys_.back();
    if (key.possible) {
        if (key.required) {
            scanner_error(key.mark, "could not find expected ':'");
        }
        key.possible = false;
        std::erase_if(simple_keys_by_token_,
                      [&](const auto& e) { return e.first == key.token_number; });
    }
}

void YamlScanner::increase_flow_level() {
    SimpleKey key;
    key.token_number = tokens_parsed_ + tokens_.size();
    key.mark = mark_;
    simple_keys_.push_back(key);
    ++flow_level_;
    if (flow_level_ > max_flow_level) {
        scanner_error(simple_keys_.back().mark, "exceeded max depth of 10000");
    }
}

void YamlScanner::decrease_flow_level() {
    if (flow_level_ > 0) {
        --flow_level_;
        const std::size_t number = simple_keys_.back().token_number;
        std::erase_if(simple_keys_by_token_, [&](const auto& e) { return e.first == number; });
        simple_keys_.pop_back();
    }
}

void YamlScanner::roll_indent(std::size_t column, std::ptrdiff_t number, TokenType type,
                              const Mark& mark) {
    if (flow_level_ > 0) {
        return;
    }
    const auto col = static_cast<std::ptrdiff_t>(column);
    if (indent_ < col) {
        indents_.push_back(indent_);
        indent_ = col;
        if (indents_.size() > max_indents) {
            scanner_error(simple_keys_.back().mark, "exceeded max depth of 10000");
        }
        Token token;
        token.type = type;
        token.start = mark;
        token.end = mark;
        if (number > -1) {
            number -= static_cast<std::ptrdiff_t>(tokens_parsed_);
        }
        insert_token(number, std::move(token));
    }
}

void YamlScanner::unroll_indent(std::ptrdiff_t column) {
    if (flow_level_ > 0) {
        return;
    }
    while (indent_ > column) {
        Token token;
        token.type = TokenType::block_end;
        token.start = mark_;
        token.end = mark_;
        push_token(std::move(token));
        indent_ = indents_.back();
        indents_.pop_back();
    }
}

void YamlScanner::fetch_next_token() {
    if (!stream_start_produced_) {
        fetch_stream_start();
        return;
    }
    scan_to_next_token();
    unroll_indent(static_cast<std::ptrdiff_t>(mark_.column));

    if (is_z()) {
        fetch_stream_end();
        return;
    }
    const unsigned char c = at();
    if (mark_.column == 0 && c == '%') {
        fetch_directive();
        return;
    }
    if (mark_.column == 0 && c == '-' && at(1) == '-' && at(2) == '-' && is_blankz(3)) {
        fetch_document_indicator(TokenType::document_start);
        return;
    }
    if (mark_.column == 0 && c == '.' && at(1) == '.' && at(2) == '.' && is_blankz(3)) {
        fetch_document_indicator(TokenType::document_end);
        return;
    }
    switch (c) {
    case '[':
        fetch_flow_collection_start(TokenType::flow_sequence_start);
        return;
    case '{':
        fetch_flow_collection_start(TokenType::flow_mapping_start);
        return;
    case ']':
        fetch_flow_collection_end(TokenType::flow_sequence_end);
        return;
    case '}':
        fetch_flow_collection_end(TokenType::flow_mapping_end);
        return;
    case ',':
        fetch_flow_entry();
        return;
    default:
        break;
    }
    if (c == '-' && is_blankz(1)) {
        fetch_block_entry();
        return;
    }
    if (c == '?' && (flow_level_ > 0 || is_blankz(1))) {
        fetch_key();
        return;
    }
    if (c == ':' && (flow_level_ > 0 || is_blankz(1))) {
        fetch_value();
        return;
    }
    switch (c) {
    case '*':
        fetch_anchor(TokenType::alias);
        return;
    case '&':
        fetch_anchor(TokenType::anchor);
        return;
    case '!':
        fetch_tag();
        return;
    case '|':
        if (flow_level_ == 0) {
            fetch_block_scalar(true);
            return;
        }
        break;
    case '>':
        if (flow_level_ == 0) {
            fetch_block_scalar(false);
            return;
        }
        break;
    case '\'':
        fetch_flow_scalar(true);
        return;
    case '"':
        fetch_flow_scalar(false);
        return;
    default:
        break;
    }
    // A plain scalar starts with anything but blanks and indicators; '-',
    // and in block context '?' and ':', may start one when a non-blank
    // follows.
    static constexpr std::string_view indicators = "-?:,[]{}#&*!|>'\"%@`";
    const bool indicator = indicators.find(static_cast<char>(c)) != std::string_view::npos;
    if (!(is_blankz() || indicator) || (c == '-' && !is_blank(1)) ||
        (flow_level_ == 0 && (c == '?' || c == ':') && !is_blankz(1))) {
        fetch_plain_scalar();
        return;
    }
    scanner_error(mark_, "found character that cannot start any token");
}

void YamlScanner::fetch_stream_start() {
    indent_ = -1;
    simple_keys_.push_back(SimpleKey{});
    simple_key_allowed_ = true;
    stream_start_produced_ = true;
    Token token;
    token.type = TokenType::stream_start;
    token.start = mark_;
    token.end = mark_;
    push_token(std::move(token));
}

void YamlScanner::fetch_stream_end() {
    if (mark_.column != 0) {
        mark_.column = 0;
        ++mark_.line;
    }
    unroll_indent(-1);
    remove_simple_key();
    simple_key_allowed_ = false;
    Token token;
    token.type = TokenType::stream_end;
    token.start = mark_;
    token.end = mark_;
    push_token(std::move(token));
}

void YamlScanner::fetch_directive() {
    unroll_indent(-1);
    remove_simple_key();
    simple_key_allowed_ = false;
    push_token(scan_directive());
}

void YamlScanner::fetch_document_indicator(TokenType type) {
    unroll_indent(-1);
    remove_simple_key();
    simple_key_allowed_ = false;
    Token token;
    token.type = type;
    token.start = mark_;
    advance();
    advance();
    advance();
    token.end = mark_;
    push_token(std::move(token));
}

void YamlScanner::fetch_flow_collection_start(TokenType type) {
    save_simple_key();
    increase_flow_level();
    simple_key_allowed_ = true;
    Token token;
    token.type = type;
    token.start = mark_;
    advance();
    token.end = mark_;
    push_token(std::move(token));
}

void YamlScanner::fetch_flow_collection_end(TokenType type) {
    remove_simple_key();
    decrease_flow_level();
    simple_key_allowed_ = false;
    Token token;
    token.type = type;
    token.start = mark_;
    advance();
    token.end = mark_;
    push_token(std::move(token));
}

void YamlScanner::fetch_flow_entry() {
    remove_simple_key();
    simple_key_allowed_ = true;
    Token token;
    token.type = TokenType::flow_entry;
    token.start = mark_;
    advance();
    token.end = mark_;
    push_token(std::move(token));
}

void YamlScanner::fetch_block_entry() {
    if (flow_level_ == 0) {
        if (!simple_key_allowed_) {
            scanner_error(mark_, "block sequence entries are not allowed in this context");
        }
        roll_indent(mark_.column, -1, TokenType::block_sequence_start, mark_);
    }
    // In flow context a '-' entry is the parser's error to report.
    remove_simple_key();
    simple_key_allowed_ = true;
    Token token;
    token.type = TokenType::block_entry;
    token.start = mark_;
    advance();
    token.end = mark_;
    push_token(std::move(token));
}

void YamlScanner::fetch_key() {
    if (flow_level_ == 0) {
        if (!simple_key_allowed_) {
            scanner_error(mark_, "mapping keys are not allowed in this context");
        }
        roll_indent(mark_.column, -1, TokenType::block_mapping_start, mark_);
    }
    remove_simple_key();
    simple_key_allowed_ = flow_level_ == 0;
    Token token;
    token.type = TokenType::key;
    token.start = mark_;
    advance();
    token.end = mark_;
    push_token(std::move(token));
}

void YamlScanner::fetch_value() {
    SimpleKey& key = simple_keys_.back();
    if (simple_key_is_valid(key)) {
        // The key token goes in before the scanned key.
        Token key_token;
        key_token.type = TokenType::key;
        key_token.start = key.mark;
        key_token.end = key.mark;
        insert_token(static_cast<std::ptrdiff_t>(key.token_number - tokens_parsed_),
                     std::move(key_token));
        const SimpleKey saved = key;
        roll_indent(saved.mark.column, static_cast<std::ptrdiff_t>(saved.token_number),
                    TokenType::block_mapping_start, saved.mark);
        SimpleKey& current = simple_keys_.back();
        current.possible = false;
        std::erase_if(simple_keys_by_token_,
                      [&](const auto& e) { return e.first == saved.token_number; });
        simple_key_allowed_ = false;
    } else {
        // A ':' after an explicit ("? ") key, or none.
        if (flow_level_ == 0) {
            if (!simple_key_allowed_) {
                scanner_error(mark_, "mapping values are not allowed in this context");
            }
            roll_indent(mark_.column, -1, TokenType::block_mapping_start, mark_);
        }
        simple_key_allowed_ = flow_level_ == 0;
    }
    Token token;
    token.type = TokenType::value;
    token.start = mark_;
    advance();
    token.end = mark_;
    push_token(std::move(token));
}

void YamlScanner::fetch_anchor(TokenType type) {
    save_simple_key();
    simple_key_allowed_ = false;
    push_token(scan_anchor(type));
}

void YamlScanner::fetch_tag() {
    save_simple_key();
    simple_key_allowed_ = false;
    push_token(scan_tag());
}

void YamlScanner::fetch_block_scalar(bool literal) {
    remove_simple_key();
    simple_key_allowed_ = true;
    push_token(scan_block_scalar(literal));
}

void YamlScanner::fetch_flow_scalar(bool single) {
    save_simple_key();
    simple_key_allowed_ = false;
    push_token(scan_flow_scalar(single));
}

void YamlScanner::fetch_plain_scalar() {
    save_simple_key();
    simple_key_allowed_ = false;
    push_token(scan_plain_scalar());
}

// ---- scanning ---------------------------------------------------------------

void YamlScanner::scan_to_next_token() {
    while (true) {
        // libyaml skips a byte order mark at the start of a line; go-yaml
        // looks for it at the start of its read buffer instead (where a
        // second one after the dropped leading one sits for small inputs)
        // and then skips whatever character the line starts with.
        if (mark_.column == 0 && bom_at_buffer_start_ && !is_z()) {
            advance();
        }
        // Tabs separate tokens in flow context, and in block context where
        // no simple key may start (not at the start of a line).
        while (at() == ' ' || ((flow_level_ > 0 || !simple_key_allowed_) && at() == '\t')) {
            advance();
        }
        if (at() == '#') {
            skip_comment();
        }
        if (!is_break()) {
            return;
        }
        advance_line();
        if (flow_level_ == 0) {
            simple_key_allowed_ = true;
        }
    }
}

Token YamlScanner::scan_directive() {
    const Mark start = mark_;
    advance();
    const std::string name = scan_directive_name(start);
    Token token;
    if (name == "YAML") {
        scan_version_directive_value(start, token.major, token.minor);
        token.type = TokenType::version_directive;
    } else if (name == "TAG") {
        scan_tag_directive_value(start, token.value, token.suffix);
        token.type = TokenType::tag_directive;
    } else {
        scanner_error(start, "found unknown directive name");
    }
    token.start = start;
    token.end = mark_;
    while (is_blank()) {
        advance();
    }
    if (at() == '#') {
        while (!is_breakz()) {
            advance();
        }
    }
    if (!is_breakz()) {
        scanner_error(start, "did not find expected comment or line break");
    }
    if (is_break()) {
        advance_line();
    }
    return token;
}

std::string YamlScanner::scan_directive_name(const Mark& start) {
    std::string s;
    while (is_alpha()) {
        read(s);
    }
    if (s.empty()) {
        scanner_error(start, "could not find expected directive name");
    }
    if (!is_blankz()) {
        scanner_error(start, "found unexpected non-alphabetical character");
    }
    return s;
}

void YamlScanner::scan_version_directive_value(const Mark& start, int& major, int& minor) {
    while (is_blank()) {
        advance();
    }
    major = scan_version_directive_number(start);
    if (at() != '.') {
        scanner_error(start, "did not find expected digit or '.' character");
    }
    advance();
    minor = scan_version_directive_number(start);
}

int YamlScanner::scan_version_directive_number(const Mark& start) {
    int value = 0;
    int length = 0;
    while (is_digit()) {
        if (++length > 2) {
            scanner_error(start, "found extremely long version number");
        }
        value = value * 10 + (at() - '0');
        advance();
    }
    if (length == 0) {
        scanner_error(start, "did not find expected version number");
    }
    return value;
}

void YamlScanner::scan_tag_directive_value(const Mark& start, std::string& handle,
                                           std::string& prefix) {
    while (is_blank()) {
        advance();
    }
    handle = scan_tag_handle(true, start);
    if (!is_blank()) {
        scanner_error(start, "did not find expected whitespace");
    }
    while (is_blank()) {
        advance();
    }
    prefix = scan_tag_uri(true, {}, start);
    if (!is_blankz()) {
        scanner_error(start, "did not find expected whitespace or line break");
    }
}

Token YamlScanner::scan_anchor(TokenType type) {
    const Mark start = mark_;
    advance();
    std::string s;
    while (is_alpha()) {
        read(s);
    }
    const Mark end = mark_;
    const unsigned char c = at();
    if (s.empty() || !(is_blankz() || c == '?' || c == ':' || c == ',' || c == ']' || c == '}' ||
                       c == '%' || c == '@' || c == '`')) {
        scanner_error(start, "did not find expected alphabetic or numeric character");
    }
    Token token;
    token.type = type;
    token.start = start;
    token.end = end;
    token.value = std::move(s);
    return token;
}

Token YamlScanner::scan_tag() {
    const Mark start = mark_;
    std::string handle;
    std::string suffix;
    if (at(1) == '<') {
        // The verbatim form !<uri>: no handle.
        advance();
        advance();
        suffix = scan_tag_uri(false, {}, start);
        if (at() != '>') {
            scanner_error(start, "did not find the expected '>'");
        }
        advance();
    } else {
        handle = scan_tag_handle(false, start);
        if (handle.size() > 1 && handle.front() == '!' && handle.back() == '!') {
            suffix = scan_tag_uri(false, {}, start);
        } else {
            // Not a handle after all: it starts the suffix, after "!".
            suffix = scan_tag_uri(false, handle, start);
            handle = "!";
            if (suffix.empty()) {
                // The lone "!" tag.
                std::swap(handle, suffix);
            }
        }
    }
    if (!is_blankz()) {
        scanner_error(start, "did not find expected whitespace or line break");
    }
    Token token;
    token.type = TokenType::tag;
    token.start = start;
    token.end = mark_;
    token.value = std::move(handle);
    token.suffix = std::move(suffix);
    return token;
}

std::string YamlScanner::scan_tag_handle(bool directive, const Mark& start) {
    const char* context_error = "did not find expected '!'";
    if (at() != '!') {
        scanner_error(start, context_error);
    }
    std::string s;
    read(s);
    while (is_alpha()) {
        read(s);
    }
    if (at() == '!') {
        read(s);
    } else if (directive && s != "!") {
        scanner_error(start, context_error);
    }
    return s;
}

std::string YamlScanner::scan_tag_uri(bool directive, std::string_view head, const Mark& start) {
    std::string s;
    bool has_tag = !head.empty();
    if (head.size() > 1) {
        s.append(head.substr(1));
    }
    static constexpr std::string_view uri_marks = ";/?:@&=+$,.!~*'()[]%";
    while (is_alpha() ||
           (at() != 0 && uri_marks.find(static_cast<char>(at())) != std::string_view::npos)) {
        if (at() == '%') {
            scan_uri_escapes(directive, start, s);
        } else {
            read(s);
        }
        has_tag = true;
    }
    if (!has_tag) {
        scanner_error(start, "did not find expected tag URI");
    }
    return s;
}

void YamlScanner::scan_uri_escapes(bool /*directive*/, const Mark& start, std::string& s) {
    std::size_t w = 1024;
    while (w > 0) {
        if (!(at() == '%' && is_hex(1) && is_hex(2))) {
            scanner_error(start, "did not find URI escaped octet");
        }
        const auto octet = static_cast<unsigned char>((hex_digit(at(1)) << 4) + hex_digit(at(2)));
        if (w == 1024) {
            if ((octet & 0x80) == 0) {
                w = 1;
            } else if ((octet & 0xE0) == 0xC0) {
                w = 2;
            } else if ((octet & 0xF0) == 0xE0) {
                w = 3;
            } else if ((octet & 0xF8) == 0xF0) {
                w = 4;
            } else {
                scanner_error(start, "found an incorrect leading UTF-8 octet");
            }
        } else if ((octet & 0xC0) != 0x80) {
            scanner_error(start, "found an incorrect trailing UTF-8 octet");
        }
        s += static_cast<char>(octet);
        advance();
        advance();
        advance();
        --w;
    }
}

Token YamlScanner::scan_block_scalar(bool literal) {
    const Mark start = mark_;
    advance(); // '|' or '>'

    int chomping = 0;
    std::ptrdiff_t increment = 0;
    if (at() == '+' || at() == '-') {
        chomping = at() == '+' ? 1 : -1;
        advance();
        if (is_digit()) {
            if (at() == '0') {
                scanner_error(start, "found an indentation indicator equal to 0");
            }
            increment = at() - '0';
            advance();
        }
    } else if (is_digit()) {
        if (at() == '0') {
            scanner_error(start, "found an indentation indicator equal to 0");
        }
        increment = at() - '0';
        advance();
        if (at() == '+' || at() == '-') {
            chomping = at() == '+' ? 1 : -1;
            advance();
        }
    }
    while (is_blank()) {
        advance();
    }
    if (at() == '#') {
        while (!is_breakz()) {
            advance();
        }
    }
    if (!is_breakz()) {
        scanner_error(start, "did not find expected comment or line break");
    }
    if (is_break()) {
        advance_line();
    }
    Mark end = mark_;

    std::ptrdiff_t indent = 0;
    if (increment > 0) {
        indent = indent_ >= 0 ? indent_ + increment : increment;
    }
    std::string s;
    std::string leading_break;
    std::string trailing_breaks;
    scan_block_scalar_breaks(indent, trailing_breaks, start, end);

    bool leading_blank = false;
    while (static_cast<std::ptrdiff_t>(mark_.column) == indent && !is_z()) {
        // The start of a non-empty line.
        const bool trailing_blank = is_blank();
        if (!literal && !leading_blank && !trailing_blank && !leading_break.empty() &&
            leading_break[0] == '\n') {
            // Folded: a single line break joins with a space.
            if (trailing_breaks.empty()) {
                s += ' ';
            }
        } else {
            s += leading_break;
        }
        leading_break.clear();
        s += trailing_breaks;
        trailing_breaks.clear();
        leading_blank = is_blank();
        while (!is_breakz()) {
            read(s);
        }
        read_line(leading_break);
        scan_block_scalar_breaks(indent, trailing_breaks, start, end);
    }
    if (chomping != -1) {
        s += leading_break;
    }
    if (chomping == 1) {
        s += trailing_breaks;
    }
    Token token;
    token.type = TokenType::scalar;
    token.start = start;
    token.end = end;
    token.value = std::move(s);
    token.style = literal ? TokenStyle::literal : TokenStyle::folded;
    return token;
}

void YamlScanner::scan_block_scalar_breaks(std::ptrdiff_t& indent, std::string& breaks,
                                           const Mark& start, Mark& end) {
    end = mark_;
    std::ptrdiff_t max_indent = 0;
    while (true) {
        while ((indent == 0 || static_cast<std::ptrdiff_t>(mark_.column) < indent) && is_space()) {
            advance();
        }
        max_indent = std::max(max_indent, static_cast<std::ptrdiff_t>(mark_.column));
        if ((indent == 0 || static_cast<std::ptrdiff_t>(mark_.column) < indent) && is_tab()) {
            scanner_error(start, "found a tab character where an indentation space is expected");
        }
        if (!is_break()) {
            break;
        }
        read_line(breaks);
        end = mark_;
    }
    if (indent == 0) {
        indent = std::max({max_indent, indent_ + 1, std::ptrdiff_t{1}});
    }
}

Token YamlScanner::scan_flow_scalar(bool single) {
    const Mark start = mark_;
    advance(); // the opening quote
    std::string s;
    std::string leading_break;
    std::string trailing_breaks;
    std::string whitespaces;
    while (true) {
        if (document_indicator_here()) {
            scanner_error(start, "found unexpected document indicator");
        }
        if (is_z()) {
            scanner_error(start, "found unexpected end of stream");
        }
        bool leading_blanks = false;
        while (!is_blankz()) {
            const unsigned char c = at();
            if (single && c == '\'' && at(1) == '\'') {
                s += '\'';
                advance();
                advance();
            } else if (c == (single ? '\'' : '"')) {
                break;
            } else if (!single && c == '\\' && is_break(1)) {
                // An escaped line break: the break and the indentation go.
                advance();
                advance_line();
                leading_blanks = true;
                break;
            } else if (!single && c == '\\') {
                std::size_t code_length = 0;
                switch (at(1)) {
                case '0':
                    s += '\0';
                    break;
                case 'a':
                    s += '\x07';
                    break;
                case 'b':
                    s += '\x08';
                    break;
                case 't':
                case '\t':
                    s += '\x09';
                    break;
                case 'n':
                    s += '\x0A';
                    break;
                case 'v':
                    s += '\x0B';
                    break;
                case 'f':
                    s += '\x0C';
                    break;
                case 'r':
                    s += '\x0D';
                    break;
                case 'e':
                    s += '\x1B';
                    break;
                case ' ':
                    s += ' ';
                    break;
                case '"':
                    s += '"';
                    break;
                case '\'':
                    s += '\'';
                    break;
                case '\\':
                    s += '\\';
                    break;
                case 'N':
                    s += "\xC2\x85";
                    break;
                case '_':
                    s += "\xC2\xA0";
                    break;
                case 'L':
                    s += "\xE2\x80\xA8";
                    break;
                case 'P':
                    s += "\xE2\x80\xA9";
                    break;
                case 'x':
                    code_length = 2;
                    break;
                case 'u':
                    code_length = 4;
                    break;
                case 'U':
                    code_length = 8;
                    break;
                default:
                    scanner_error(start, "found unknown escape character");
                }
                advance();
                advance();
                if (code_length > 0) {
                    std::uint32_t value = 0;
                    for (std::size_t k = 0; k < code_length; ++k) {
                        if (!is_hex(k)) {
                            scanner_error(start, "did not find expected hexdecimal number");
                        }
                        value = (value << 4) + static_cast<std::uint32_t>(hex_digit(at(k)));
                    }
                    if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
                        scanner_error(start, "found invalid Unicode character escape code");
                    }
                    append_utf8(s, value);
                    for (std::size_t k = 0; k < code_length; ++k) {
                        advance();
                    }
                }
            } else {
                read(s);
            }
        }
        if (at() == (single ? '\'' : '"')) {
            break;
        }
        // Blanks and line breaks between words.
        while (is_blank() || is_break()) {
            if (is_blank()) {
                if (!leading_blanks) {
                    read(whitespaces);
                } else {
                    advance();
                }
            } else if (!leading_blanks) {
                whitespaces.clear();
                read_line(leading_break);
                leading_blanks = true;
            } else {
                read_line(trailing_breaks);
            }
        }
        if (leading_blanks) {
            if (!leading_break.empty() && leading_break[0] == '\n') {
                if (trailing_breaks.empty()) {
                    s += ' ';
                } else {
                    s += trailing_breaks;
                }
            } else {
                s += leading_break;
                s += trailing_breaks;
            }
            trailing_breaks.clear();
            leading_break.clear();
        } else {
            s += whitespaces;
            whitespaces.clear();
        }
    }
    advance(); // the closing quote
    Token token;
    token.type = TokenType::scalar;
    token.start = start;
    token.end = mark_;
    token.value = std::move(s);
    token.style = single ? TokenStyle::single_quoted : TokenStyle::double_quoted;
    return token;
}

Token YamlScanner::scan_plain_scalar() {
    std::string s;
    std::string leading_break;
    std::string trailing_breaks;
    std::string whitespaces;
    bool leading_blanks = false;
    const std::ptrdiff_t indent = indent_ + 1;
    const Mark start = mark_;
    Mark end = mark_;
    while (true) {
        if (document_indicator_here()) {
            break;
        }
        if (at() == '#') {
            break;
        }
        while (!is_blankz()) {
            const unsigned char c = at();
            if ((c == ':' && is_blankz(1)) ||
                (flow_level_ > 0 &&
                 (c == ',' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}'))) {
                break;
            }
            if (leading_blanks || !whitespaces.empty()) {
                if (leading_blanks) {
                    if (leading_break[0] == '\n') {
                        if (trailing_breaks.empty()) {
                            s += ' ';
                        } else {
                            s += trailing_breaks;
                        }
                    } else {
                        s += leading_break;
                        s += trailing_breaks;
                    }
                    trailing_breaks.clear();
                    leading_break.clear();
                    leading_blanks = false;
                } else {
                    s += whitespaces;
                    whitespaces.clear();
                }
            }
            read(s);
            end = mark_;
        }
        if (!(is_blank() || is_break())) {
            break;
        }
        while (is_blank() || is_break()) {
            if (is_blank()) {
                if (leading_blanks && static_cast<std::ptrdiff_t>(mark_.column) < indent &&
                    is_tab()) {
                    scanner_error(start, "found a tab character that violates indentation");
                }
                if (!leading_blanks) {
                    read(whitespaces);
                } else {
                    advance();
                }
            } else if (!leading_blanks) {
                whitespaces.clear();
                read_line(leading_break);
                leading_blanks = true;
            } else {
                read_line(trailing_breaks);
            }
        }
        if (flow_level_ == 0 && static_cast<std::ptrdiff_t>(mark_.column) < indent) {
            break;
        }
    }
    Token token;
    token.type = TokenType::scalar;
    token.start = start;
    token.end = end;
    token.value = std::move(s);
    token.style = TokenStyle::plain;
    if (leading_blanks) {
        simple_key_allowed_ = true;
    }
    return token;
}

} // namespace airlock::helm::detail
