#pragma once
// Parsing of WWW-Authenticate headers (RFC 9110 section 11.6.1), as registries
// send them to start the Docker/OCI token flow:
//   Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull"
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock {

struct AuthChallenge {
    std::string scheme;                        // lower case: "bearer", "basic"
    std::map<std::string, std::string> params; // names lower case, values unquoted
    std::string token68;                       // the rare "Scheme token68" form

    std::string param(const std::string& name) const;
};

// Parses one header value, which may hold several challenges. Lenient: a
// malformed tail is dropped rather than failing, since the caller can only
// report "no usable challenge" anyway.
std::vector<AuthChallenge> parse_www_authenticate(std::string_view header);

// The challenge airlock answers, Bearer preferred over Basic, from any number of headers.
std::optional<AuthChallenge> pick_challenge(const std::vector<std::string>& headers);

} // namespace airlock
