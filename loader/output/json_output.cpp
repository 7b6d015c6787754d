#include "loader/output/json_output.hpp"

#include "common/core/error.hpp"
#include "loader/load/load_bundle.hpp"
#include "loader/mirror/configure_mirror.hpp"
#include "loader/promote/promote.hpp"
#include "loader/receipt/site_receipt_export.hpp"
#include "loader/resolve/resolver.hpp"
#include "loader/status/status_report.hpp"
#include "loader/trust/policy_change.hpp"
#include "loader/verify/verify_report.hpp"

#include <nlohmann/json.hpp>

namespace airlock::loader {

using nlohmann::json;

namespace {

json keys_json(const std::vector<std::pair<std::string, std::string>>& keys) {
    json out = json::array();
    for (const auto& [id, role] : keys) {
        out.push_back({{"id", id}, {"role", role}});
    }
    return out;
}

} // namespace

json to_json(const ConfigureMirrorSummary& s) {
    json files_json = json::array();
    for (const auto& f : s.files) {
        files_json.push_back(f.string());
    }
    json mirrors = json::object();
    for (size_t i = 0; i < s.upstreams.size(); ++i) {
        mirrors[s.upstreams[i]] = s.locations[i];
    }
    return {
        {"format", std::string(to_string(s.format))},
        {"registry", s.mirror.origin() + (s.mirror.prefix.empty() ? "" : "/" + s.mirror.prefix)},
        {"keepHost", s.keep_host},
        {"blockUpstream", s.block_upstream},
        {"source", s.source},
        {"upstreams", s.upstreams},
        {"mirrors", mirrors},
        {"files", files_json},
        {"notes", s.notes}};
}

json to_json(const LoadSummary& s) {
    return {{"bundle", s.bundle},
            {"name", s.name},
            {"version", s.version},
            {"bomDigest", s.bom_digest},
            {"target", s.target},
            {"blobs",
             {{"written", s.blobs_written},
              {"mounted", s.blobs_mounted},
              {"skipped", s.blobs_skipped}}},
            {"bytes", s.bytes_written},
            {"manifests", {{"written", s.manifests}, {"skipped", s.manifests_skipped}}},
            {"tags", s.tags},
            {"signatures",
             {{"keyId", s.signing_key_id.empty() ? json(nullptr) : json(s.signing_key_id)},
              {"written", s.signatures_written},
              {"skipped", s.signatures_skipped}}},
            {"seconds", s.seconds}};
}

json to_json(const PolicyChange& c) {
    json req = json::object();
    for (const auto& [role, counts] : c.require) {
        req[role] = {{"from", counts.first}, {"to", counts.second}};
    }
    return {{"adopted", true},
            {"fromVersion", c.from_version},
            {"toVersion", c.to_version},
            {"keysAdded", keys_json(c.keys_added)},
            {"keysRemoved", keys_json(c.keys_removed)},
            {"revoked", c.revoked},
            {"require", req}};
}

json to_json(const PromoteSummary& s) {
    json images = json::array();
    for (const PromotedImage& i : s.images) {
        images.push_back({{"ref", i.ref},
                          {"repo", i.repo},
                          {"name", i.name},
                          {"digest", i.digest},
                          {"moved", i.moved}});
    }
    return {{"name", s.name},
            {"version", s.version},
            {"channel", s.channel},
            {"bomDigest", s.bom_digest},
            {"target", s.target},
            {"promotedAt", s.promoted_at},
            {"previousVersion", s.previous_version ? json(*s.previous_version) : json()},
            {"images", images}};
}

json to_json(const Resolution& r) {
    json j = {{"ref", r.ref},           {"canonical", r.canonical},
              {"layer", r.layer},       {"resolved", r.ok()},
              {"source", r.source},     {"digest", r.digest ? r.digest->str() : ""},
              {"recorded", r.recorded}, {"notes", r.notes}};
    if (!r.ok()) {
        j["exitCode"] = exit_code(r.failure);
    }
    return j;
}

json to_json(const StatusReport& r) {
    json bundles_json = json::array();
    for (const BundleStatus& b : r.bundles) {
        json sigs = json::array();
        for (const SignatureStatus& s : b.signatures) {
            sigs.push_back({{"keyId", s.key_id},
                            {"role", s.role},
                            {"notAfter", s.not_after},
                            {"secondsLeft", s.seconds_left},
                            {"daysLeft", whole_days(s.seconds_left)},
                            {"expired", s.seconds_left < 0}});
        }
        bundles_json.push_back({{"name", b.name},
                                {"version", b.version},
                                {"bomDigest", b.bom_digest},
                                {"loadedAt", b.loaded_at},
                                {"ageSeconds", b.age_seconds},
                                {"target", b.target},
                                {"signatures", sigs}});
        if (b.images) {
            bundles_json.back()["images"] = *b.images;
            bundles_json.back()["imagesVerifiedUpstream"] = b.images_verified_upstream;
            bundles_json.back()["attachments"] = b.attachments;
        }
    }
    json generations_json = json::array();
    for (const GenerationStatus& g : r.generations) {
        generations_json.push_back({{"name", g.name},
                                    {"version", g.version},
                                    {"loadedAt", g.loaded_at},
                                    {"ageSeconds", g.age_seconds},
                                    {"keep", g.keep},
                                    {"reason", g.reason}});
    }
    json licenses_json = json::array();
    for (const LicenseStatus& l : r.licenses) {
        json j = {{"id", l.id},
                  {"customer", l.customer},
                  {"product", l.product},
                  {"notBefore", l.not_before},
                  {"notAfter", l.not_after},
                  {"state", l.state},
                  {"secondsLeft", l.seconds_left},
                  {"daysLeft", whole_days(l.seconds_left)}};
        if (!l.reason.empty()) {
            j["reason"] = l.reason;
        }
        licenses_json.push_back(j);
    }
    return {{"stateDir", r.state_dir},
            {"trustedTime", r.trusted_time},
            {"clock", r.clock},
            {"highWater", r.high_water ? json(*r.high_water) : nullptr},
            {"policy", {{"version", r.policy_version}, {"origin", r.policy_origin}}},
            {"bundles", bundles_json},
            {"newestLoadAgeSeconds",
             r.newest_load_age_seconds ? json(*r.newest_load_age_seconds) : nullptr},
            {"licenses", licenses_json},
            {"generations", generations_json}};
}

namespace {

json base_json(const DeltaNeeds& d) {
    json bundles = json::array();
    for (const BaseBundleStatus& b : d.bundles) {
        bundles.push_back({{"name", b.name},
                           {"version", b.version},
                           {"bomDigest", b.bom_digest},
                           {"recorded", b.recorded}});
    }
    json j = {{"bundles", bundles}, {"blobs", d.blobs}, {"bytes", d.bytes}};
    j["checkedIn"] = d.checked_in.empty() ? json(nullptr) : json(d.checked_in);
    return j;
}

} // namespace

json to_json(const ReceiptSummary& s) {
    json j = {{"out", s.out.string()}, {"checked", s.checked}, {"bundles", s.bundles},
              {"blobs", s.blobs},      {"bytes", s.bytes},     {"notes", s.notes},
              {"leftOut", s.skipped}};
    if (s.checked) {
        j["target"] = s.target;
        j["roots"] = s.roots;
        j["manifests"] = s.manifests;
    }
    return j;
}

json to_json(const VerifyReport& r) {
    json sigs = json::array();
    for (const SignatureCheck& s : r.signatures) {
        json j = {{"keyId", s.key_id}, {"role", s.role}, {"counted", s.counted}};
        if (!s.issued_at.empty()) {
            j["issuedAt"] = s.issued_at;
            j["notBefore"] = s.not_before;
            j["notAfter"] = s.not_after;
        }
        if (!s.problem.empty()) {
            j["problem"] = s.problem;
        }
        sigs.push_back(j);
    }
    json reqs = json::object();
    for (const auto& [role, req] : r.requirements) {
        reqs[role] = {{"required", req.required}, {"metBy", req.keys}};
    }
    json images = json::array();
    for (const ImageProvenance& i : r.images) {
        images.push_back(
            {{"ref", i.ref}, {"attachments", i.attachments}, {"verifiedBy", i.verified_by}});
    }
    return {{"verified", true},
            {"bundle", {{"name", r.name}, {"version", r.version}}},
            {"images", images},
            {"bomDigest", r.bom_digest},
            {"policy",
             {{"version", r.policy_version},
              {"origin", r.policy_origin},
              {"development", r.development_policy},
              {"adoptedFromBundle", r.trust_updates}}},
            {"trustedTime", r.trusted_time},
            {"volumes", r.volumes},
            {"size", r.size},
            {"signatures", sigs},
            {"requirements", reqs},
            {"deep", r.deep},
            {"deepBytes", r.deep_bytes},
            {"base", r.delta ? base_json(r.base) : json(nullptr)}};
}

} // namespace airlock::loader
