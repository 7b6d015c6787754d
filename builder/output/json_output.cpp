#include "builder/output/json_output.hpp"

#include "builder/create/create_bundle.hpp"
#include "builder/sign/sign_bundle.hpp"

#include <nlohmann/json.hpp>

namespace airlock::builder {

using nlohmann::json;

json to_json(const CreateResult& r) {
    json vols = json::array();
    for (const auto& v : r.volumes) {
        vols.push_back(v.string());
    }
    return {
        {"bundle", {{"name", r.name}, {"version", r.version}}},
        {"bomDigest", r.bom_digest},
        {"volumes", vols},
        {"bytes", r.bundle_bytes},
        {"images", r.images},
        {"charts", r.charts},
        {"manifests", r.manifests},
        {"sweep", {{"added", r.swept_added}, {"allowed", r.swept_allowed}}},
        {"blobs", r.blobs},
        {"base", {{"bundles", r.bases}, {"blobs", r.omitted_blobs}, {"bytes", r.omitted_bytes}}},
        {"fetchedBytes", r.fetched_bytes},
        {"cachedBytes", r.cached_bytes},
        {"layersScanned", r.layers_scanned},
        {"scansFromCache", r.scans_from_cache},
        {"keyId", r.key_id},
        {"trustUpdates", r.trust_updates},
        {"seconds", r.seconds}};
}

json to_json(const SignResult& r) {
    json j = {{"bundle", r.bundle},
              {"name", r.name},
              {"version", r.version},
              {"keyId", r.key_id},
              {"role", r.role},
              {"notAfter", r.not_after},
              {"generation", r.generation},
              {"signatures", r.signatures},
              {"payloadBytes", r.payload_bytes},
              {"hashSeconds", r.hash_seconds},
              {"signSeconds", r.sign_seconds},
              {"warnings", r.warnings}};
    if (!r.replaced_not_after.empty()) {
        j["replacedNotAfter"] = r.replaced_not_after;
    }
    return j;
}

} // namespace airlock::builder
