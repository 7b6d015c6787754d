#include "common/sign/cosign_signature_image.hpp"

#include "common/core/base64.hpp"
#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"
#include "common/sign/cosign_signature.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace airlock::sign {

namespace {

// go-containerregistry's zero v1.Time, as Go marshals it.
constexpr std::string_view zero_time = "0001-01-01T00:00:00Z";

// Fields in the order Go marshals v1.Descriptor: mediaType, size, digest, annotations.
nlohmann::ordered_json layer_json(const Descriptor& d) {
    nlohmann::ordered_json j;
    j["mediaType"] = d.media_type;
    j["size"] = d.size;
    j["digest"] = d.digest.str();
    if (!d.annotations.empty()) {
        nlohmann::ordered_json annotations = nlohmann::ordered_json::object();
        for (const auto& [key, value] : d.annotations) {
            annotations[key] = value;
        }
        j["annotations"] = annotations;
    }
    return j;
}

} // namespace

CosignSignatureLayer sign_cosign_payload(std::string payload, const PrivateKey& key) {
    CosignSignatureLayer layer;
    layer.descriptor.media_type = std::string(cosign_payload_media_type);
    layer.descriptor.digest = Digest::of(payload);
    layer.descriptor.size = static_cast<std::int64_t>(payload.size());
    layer.descriptor.annotations.emplace(std::string(cosign_signature_annotation),
                                         base64_encode(key.sign(payload)));
    layer.payload = std::move(payload);
    return layer;
}

CosignSignatureImage make_cosign_signature_image(const std::vector<Descriptor>& layers) {
    // v1.ConfigFile in Go's field order: architecture, created, history, os, rootfs, config.
    nlohmann::ordered_json history = nlohmann::ordered_json::array();
    nlohmann::ordered_json diff_ids = nlohmann::ordered_json::array();
    nlohmann::ordered_json descriptors = nlohmann::ordered_json::array();
    for (const Descriptor& d : layers) {
        history.push_back({{"created", zero_time}});
        diff_ids.push_back(d.digest.str());
        descriptors.push_back(layer_json(d));
    }
    nlohmann::ordered_json config;
    config["architecture"] = "";
    config["created"] = zero_time;
    config["history"] = history;
    config["os"] = "";
    config["rootfs"] = {{"type", "layers"}, {"diff_ids", diff_ids}};
    config["config"] = nlohmann::ordered_json::object();

    CosignSignatureImage image;
    image.config = config.dump();
    image.config_descriptor.media_type = std::string(media::oci_config);
    image.config_descriptor.digest = Digest::of(image.config);
    image.config_descriptor.size = static_cast<std::int64_t>(image.config.size());
    nlohmann::ordered_json manifest;
    manifest["schemaVersion"] = 2;
    manifest["mediaType"] = media::oci_manifest;
    manifest["config"] = {{"mediaType", media::oci_config},
                          {"size", image.config.size()},
                          {"digest", image.config_descriptor.digest.str()}};
    manifest["layers"] = descriptors;
    image.manifest.bytes = manifest.dump();
    image.manifest.media_type = std::string(media::oci_manifest);
    image.manifest.digest = Digest::of(image.manifest.bytes);
    return image;
}

std::vector<Descriptor> cosign_signature_layers(const RawManifest& manifest,
                                                const std::string& where) {
    if (!media::is_manifest(manifest.media_type)) {
        fail(ErrorCode::malformed,
             where + " has media type " + manifest.media_type + ", not an image manifest");
    }
    return parse_image_manifest(manifest.bytes, where).layers;
}

bool has_cosign_signature(const std::vector<Descriptor>& layers, std::string_view payload,
                          const PublicKey& key) {
    const Digest digest = Digest::of(payload);
    const std::string annotation(cosign_signature_annotation);
    return std::any_of(layers.begin(), layers.end(), [&](const Descriptor& d) {
        if (d.digest != digest || d.media_type != cosign_payload_media_type) {
            return false;
        }
        auto it = d.annotations.find(annotation);
        if (it == d.annotations.end()) {
            return false;
        }
        auto signature = base64_decode(it->second, 1024);
        return signature && key.verify(payload, *signature);
    });
}

} // namespace airlock::sign
