#pragma once
// How airlock talks to registries: credentials, TLS material, plain-HTTP
// exceptions and the retry budget. Mirrors the --authfile, --cert-dir and
// --plain-http flags.
#include <chrono>
#include <string>
#include <vector>

namespace airlock {

struct RegistryOptions {
    // A docker config.json; its "auths" map supplies username/password per host.
    std::string authfile;
    // docker/containerd layout: DIR/<host[:port]>/{ca.crt,*.crt,client.cert,client.key}.
    std::string cert_dir;
    // Hosts spoken to over plain HTTP: "host:port" matches exactly, "host" matches any port.
    std::vector<std::string> plain_http_hosts;
    // Retries after the first attempt for connection errors, timeouts, 5xx and 429.
    int max_retries = 5;
    std::chrono::milliseconds initial_backoff{200};
    // False: ignore the proxy environment variables. The loader sets this, so
    // a stray https_proxy cannot route a load through another host.
    bool use_proxy_env = true;
    // When true, a token service is contacted only if it is on the registry's
    // own host:port or listed in token_hosts ("host:port"), and redirects are
    // not followed: the loader's endpoints are the ones it announced, and no
    // registry can add others.
    bool restrict_token_hosts = false;
    std::vector<std::string> token_hosts;
    // Empty means "airlock/<version>".
    std::string user_agent;
};

} // namespace airlock
