#pragma once
// Private: the tokens of Go's template language, as text/template/parse
// splits them (text, delimiters with their trim markers, and the words of an
// action). The parser pulls them one at a time.
#include <cstdint>
#include <string>
#include <string_view>

namespace airlock::gotemplate::detail {

enum class Tok : std::uint8_t {
    error, // text is the message
    eof,
    text,        // plain text between actions
    left_delim,  // {{ (trim markers already applied to the neighbouring text)
    right_delim, // }}
    space,       // run of spaces inside an action
    comment,     // {{/* ... */}}
    identifier,  // a function name
    field,       // .Name
    variable,    // $ or $name
    dot,         // .
    string,      // "quoted", text is the raw token
    raw_string,  // `raw`
    char_const,  // 'c'
    number,      // 12, 0x1F, 1.5e3, -2
    boolean,     // true or false
    nil,         // nil
    assign,      // =
    declare,     // :=
    pipe,        // |
    left_paren,  // (
    right_paren, // )
    char_,       // any other printable character, such as the comma in range $i, $v
    // keywords
    kw_block,
    kw_break,
    kw_continue,
    kw_define,
    kw_else,
    kw_end,
    kw_if,
    kw_range,
    kw_template,
    kw_with,
};

struct Token {
    Tok type = Tok::eof;
    std::string_view text;
    std::size_t pos = 0; // byte offset in the template text
    int line = 1;        // 1-based line of pos
};

class Lexer {
  public:
    explicit Lexer(std::string_view input);
    Token next();
    // The line and 0-based byte column of an offset, as Go's ErrorContext counts them.
    std::pair<int, int> line_col(std::size_t pos) const;

  private:
    enum class State : std::uint8_t { text, inside };
    Token emit(Tok type, std::size_t start, std::size_t end);
    Token error(const std::string& message);
    Token lex_text();
    Token lex_left_delim();
    Token lex_comment();
    Token lex_inside();
    Token lex_quote();
    Token lex_raw_quote();
    Token lex_char();
    Token lex_number();
    bool scan_number();
    Token lex_identifier(std::size_t start, bool field);
    Token lex_variable();
    bool at_right_delim(std::size_t at, bool& trim) const;
    bool at_terminator() const;

    std::string_view input_;
    std::size_t pos_ = 0;
    State state_ = State::text;
    int paren_depth_ = 0;
    bool done_ = false;
    std::size_t action_start_ = 0; // where the current action's {{ began
    std::string error_message_;
    // line_col's memo: the line and line start at offset counted_to_.
    mutable std::size_t counted_to_ = 0;
    mutable int counted_line_ = 1;
    mutable std::size_t counted_line_start_ = 0;
};

} // namespace airlock::gotemplate::detail
