#include "builder/create/bundle_plan.hpp"

#include "common/bundle/bom.hpp"
#include "common/core/error.hpp"
#include "common/io/file_reader.hpp"
#include "common/oci/media_types.hpp"

#include <nlohmann/json.hpp>
#include <unordered_map>

namespace airlock::builder {

namespace {

Digest hash_file(const std::filesystem::path& path, std::int64_t& size) {
    FileReader r(path);
    Sha256 h;
    std::vector<std::byte> buf(1 << 20);
    std::uint64_t total = 0;
    while (size_t n = r.read(buf)) {
        h.update(std::span<const std::byte>(buf.data(), n));
        total += n;
    }
    size = static_cast<std::int64_t>(total);
    return h.finish();
}

} // namespace

BundlePlan make_plan(PlanInput in) {
    BundlePlan plan;
    Bom& bom = plan.bom;
    bom.name = in.id.name;
    bom.version = in.id.version;
    bom.created = in.id.created;
    bom.builder = std::string("airlock-build ") + AIRLOCK_VERSION;
    bom.platforms = in.id.platforms;
    bom.allowed = std::move(in.allowed);
    std::unordered_map<Digest, std::int64_t> seen; // digest -> size
    auto add = [&](PlannedBlob b) {
        const auto [it, added] = seen.emplace(b.descriptor.digest, b.descriptor.size);
        if (!added) {
            // Two descriptors of one digest must agree on its size, or one of
            // them lies about the bytes (only the first would be fetched).
            if (it->second != b.descriptor.size) {
                fail(ErrorCode::integrity,
                     b.what + ": blob " + b.descriptor.digest.str() + " is listed with size " +
                         std::to_string(b.descriptor.size) + " and " + std::to_string(it->second));
            }
            return;
        }
        bom.blobs.push_back({b.descriptor.digest, b.descriptor.size, b.descriptor.media_type});
        plan.blobs.push_back(std::move(b));
    };
    auto add_file = [&](const FileItem& f) {
        PlannedBlob b;
        b.descriptor.media_type = std::string(media::airlock_file);
        if (f.content) {
            b.descriptor.digest = Digest::of(*f.content);
            b.descriptor.size = static_cast<std::int64_t>(f.content->size());
            b.origin.bytes = *f.content;
            b.what = "file " + f.name;
        } else {
            b.descriptor.digest = hash_file(f.path, b.descriptor.size);
            b.origin.file = f.path;
            b.what = "file " + f.path.string();
        }
        BomFile entry{f.name, b.descriptor.digest, b.descriptor.size, b.descriptor.media_type};
        add(std::move(b));
        return entry;
    };
    nlohmann::json index = {{"schemaVersion", 2},
                            {"mediaType", media::oci_index},
                            {"manifests", nlohmann::json::array()}};
    auto name_in_index = [&](const std::string& media_type, const Digest& digest, std::size_t size,
                             const std::string& ref_name) {
        Descriptor top{media_type, digest, static_cast<std::int64_t>(size), {}, {}, {}};
        top.annotations[std::string(media::ref_name_annotation)] = ref_name;
        index["manifests"].push_back(top.to_json());
    };
    for (ResolvedImage& img : in.images) {
        name_in_index(img.bom.media_type, img.bom.digest, img.top_bytes.size(), img.bom.ref);
        for (PlannedBlob& b : img.blobs) {
            add(std::move(b));
        }
        bom.images.push_back(std::move(img.bom));
    }
    for (ResolvedChart& chart : in.charts) {
        name_in_index(chart.bom.media_type, chart.bom.digest, chart.manifest.size(),
                      chart.bom.repository + ":" + chart.bom.tag);
        PlannedBlob m;
        m.descriptor = Descriptor{chart.bom.media_type,
                                  chart.bom.digest,
                                  static_cast<std::int64_t>(chart.manifest.size()),
                                  {},
                                  {},
                                  {}};
        m.origin.bytes = chart.manifest;
        m.what = "manifest of chart " + chart.bom.name;
        add(std::move(m));
        for (PlannedBlob& b : chart.blobs) {
            add(std::move(b));
        }
        for (const FileItem& v : chart.values) {
            chart.bom.values.push_back(add_file(v));
        }
        bom.charts.push_back(std::move(chart.bom));
    }
    for (const FileItem& f : in.manifests) {
        bom.manifests.push_back(add_file(f));
    }
    for (const FileItem& f : in.files) {
        bom.files.push_back(add_file(f));
    }
    plan.index_json = index.dump();
    bom.layout = {Digest::of(plan.index_json), static_cast<std::int64_t>(plan.index_json.size()),
                  "application/json"};
    return plan;
}

} // namespace airlock::builder
