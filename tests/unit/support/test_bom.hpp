#pragma once
// The smallest BOM that serializes and parses: a name, a version, a creation
// time, a builder and an empty index.json as its layout. Tests add the
// images and blobs they are about.
#include "common/bundle/bom.hpp"

#include <string>

namespace airlock::test {

inline Bom minimal_bom(std::string name, std::string version,
                       std::string created = "2026-11-23T00:00:00Z") {
    Bom bom;
    bom.name = std::move(name);
    bom.version = std::move(version);
    bom.created = std::move(created);
    bom.builder = "test";
    bom.layout = {Digest::of("{}"), 2, "application/json"};
    return bom;
}

} // namespace airlock::test
