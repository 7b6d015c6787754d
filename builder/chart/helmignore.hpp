#pragma once
// A chart's .helmignore, with the semantics of Helm 3's pkg/ignore, so that a
// directory packages to the files `helm package` would take:
// - one pattern per line, surrounding whitespace trimmed; blank lines and
//   lines starting with '#' are skipped; "**" is refused;
// - patterns are Go filepath.Match globs ('*', '?', '[...]', '\' escapes;
//   '*' and '?' never match '/');
// - a trailing '/' limits the rule to directories; a leading '/' or any
//   other '/' matches against the whole path from the chart's root,
//   otherwise against the last path component only;
// - rules are tried in order and the first match ignores the path; a '!'
//   rule ignores every path it does not match (Helm's reading of negation);
// - "templates/.?*" (dot files among the templates) is always added last.
#include <string>
#include <string_view>
#include <vector>

namespace airlock::builder {

class HelmIgnore {
  public:
    // Only the default rule.
    HelmIgnore();
    // Error(spec) "<display_name>:<line>: ..." for "**" or a malformed glob.
    static HelmIgnore parse(std::string_view text, const std::string& display_name);

    // `path` is '/'-separated and relative to the chart's root.
    bool ignored(std::string_view path, bool is_directory) const;

  private:
    struct Rule {
        std::string glob;
        bool negate = false;
        bool directories_only = false;
        bool whole_path = false;
    };
    void add(std::string_view line, const std::string& where);

    std::vector<Rule> rules_;
};

// Go's filepath.Match on '/'-separated names. Error(spec) for a malformed
// pattern (unclosed '[', empty class, trailing '\').
bool go_glob_match(std::string_view pattern, std::string_view name);
// Whether `pattern` is well formed; sets `why` when it is not.
bool go_glob_valid(std::string_view pattern, std::string& why);

} // namespace airlock::builder
