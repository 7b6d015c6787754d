#include "common/registry/registry_destination.hpp"

#include <catch2/catch.hpp>

using namespace airlock;

TEST_CASE("registry placement: PREFIX/<upstream path>, or with the host kept") {
    RegistryDestination plain({}, RegistryTarget{"site:5000", "mirror", false}, {});
    Placement p = plain.place("docker.io/library/nginx:1.27");
    CHECK(p.repo == "mirror/library/nginx");
    CHECK(p.name == "1.27");
    CHECK(plain.place("quay.io/org/app@sha256:" + std::string(64, 'a')).name.empty());

    RegistryDestination kept({}, RegistryTarget{"site:5000", "", true}, {});
    CHECK(kept.place("docker.io/library/nginx:1.27").repo == "docker.io/library/nginx");
    CHECK(kept.place("127.0.0.1:5000/app:1").repo == "127.0.0.1_5000/app");
    CHECK(kept.describe() == "registry://site:5000");
}
