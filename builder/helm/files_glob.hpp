#pragma once
// The glob patterns of .Files.Glob, as github.com/gobwas/glob compiles and
// matches them with '/' as the separator: `*` and `?` stay within a path
// segment, `**` crosses segments, `[abc]`, `[a-z]` and their `[!...]`
// negations match one character (any, '/' included), `{a,b}` alternatives
// nest, and `\` escapes the next character. Its quirks are kept: an
// unclosed `{` still compiles, a trailing `\` is dropped, and a class must
// be exactly one range or a list of characters.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::helm {

class FilesGlob {
  public:
    // nullopt when gobwas refuses the pattern (Helm then matches every file).
    static std::optional<FilesGlob> compile(std::string_view pattern);
    // Whether the whole of `name` matches.
    bool match(std::string_view name) const;

    struct Node;
    using Sequence = std::vector<Node>;

  private:
    std::vector<Node> nodes_;
};

struct FilesGlob::Node {
    enum class Kind { text, any, super, single, chars, range, any_of };
    Kind kind = Kind::text;
    std::u32string text; // text, or a class's characters
    char32_t lo = 0;
    char32_t hi = 0;
    bool negated = false;
    std::vector<Sequence> alternatives; // any_of
};

} // namespace airlock::helm
