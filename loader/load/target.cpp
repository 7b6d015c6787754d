#include "loader/load/target.hpp"

#include "common/core/error.hpp"
#include "common/layout/oci_layout_destination.hpp"

#include <algorithm>
#include <cctype>

namespace airlock::loader {

namespace {

constexpr std::string_view oci_prefix = "oci:";
constexpr std::string_view registry_prefix = "registry://";

[[noreturn]] void bad_target(const std::string& text, const std::string& why) {
    fail(ErrorCode::usage,
         "--to '" + text + "': " + why + " (want oci:DIR or registry://HOST[:PORT][/PREFIX])");
}

} // namespace

std::string repository_prefix_problem(std::string_view prefix) {
    for (char c : prefix) {
        if (!(std::islower(static_cast<unsigned char>(c)) ||
              std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
              c == '/')) {
            return std::string("a repository prefix may hold only lower-case letters, digits "
                               "and . - _ /, not '") +
                   c + "'";
        }
    }
    if (prefix.find("//") != std::string_view::npos || prefix.starts_with('/')) {
        return "empty path component in the repository prefix";
    }
    return {};
}

Target parse_target(const std::string& text) {
    Target t;
    t.text = text;
    std::string_view s = text;
    if (s.starts_with(oci_prefix)) {
        s.remove_prefix(oci_prefix.size());
        if (s.empty()) {
            bad_target(text, "no directory");
        }
        // skopeo reads "oci:DIR:REF", so a directory with ':' could not be read back.
        if (s.find(':') != std::string_view::npos) {
            bad_target(text, "the directory must not contain ':'");
        }
        t.kind = Target::Kind::oci_layout;
        t.dir = std::filesystem::absolute(std::filesystem::path(s)).lexically_normal();
        t.text = "oci:" + t.dir.string();
        return t;
    }
    if (s.starts_with(registry_prefix)) {
        s.remove_prefix(registry_prefix.size());
        size_t slash = s.find('/');
        t.kind = Target::Kind::registry;
        t.host = std::string(s.substr(0, slash));
        if (slash != std::string_view::npos) {
            t.prefix = std::string(s.substr(slash + 1));
            while (!t.prefix.empty() && t.prefix.back() == '/') {
                t.prefix.pop_back();
            }
        }
        if (t.host.empty()) {
            bad_target(text, "no registry host");
        }
        for (char c : t.host) {
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
                  c == '[' || c == ']')) {
                bad_target(text, std::string("the host has the character '") + c + "'");
            }
        }
        if (std::string why = repository_prefix_problem(t.prefix); !why.empty()) {
            bad_target(text, why);
        }
        // One spelling per target: messages, audit, state and the resume journal key.
        t.text = "registry://" + t.host + (t.prefix.empty() ? "" : "/" + t.prefix);
        return t;
    }
    bad_target(text, "unknown target type");
}

RegistryOptions registry_client_options(const Target& target, const DestinationOptions& options) {
    RegistryOptions client;
    client.authfile = options.authfile.string();
    client.cert_dir = options.cert_dir.string();
    if (options.plain_http) {
        client.plain_http_hosts.push_back(target.host);
    }
    client.announced_endpoints_only = true;
    client.token_hosts = options.token_services;
    return client;
}

std::unique_ptr<Destination> make_destination(const Target& target,
                                              const DestinationOptions& options,
                                              RegistryDestination::SessionObserver sessions) {
    switch (target.kind) {
    case Target::Kind::oci_layout:
        return std::make_unique<OciLayoutDestination>(target.dir);
    case Target::Kind::registry: {
        UploadOptions upload;
        upload.chunk_size = options.chunk_size;
        // A chunk size is a limit on request bodies (a proxy's, say): a
        // monolithic upload must not exceed it either.
        upload.monolithic_limit = std::min(upload.monolithic_limit, options.chunk_size);
        return std::make_unique<RegistryDestination>(
            registry_client_options(target, options),
            RegistryTarget{target.host, target.prefix, options.keep_host}, upload,
            std::move(sessions));
    }
    }
    fail(ErrorCode::internal, "unknown target kind");
}

std::vector<std::string> endpoints_of(const Target& target, const DestinationOptions& options) {
    if (target.kind != Target::Kind::registry) {
        return {};
    }
    std::vector<std::string> out{(options.plain_http ? "http://" : "https://") + target.host};
    for (const std::string& t : options.token_services) {
        out.push_back("token service " + t);
    }
    return out;
}

} // namespace airlock::loader
