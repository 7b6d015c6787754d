// schemas/bom.schema.json and common/bundle/bom.cpp describe one document.
// A BOM with every field set, as Bom::serialize writes it, must validate; each
// edit below must get the same verdict from Bom::parse and from the schema
// (checked with our validator, common/jsonschema), and where the two differ
// on purpose the difference is listed here, so a change to one side shows.
#include "common/bundle/bom.hpp"
#include "common/core/error.hpp"
#include "common/jsonschema/schema.hpp"
#include "tests/unit/support/hex.hpp"
#include "tests/unit/support/mini_schema.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace airlock::test::bom_schema {

using nlohmann::json;

const std::string oci_index = "application/vnd.oci.image.index.v1+json";
const std::string oci_manifest = "application/vnd.oci.image.manifest.v1+json";
const std::string oci_layer = "application/vnd.oci.image.layer.v1.tar+gzip";

BomAttachment attachment(const std::string& kind, const Digest& subject, const std::string& tag) {
    return {kind, subject, Digest::of(kind), 400, oci_manifest, "", tag};
}

BomImage full_image() {
    BomImage img;
    img.ref = "docker.io/library/nginx:1.27";
    img.source = "mirror.local:5000/library/nginx:1.27";
    img.digest = Digest::of("index");
    img.upstream_digest = Digest::of("upstream index");
    img.media_type = oci_index;
    img.platforms = {"linux/amd64", "linux/arm64/v8"};
    img.manifests = {Digest::of("amd64"), Digest::of("arm64")};
    img.used_by = {"charts/app", "manifests/app.yaml"};
    const std::string tag = "sha256-" + img.digest.hex();
    img.attachments = {attachment("signature", img.digest, tag + ".sig"),
                       attachment("attestation", img.digest, tag + ".att"),
                       attachment("sbom", img.digest, tag + ".sbom"),
                       attachment("referrer", img.digest, "")};
    img.attachments.back().artifact_type = "application/vnd.dev.sigstore.bundle.v0.3+json";
    img.provenance = {{img.digest, Digest::of("signature"), "cosign", hex64, "", ""},
                      {img.digest, Digest::of("referrer"), "sigstore-bundle", "",
                       "https://token.actions.githubusercontent.com", "dev@example.com"}};
    return img;
}

// Every field set, base included: what a delta bundle's builder writes.
Bom full_bom() {
    Bom bom;
    bom.name = "edge-stack";
    bom.version = "1.4.0-rc.1+build.5";
    bom.created = "2026-11-23T08:00:00Z";
    bom.builder = "airlock-build 0.9.0";
    bom.platforms = {"linux/amd64", "linux/arm64/v8"};
    bom.images.push_back(full_image());
    BomImage plain;
    plain.ref = "quay.io/prometheus/node-exporter:v1.8.0";
    plain.digest = Digest::of("node-exporter");
    plain.media_type = oci_manifest;
    plain.platforms = {"linux/amd64"};
    bom.images.push_back(plain);
    bom.charts.push_back({"app",
                          "1.2.0+g1",
                          "charts/app",
                          "charts/app",
                          "1.2.0_g1",
                          Digest::of("chart"),
                          oci_manifest,
                          {{"values.yaml", Digest::of("values"), 7, "application/yaml"}}});
    bom.manifests.push_back({"manifests/app.yaml", Digest::of("manifest"), 20, "application/yaml"});
    bom.files.push_back({"docs/runbook.md", Digest::of("runbook"), 30, "text/markdown"});
    bom.allowed.push_back({"registry.k8s.io/pause:3.9", {"charts/app"}});
    bom.sboms = {{"sbom/cyclonedx.json", Digest::of("cdx"), 40, "application/vnd.cyclonedx+json"},
                 {"sbom/spdx.json", Digest::of("spdx"), 50, "application/spdx+json"}};
    bom.layout = {Digest::of("{}"), 2, "application/json"};
    bom.blobs = {{Digest::of("layer"), 1000, oci_layer}, {Digest::of("config"), 100, "x"}};
    bom.requirements.license = "edge-stack";
    bom.requirements.unchecked["entitlement"] = R"({"tier":"gold"})";
    bom.base = BomBase{{{"edge-stack", "1.3.0", Digest::of("old bom")}},
                       {{Digest::of("base layer"), 5000, oci_layer}}};
    return bom;
}

const jsonschema::Schema& schema() {
    // Compiling checks the schema against the 2020-12 metaschema too.
    static const jsonschema::Schema s =
        jsonschema::Schema::compile(load_schema_file("bom.schema.json"));
    return s;
}

bool parser_accepts(const std::string& bytes, std::string& message) {
    try {
        (void)Bom::parse(bytes);
        return true;
    } catch (const Error& e) {
        message = e.what();
        return false;
    }
}

// An edit of the full BOM's JSON: set the value at a JSON pointer ("-"
// appends to an array), or remove what is there when there is no value.
struct Edit {
    std::string what;
    std::string pointer;
    std::optional<std::string> value; // JSON text
};

json edited(const Edit& e) {
    json j = json::parse(full_bom().serialize());
    const json::json_pointer at(e.pointer);
    if (e.value) {
        j[at] = json::parse(*e.value);
    } else {
        j[at.parent_pointer()].erase(at.back());
    }
    return j;
}

std::string quoted(const std::string& s) {
    return json(s).dump();
}

struct Verdicts {
    bool schema;
    bool parser;
    std::string why;
};

Verdicts verdicts(const json& bom) {
    Verdicts v;
    const jsonschema::ValidationResult result = schema().validate(bom);
    v.schema = result.valid();
    v.parser = parser_accepts(bom.dump(1) + "\n", v.why);
    v.why = "schema: " + result.one_line() + "\nparser: " + v.why;
    return v;
}

std::vector<std::pair<Edit, bool>> agreed_cases() {
    const std::string d = "sha256:" + hex64;
    const std::string img = "/images/0";
    const std::string att = img + "/attachments";
    return {
        {{"the BOM as written", "/bundle/name", quoted("edge-stack")}, true},
        {{"schemaVersion 2", "/schemaVersion", "2"}, false},
        {{"schemaVersion as a string", "/schemaVersion", quoted("1")}, false},
        {{"no schemaVersion", "/schemaVersion", {}}, false},
        {{"another media type", "/mediaType", quoted("application/json")}, false},
        {{"no bundle name", "/bundle/name", {}}, false},
        {{"numeric created", "/bundle/created", "20261123"}, false},
        {{"no builder", "/bundle/builder", {}}, false},
        {{"numeric platform", "/platforms/-", "1"}, false},
        {{"uppercase hex digest", "/blobs/0/digest", quoted("sha256:" + std::string(64, 'A'))},
         false},
        {{"sha512 digest", "/blobs/0/digest", quoted("sha512:" + hex64 + hex64)}, false},
        {{"short digest", "/blobs/0/digest", quoted("sha256:abc")}, false},
        {{"digest with a newline", "/blobs/0/digest", quoted(d + "\n")}, false},
        {{"negative size", "/blobs/0/size", "-1"}, false},
        {{"size 2^63", "/blobs/0/size", "9223372036854775808"}, false},
        {{"size 2^63-1", "/blobs/0/size", "9223372036854775807"}, true},
        {{"size as a string", "/blobs/0/size", quoted("1")}, false},
        {{"blob without a media type", "/blobs/0/mediaType", {}}, false},
        {{"blobs as an object", "/blobs", "{}"}, false},
        {{"no layout", "/layout", {}}, false},
        {{"negative layout size", "/layout/size", "-2"}, false},
        {{"no images", "/images", {}}, false},
        {{"image as a string", img, quoted("nginx")}, false},
        {{"image without usedBy", img + "/usedBy", {}}, false},
        {{"image without a mirror source", img + "/source", {}}, true},
        {{"image without an upstream digest", img + "/upstreamDigest", {}}, true},
        {{"bad upstream digest", img + "/upstreamDigest", quoted("sha256:12")}, false},
        {{"bad child manifest", img + "/manifests/1", quoted(hex64)}, false},
        {{"numeric image platform", img + "/platforms/0", "7"}, false},
        {{"no attachments", att, {}}, true},
        {{"no provenance", img + "/provenance", {}}, true},
        {{"unknown attachment kind", att + "/0/kind", quoted("signatures")}, false},
        {{"signature without its tag", att + "/0/tag", {}}, false},
        {{"signature with the attestation tag", att + "/0/tag",
          quoted("sha256-" + Digest::of("index").hex() + ".att")},
         false},
        {{"attestation kind on a .sig tag", att + "/0/kind", quoted("attestation")}, false},
        {{"referrer with a tag", att + "/3/tag", quoted("latest")}, false},
        {{"attachment with a bad subject", att + "/2/subject", quoted("sha256:")}, false},
        {{"attachment without a size", att + "/1/size", {}}, false},
        {{"numeric artifact type", att + "/3/artifactType", "1"}, false},
        {{"provenance without a format", img + "/provenance/0/format", {}}, false},
        {{"provenance with a bad signature", img + "/provenance/1/signature", quoted("x")}, false},
        {{"chart without values", "/charts/0/values", {}}, false},
        {{"values file with a negative size", "/charts/0/values/0/size", "-7"}, false},
        {{"chart with a numeric version", "/charts/0/version", "1.2"}, false},
        {{"manifest without a name", "/manifests/0/name", {}}, false},
        {{"files as null", "/files", "null"}, false},
        {{"no sweep", "/sweep", {}}, true},
        {{"sweep without allowed", "/sweep/allowed", {}}, false},
        {{"allowed usedBy as a string", "/sweep/allowed/0/usedBy", quoted("charts/app")}, false},
        {{"no sboms", "/sboms", {}}, true},
        {{"SBOM with a bad digest", "/sboms/1/digest", quoted(hex64)}, false},
        {{"no requires", "/requires", {}}, true},
        {{"requires as a list", "/requires", "[]"}, false},
        {{"empty license", "/requires/license", quoted("")}, false},
        {{"numeric license", "/requires/license", "42"}, false},
        {{"requires with only an unchecked requirement", "/requires/license", {}}, true},
        {{"no base", "/base", {}}, true},
        {{"base as a string", "/base", quoted("old.airlock")}, false},
        {{"empty base", "/base", R"({"bundles": [], "blobs": []})"}, true},
        {{"base without bundles", "/base/bundles", {}}, false},
        {{"base without blobs", "/base/blobs", {}}, false},
        {{"base bundle without a version", "/base/bundles/0/version", {}}, false},
        {{"base bundle with a bad BOM digest", "/base/bundles/0/bomDigest", quoted("sha256:x")},
         false},
        {{"base blob with a malformed digest", "/base/blobs/0/digest",
          quoted("sha256:" + hex64.substr(1))},
         false},
        {{"base blob with a negative size", "/base/blobs/0/size", "-5000"}, false},
        {{"base blob listed twice", "/base/blobs/-",
          json{{"digest", Digest::of("base layer").str()}, {"size", 5000}, {"mediaType", oci_layer}}
              .dump()},
         false},
        {{"base blob as a digest", "/base/blobs/0", quoted(d)}, false},
        {{"an unknown top-level key", "/signatures", "[]"}, false},
        {{"an unknown key in a blob", "/blobs/0/annotations", "{}"}, false},
        {{"an unknown key in an image", img + "/labels", "{}"}, false},
        {{"an unknown key in base", "/base/sites", "[]"}, false},
        {{"the same blob twice", "/blobs/-",
          json::parse(full_bom().serialize())["blobs"][0].dump()},
         false},
        {{"a license entry", "/licenses/-", "{}"}, false},
    };
}

// The schema refuses what the builder never writes and the parser ignores.
std::vector<Edit> schema_only_refusals() {
    const std::string img = "/images/0";
    return {
        {"an uppercase bundle name", "/bundle/name", quoted("Edge")},
        {"a version that is not SemVer", "/bundle/version", quoted("1.4")},
        {"a created time that is not RFC 3339", "/bundle/created", quoted("yesterday")},
        {"a base bundle version that is not SemVer", "/base/bundles/0/version", quoted("v1")},
        {"an empty mirror source", img + "/source", quoted("")},
        {"a referrer with an empty tag", img + "/attachments/3/tag", quoted("")},
        {"an empty artifact type", img + "/attachments/0/artifactType", quoted("")},
        {"an unknown signature format", img + "/provenance/0/format", quoted("pgp")},
        {"a key id that is not hex", img + "/provenance/0/key", quoted("ab12")},
        {"a key and a keyless identity", img + "/provenance/1/key", quoted(hex64)},
        {"neither key nor identity", img + "/provenance/0/key", {}},
        {"an identity without an issuer", img + "/provenance/1/issuer", {}},
    };
}

// What JSON Schema cannot say: the parser refuses it, the schema cannot.
std::vector<Edit> parser_only_refusals() {
    const std::string other = "sha256-" + Digest::of("other").hex() + ".sig";
    return {
        {"a size written as a float", "/blobs/0/size", "1000.0"},
        {"a cosign tag naming another subject", "/images/0/attachments/0/tag", quoted(other)},
        {"a base blob that is also carried", "/base/blobs/0/digest",
         quoted(Digest::of("layer").str())},
    };
}

} // namespace airlock::test::bom_schema

using namespace airlock::test::bom_schema;

TEST_CASE("a BOM with every field set validates against schemas/bom.schema.json",
          "[bom_schema][bundle]") {
    const std::string bytes = full_bom().serialize();
    const json bom = json::parse(bytes);
    const auto result = schema().validate(bom);
    INFO(result.text());
    CHECK(result.valid());
    // Every optional part is present, so the schema saw each of them.
    CHECK(bom.contains("base"));
    CHECK(bom.contains("sweep"));
    CHECK(bom["images"][0].contains("upstreamDigest"));
    CHECK(bom["requires"].size() == 2);
    CHECK(airlock::Bom::parse(bytes).serialize() == bytes);
    // The builder pads the entry with spaces before the final newline.
    std::string padded = bytes;
    padded.insert(padded.size() - 1, 300, ' ');
    CHECK(schema().validate(json::parse(padded)).valid());
    CHECK(airlock::Bom::parse(padded).serialize() == bytes);

    // The smallest BOM the builder writes: no images, no base.
    airlock::Bom empty;
    empty.name = "e";
    empty.version = "0.0.1";
    empty.created = "1970-01-01T00:00:00Z";
    empty.builder = "airlock-build 0";
    empty.layout = {airlock::Digest::of("{}"), 2, "application/json"};
    CHECK(schema().validate(json::parse(empty.serialize())).valid());
}

TEST_CASE("the BOM schema and Bom::parse give the same verdict", "[bom_schema][bundle]") {
    int refused = 0;
    for (const auto& [edit, valid] : agreed_cases()) {
        const Verdicts v = verdicts(edited(edit));
        INFO(edit.what << " (" << edit.pointer << ")\n" << v.why);
        CHECK(v.schema == valid);
        CHECK(v.parser == valid);
        refused += valid ? 0 : 1;
    }
    CHECK(refused >= 12);
}

TEST_CASE("where the BOM schema and Bom::parse differ, and why", "[bom_schema][bundle]") {
    for (const Edit& edit : schema_only_refusals()) {
        const Verdicts v = verdicts(edited(edit));
        INFO("schema only: " << edit.what << " (" << edit.pointer << ")\n" << v.why);
        CHECK_FALSE(v.schema);
        CHECK(v.parser);
    }
    for (const Edit& edit : parser_only_refusals()) {
        const Verdicts v = verdicts(edited(edit));
        INFO("parser only: " << edit.what << " (" << edit.pointer << ")\n" << v.why);
        CHECK(v.schema);
        CHECK_FALSE(v.parser);
    }
}

TEST_CASE("the BOM schema is closed except for requirements", "[bom_schema][bundle]") {
    const json root = airlock::test::load_schema_file("bom.schema.json");
    CHECK(root.at("$schema") == "https://json-schema.org/draft/2020-12/schema");
    CHECK(root.at("$id") == "https://airlock.dev/schemas/bom.schema.json");
    // Every object type lists its keys and refuses others; only "requires"
    // is open, since a requirement this version does not know is still a
    // well-formed BOM (the loader refuses the bundle, failing closed).
    std::vector<const json*> pending = {&root};
    int closed = 0;
    while (!pending.empty()) {
        const json* s = pending.back();
        pending.pop_back();
        if (s->is_object() && s->value("type", "") == "object" && s != &root["$defs"]["requires"]) {
            INFO(s->dump().substr(0, 200));
            CHECK(s->value("additionalProperties", true) == false);
            ++closed;
        }
        if (s->is_structured()) {
            for (const json& value : *s) {
                pending.push_back(&value);
            }
        }
    }
    CHECK(closed == 13);
    CHECK_FALSE(root["$defs"]["requires"].contains("additionalProperties"));
}
