#include "common/bundle/bom.hpp"

#include "common/core/error.hpp"
#include "common/json/strict_json.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

namespace airlock {

using nlohmann::json;

namespace {

// The BOM nests four levels, "requires" a few more. Copying or printing JSON
// recurses once per level, so a hostile head must not nest any deeper.
constexpr std::size_t max_depth = 32;

json blob_json(const BomBlob& b) {
    return {{"digest", b.digest.str()}, {"size", b.size}, {"mediaType", b.media_type}};
}

[[noreturn]] void bad(const std::string& what) {
    fail(ErrorCode::malformed, "bom.json: " + what);
}

// A signed document is read whole: a field this version does not know could
// carry meaning the signer intended, so it is refused rather than dropped.
void only(const json& j, std::initializer_list<std::string_view> known, const std::string& where) {
    for (const auto& [key, value] : j.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            bad("unknown field '" + key + "' in " + where);
        }
    }
}

const json& field(const json& j, const char* key, const std::string& where) {
    auto it = j.find(key);
    if (it == j.end()) {
        bad("missing '" + std::string(key) + "' in " + where);
    }
    return *it;
}

std::string str_field(const json& j, const char* key, const std::string& where) {
    const json& v = field(j, key, where);
    if (!v.is_string()) {
        bad("'" + std::string(key) + "' in " + where + " is not a string");
    }
    return v.get<std::string>();
}

Digest digest_field(const json& j, const char* key, const std::string& where) {
    std::string s = str_field(j, key, where);
    try {
        return Digest::parse(s);
    } catch (const Error&) {
        bad("'" + std::string(key) + "' in " + where + " is not a sha256 digest");
    }
}

std::int64_t size_field(const json& j, const std::string& where) {
    const json& v = field(j, "size", where);
    if (!v.is_number_unsigned() ||
        v.get<std::uint64_t>() > std::uint64_t{std::numeric_limits<std::int64_t>::max()}) {
        bad("'size' in " + where + " is not a non-negative 64-bit integer");
    }
    return v.get<std::int64_t>();
}

const json& array_field(const json& j, const char* key, const std::string& where) {
    const json& v = field(j, key, where);
    if (!v.is_array()) {
        bad("'" + std::string(key) + "' in " + where + " is not an array");
    }
    return v;
}

std::vector<std::string> strings(const json& arr, const std::string& where) {
    std::vector<std::string> out;
    for (const json& s : arr) {
        if (!s.is_string()) {
            bad(where + " holds a non-string");
        }
        out.push_back(s.get<std::string>());
    }
    return out;
}

BomBlob parse_blob(const json& j, const std::string& where) {
    if (!j.is_object()) {
        bad(where + " is not an object");
    }
    return {digest_field(j, "digest", where), size_field(j, where),
            str_field(j, "mediaType", where)};
}

json file_json(const BomFile& f) {
    return {{"name", f.name},
            {"digest", f.digest.str()},
            {"size", f.size},
            {"mediaType", f.media_type}};
}

json files_json(const std::vector<BomFile>& files) {
    json out = json::array();
    for (const BomFile& f : files) {
        out.push_back(file_json(f));
    }
    return out;
}

std::vector<BomFile> parse_files(const json& arr, const std::string& where) {
    std::vector<BomFile> out;
    for (size_t n = 0; n < arr.size(); ++n) {
        std::string at = where + "[" + std::to_string(n) + "]";
        BomBlob blob = parse_blob(arr[n], at);
        only(arr[n], {"name", "digest", "size", "mediaType"}, at);
        out.push_back({str_field(arr[n], "name", at), blob.digest, blob.size, blob.media_type});
    }
    return out;
}

json attachment_json(const BomAttachment& a) {
    json j = {{"kind", a.kind},
              {"subject", a.subject.str()},
              {"digest", a.digest.str()},
              {"size", a.size},
              {"mediaType", a.media_type}};
    if (!a.artifact_type.empty()) {
        j["artifactType"] = a.artifact_type;
    }
    if (!a.tag.empty()) {
        j["tag"] = a.tag;
    }
    return j;
}

json provenance_json(const BomProvenance& p) {
    json j = {{"subject", p.subject.str()}, {"signature", p.signature.str()}, {"format", p.format}};
    if (!p.key.empty()) {
        j["key"] = p.key;
    }
    if (!p.issuer.empty()) {
        j["issuer"] = p.issuer;
        j["identity"] = p.identity;
    }
    return j;
}

std::string optional_str(const json& j, const char* key, const std::string& where) {
    return j.contains(key) ? str_field(j, key, where) : std::string();
}

const std::vector<std::string> attachment_kinds = {"signature", "attestation", "sbom", "referrer"};

BomAttachment parse_attachment(const json& j, const std::string& where) {
    if (!j.is_object()) {
        bad(where + " is not an object");
    }
    only(j, {"kind", "subject", "digest", "size", "mediaType", "artifactType", "tag"}, where);
    BomAttachment a;
    a.kind = str_field(j, "kind", where);
    if (std::find(attachment_kinds.begin(), attachment_kinds.end(), a.kind) ==
        attachment_kinds.end()) {
        bad("'kind' in " + where + " is not one of signature, attestation, sbom, referrer");
    }
    a.subject = digest_field(j, "subject", where);
    a.digest = digest_field(j, "digest", where);
    a.size = size_field(j, where);
    a.media_type = str_field(j, "mediaType", where);
    a.artifact_type = optional_str(j, "artifactType", where);
    a.tag = optional_str(j, "tag", where);
    // The tag is written into the site registry, so it must be exactly the
    // one the cosign scheme gives the subject for this kind, and nothing else.
    const std::string suffix = a.kind == "signature"     ? ".sig"
                               : a.kind == "attestation" ? ".att"
                               : a.kind == "sbom"        ? ".sbom"
                                                         : "";
    if (a.kind == "referrer" ? !a.tag.empty() : a.tag != "sha256-" + a.subject.hex() + suffix) {
        bad("'tag' in " + where + " is not the cosign tag of its subject and kind");
    }
    return a;
}

BomProvenance parse_provenance(const json& j, const std::string& where) {
    if (!j.is_object()) {
        bad(where + " is not an object");
    }
    only(j, {"subject", "signature", "format", "key", "issuer", "identity"}, where);
    BomProvenance p;
    p.subject = digest_field(j, "subject", where);
    p.signature = digest_field(j, "signature", where);
    p.format = str_field(j, "format", where);
    p.key = optional_str(j, "key", where);
    p.issuer = optional_str(j, "issuer", where);
    p.identity = optional_str(j, "identity", where);
    return p;
}

BomChart parse_chart(const json& cj, const std::string& where) {
    if (!cj.is_object()) {
        bad(where + " is not an object");
    }
    only(cj, {"name", "version", "source", "repository", "tag", "digest", "mediaType", "values"},
         where);
    BomChart c;
    c.name = str_field(cj, "name", where);
    c.version = str_field(cj, "version", where);
    c.source = str_field(cj, "source", where);
    c.repository = str_field(cj, "repository", where);
    c.tag = str_field(cj, "tag", where);
    c.digest = digest_field(cj, "digest", where);
    c.media_type = str_field(cj, "mediaType", where);
    c.values = parse_files(array_field(cj, "values", where), where + ".values");
    return c;
}

// A blob is carried or left to the base, never both, and never twice: the
// loader must know without doubt where each byte comes from.
BomBase parse_base(const json& j, const std::vector<BomBlob>& carried) {
    if (!j.is_object()) {
        bad("'base' is not an object");
    }
    only(j, {"bundles", "blobs"}, "base");
    BomBase base;
    const json& bundles = array_field(j, "bundles", "base");
    for (size_t n = 0; n < bundles.size(); ++n) {
        std::string where = "base.bundles[" + std::to_string(n) + "]";
        if (!bundles[n].is_object()) {
            bad(where + " is not an object");
        }
        only(bundles[n], {"name", "version", "bomDigest"}, where);
        base.bundles.push_back({str_field(bundles[n], "name", where),
                                str_field(bundles[n], "version", where),
                                digest_field(bundles[n], "bomDigest", where)});
    }
    std::set<Digest> seen;
    for (const BomBlob& b : carried) {
        seen.insert(b.digest);
    }
    const json& blobs = array_field(j, "blobs", "base");
    for (size_t n = 0; n < blobs.size(); ++n) {
        std::string where = "base.blobs[" + std::to_string(n) + "]";
        BomBlob b = parse_blob(blobs[n], where);
        only(blobs[n], {"digest", "size", "mediaType"}, where);
        if (!seen.insert(b.digest).second) {
            bad(where + " names " + b.digest.str() + ", which is carried or listed twice");
        }
        base.blobs.push_back(std::move(b));
    }
    return base;
}

} // namespace

json Bom::to_json() const {
    json j;
    j["schemaVersion"] = 1;
    j["mediaType"] = bom_media_type;
    j["bundle"] = {
        {"name", name}, {"version", version}, {"created", created}, {"builder", builder}};
    j["platforms"] = platforms;
    json imgs = json::array();
    for (const BomImage& i : images) {
        json ij = {{"ref", i.ref},
                   {"digest", i.digest.str()},
                   {"mediaType", i.media_type},
                   {"platforms", i.platforms}};
        if (!i.source.empty()) {
            ij["source"] = i.source;
        }
        if (i.upstream_digest) {
            ij["upstreamDigest"] = i.upstream_digest->str();
        }
        json ms = json::array();
        for (const Digest& d : i.manifests) {
            ms.push_back(d.str());
        }
        ij["manifests"] = ms;
        ij["usedBy"] = i.used_by;
        json as = json::array();
        for (const BomAttachment& a : i.attachments) {
            as.push_back(attachment_json(a));
        }
        ij["attachments"] = as;
        json ps = json::array();
        for (const BomProvenance& p : i.provenance) {
            ps.push_back(provenance_json(p));
        }
        ij["provenance"] = ps;
        imgs.push_back(ij);
    }
    j["images"] = imgs;
    json cs = json::array();
    for (const BomChart& c : charts) {
        cs.push_back({{"name", c.name},
                      {"version", c.version},
                      {"source", c.source},
                      {"repository", c.repository},
                      {"tag", c.tag},
                      {"digest", c.digest.str()},
                      {"mediaType", c.media_type},
                      {"values", files_json(c.values)}});
    }
    j["charts"] = cs;
    j["manifests"] = files_json(manifests);
    j["files"] = files_json(files);
    if (!allowed.empty()) {
        json al = json::array();
        for (const BomAllowed& a : allowed) {
            al.push_back({{"ref", a.ref}, {"usedBy", a.used_by}});
        }
        j["sweep"] = {{"allowed", al}};
    }
    j["sboms"] = files_json(sboms);
    j["licenses"] = json::array();
    j["layout"] = {{"digest", layout.digest.str()}, {"size", layout.size}};
    json bs = json::array();
    for (const BomBlob& b : blobs) {
        bs.push_back(blob_json(b));
    }
    j["blobs"] = bs;
    json reqs = json::object();
    if (!requirements.license.empty()) {
        reqs["license"] = requirements.license;
    }
    for (const auto& [requirement, value] : requirements.unchecked) {
        reqs[requirement] = json::parse(value);
    }
    j["requires"] = reqs;
    if (base) {
        json bundles = json::array();
        for (const BomBaseBundle& b : base->bundles) {
            bundles.push_back(
                {{"name", b.name}, {"version", b.version}, {"bomDigest", b.bom_digest.str()}});
        }
        json omitted = json::array();
        for (const BomBlob& b : base->blobs) {
            omitted.push_back(blob_json(b));
        }
        j["base"] = {{"bundles", bundles}, {"blobs", omitted}};
    }
    return j;
}

std::string Bom::serialize() const {
    return to_json().dump(1) + "\n";
}

Bom Bom::parse(const std::string& bytes) {
    // Bounded in depth, and duplicate keys are refused: the BOM is signed, so
    // no two parsers may read different values from it. Its size is bounded
    // by the head reader (max_bom_bytes).
    json j = parse_strict_json(bytes, std::numeric_limits<std::size_t>::max(), max_depth,
                               ErrorCode::malformed, "bom.json");
    if (!j.is_object()) {
        bad("not a JSON object");
    }
    if (!j.contains("schemaVersion") || j["schemaVersion"] != 1) {
        bad("unsupported schemaVersion (this airlock reads version 1)");
    }
    if (str_field(j, "mediaType", "the document") != bom_media_type) {
        bad("unexpected mediaType");
    }
    only(j,
         {"schemaVersion", "mediaType", "bundle", "platforms", "images", "charts", "manifests",
          "files", "sweep", "sboms", "licenses", "layout", "blobs", "requires", "base"},
         "the document");
    Bom bom;
    const json& b = field(j, "bundle", "the document");
    if (!b.is_object()) {
        bad("'bundle' is not an object");
    }
    only(b, {"name", "version", "created", "builder"}, "bundle");
    // Reserved: this version writes none and cannot judge any.
    if (j.contains("licenses") && (!j["licenses"].is_array() || !j["licenses"].empty())) {
        bad("'licenses' is not an empty array");
    }
    bom.name = str_field(b, "name", "bundle");
    bom.version = str_field(b, "version", "bundle");
    bom.created = str_field(b, "created", "bundle");
    bom.builder = str_field(b, "builder", "bundle");
    bom.platforms = strings(array_field(j, "platforms", "the document"), "platforms");
    const json& imgs = array_field(j, "images", "the document");
    for (size_t n = 0; n < imgs.size(); ++n) {
        const json& ij = imgs[n];
        std::string where = "images[" + std::to_string(n) + "]";
        if (!ij.is_object()) {
            bad(where + " is not an object");
        }
        only(ij,
             {"ref", "source", "digest", "upstreamDigest", "mediaType", "platforms", "manifests",
              "usedBy", "attachments", "provenance"},
             where);
        BomImage i;
        i.ref = str_field(ij, "ref", where);
        if (ij.contains("source")) {
            i.source = str_field(ij, "source", where);
        }
        i.digest = digest_field(ij, "digest", where);
        if (ij.contains("upstreamDigest")) {
            i.upstream_digest = digest_field(ij, "upstreamDigest", where);
        }
        i.media_type = str_field(ij, "mediaType", where);
        i.platforms = strings(array_field(ij, "platforms", where), where + ".platforms");
        for (const std::string& d : strings(array_field(ij, "manifests", where), where)) {
            try {
                i.manifests.push_back(Digest::parse(d));
            } catch (const Error&) {
                bad(where + ".manifests holds an invalid digest");
            }
        }
        i.used_by = strings(array_field(ij, "usedBy", where), where + ".usedBy");
        if (ij.contains("attachments")) {
            const json& as = array_field(ij, "attachments", where);
            for (size_t k = 0; k < as.size(); ++k) {
                i.attachments.push_back(
                    parse_attachment(as[k], where + ".attachments[" + std::to_string(k) + "]"));
            }
        }
        if (ij.contains("provenance")) {
            const json& ps = array_field(ij, "provenance", where);
            for (size_t k = 0; k < ps.size(); ++k) {
                i.provenance.push_back(
                    parse_provenance(ps[k], where + ".provenance[" + std::to_string(k) + "]"));
            }
        }
        bom.images.push_back(std::move(i));
    }
    const json& cs = array_field(j, "charts", "the document");
    for (size_t n = 0; n < cs.size(); ++n) {
        bom.charts.push_back(parse_chart(cs[n], "charts[" + std::to_string(n) + "]"));
    }
    bom.manifests = parse_files(array_field(j, "manifests", "the document"), "manifests");
    bom.files = parse_files(array_field(j, "files", "the document"), "files");
    if (j.contains("sweep")) {
        const json& sw = j["sweep"];
        if (!sw.is_object()) {
            bad("'sweep' is not an object");
        }
        only(sw, {"allowed"}, "sweep");
        const json& al = array_field(sw, "allowed", "sweep");
        for (size_t n = 0; n < al.size(); ++n) {
            std::string where = "sweep.allowed[" + std::to_string(n) + "]";
            if (!al[n].is_object()) {
                bad(where + " is not an object");
            }
            only(al[n], {"ref", "usedBy"}, where);
            bom.allowed.push_back(
                {str_field(al[n], "ref", where),
                 strings(array_field(al[n], "usedBy", where), where + ".usedBy")});
        }
    }
    if (j.contains("sboms")) {
        bom.sboms = parse_files(array_field(j, "sboms", "the document"), "sboms");
    }
    const json& lay = field(j, "layout", "the document");
    if (!lay.is_object()) {
        bad("'layout' is not an object");
    }
    only(lay, {"digest", "size"}, "layout");
    bom.layout = {digest_field(lay, "digest", "layout"), size_field(lay, "layout"),
                  "application/json"};
    const json& bs = array_field(j, "blobs", "the document");
    std::set<Digest> carried;
    for (size_t n = 0; n < bs.size(); ++n) {
        const std::string where = "blobs[" + std::to_string(n) + "]";
        bom.blobs.push_back(parse_blob(bs[n], where));
        only(bs[n], {"digest", "size", "mediaType"}, where);
        if (!carried.insert(bom.blobs.back().digest).second) {
            bad(where + " lists " + bom.blobs.back().digest.str() + " a second time");
        }
    }
    if (j.contains("requires")) {
        const json& reqs = j["requires"];
        if (!reqs.is_object()) {
            bad("'requires' is not an object");
        }
        for (const auto& [name, value] : reqs.items()) {
            if (name != "license") {
                bom.requirements.unchecked[name] = value.dump();
            } else if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
                bad("'requires.license' is not a product name");
            } else {
                bom.requirements.license = value.get<std::string>();
            }
        }
    }
    if (j.contains("base")) {
        bom.base = parse_base(j["base"], bom.blobs);
    }
    return bom;
}

const BomBlob* Bom::find_needed(const Digest& digest) const {
    for (const BomBlob& b : blobs) {
        if (b.digest == digest) {
            return &b;
        }
    }
    if (base) {
        for (const BomBlob& b : base->blobs) {
            if (b.digest == digest) {
                return &b;
            }
        }
    }
    return nullptr;
}

std::uint64_t Bom::payload_bytes() const {
    std::uint64_t total = 0;
    for (const BomBlob& b : blobs) {
        total += static_cast<std::uint64_t>(b.size);
    }
    return total;
}

} // namespace airlock
