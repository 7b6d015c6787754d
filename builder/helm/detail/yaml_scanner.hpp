#pragma once
// Private to builder/helm: a YAML 1.1 scanner that behaves as libyaml's (the
// one inside go-yaml v2, which Helm reads values and manifests with): the
// same tokens, the same simple-key rules (a key ends on its line and within
// 1024 characters), the same errors at the same marks. Written anew from the
// behaviour; the structure follows the YAML specification's own.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace airlock::helm::detail {

struct Mark {
    std::size_t index = 0; // characters from the start
    std::size_t line = 0;  // from 0
    std::size_t column = 0;
};

// A failure as go-yaml reports it: "yaml: line N: problem", where N comes
// from the marks in go-yaml's own (partly off-by-one) way.
struct YamlProblem {
    enum class Stage : std::uint8_t { reader, scanner, parser };
    Stage stage = Stage::scanner;
    std::string problem;
    Mark problem_mark;
    Mark context_mark;

    // go-yaml's text for the failure: "yaml: line 3: did not find expected key".
    std::string message() const;
};

enum class TokenType : std::uint8_t {
    stream_start,
    stream_end,
    version_directive,
    tag_directive,
    document_start,
    document_end,
    block_sequence_start,
    block_mapping_start,
    block_end,
    flow_sequence_start,
    flow_sequence_end,
    flow_mapping_start,
    flow_mapping_end,
    block_entry,
    flow_entry,
    key,
    value,
    alias,
    anchor,
    tag,
    scalar,
};

enum class TokenStyle : std::uint8_t { plain, single_quoted, double_quoted, literal, folded };

struct Token {
    TokenType type = TokenType::stream_start;
    Mark start;
    Mark end;
    std::string value;  // scalar text, anchor or alias name, tag handle, %TAG handle
    std::string suffix; // tag suffix, %TAG prefix
    TokenStyle style = TokenStyle::plain;
    int major = 0;
    int minor = 0;
};

class YamlScanner {
  public:
    // `text` must outlive the scanner. Reader errors (bad UTF-8, control
    // characters) are found up front and thrown (as YamlProblem) by the
    // first call of peek().
    explicit YamlScanner(std::string_view text);

    // The next token, scanning as far ahead as the simple-key rules need.
    // Throws YamlProblem.
    Token& peek();
    // Consumes the token peek() returned.
    void skip();

  private:
    struct SimpleKey {
        bool possible = false;
        bool required = false;
        std::size_t token_number = 0;
        Mark mark;
    };

    // ---- input ----
    unsigned char at(std::size_t k = 0) const {
        return pos_ + k < text_.size() ? static_cast<unsigned char>(text_[pos_ + k]) : 0;
    }
    std::size_t width_at(std::size_t k = 0) const {
        const unsigned char b = at(k);
        return (b & 0x80) == 0 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
    }
    bool is_z(std::size_t k = 0) const { return pos_ + k >= text_.size(); }
    bool is_space(std::size_t k = 0) const { return at(k) == ' '; }
    bool is_tab(std::size_t k = 0) const { return at(k) == '\t'; }
    bool is_blank(std::size_t k = 0) const { return is_space(k) || is_tab(k); }
    bool is_break(std::size_t k = 0) const {
        const unsigned char b = at(k);
        if (b == '\n' || b == '\r') {
            return true;
        }
        return (b == 0xC2 && at(k + 1) == 0x85) ||
               (b == 0xE2 && at(k + 1) == 0x80 && (at(k + 2) == 0xA8 || at(k + 2) == 0xA9));
    }
    bool is_breakz(std::size_t k = 0) const { return is_break(k) || is_z(k); }
    bool is_blankz(std::size_t k = 0) const { return is_blank(k) || is_breakz(k); }
    bool is_alpha(std::size_t k = 0) const;
    bool is_digit(std::size_t k = 0) const { return at(k) >= '0' && at(k) <= '9'; }
    bool is_hex(std::size_t k = 0) const;
    void advance() { // one character
        ++mark_.index;
        ++mark_.column;
        pos_ += width_at();
    }
    void skip_comment();                  // up to the line break
    void advance_line();                  // one line break
    void read(std::string& s);            // copies one character
    void read_line(std::string& s);       // one line break, normalised
    bool document_indicator_here() const; // "---" or "..." at column 0

    [[noreturn]] void scanner_error(const Mark& context, const char* problem) const;

    // ---- tokens ----
    void fetch_more_tokens();
    void fetch_next_token();
    bool simple_key_is_valid(SimpleKey& key);
    void save_simple_key();
    void remove_simple_key();
    void increase_flow_level();
    void decrease_flow_level();
    void roll_indent(std::size_t column, std::ptrdiff_t number, TokenType type, const Mark& mark);
    void unroll_indent(std::ptrdiff_t column);
    void insert_token(std::ptrdiff_t number, Token token);
    void push_token(Token token) { tokens_.push_back(std::move(token)); }

    void fetch_stream_start();
    void fetch_stream_end();
    void fetch_directive();
    void fetch_document_indicator(TokenType type);
    void fetch_flow_collection_start(TokenType type);
    void fetch_flow_collection_end(TokenType type);
    void fetch_flow_entry();
    void fetch_block_entry();
    void fetch_key();
    void fetch_value();
    void fetch_anchor(TokenType type);
    void fetch_tag();
    void fetch_block_scalar(bool literal);
    void fetch_flow_scalar(bool single);
    void fetch_plain_scalar();

    void scan_to_next_token();
    Token scan_directive();
    std::string scan_directive_name(const Mark& start);
    void scan_version_directive_value(const Mark& start, int& major, int& minor);
    int scan_version_directive_number(const Mark& start);
    void scan_tag_directive_value(const Mark& start, std::string& handle, std::string& prefix);
    Token scan_anchor(TokenType type);
    Token scan_tag();
    std::string scan_tag_handle(bool directive, const Mark& start);
    std::string scan_tag_uri(bool directive, std::string_view head, const Mark& start);
    void scan_uri_escapes(bool directive, const Mark& start, std::string& s);
    Token scan_block_scalar(bool literal);
    void scan_block_scalar_breaks(std::ptrdiff_t& indent, std::string& breaks, const Mark& start,
                                  Mark& end);
    Token scan_flow_scalar(bool single);
    Token scan_plain_scalar();

    std::string_view text_;
    std::size_t pos_ = 0;
    Mark mark_;
    bool checked_ = false; // the up-front reader check has run
    bool bom_at_buffer_start_ = false;
    bool stream_start_produced_ = false;
    bool stream_end_produced_ = false;
    bool token_available_ = false;
    std::deque<Token> tokens_;
    std::size_t tokens_parsed_ = 0;
    std::ptrdiff_t indent_ = -1;
    std::vector<std::ptrdiff_t> indents_;
    bool simple_key_allowed_ = false;
    std::vector<SimpleKey> simple_keys_;
    // token number -> index in simple_keys_, as libyaml keeps it (entries
    // are not always removed when a key goes stale, and that is observable).
    std::vector<std::pair<std::size_t, std::size_t>> simple_keys_by_token_;
    int flow_level_ = 0;
};

// The reader's check of the whole input: the text of its first refusal
// ("invalid leading UTF-8 octet", "control characters are not allowed"), or
// empty. A UTF-8 byte order mark at the start is allowed (and skipped).
std::string yaml_reader_problem(std::string_view text);

} // namespace airlock::helm::detail
