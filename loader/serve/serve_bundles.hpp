#pragma once
// `airlock-load serve`: verify the bundles as `load` would, then serve them
// as a read-only registry until SIGTERM, replacing bundles with newer
// versions on SIGHUP and when --dir changes.
#include "loader/serve/http_server.hpp"
#include "loader/serve/served_set.hpp"

#include <chrono>
#include <string>

namespace airlock::loader {

struct ServeOptions {
    ServeSources sources;
    HttpServerOptions http;
    bool deep = false;            // hash every blob before listening (and each new bundle's)
    std::string access_log = "-"; // a file, or "-" for standard output
    std::chrono::seconds dir_interval{2};
};

// Returns when a signal ended the service (0), or throws Error when it
// cannot start: a bundle refused (the verifier's class), the address taken,
// bad TLS material.
int serve_bundles(const ServeOptions& options);

} // namespace airlock::loader
