#pragma once
// Builds real OCI image layouts for tests: layer tars made by `tar`, configs
// with matching diff_ids, manifests and an index.json with ref names.
#include "common/core/error.hpp"
#include "common/digest/digest.hpp"
#include "common/oci/media_types.hpp"
#include "common/reference/reference.hpp"
#include "common/transport/blob_reader.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/thrown.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace airlock::test {

struct FixtureImage {
    std::string config;
    std::vector<std::string> layers;
    std::string manifest;
    Digest digest; // of manifest
};

// Deterministic pseudo-random bytes (incompressible, unlike repeated text).
inline std::string noise(size_t n, std::uint32_t seed) {
    std::string s(n, '\0');
    for (auto& c : s) {
        seed = seed * 1103515245u + 12345u;
        c = static_cast<char>(seed >> 24);
    }
    return s;
}

// A real layer: a tar (made by `tar`) holding one file `name` with `content`.
inline std::string make_layer(const ScratchDir& dir, const std::string& name,
                              std::string_view content) {
    std::string tree = "layer-src-" + Digest::of(name + std::string(content)).hex().substr(0, 12);
    dir.write(tree + "/" + name, content);
    std::string out = tree + ".tar";
    int rc = shell("tar --format=pax --mtime=@0 --owner=0 --group=0 --numeric-owner -cf " +
                   sh_quote((dir / out).string()) + " -C " + sh_quote((dir / tree).string()) + " " +
                   sh_quote(name));
    if (rc != 0) {
        throw std::runtime_error("tar failed making a test layer");
    }
    return dir.read(out);
}

inline FixtureImage make_image(std::vector<std::string> layers, const std::string& arch) {
    FixtureImage img;
    img.layers = std::move(layers);
    nlohmann::ordered_json config;
    config["architecture"] = arch;
    config["os"] = "linux";
    config["config"] = {{"Env", {"PATH=/bin"}}};
    config["rootfs"] = {{"type", "layers"}, {"diff_ids", nlohmann::json::array()}};
    for (const auto& layer : img.layers) {
        config["rootfs"]["diff_ids"].push_back(Digest::of(layer).str());
    }
    img.config = config.dump();
    nlohmann::ordered_json m;
    m["schemaVersion"] = 2;
    m["mediaType"] = media::oci_manifest;
    m["config"] = {{"mediaType", media::oci_config},
                   {"digest", Digest::of(img.config).str()},
                   {"size", img.config.size()}};
    m["layers"] = nlohmann::json::array();
    for (const auto& layer : img.layers) {
        m["layers"].push_back({{"mediaType", media::oci_layer},
                               {"digest", Digest::of(layer).str()},
                               {"size", layer.size()}});
    }
    img.manifest = m.dump(2);
    img.digest = Digest::of(img.manifest);
    return img;
}

inline void write_blob(const ScratchDir& dir, const std::string& layout, const std::string& bytes) {
    dir.write(layout + "/blobs/sha256/" + Digest::of(bytes).hex(), bytes);
}

// Writes an OCI layout at dir/layout; each pair is (ref name, image); an empty
// ref name leaves the entry without the annotation.
inline void write_layout(const ScratchDir& dir, const std::string& layout,
                         const std::vector<std::pair<std::string, FixtureImage>>& images) {
    dir.write(layout + "/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
    nlohmann::ordered_json index;
    index["schemaVersion"] = 2;
    index["mediaType"] = media::oci_index;
    index["manifests"] = nlohmann::json::array();
    for (const auto& [name, img] : images) {
        write_blob(dir, layout, img.config);
        for (const auto& layer : img.layers) {
            write_blob(dir, layout, layer);
        }
        write_blob(dir, layout, img.manifest);
        nlohmann::ordered_json d = {{"mediaType", media::oci_manifest},
                                    {"digest", img.digest.str()},
                                    {"size", img.manifest.size()}};
        if (!name.empty()) {
            d["annotations"] = {{"org.opencontainers.image.ref.name", name}};
        }
        index["manifests"].push_back(d);
    }
    dir.write(layout + "/index.json", index.dump());
}

// Reads a BlobReader to its end and returns the digest of what it yielded.
inline Digest digest_of_stream(BlobReader& reader, size_t* total = nullptr) {
    Sha256 h;
    std::vector<std::byte> buf(64 * 1024 + 3); // odd size: exercise partial buffers
    size_t sum = 0;
    for (;;) {
        size_t n = reader.read(buf);
        if (n == 0) {
            break;
        }
        sum += n;
        h.update(std::span(buf.data(), n));
    }
    if (total) {
        *total = sum;
    }
    return h.finish();
}

// A reference that is only a local name (an OCI layout's ref.name, e.g. "1.0").
inline Reference local_name(const std::string& name) {
    Reference r;
    r.tag = name;
    return r;
}

} // namespace airlock::test
