#include "common/registry/detail/credentials.hpp"

#include "common/core/base64.hpp"
#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/log/log.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace airlock {

namespace {

std::string string_field(const nlohmann::json& entry, const char* name, const std::string& key,
                         const std::string& where) {
    auto it = entry.find(name);
    if (it == entry.end() || it->is_null()) {
        return {};
    }
    if (!it->is_string()) {
        fail(ErrorCode::spec, where + ": auths[\"" + key + "\"]." + name + " is not a string");
    }
    return it->get<std::string>();
}

} // namespace

std::string normalize_registry_host(std::string_view key) {
    for (std::string_view scheme : {"https://", "http://"}) {
        if (key.substr(0, scheme.size()) == scheme) {
            key.remove_prefix(scheme.size());
            break;
        }
    }
    key = key.substr(0, key.find('/'));
    std::string host(key);
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (host == "index.docker.io" || host == "registry-1.docker.io") {
        return "docker.io";
    }
    return host;
}

AuthConfig AuthConfig::load(const std::string& path) {
    // A docker config.json is a few KiB.
    return parse(read_named_file(path, "authfile", std::size_t{4} << 20), "authfile " + path);
}

AuthConfig AuthConfig::parse(std::string_view json_text, const std::string& where) {
    using nlohmann::json;
    json doc = json::parse(json_text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        fail(ErrorCode::spec, where + ": not a JSON object");
    }
    if (doc.contains("credsStore") || doc.contains("credHelpers")) {
        log::warn(where + ": credential helpers (credsStore, credHelpers) are not supported; "
                          "only credentials stored in \"auths\" are used");
    }
    AuthConfig config;
    auto auths = doc.find("auths");
    if (auths == doc.end()) {
        return config;
    }
    if (!auths->is_object()) {
        fail(ErrorCode::spec, where + ": \"auths\" is not an object");
    }
    for (const auto& [key, entry] : auths->items()) {
        if (!entry.is_object()) {
            fail(ErrorCode::spec, where + ": auths[\"" + key + "\"] is not an object");
        }
        Credentials creds;
        std::string auth = string_field(entry, "auth", key, where);
        if (!auth.empty()) {
            auto decoded = base64_decode(auth);
            size_t colon = decoded ? decoded->find(':') : std::string::npos;
            if (colon == std::string::npos) {
                fail(ErrorCode::spec,
                     where + ": auths[\"" + key + "\"].auth is not base64 of \"user:password\"");
            }
            creds.username = decoded->substr(0, colon);
            creds.password = decoded->substr(colon + 1);
        } else {
            creds.username = string_field(entry, "username", key, where);
            creds.password = string_field(entry, "password", key, where);
        }
        if (creds.username.empty() && creds.password.empty()) {
            // An identity token is an OAuth refresh token for the token
            // service's POST flow, which airlock does not implement.
            if (entry.contains("identitytoken")) {
                log::warn(where + ": ignoring the identity token for " + key +
                          " (not supported); log in with a username and password instead");
            }
            continue;
        }
        // Keys are visited in sorted order, so when several key forms name one
        // host the choice is deterministic.
        config.by_host_.emplace(normalize_registry_host(key), std::move(creds));
    }
    return config;
}

std::optional<Credentials> AuthConfig::find(std::string_view host) const {
    auto it = by_host_.find(normalize_registry_host(host));
    if (it == by_host_.end()) {
        return std::nullopt;
    }
    return it->second;
}

} // namespace airlock
