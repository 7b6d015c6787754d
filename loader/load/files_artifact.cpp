#include "loader/load/files_artifact.hpp"

#include "common/oci/media_types.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

namespace airlock::loader {

namespace {

constexpr const char* empty_media_type = "application/vnd.oci.empty.v1+json";

nlohmann::json descriptor_json(const std::string& media_type, const Digest& digest,
                               std::int64_t size) {
    return {{"mediaType", media_type}, {"digest", digest.str()}, {"size", size}};
}

} // namespace

std::vector<BomFile> artifact_files(const Bom& bom) {
    std::vector<BomFile> out = bom.files;
    out.insert(out.end(), bom.manifests.begin(), bom.manifests.end());
    for (const BomChart& c : bom.charts) {
        out.insert(out.end(), c.values.begin(), c.values.end());
    }
    return out;
}

namespace {

// "airlock/<bundle name>/<leaf>", the name made safe for a repository path.
std::string bundle_artifact_path(const Bom& bom, std::string_view leaf) {
    // Repository components: lower-case alphanumerics joined by '.', '_' or '-'.
    std::string name;
    for (char c : bom.name) {
        auto u = static_cast<unsigned char>(c);
        name += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '-';
    }
    while (!name.empty() && name.front() == '-') {
        name.erase(name.begin());
    }
    while (!name.empty() && name.back() == '-') {
        name.pop_back();
    }
    return "airlock/" + (name.empty() ? std::string("bundle") : name) + "/" + std::string(leaf);
}

} // namespace

std::string files_artifact_path(const Bom& bom) {
    return bundle_artifact_path(bom, "files");
}

std::string sbom_artifact_path(const Bom& bom) {
    return bundle_artifact_path(bom, "sbom");
}

std::string files_artifact_tag(const Bom& bom) {
    std::string tag = bom.version;
    for (char& c : tag) {
        if (c == '+') {
            c = '_';
        }
    }
    return tag;
}

InlineBlob empty_config() {
    InlineBlob b;
    b.bytes = "{}";
    b.descriptor = Descriptor{empty_media_type, Digest::of(b.bytes), 2, {}, {}, {}};
    return b;
}

namespace {

RawManifest artifact_manifest(const Bom& bom, std::string_view artifact_type,
                              const std::vector<BomFile>& files) {
    const InlineBlob config = empty_config();
    nlohmann::json layers = nlohmann::json::array();
    for (const BomFile& f : files) {
        auto layer = descriptor_json(f.media_type, f.digest, f.size);
        layer["annotations"] = {{"org.opencontainers.image.title", f.name}};
        layers.push_back(std::move(layer));
    }
    nlohmann::json m = {
        {"schemaVersion", 2},
        {"mediaType", media::oci_manifest},
        {"artifactType", artifact_type},
        {"config", descriptor_json(config.descriptor.media_type, config.descriptor.digest, 2)},
        {"layers", std::move(layers)},
        {"annotations",
         {{"org.opencontainers.image.version", bom.version}, {"dev.airlock.bundle", bom.name}}}};
    RawManifest raw;
    raw.bytes = m.dump();
    raw.media_type = std::string(media::oci_manifest);
    raw.digest = Digest::of(raw.bytes);
    return raw;
}

} // namespace

RawManifest files_artifact_manifest(const Bom& bom) {
    return artifact_manifest(bom, files_artifact_type, artifact_files(bom));
}

RawManifest sbom_artifact_manifest(const Bom& bom) {
    return artifact_manifest(bom, sbom_artifact_type, bom.sboms);
}

} // namespace airlock::loader
