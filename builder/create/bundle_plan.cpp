#include "builder/create/bundle_plan.hpp"

#include "common/bundle/bom.hpp"
#include "common/core/error.hpp"
#include "common/io/file_reader.hpp"
#include "common/oci/media_types.hpp"

#include <unordered_set>

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

BundlePlan make_plan(const BundleIdentity& id, std::vector<ResolvedImage> images,
                     const std::vector<FileItem>& files) {
    BundlePlan plan;
    Bom& bom = plan.bom;
    bom.name = id.name;
    bom.version = id.version;
    bom.created = id.created;
    bom.builder = std::string("airlock-build ") + AIRLOCK_VERSION;
    bom.platforms = id.platforms;
    std::unordered_set<Digest> seen;
    auto add = [&](PlannedBlob b) {
        if (!seen.insert(b.descriptor.digest).second) {
            return;
        }
        bom.blobs.push_back({b.descriptor.digest, b.descriptor.size, b.descriptor.media_type});
        plan.blobs.push_back(std::move(b));
    };
    nlohmann::json index = {{"schemaVersion", 2},
                            {"mediaType", media::oci_index},
                            {"manifests", nlohmann::json::array()}};
    for (ResolvedImage& img : images) {
        Descriptor top{img.bom.media_type,
                       img.bom.digest,
                       static_cast<std::int64_t>(img.top_bytes.size()),
                       {},
                       {},
                       {}};
        top.annotations["org.opencontainers.image.ref.name"] = img.bom.ref;
        index["manifests"].push_back(top.to_json());
        for (PlannedBlob& b : img.blobs) {
            add(std::move(b));
        }
        bom.images.push_back(std::move(img.bom));
    }
    for (const FileItem& f : files) {
        PlannedBlob b;
        b.descriptor.media_type = std::string(media::airlock_file);
        b.descriptor.digest = hash_file(f.path, b.descriptor.size);
        b.origin.file = f.path;
        b.what = "file " + f.path.string();
        bom.files.push_back(
            {f.name, b.descriptor.digest, b.descriptor.size, b.descriptor.media_type});
        add(std::move(b));
    }
    plan.index_json = index.dump();
    bom.layout = {Digest::of(plan.index_json), static_cast<std::int64_t>(plan.index_json.size()),
                  "application/json"};
    return plan;
}

} // namespace airlock::builder
