#pragma once
// Private to builder/helm: how go-yaml v2 resolves a scalar's text to a value
// (YAML 1.1 with go-yaml's own choices), shared by the reader and by the
// writers, which quote a string exactly when it would read back as
// something else.
#include <cstdint>
#include <string>
#include <string_view>

namespace airlock::helm::detail {

// The long tags go-yaml compares against.
inline constexpr std::string_view tag_null = "tag:yaml.org,2002:null";
inline constexpr std::string_view tag_bool = "tag:yaml.org,2002:bool";
inline constexpr std::string_view tag_str = "tag:yaml.org,2002:str";
inline constexpr std::string_view tag_int = "tag:yaml.org,2002:int";
inline constexpr std::string_view tag_float = "tag:yaml.org,2002:float";
inline constexpr std::string_view tag_timestamp = "tag:yaml.org,2002:timestamp";
inline constexpr std::string_view tag_binary = "tag:yaml.org,2002:binary";
inline constexpr std::string_view tag_merge = "tag:yaml.org,2002:merge";

enum class ResolvedKind : std::uint8_t {
    null,
    boolean,
    integer,   // fits an int64 (Go's int)
    unsigned_, // above int64, fits a uint64
    floating,
    string,    // the text itself
    timestamp, // the text itself (go-yaml v2 keeps timestamps as strings)
    merge,     // the "<<" key
    other,     // an unresolvable tag: the text itself, tagged
};

struct Resolved {
    ResolvedKind kind = ResolvedKind::string;
    bool boolean = false;
    std::int64_t integer = 0;
    std::uint64_t unsigned_ = 0;
    double floating = 0;
};

// go-yaml's resolve(tag, text) for a plain scalar with no tag ("") or an
// explicit long tag. Throws Error(spec, "yaml: cannot decode !!str `x` as a
// !!int") where go-yaml fails (explicit tags that do not fit the text).
Resolved resolve_scalar(std::string_view tag, std::string_view text);

// "!!int" for "tag:yaml.org,2002:int", other tags unchanged.
std::string short_tag(std::string_view tag);

// Whether go-yaml (v2 and v3 alike) may write `s` as a plain scalar: it reads
// back as a string and is not a YAML 1.1 base 60 float ("1:20") or bool.
bool plain_reads_as_string(std::string_view s);

// go-yaml's parseTimestamp: the four layouts it tries with time.Parse.
bool is_yaml_timestamp(std::string_view s);

} // namespace airlock::helm::detail
