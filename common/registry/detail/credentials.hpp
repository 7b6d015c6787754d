#pragma once
// Registry credentials from a docker config.json ("auths" map), the file that
// docker login, podman login and skopeo login write.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace airlock {

struct Credentials {
    std::string username;
    std::string password;
};

class AuthConfig {
  public:
    AuthConfig() = default;

    // Reads `path`; Error(io) when it cannot be read, Error(spec) when it is
    // not a valid config.json.
    static AuthConfig load(const std::string& path);
    // `where` names the document in messages.
    static AuthConfig parse(std::string_view json_text, const std::string& where);

    // Credentials for a registry host ("quay.io", "127.0.0.1:5000"). The port
    // is part of the identity, as in docker: "host" does not match "host:5000".
    // Docker Hub's names (docker.io, index.docker.io, registry-1.docker.io)
    // are one registry.
    std::optional<Credentials> find(std::string_view host) const;

    bool empty() const { return by_host_.empty(); }

  private:
    std::map<std::string, Credentials, std::less<>> by_host_;
};

// The host a config.json key stands for: "https://host/v1/" -> "host",
// "host:port/some/repo" -> "host:port", Docker Hub aliases -> "docker.io".
std::string normalize_registry_host(std::string_view key);

} // namespace airlock
