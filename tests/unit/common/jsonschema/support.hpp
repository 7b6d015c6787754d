#pragma once
// Shorthands for the jsonschema tests: schemas and values as JSON text, and
// the text santhosh/jsonschema (so Helm v4) prints for them.
#include "common/core/error.hpp"
#include "common/jsonschema/schema.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace airlock::test::jsonschema_support {

inline airlock::jsonschema::Schema compiled(const std::string& schema) {
    return airlock::jsonschema::Schema::compile(nlohmann::json::parse(schema));
}

// The error lines for `values` against `schema`; "" when valid.
inline std::string errors(const std::string& schema, const std::string& values) {
    return compiled(schema).validate(nlohmann::json::parse(values)).text();
}

inline bool accepts(const std::string& schema, const std::string& values) {
    return compiled(schema).validate(nlohmann::json::parse(values)).valid();
}

// The compile error (santhosh's full text) for a schema that is not one.
inline std::string compile_error(const std::string& schema) {
    auto result = airlock::jsonschema::Schema::try_compile(nlohmann::json::parse(schema));
    REQUIRE_FALSE(result.schema.has_value());
    return result.error;
}

} // namespace airlock::test::jsonschema_support
