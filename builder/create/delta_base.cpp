#include "builder/create/delta_base.hpp"

#include "common/bundle/bom_document.hpp"
#include "common/bundle/site_receipt.hpp"
#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/log/log.hpp"

namespace airlock::builder {

namespace {

constexpr std::size_t max_receipt_bytes = 1024 * 1024 * 1024;

void add_bundle(DeltaBase& base, const BomBaseBundle& b, const std::filesystem::path& from) {
    for (const BomBaseBundle& known : base.bundles) {
        if (known.name == b.name && known.version == b.version) {
            if (known.bom_digest != b.bom_digest) {
                fail(ErrorCode::spec, from.string() + ": names " + b.name + " " + b.version +
                                          " with BOM " + b.bom_digest.str() +
                                          ", another base with " + known.bom_digest.str());
            }
            return;
        }
    }
    base.bundles.push_back(b);
}

void add_blob(DeltaBase& base, const BomBlob& b) {
    base.blobs.emplace(b.digest, b);
}

} // namespace

DeltaBase read_delta_bases(const std::vector<std::filesystem::path>& paths) {
    DeltaBase base;
    for (const std::filesystem::path& path : paths) {
        if (std::filesystem::is_regular_file(path) && looks_like_json(path)) {
            std::string bytes = read_named_file(path, "base", max_receipt_bytes);
            if (is_site_receipt(bytes)) {
                SiteReceipt r = SiteReceipt::parse(bytes, "receipt " + path.string());
                for (const ReceiptBundle& b : r.bundles) {
                    add_bundle(base, b.bundle, path);
                }
                for (const BomBlob& b : r.blobs) {
                    add_blob(base, b);
                }
                log::info("base " + path.string() + ": receipt of " +
                          std::to_string(r.bundles.size()) + " bundle(s), " +
                          std::to_string(r.blobs.size()) + " blobs" +
                          (r.checked ? " read from " + r.target : " as its state recorded"));
                continue;
            }
        }
        BomDocument doc = read_bom_document(path);
        add_bundle(base, {doc.bom.name, doc.bom.version, doc.digest}, path);
        // A delta base's own base is at the site too: its load checked it.
        for (const BomBlob& b : doc.bom.blobs) {
            add_blob(base, b);
        }
        if (doc.bom.base) {
            for (const BomBlob& b : doc.bom.base->blobs) {
                add_blob(base, b);
            }
        }
        log::info("base " + path.string() + ": " + doc.bom.name + " " + doc.bom.version + " (" +
                  doc.digest.str() + ")");
    }
    return base;
}

BomDocument read_base_document(const std::filesystem::path& path) {
    if (std::filesystem::is_regular_file(path) && looks_like_json(path)) {
        std::string bytes = read_named_file(path, "base", max_receipt_bytes);
        if (is_site_receipt(bytes)) {
            SiteReceipt r = SiteReceipt::parse(bytes, "receipt " + path.string());
            BomDocument doc;
            doc.bom.name = "site receipt";
            doc.bom.version = r.created;
            doc.bom.blobs = std::move(r.blobs);
            doc.digest = Digest::of(bytes);
            doc.bytes = std::move(bytes);
            return doc;
        }
    }
    return read_bom_document(path);
}

void apply_delta_base(BundlePlan& plan, const DeltaBase& base) {
    BomBase omitted{base.bundles, {}};
    std::vector<BomBlob> kept_bom;
    std::vector<PlannedBlob> kept;
    for (size_t i = 0; i < plan.blobs.size(); ++i) {
        const BomBlob& b = plan.bom.blobs[i];
        auto it = base.blobs.find(b.digest);
        if (it != base.blobs.end() && it->second.size == b.size) {
            omitted.blobs.push_back(b);
            plan.omitted.push_back(std::move(plan.blobs[i]));
        } else {
            kept_bom.push_back(b);
            kept.push_back(std::move(plan.blobs[i]));
        }
    }
    plan.bom.blobs = std::move(kept_bom);
    plan.blobs = std::move(kept);
    plan.bom.base = std::move(omitted);
}

} // namespace airlock::builder
