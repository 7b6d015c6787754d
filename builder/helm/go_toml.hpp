#pragma once
// TOML as Helm's toToml and fromToml have it (github.com/BurntSushi/toml
// v1.6.0, which reads TOML 1.1).
#include "common/gotemplate/value.hpp"

#include <string>
#include <string_view>

namespace airlock::helm {

struct TomlEncoded {
    std::string text;
    std::string error; // Go's error text ("toml: top-level values must be Go maps or structs")
};

// toml.NewEncoder(w).Encode(v): keys sorted, plain keys before tables,
// tables as [a.b] indented two spaces a level, lists of maps as [[a]],
// float64 always with a decimal point or exponent ("3.0", "1e+06").
// Throws Error(spec) where Go panics (a nil value:
// "reflect: call of reflect.Value.Type on zero Value").
TomlEncoded toml_encode(const gotemplate::Value& v);

struct TomlDecoded {
    gotemplate::Value value; // the map, as far as it was read
    std::string error;       // "toml: line 2 (last key \"a\"): ..." or empty
};

// toml.Unmarshal(text, &map): integers are int64, floats float64, dates and
// times time values (a host object printing as Go prints a time.Time).
TomlDecoded toml_decode(std::string_view text);

} // namespace airlock::helm
