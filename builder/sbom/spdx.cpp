#include "builder/sbom/spdx.hpp"

#include "builder/sbom/detail/sorted_model.hpp"
#include "builder/sbom/purl.hpp"

#include <nlohmann/json.hpp>

#include <map>

namespace airlock::sbom {

namespace {

using Json = nlohmann::ordered_json;

class SpdxWriter {
  public:
    Json packages = Json::array();
    Json relationships = Json::array();

    Json& add(const std::string& id, const std::string& name, const std::string& version,
              const std::string& purpose) {
        Json p = {{"SPDXID", id},
                  {"name", name},
                  {"downloadLocation", "NOASSERTION"},
                  {"filesAnalyzed", false},
                  {"primaryPackagePurpose", purpose},
                  {"licenseConcluded", "NOASSERTION"},
                  {"licenseDeclared", "NOASSERTION"},
                  {"copyrightText", "NOASSERTION"}};
        if (!version.empty()) {
            p["versionInfo"] = version;
        }
        packages.push_back(std::move(p));
        return packages.back();
    }

    void relate(const std::string& from, const std::string& type, const std::string& to) {
        relationships.push_back(
            {{"spdxElementId", from}, {"relationshipType", type}, {"relatedSpdxElement", to}});
    }
};

void spdx_checksum(Json& p, const Digest& d) {
    if (!d.empty()) {
        p["checksums"] = Json::array({{{"algorithm", "SHA256"}, {"checksumValue", d.hex()}}});
    }
}

void spdx_purl_ref(Json& p, const std::string& purl) {
    p["externalRefs"] = Json::array({{{"referenceCategory", "PACKAGE-MANAGER"},
                                      {"referenceType", "purl"},
                                      {"referenceLocator", purl}}});
}

void spdx_add_packages(SpdxWriter& w, const std::string& owner, const ImagePackages& packages) {
    if (!packages.os.empty()) {
        std::string id = owner + "-OS";
        Json& os = w.add(id, packages.os.id, packages.os.version_id, "OPERATING_SYSTEM");
        if (!packages.os.pretty_name.empty()) {
            os["description"] = packages.os.pretty_name;
        }
        w.relate(owner, "CONTAINS", id);
    }
    std::size_t n = 0;
    for (const OsPackage& p : packages.packages) {
        std::string id = owner + "-Package-" + std::to_string(++n);
        Json& sp = w.add(id, p.name, p.version, "LIBRARY");
        spdx_purl_ref(sp, package_purl(p, packages.os));
        if (!p.license.empty()) {
            sp["licenseComments"] = "license as the package database states it: " + p.license;
        }
        if (!p.source.empty()) {
            sp["sourceInfo"] = "built from source package " + p.source +
                               (p.source_version.empty() ? "" : " " + p.source_version);
        }
        w.relate(owner, "DEPENDS_ON", id);
    }
    if (!packages.notes.empty()) {
        std::string comment = "package scan notes:";
        for (const std::string& note : packages.notes) {
            comment += "\n" + note;
        }
        for (Json& p : w.packages) {
            if (p["SPDXID"] == owner) {
                p["comment"] = comment;
            }
        }
    }
}

void spdx_add_artifacts(SpdxWriter& w, const std::vector<SbomArtifact>& artifacts,
                        const std::string& kind, const std::string& purpose) {
    std::size_t n = 0;
    for (const SbomArtifact* a : detail::sorted_artifacts(artifacts)) {
        std::string id = "SPDXRef-" + kind + "-" + std::to_string(++n);
        Json& p = w.add(id, a->name, a->version, purpose);
        spdx_checksum(p, a->digest);
        if (!a->media_type.empty()) {
            p["comment"] =
                "media type " + a->media_type + ", " + std::to_string(a->size) + " bytes";
        }
        w.relate("SPDXRef-Bundle", "CONTAINS", id);
    }
}

} // namespace

std::string spdx_json(const SbomDocument& doc) {
    SpdxWriter w;
    w.add("SPDXRef-Bundle", doc.name, doc.version, "ARCHIVE")["comment"] = "airlock bundle";
    w.relate("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Bundle");

    std::size_t n = 0;
    for (const detail::SortedImage& s : detail::sorted_images(doc)) {
        const SbomImage& image = *s.image;
        std::string id = "SPDXRef-Image-" + std::to_string(++n);
        std::string name = image.repository.empty() ? image.ref : image.repository;
        Json& p = w.add(id, name, image.tag.empty() ? image.digest.str() : image.tag, "CONTAINER");
        spdx_checksum(p, image.digest);
        spdx_purl_ref(p, oci_purl(image.repository, image.digest, image.tag));
        p["comment"] = "image " + image.ref + " (" + image.media_type + ")";
        w.relate("SPDXRef-Bundle", "CONTAINS", id);
        // SPDXIDs of this image's manifests by digest, for the attachments.
        std::map<Digest, std::string> by_digest{{image.digest, id}};
        if (s.single_manifest) {
            spdx_add_packages(w, id, s.platforms[0]->packages);
        } else {
            std::size_t m = 0;
            for (const SbomPlatformImage* platform : s.platforms) {
                std::string pid = id + "-Platform-" + std::to_string(++m);
                Json& pp = w.add(pid, name, platform->digest.str(), "CONTAINER");
                spdx_checksum(pp, platform->digest);
                spdx_purl_ref(pp, oci_purl(image.repository, platform->digest, image.tag,
                                           detail::platform_arch(platform->platform)));
                pp["comment"] = "platform " + platform->platform;
                w.relate(id, "CONTAINS", pid);
                by_digest.emplace(platform->digest, pid);
                spdx_add_packages(w, pid, platform->packages);
            }
        }
        std::size_t k = 0;
        for (const SbomAttachment* a : s.sboms) {
            std::string aid = id + "-Sbom-" + std::to_string(++k);
            Json& ap = w.add(aid, name + " SBOM", a->digest.str(), "OTHER");
            spdx_checksum(ap, a->digest);
            ap["comment"] = "upstream SBOM attached as " + a->kind +
                            (a->artifact_type.empty() ? "" : " (" + a->artifact_type + ")") +
                            (a->tag.empty() ? "" : ", tag " + a->tag) + "; manifest " +
                            a->media_type;
            auto subject = by_digest.find(a->subject);
            w.relate(subject == by_digest.end() ? id : subject->second, "DESCRIBED_BY", aid);
        }
    }
    spdx_add_artifacts(w, doc.charts, "Chart", "APPLICATION");
    spdx_add_artifacts(w, doc.manifests, "Manifest", "FILE");
    spdx_add_artifacts(w, doc.files, "File", "FILE");

    std::string creator = doc.builder.empty() ? "airlock-build" : doc.builder;
    for (char& c : creator) {
        if (c == ' ') {
            c = '-';
        }
    }
    Json out = {{"spdxVersion", "SPDX-2.3"},
                {"dataLicense", "CC0-1.0"},
                {"SPDXID", "SPDXRef-DOCUMENT"},
                {"name", doc.name + "-" + doc.version},
                {"documentNamespace", ""},
                {"creationInfo",
                 {{"created", doc.created.empty() ? "1970-01-01T00:00:00Z" : doc.created},
                  {"creators", Json::array({"Tool: " + creator})}}},
                {"packages", std::move(w.packages)},
                {"relationships", std::move(w.relationships)}};
    out["documentNamespace"] = "https://airlock.dev/spdx/" +
                               purl_encode(doc.name + "-" + doc.version) + "-" +
                               uuid_from_seed(out.dump());
    return out.dump(2) + "\n";
}

} // namespace airlock::sbom
