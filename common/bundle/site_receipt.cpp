#include "common/bundle/site_receipt.hpp"

#include "common/core/error.hpp"
#include "common/json/strict_json.hpp"

#include <limits>
#include <nlohmann/json.hpp>

namespace airlock {

using nlohmann::json;

namespace {

constexpr std::string_view api_version = "airlock.dev/v1";
constexpr std::size_t max_items = 10'000'000;
constexpr std::size_t max_text = 4096;

Digest digest_at(const JsonFields& f, std::string_view key) {
    const std::string text = f.string(key, max_text);
    try {
        return Digest::parse(text);
    } catch (const Error&) {
        f.fail_at(key, "not a sha256 digest");
    }
}

} // namespace

std::string SiteReceipt::serialize() const {
    json bs = json::array();
    for (const ReceiptBundle& b : bundles) {
        bs.push_back({{"name", b.bundle.name},
                      {"version", b.bundle.version},
                      {"bomDigest", b.bundle.bom_digest.str()},
                      {"loadedAt", b.loaded_at}});
    }
    json blobs_json = json::array();
    for (const BomBlob& b : blobs) {
        blobs_json.push_back(
            {{"digest", b.digest.str()}, {"size", b.size}, {"mediaType", b.media_type}});
    }
    json j = {{"apiVersion", api_version}, {"kind", receipt_kind}, {"created", created},
              {"checked", checked},        {"bundles", bs},        {"blobs", blobs_json}};
    if (!target.empty()) {
        j["target"] = target;
    }
    return j.dump(1) + "\n";
}

SiteReceipt SiteReceipt::parse(const std::string& bytes, const std::string& where) {
    json j = parse_strict_json(bytes, std::numeric_limits<std::size_t>::max(), 16, ErrorCode::spec,
                               where);
    JsonFields doc(j, ErrorCode::spec, where);
    doc.only({"apiVersion", "kind", "created", "target", "checked", "bundles", "blobs"});
    if (doc.string("apiVersion", max_text) != api_version ||
        doc.string("kind", max_text) != receipt_kind) {
        doc.fail_at("kind", "not an airlock.dev/v1 SiteReceipt");
    }
    SiteReceipt out;
    out.created = doc.string("created", max_text);
    out.target = doc.optional_string("target", max_text).value_or("");
    const json& checked = doc.required("checked");
    if (!checked.is_boolean()) {
        doc.fail_at("checked", "not a boolean");
    }
    out.checked = checked.get<bool>();
    const json& bundles = doc.array("bundles", max_items);
    for (size_t n = 0; n < bundles.size(); ++n) {
        JsonFields b = doc.nested(bundles[n], doc.path("bundles") + "[" + std::to_string(n) + "]");
        b.only({"name", "version", "bomDigest", "loadedAt"});
        out.bundles.push_back(
            {{b.string("name", max_text), b.string("version", max_text), digest_at(b, "bomDigest")},
             b.string("loadedAt", max_text)});
    }
    const json& blobs = doc.array("blobs", max_items);
    for (size_t n = 0; n < blobs.size(); ++n) {
        JsonFields b = doc.nested(blobs[n], doc.path("blobs") + "[" + std::to_string(n) + "]");
        b.only({"digest", "size", "mediaType"});
        const json& size = b.required("size");
        if (!size.is_number_unsigned() ||
            size.get<std::uint64_t>() > std::uint64_t{std::numeric_limits<std::int64_t>::max()}) {
            b.fail_at("size", "not a non-negative 64-bit integer");
        }
        out.blobs.push_back(
            {digest_at(b, "digest"), size.get<std::int64_t>(), b.string("mediaType", max_text)});
    }
    return out;
}

bool is_site_receipt(const std::string& bytes) {
    try {
        json j = parse_strict_json(bytes, std::numeric_limits<std::size_t>::max(), 16,
                                   ErrorCode::spec, "receipt");
        return j.is_object() && j.contains("kind") && j["kind"] == receipt_kind;
    } catch (const Error&) {
        return false;
    }
}

} // namespace airlock
