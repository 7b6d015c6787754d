#pragma once
// The --to argument of `airlock-load load` and the one place that turns it
// into a Destination. Adding a medium is one new Destination class plus one
// branch in make_destination(); the load pipeline does not change.
//   oci:DIR                          an OCI image layout directory
//   registry://HOST[:PORT][/PREFIX]  a registry (repositories PREFIX/<upstream path>)
#include "common/registry/registry_destination.hpp"
#include "common/transport/destination.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::loader {

struct Target {
    enum class Kind { oci_layout, registry };
    Kind kind = Kind::oci_layout;
    std::string text;          // as given, for messages, audit and state
    std::filesystem::path dir; // oci_layout
    std::string host;          // registry: "host[:port]"
    std::string prefix;        // registry: repository prefix, may be empty
};

// How to reach a registry target; unused by oci: targets.
struct DestinationOptions {
    bool keep_host = false; // PREFIX/<upstream host>/<path> instead of PREFIX/<path>
    bool plain_http = false;
    std::filesystem::path authfile;
    std::filesystem::path cert_dir;
    std::uint64_t chunk_size = 64 * 1024 * 1024;
    // Token services on other hosts than the registry that may be contacted ("host:port").
    std::vector<std::string> token_services;
};

// Why `prefix` cannot be a repository prefix (its characters, empty path
// components), or "" when it can. Shared by every flag that names one.
std::string repository_prefix_problem(std::string_view prefix);

// Throws Error(usage) naming the text when it is neither form above.
Target parse_target(const std::string& text);

// How a load reaches a registry target: its credentials and TLS files, plain
// HTTP when asked, and no endpoint beyond the target and the token services
// named. Every command that talks to the target (load, verify --to,
// receipt) uses these, so each contacts exactly what it announced.
RegistryOptions registry_client_options(const Target& target, const DestinationOptions& options);

// Opens the destination. Destinations write nothing until their first put,
// so this runs before verification and a bad --to fails fast; Error(usage)
// for a medium not built in.
// `sessions` hears of registry upload sessions (the resume journal).
std::unique_ptr<Destination> make_destination(const Target& target,
                                              const DestinationOptions& options,
                                              RegistryDestination::SessionObserver sessions = {});

// The network endpoints a load into `target` contacts (none for oci:).
std::vector<std::string> endpoints_of(const Target& target, const DestinationOptions& options);

} // namespace airlock::loader
