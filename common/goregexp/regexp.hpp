#pragma once
// Go's regexp package: RE2 syntax as Go parses it (Perl flags on, as
// regexp.Compile sets them), leftmost-first matching like Perl, and the
// methods templates reach through sprig. Matching runs a Pike VM, so time is
// linear in the input for every pattern; there are no backreferences, as in
// Go. Standalone: no template or sprig knowledge.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::goregexp {

namespace detail {
struct Program;
}

class Regexp {
  public:
    // Go's regexp.Compile. A bad pattern throws airlock::Error(spec) with
    // Go's message: "error parsing regexp: missing closing ): `(a`".
    static Regexp compile(std::string_view pattern);

    const std::string& pattern() const noexcept { return pattern_; }
    // Number of capture groups, and their names ("" for unnamed; index 0 is
    // the whole match).
    std::size_t num_subexp() const noexcept;
    const std::vector<std::string>& subexp_names() const noexcept;

    // MatchString.
    bool match(std::string_view s) const;
    // FindStringSubmatchIndex: pairs of byte offsets, -1 for groups that did
    // not take part; nullopt when there is no match.
    std::optional<std::vector<std::ptrdiff_t>> find_submatch_index(std::string_view s) const;
    // FindString: "" when there is no match (as Go, indistinguishable from
    // an empty match).
    std::string find(std::string_view s) const;
    // FindAllStringIndex / FindAllString: at most n matches (n < 0: all);
    // an empty match right after a previous match is skipped.
    std::vector<std::pair<std::size_t, std::size_t>> find_all_index(std::string_view s,
                                                                    long long n) const;
    std::vector<std::string> find_all(std::string_view s, long long n) const;
    // ReplaceAllString ($1, ${1}, $name, ${name}, $$ expanded) and
    // ReplaceAllLiteralString.
    std::string replace_all(std::string_view src, std::string_view repl) const;
    std::string replace_all_literal(std::string_view src, std::string_view repl) const;
    // Expand: the template with $ references filled from one match.
    std::string expand(std::string_view tmpl, std::string_view src,
                       const std::vector<std::ptrdiff_t>& match) const;
    // Split: n > 0 at most n pieces, n == 0 none, n < 0 all.
    std::vector<std::string> split(std::string_view s, long long n) const;

  private:
    std::string pattern_;
    std::shared_ptr<const detail::Program> program_;
};

// QuoteMeta: every character that is special in a pattern gets a backslash.
std::string quote_meta(std::string_view s);

} // namespace airlock::goregexp
