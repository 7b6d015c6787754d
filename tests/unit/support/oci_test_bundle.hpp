#pragma once
// A bundle under construction whose OCI documents (manifests, indexes) are
// carried as blobs, for tests of what is planned or served from it. Each
// blob is carried once however often it is asked for, as the builder does.
#include "common/oci/media_types.hpp"
#include "tests/unit/support/signed_test_bundle.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace airlock::test {

struct OciTestBundle {
    explicit OciTestBundle(std::string name = "shop", std::string version = "1.0.0")
        : bundle(std::move(name), std::move(version)) {}
    SignedTestBundle bundle;

    Descriptor blob(const std::string& bytes, std::string_view media_type = media::oci_layer) {
        Digest d = Digest::of(bytes);
        const auto& carried = bundle.bom().blobs;
        if (std::none_of(carried.begin(), carried.end(),
                         [&](const BomBlob& c) { return c.digest == d; })) {
            bundle.carry(bytes, media_type);
        }
        return Descriptor{
            std::string(media_type), d, static_cast<std::int64_t>(bytes.size()), {}, {}, {}};
    }
    // An image manifest over `config` and `layers`, carried; the descriptors
    // need not be carried (a test may lie about them).
    Descriptor manifest(const Descriptor& config, const std::vector<Descriptor>& layers) {
        nlohmann::json m = {{"schemaVersion", 2},
                            {"mediaType", media::oci_manifest},
                            {"config", config.to_json()},
                            {"layers", nlohmann::json::array()}};
        for (const Descriptor& l : layers) {
            m["layers"].push_back(l.to_json());
        }
        return blob(m.dump(), media::oci_manifest);
    }
    // A fresh image: its own config and one layer `layer_text`, plus `shared`.
    Descriptor simple_image(const std::string& layer_text,
                            const std::vector<Descriptor>& shared = {}) {
        std::vector<Descriptor> layers{blob("layer " + layer_text)};
        layers.insert(layers.end(), shared.begin(), shared.end());
        return manifest(blob("{\"config\":\"" + layer_text + "\"}", media::oci_config), layers);
    }
    Descriptor index(const std::vector<Descriptor>& children) {
        nlohmann::json j = {{"schemaVersion", 2},
                            {"mediaType", media::oci_index},
                            {"manifests", nlohmann::json::array()}};
        for (const Descriptor& c : children) {
            j["manifests"].push_back(c.to_json());
        }
        return blob(j.dump(), media::oci_index);
    }
    void name_image(const std::string& ref, const Descriptor& top) {
        BomImage img;
        img.ref = ref;
        img.digest = top.digest;
        img.media_type = top.media_type;
        bundle.bom().images.push_back(img);
    }
};

} // namespace airlock::test
