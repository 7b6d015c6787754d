#include "common/oci/model.hpp"

#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"
#include <nlohmann/json.hpp>

namespace airlock {

using nlohmann::json;

Platform Platform::parse(std::string_view text) {
    Platform p;
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
        size_t slash = text.find('/', start);
        parts.emplace_back(
            text.substr(start, slash == std::string_view::npos ? text.npos : slash - start));
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty() ||
        (parts.size() == 3 && parts[2].empty())) {
        fail(ErrorCode::spec,
             "invalid platform '" + std::string(text) + "': expected os/arch[/variant]");
    }
    p.os = parts[0];
    p.architecture = parts[1];
    if (parts.size() == 3) {
        p.variant = parts[2];
    }
    return p;
}

std::string Platform::str() const {
    std::string s = os + "/" + architecture;
    if (!variant.empty()) {
        s += "/" + variant;
    }
    return s;
}

bool Platform::matches(const Platform& wanted) const {
    return os == wanted.os && architecture == wanted.architecture &&
           (wanted.variant.empty() || variant == wanted.variant);
}

namespace {

const json& require(const json& j, const char* key, const std::string& where) {
    auto it = j.find(key);
    if (it == j.end()) {
        fail(ErrorCode::integrity, where + ": missing '" + key + "'");
    }
    return *it;
}

std::string require_string(const json& j, const char* key, const std::string& where) {
    const json& v = require(j, key, where);
    if (!v.is_string()) {
        fail(ErrorCode::integrity, where + ": '" + key + "' is not a string");
    }
    return v.get<std::string>();
}

json parse_json(const std::string& bytes, const std::string& where) {
    json j = json::parse(bytes, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        fail(ErrorCode::integrity, where + ": not a JSON object");
    }
    return j;
}

// "annotations" (string values only) and "artifactType", which descriptors
// and manifests both carry.
void read_artifact_fields(const json& j, std::map<std::string, std::string>& annotations,
                          std::optional<std::string>& artifact_type) {
    if (auto a = j.find("annotations"); a != j.end() && a->is_object()) {
        for (auto& [k, v] : a->items()) {
            if (v.is_string()) {
                annotations[k] = v.get<std::string>();
            }
        }
    }
    if (auto a = j.find("artifactType"); a != j.end() && a->is_string()) {
        artifact_type = a->get<std::string>();
    }
}

} // namespace

Descriptor Descriptor::from_json(const json& j, const std::string& where) {
    if (!j.is_object()) {
        fail(ErrorCode::integrity, where + ": descriptor is not an object");
    }
    Descriptor d;
    d.media_type = require_string(j, "mediaType", where);
    try {
        d.digest = Digest::parse(require_string(j, "digest", where));
    } catch (const Error& e) {
        fail(ErrorCode::integrity, where + ": " + e.what());
    }
    const json& size = require(j, "size", where);
    if (!size.is_number_integer() || size.get<std::int64_t>() < 0) {
        fail(ErrorCode::integrity, where + ": 'size' is not a non-negative integer");
    }
    d.size = size.get<std::int64_t>();
    if (auto p = j.find("platform"); p != j.end() && p->is_object()) {
        Platform pl;
        pl.os = p->value("os", "");
        pl.architecture = p->value("architecture", "");
        pl.variant = p->value("variant", "");
        d.platform = pl;
    }
    read_artifact_fields(j, d.annotations, d.artifact_type);
    return d;
}

json Descriptor::to_json() const {
    json j = {{"mediaType", media_type}, {"digest", digest.str()}, {"size", size}};
    if (platform) {
        json p = {{"os", platform->os}, {"architecture", platform->architecture}};
        if (!platform->variant.empty()) {
            p["variant"] = platform->variant;
        }
        j["platform"] = p;
    }
    if (!annotations.empty()) {
        j["annotations"] = annotations;
    }
    if (artifact_type) {
        j["artifactType"] = *artifact_type;
    }
    return j;
}

std::string detect_media_type(const std::string& bytes, const std::string& content_type,
                              const std::string& where) {
    json j = parse_json(bytes, where);
    if (auto mt = j.find("mediaType"); mt != j.end() && mt->is_string()) {
        return mt->get<std::string>();
    }
    std::string ct = content_type.substr(0, content_type.find(';'));
    if (media::is_index(ct) || media::is_manifest(ct)) {
        return ct;
    }
    // OCI allows mediaType to be absent; fall back to the document's shape.
    if (j.contains("manifests")) {
        return std::string(media::oci_index);
    }
    if (j.contains("config") && j.contains("layers")) {
        return std::string(media::oci_manifest);
    }
    fail(ErrorCode::integrity, where + ": not an image manifest or index");
}

ImageManifest parse_image_manifest(const std::string& bytes, const std::string& where) {
    json j = parse_json(bytes, where);
    ImageManifest m;
    m.media_type = j.value("mediaType", std::string(media::oci_manifest));
    m.config = Descriptor::from_json(require(j, "config", where), where + " config");
    const json& layers = require(j, "layers", where);
    if (!layers.is_array()) {
        fail(ErrorCode::integrity, where + ": 'layers' is not an array");
    }
    for (size_t i = 0; i < layers.size(); ++i) {
        m.layers.push_back(Descriptor::from_json(layers[i], where + " layer " + std::to_string(i)));
    }
    if (auto s = j.find("subject"); s != j.end()) {
        m.subject = Descriptor::from_json(*s, where + " subject");
    }
    read_artifact_fields(j, m.annotations, m.artifact_type);
    return m;
}

ImageIndex parse_image_index(const std::string& bytes, const std::string& where) {
    json j = parse_json(bytes, where);
    ImageIndex idx;
    idx.media_type = j.value("mediaType", std::string(media::oci_index));
    const json& ms = require(j, "manifests", where);
    if (!ms.is_array()) {
        fail(ErrorCode::integrity, where + ": 'manifests' is not an array");
    }
    for (size_t i = 0; i < ms.size(); ++i) {
        idx.manifests.push_back(
            Descriptor::from_json(ms[i], where + " manifest " + std::to_string(i)));
    }
    return idx;
}

void check_read_back(RawManifest& manifest, const Descriptor& expected, const std::string& where) {
    if (Digest::of(manifest.bytes) != expected.digest ||
        static_cast<std::int64_t>(manifest.bytes.size()) != expected.size) {
        fail(ErrorCode::integrity, "manifest " + expected.digest.str() + " read back from " +
                                       where + " does not match its digest or size");
    }
    manifest.digest = expected.digest;
    manifest.media_type = expected.media_type;
}

} // namespace airlock
