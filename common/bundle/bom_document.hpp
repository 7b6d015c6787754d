#pragma once
// A BOM read from where a user keeps one: a bundle (its head only, payload
// untouched) or the BOM file `airlock-build inspect --bom` writes. Neither is
// trusted here: the callers (delta bases, diff) only compare digests, and a
// lie in a base makes a delta that the site refuses.
#include "common/bundle/bom.hpp"

#include <filesystem>
#include <string>

namespace airlock {

struct BomDocument {
    Bom bom;
    std::string bytes; // exactly as signed
    Digest digest;     // of bytes: the bundle's BOM digest
};

// True when the file starts like a JSON document rather than a tar archive.
bool looks_like_json(const std::filesystem::path& path);

// Error(malformed) for a bundle or BOM that does not parse, Error(not_found)
// or Error(io) when the file cannot be read.
BomDocument read_bom_document(const std::filesystem::path& path);

} // namespace airlock
