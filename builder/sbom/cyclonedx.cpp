#include "builder/sbom/cyclonedx.hpp"

#include "builder/sbom/detail/sorted_model.hpp"

#include <nlohmann/json.hpp>

namespace airlock::sbom {

namespace {

using Json = nlohmann::ordered_json;

Json cdx_hashes(const Digest& d) {
    if (d.empty()) {
        return Json::array();
    }
    return Json::array({{{"alg", "SHA-256"}, {"content", d.hex()}}});
}

Json cdx_property(const std::string& name, const std::string& value) {
    return {{"name", name}, {"value", value}};
}

Json cdx_package(const OsPackage& p, const OsRelease& os, const std::string& ref) {
    Json c = {{"type", "library"},
              {"bom-ref", ref},
              {"name", p.name},
              {"version", p.version},
              {"purl", package_purl(p, os)}};
    if (!p.license.empty()) {
        c["licenses"] = Json::array({{{"license", {{"name", p.license}}}}});
    }
    Json props =
        Json::array({cdx_property("airlock:package:type", std::string(to_string(p.format)))});
    if (!p.arch.empty()) {
        props.push_back(cdx_property("airlock:package:arch", p.arch));
    }
    if (!p.source.empty()) {
        props.push_back(cdx_property("airlock:package:source", p.source));
    }
    c["properties"] = std::move(props);
    return c;
}

// The packages (and the distribution) of one platform manifest, nested
// under `owner`; their bom-refs are added to `depends`.
void cdx_add_packages(Json& owner, const std::string& owner_ref, const ImagePackages& packages,
                      Json& depends) {
    Json children = Json::array();
    if (!packages.os.empty()) {
        Json os = {
            {"type", "operating-system"}, {"bom-ref", owner_ref + "|os"}, {"name", packages.os.id}};
        if (!packages.os.version_id.empty()) {
            os["version"] = packages.os.version_id;
        }
        if (!packages.os.pretty_name.empty()) {
            os["description"] = packages.os.pretty_name;
        }
        children.push_back(std::move(os));
    }
    for (const OsPackage& p : packages.packages) {
        std::string ref = owner_ref + "|" + package_purl(p, packages.os);
        children.push_back(cdx_package(p, packages.os, ref));
        depends.push_back(ref);
    }
    if (!packages.notes.empty()) {
        for (const std::string& note : packages.notes) {
            owner["properties"].push_back(cdx_property("airlock:scan:note", note));
        }
    }
    if (!children.empty()) {
        owner["components"] = std::move(children);
    }
}

Json cdx_image(const detail::SortedImage& s, Json& dependencies, Json& bundle_depends) {
    const SbomImage& image = *s.image;
    std::string ref = "image:" + image.ref + "#" + image.digest.str();
    bundle_depends.push_back(ref);
    Json c = {
        {"type", "container"},
        {"bom-ref", ref},
        {"name", image.repository.empty() ? image.ref : image.repository},
        {"version", image.tag.empty() ? image.digest.str() : image.tag},
        {"hashes", cdx_hashes(image.digest)},
        {"purl", oci_purl(image.repository, image.digest, image.tag)},
        {"properties", Json::array({cdx_property("airlock:image:reference", image.ref),
                                    cdx_property("airlock:image:mediaType", image.media_type)})}};
    Json depends = Json::array();
    if (s.single_manifest) {
        c["properties"].push_back(cdx_property("airlock:image:platform", s.platforms[0]->platform));
        cdx_add_packages(c, ref, s.platforms[0]->packages, depends);
    } else {
        Json children = Json::array();
        for (const SbomPlatformImage* p : s.platforms) {
            std::string pref = ref + "|" + p->platform + "#" + p->digest.str();
            Json pc = {
                {"type", "container"},
                {"bom-ref", pref},
                {"name", image.repository.empty() ? image.ref : image.repository},
                {"version", p->digest.str()},
                {"hashes", cdx_hashes(p->digest)},
                {"purl", oci_purl(image.repository, p->digest, image.tag,
                                  detail::platform_arch(p->platform))},
                {"properties", Json::array({cdx_property("airlock:image:platform", p->platform)})}};
            Json pdepends = Json::array();
            cdx_add_packages(pc, pref, p->packages, pdepends);
            dependencies.push_back({{"ref", pref}, {"dependsOn", std::move(pdepends)}});
            depends.push_back(pref);
            children.push_back(std::move(pc));
        }
        if (!children.empty()) {
            c["components"] = std::move(children);
        }
    }
    if (!s.sboms.empty()) {
        Json refs = Json::array();
        for (const SbomAttachment* a : s.sboms) {
            std::string comment = "upstream SBOM (" + a->kind +
                                  (a->artifact_type.empty() ? "" : ", " + a->artifact_type) +
                                  (a->tag.empty() ? "" : ", tag " + a->tag) + ") about " +
                                  a->subject.str();
            refs.push_back({{"url", (image.repository.empty() ? image.ref : image.repository) +
                                        "@" + a->digest.str()},
                            {"comment", comment},
                            {"type", "bom"},
                            {"hashes", cdx_hashes(a->digest)}});
        }
        c["externalReferences"] = std::move(refs);
    }
    dependencies.push_back({{"ref", ref}, {"dependsOn", std::move(depends)}});
    return c;
}

Json cdx_artifact(const SbomArtifact& a, const std::string& kind, Json& bundle_depends) {
    std::string ref =
        kind + ":" + a.name + (a.version.empty() ? "" : "@" + a.version) + "#" + a.digest.str();
    bundle_depends.push_back(ref);
    Json c = {
        {"type", kind == "chart" ? "application" : "file"}, {"bom-ref", ref}, {"name", a.name}};
    if (!a.version.empty()) {
        c["version"] = a.version;
    }
    c["hashes"] = cdx_hashes(a.digest);
    Json props = Json::array({cdx_property("airlock:artifact:kind", kind),
                              cdx_property("airlock:artifact:size", std::to_string(a.size))});
    if (!a.media_type.empty()) {
        props.push_back(cdx_property("airlock:artifact:mediaType", a.media_type));
    }
    c["properties"] = std::move(props);
    return c;
}

} // namespace

std::string cyclonedx_json(const SbomDocument& doc) {
    Json bom = {
        {"bomFormat", "CycloneDX"}, {"specVersion", "1.6"}, {"serialNumber", ""}, {"version", 1}};
    Json metadata = Json::object();
    if (!doc.created.empty()) {
        metadata["timestamp"] = doc.created;
    }
    if (!doc.builder.empty()) {
        std::string tool = doc.builder;
        std::string tool_version;
        if (std::size_t space = tool.rfind(' '); space != std::string::npos) {
            tool_version = tool.substr(space + 1);
            tool = tool.substr(0, space);
        }
        Json t = {{"type", "application"}, {"name", tool}};
        if (!tool_version.empty()) {
            t["version"] = tool_version;
        }
        metadata["tools"] = {{"components", Json::array({t})}};
    }
    metadata["component"] = {{"type", "application"},
                             {"bom-ref", "bundle"},
                             {"name", doc.name},
                             {"version", doc.version},
                             {"description", "airlock bundle"}};
    bom["metadata"] = std::move(metadata);

    Json components = Json::array();
    Json dependencies = Json::array();
    Json bundle_depends = Json::array();
    for (const detail::SortedImage& s : detail::sorted_images(doc)) {
        components.push_back(cdx_image(s, dependencies, bundle_depends));
    }
    for (const SbomArtifact* a : detail::sorted_artifacts(doc.charts)) {
        components.push_back(cdx_artifact(*a, "chart", bundle_depends));
    }
    for (const SbomArtifact* a : detail::sorted_artifacts(doc.manifests)) {
        components.push_back(cdx_artifact(*a, "manifest", bundle_depends));
    }
    for (const SbomArtifact* a : detail::sorted_artifacts(doc.files)) {
        components.push_back(cdx_artifact(*a, "file", bundle_depends));
    }
    dependencies.insert(dependencies.begin(),
                        Json{{"ref", "bundle"}, {"dependsOn", std::move(bundle_depends)}});
    bom["components"] = std::move(components);
    bom["dependencies"] = std::move(dependencies);

    // The serial number names this content: the hash of everything else.
    bom["serialNumber"] = "urn:uuid:" + uuid_from_seed(bom.dump());
    return bom.dump(2) + "\n";
}

} // namespace airlock::sbom
