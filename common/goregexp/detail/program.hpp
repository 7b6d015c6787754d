#pragma once
// Private: the parsed syntax tree, the compiled program and the Pike VM that
// runs it, as Go's regexp/syntax and regexp packages divide the work.
#include "common/gounicode/unicode.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace airlock::goregexp::detail {

using gounicode::append_utf8;
using gounicode::decode_rune;
using gounicode::max_rune;
using gounicode::rune_error;

// Go's syntax.EmptyOp: the zero-width assertions.
enum EmptyOp : std::uint8_t {
    empty_begin_line = 1,
    empty_end_line = 2,
    empty_begin_text = 4,
    empty_end_text = 8,
    empty_word_boundary = 16,
    empty_no_word_boundary = 32,
};

enum class NodeOp : std::uint8_t {
    no_match,
    empty_match,
    literal,    // ranges holds {r, r}
    char_class, // ranges holds sorted, merged lo/hi pairs
    any_char_not_nl,
    any_char,
    empty_width, // empty holds an EmptyOp
    capture,     // cap is the group number; subs[0]
    star,
    plus,
    quest,
    repeat, // min, max (-1: unbounded); subs[0]
    concat,
    alternate,
};

struct Node {
    NodeOp op = NodeOp::empty_match;
    bool non_greedy = false;
    std::uint8_t empty = 0;
    int cap = 0;
    int min = 0;
    int max = 0;
    std::vector<char32_t> ranges;
    std::vector<Node> subs;
};

struct Parsed {
    Node root;
    int num_cap = 0;
    std::vector<std::string> names; // names[0] is the whole match: ""
};

// Throws airlock::Error(spec) with Go's "error parsing regexp: ..." text.
Parsed parse(std::string_view pattern);

enum class InstOp : std::uint8_t {
    fail,
    alt,         // out first, then arg
    capture,     // arg is the slot
    empty_width, // arg is an EmptyOp set
    match,
    nop,
    rune, // ranges
    rune_any,
    rune_any_not_nl,
};

struct Inst {
    InstOp op = InstOp::fail;
    std::uint32_t out = 0;
    std::uint32_t arg = 0;
    std::vector<char32_t> ranges;

    bool matches_rune(char32_t r) const;
};

struct Program {
    std::vector<Inst> insts; // insts[0] fails
    std::uint32_t start = 0;
    int num_cap = 0;
    std::vector<std::string> names;
    // A literal every match starts with (lets the search skip ahead), and
    // whether every match starts at the beginning of the text.
    std::string prefix;
    bool anchored_start = false;
};

// Throws Error(spec) "expression too large" past our size limit.
Program compile(const Parsed& parsed);

// A reusable search: buffers sized for the program are kept between runs.
class Matcher {
  public:
    Matcher(const Program& program, std::size_t ncap);
    ~Matcher();
    Matcher(const Matcher&) = delete;
    Matcher& operator=(const Matcher&) = delete;
    // As execute below.
    std::optional<std::vector<std::ptrdiff_t>> run(std::string_view input, std::size_t pos);

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// Leftmost-first search from byte offset pos. ncap slots (0, 2 or
// 2*(num_cap+1)) are filled on success; with ncap 0 only success is told.
std::optional<std::vector<std::ptrdiff_t>> execute(const Program& program, std::string_view input,
                                                   std::size_t pos, std::size_t ncap);

} // namespace airlock::goregexp::detail
