#pragma once
// OCI / Docker v2 descriptors, platforms, manifests and indexes. Parsing keeps
// only what airlock needs; the original bytes are always kept alongside, since
// a manifest's identity is the digest of its exact bytes.
#include "common/digest/digest.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace airlock {

struct Platform {
    std::string os;
    std::string architecture;
    std::string variant;

    // "linux/arm64/v8" style; parse throws Error(spec) on a malformed string.
    static Platform parse(std::string_view text);
    std::string str() const;
    // True when this platform satisfies the wanted one (an empty variant in
    // `wanted` matches any variant).
    bool matches(const Platform& wanted) const;
    auto operator<=>(const Platform&) const = default;
};

struct Descriptor {
    std::string media_type;
    Digest digest;
    std::int64_t size = 0;
    std::optional<Platform> platform;
    std::map<std::string, std::string> annotations;
    std::optional<std::string> artifact_type;

    static Descriptor from_json(const nlohmann::json& j, const std::string& where);
    nlohmann::json to_json() const;
};

// A manifest document as fetched: bytes, the media type it declares, digest of the bytes.
struct RawManifest {
    std::string bytes;
    std::string media_type;
    Digest digest;
};

// A manifest read back by digest from where an earlier load put it: its bytes
// must be exactly what `expected` names (Error(integrity) naming `where`
// otherwise), and it takes the descriptor's media type, which a signed BOM
// recorded.
void check_read_back(RawManifest& manifest, const Descriptor& expected, const std::string& where);

struct ImageManifest {
    std::string media_type;
    Descriptor config;
    std::vector<Descriptor> layers;
    std::optional<Descriptor> subject;
    std::optional<std::string> artifact_type;
    std::map<std::string, std::string> annotations;
};

struct ImageIndex {
    std::string media_type;
    std::vector<Descriptor> manifests;
};

// Determines the media type of raw manifest bytes (the declared mediaType, else
// the Content-Type the server sent, else by shape). Throws Error(malformed-ish)
// naming `where` when the document is not a manifest or index.
std::string detect_media_type(const std::string& bytes, const std::string& content_type,
                              const std::string& where);
ImageManifest parse_image_manifest(const std::string& bytes, const std::string& where);
ImageIndex parse_image_index(const std::string& bytes, const std::string& where);

// Upper bound for any manifest or index document (the distribution spec's registries use 4 MiB).
inline constexpr size_t max_manifest_bytes = 4 * 1024 * 1024;

} // namespace airlock
