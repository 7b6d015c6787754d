#pragma once
// Image references as docker and containerd understand them:
//   [registry[:port]/]path[:tag][@sha256:hex]
// normalised so that "nginx" means "docker.io/library/nginx:latest".
#include "common/digest/digest.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace airlock {

struct Reference {
    std::string registry;   // "docker.io", "quay.io", "127.0.0.1:5000"
    std::string repository; // "library/nginx"
    std::string tag;        // empty when only a digest was given
    std::optional<Digest> digest;

    // Throws Error(spec) with the reason ("invalid reference 'X': ...").
    static Reference parse(std::string_view text);

    // Canonical full form: registry/repository[:tag][@digest].
    std::string str() const;
    // registry/repository
    std::string name() const;
    // The tag or digest to ask a registry for (digest wins).
    std::string identifier() const;
    // Host to contact: Docker Hub's API lives at registry-1.docker.io.
    std::string api_host() const;

    bool operator==(const Reference&) const = default;
};

} // namespace airlock
