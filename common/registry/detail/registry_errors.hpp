#pragma once
// The registry's JSON error body (distribution spec):
//   {"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":...}]}
#include <optional>
#include <string>
#include <string_view>

namespace airlock {

struct RegistryErrorInfo {
    std::string code;    // "MANIFEST_UNKNOWN"
    std::string message; // "manifest unknown"
};

// The first error of the body; nullopt when the body is not that shape.
std::optional<RegistryErrorInfo> parse_registry_error(std::string_view body);

// A short reason for messages: "HTTP 404: manifest unknown", or "HTTP 502"
// when the body says nothing usable.
std::string describe_http_failure(long status, std::string_view body);

// 404, or an error code that means the name or content does not exist.
bool means_not_found(long status, std::string_view body);

} // namespace airlock
