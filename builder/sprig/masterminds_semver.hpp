#pragma once
// Masterminds/semver v3.4, as sprig (semverCompare) and Helm (chart and
// dependency version constraints) use it: loose version parsing
// (a leading "v", missing minor and patch, leading zeros), precedence, and
// constraints (comparison operators, ~ ^ wildcards, hyphen ranges, "||",
// commas and spaces). Errors carry Masterminds' messages.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::sprig::text {

struct MmVersion {
    std::uint64_t major = 0, minor = 0, patch = 0;
    std::string pre;
    std::string metadata;
    std::string original;

    // NewVersion; throws Error(spec) ("invalid semantic version", ...).
    static MmVersion parse(std::string_view text);
    // -1, 0, 1 by SemVer precedence (metadata ignored).
    int compare(const MmVersion& other) const;
    // "1.2.3-pre+meta"
    std::string str() const;
};

struct MmConstraint {
    std::string op;   // "", "=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^"
    std::string orig; // the version text as written
    MmVersion con;
    bool minor_dirty = false;
    bool patch_dirty = false;
    bool dirty = false;

    bool check(const MmVersion& v, bool include_pre) const;
};

class MmConstraints {
  public:
    // NewConstraint; throws Error(spec) ("improper constraint: x", ...).
    static MmConstraints parse(std::string_view text);
    bool check(const MmVersion& v) const;

  private:
    std::vector<std::vector<MmConstraint>> groups_; // OR of ANDs
    std::vector<bool> has_pre_;
};

} // namespace airlock::sprig::text
