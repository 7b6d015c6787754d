#include "builder/inspect/inspect_bundle.hpp"

#include "common/bundle/head_reader.hpp"
#include "common/bundle/signature_slot.hpp"
#include "common/core/error.hpp"
#include "common/log/progress.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/statement.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace airlock::builder {

using nlohmann::json;

namespace {

json signature_claims(const std::string& slot, const Digest& bom_digest) {
    json out = json::array();
    for (const json& e : decode_signature_slot(slot).content.envelopes) {
        json item;
        try {
            dsse::Envelope env = dsse::envelope_from_json(e);
            sign::ValidityStatement st = sign::parse_statement(env.payload);
            json keys = json::array();
            for (const auto& s : env.signatures) {
                keys.push_back(s.keyid);
            }
            item = {{"keyIds", keys},
                    {"role", st.role},
                    {"issuedAt", format_rfc3339(st.issued_at)},
                    {"notBefore", format_rfc3339(st.not_before)},
                    {"notAfter", format_rfc3339(st.not_after)},
                    {"subjectMatchesBom", st.bom == bom_digest}};
        } catch (const Error& err) {
            item = {{"error", err.what()}};
        }
        out.push_back(item);
    }
    return out;
}

// "2 signatures, 1 sbom" from a list of BOM attachments.
std::string attachment_summary(const json& attachments) {
    std::map<std::string, size_t> counts;
    for (const json& a : attachments) {
        ++counts[a["kind"].get<std::string>()];
    }
    std::string out;
    for (const auto& [kind, n] : counts) {
        out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + kind + (n == 1 ? "" : "s");
    }
    return out;
}

// What a delta needs at the site: its base bundles, and the blobs it leaves
// to them (counted, and listed for machines).
json base_needs(const json& base) {
    std::uint64_t bytes = 0;
    for (const json& b : base["blobs"]) {
        bytes += b["size"].get<std::uint64_t>();
    }
    return {{"bundles", base["bundles"]},
            {"blobCount", base["blobs"].size()},
            {"bytes", bytes},
            {"blobs", base["blobs"]}};
}

} // namespace

json inspect_bundle(const std::filesystem::path& path) {
    BundleFiles files = BundleFiles::open(path);
    BundleHead head = read_bundle_head(files);
    const Bom& bom = head.bom;
    Digest bom_digest = Digest::of(head.bom_bytes);
    const json bom_json = bom.to_json();
    json images = json::array();
    for (const BomImage& i : bom.images) {
        const json& recorded = bom_json["images"][images.size()];
        json j = {{"ref", i.ref},
                  {"digest", i.digest.str()},
                  {"mediaType", i.media_type},
                  {"platforms", i.platforms}};
        if (i.upstream_digest) {
            j["upstreamDigest"] = i.upstream_digest->str();
        }
        if (!i.source.empty()) {
            j["source"] = i.source;
        }
        j["usedBy"] = i.used_by;
        j["attachments"] = recorded["attachments"];
        j["provenance"] = recorded["provenance"];
        images.push_back(j);
    }
    auto file_list = [](const std::vector<BomFile>& fs) {
        json out = json::array();
        for (const BomFile& f : fs) {
            out.push_back({{"name", f.name}, {"digest", f.digest.str()}, {"size", f.size}});
        }
        return out;
    };
    json charts = json::array();
    for (const BomChart& c : bom.charts) {
        charts.push_back({{"name", c.name},
                          {"version", c.version},
                          {"source", c.source},
                          {"repository", c.repository},
                          {"tag", c.tag},
                          {"digest", c.digest.str()},
                          {"values", file_list(c.values)}});
    }
    json allowed = json::array();
    for (const BomAllowed& a : bom.allowed) {
        allowed.push_back({{"ref", a.ref}, {"usedBy", a.used_by}});
    }
    json volumes = json::array();
    auto sizes = files.volume_sizes();
    for (size_t i = 0; i < files.volumes().size(); ++i) {
        volumes.push_back({{"path", files.volumes()[i].string()}, {"size", sizes[i]}});
    }
    return {{"bundle",
             {{"name", bom.name},
              {"version", bom.version},
              {"created", bom.created},
              {"builder", bom.builder}}},
            {"bomDigest", bom_digest.str()},
            {"volumes", volumes},
            {"size", files.size()},
            {"expectedSize", head.offsets.total_size},
            {"blobs", {{"count", bom.blobs.size()}, {"bytes", bom.payload_bytes()}}},
            {"images", images},
            {"charts", charts},
            {"manifests", file_list(bom.manifests)},
            {"files", file_list(bom.files)},
            {"sboms", file_list(bom.sboms)},
            {"sweepAllowed", allowed},
            {"signatures", signature_claims(head.slot, bom_digest)},
            {"base", bom_json.contains("base") ? base_needs(bom_json["base"]) : json(nullptr)}};
}

std::string format_inspection(const json& r) {
    std::ostringstream out;
    const json& b = r["bundle"];
    out << "Bundle:    " << b["name"].get<std::string>() << " " << b["version"].get<std::string>()
        << " (created " << b["created"].get<std::string>() << " by "
        << b["builder"].get<std::string>() << ")\n";
    out << "BOM:       " << r["bomDigest"].get<std::string>() << "\n";
    out << "Size:      " << human_bytes(r["size"].get<std::uint64_t>()) << " in "
        << r["volumes"].size() << " file(s); " << r["blobs"]["count"].get<std::uint64_t>()
        << " blobs, " << human_bytes(r["blobs"]["bytes"].get<std::uint64_t>()) << " payload\n";
    if (r["size"] != r["expectedSize"]) {
        out << "WARNING:   size differs from the " << r["expectedSize"].get<std::uint64_t>()
            << " bytes the BOM implies (truncated or missing volume?)\n";
    }
    if (const json& base = r["base"]; !base.is_null()) {
        std::string on;
        for (const json& bundle : base["bundles"]) {
            on += (on.empty() ? "" : ", ") + bundle["name"].get<std::string>() + " " +
                  bundle["version"].get<std::string>();
        }
        out << "Delta:     builds on " << (on.empty() ? std::string("a site receipt") : on)
            << "; needs " << base["blobCount"].get<std::uint64_t>() << " blobs ("
            << human_bytes(base["bytes"].get<std::uint64_t>())
            << ") already at the site, checked by airlock-load before it writes\n";
    }
    size_t width = 3;
    for (const json& i : r["images"]) {
        width = std::max(width, i["ref"].get<std::string>().size());
    }
    out << "\nImages (" << r["images"].size() << "):\n";
    out << "  " << std::string("REF") << std::string(width - 3 + 2, ' ') << "DIGEST"
        << std::string(19 - 6 + 2, ' ') << "PLATFORMS\n";
    for (const json& i : r["images"]) {
        std::string ref = i["ref"];
        std::string platforms;
        for (const json& p : i["platforms"]) {
            platforms += (platforms.empty() ? "" : ", ") + p.get<std::string>();
        }
        out << "  " << ref << std::string(width - ref.size() + 2, ' ')
            << i["digest"].get<std::string>().substr(0, 19) << "  " << platforms;
        if (i.contains("upstreamDigest")) {
            out << "  (index rewritten; upstream "
                << i["upstreamDigest"].get<std::string>().substr(0, 19) << ")";
        }
        out << "\n";
        if (std::string attached = attachment_summary(i["attachments"]); !attached.empty()) {
            out << "    attached: " << attached << "\n";
        }
        for (const json& p : i["provenance"]) {
            out << "    verified upstream: " << p["format"].get<std::string>() << " signature "
                << p["signature"].get<std::string>().substr(0, 19) << " by "
                << (p.contains("key") ? "key " + p["key"].get<std::string>().substr(0, 16)
                                      : p.value("identity", std::string()) + " (" +
                                            p.value("issuer", std::string()) + ")")
                << "\n";
        }
    }
    if (!r["charts"].empty()) {
        out << "\nCharts (" << r["charts"].size() << "; OCI artifacts as helm push makes them):\n";
        for (const json& c : r["charts"]) {
            out << "  " << c["repository"].get<std::string>() << ":" << c["tag"].get<std::string>()
                << "  " << c["digest"].get<std::string>().substr(0, 19) << "  from "
                << c["source"].get<std::string>() << "\n";
        }
    }
    for (const char* kind : {"manifests", "files"}) {
        if (r[kind].empty()) {
            continue;
        }
        out << "\n"
            << (std::string(kind) == "files" ? "Files (" : "Manifests (") << r[kind].size()
            << "):\n";
        for (const json& f : r[kind]) {
            out << "  " << f["name"].get<std::string>() << "  "
                << f["digest"].get<std::string>().substr(0, 19) << "  "
                << human_bytes(f["size"].get<std::uint64_t>()) << "\n";
        }
    }
    if (!r["sweepAllowed"].empty()) {
        out << "\nLeft out on purpose (sweep.allow):\n";
        for (const json& a : r["sweepAllowed"]) {
            out << "  " << a["ref"].get<std::string>() << "\n";
        }
    }
    out << "\nSignatures (" << r["signatures"].size()
        << "; claims only, `airlock-load verify` checks them against the trust policy):\n";
    for (const json& s : r["signatures"]) {
        if (s.contains("error")) {
            out << "  unreadable envelope: " << s["error"].get<std::string>() << "\n";
            continue;
        }
        std::string ids;
        for (const json& k : s["keyIds"]) {
            ids += (ids.empty() ? "" : ",") + k.get<std::string>().substr(0, 16);
        }
        out << "  key " << ids << "  role " << s["role"].get<std::string>() << "  valid "
            << s["notBefore"].get<std::string>() << " .. " << s["notAfter"].get<std::string>()
            << (s["subjectMatchesBom"].get<bool>() ? "" : "  SUBJECT DOES NOT MATCH THIS BOM")
            << "\n";
    }
    return out.str();
}

} // namespace airlock::builder
