#include "loader/resolve/recorded_images.hpp"

#include <algorithm>

namespace airlock::loader {

namespace {

void add(std::vector<Digest>& to, const Digest& d) {
    if (std::find(to.begin(), to.end(), d) == to.end()) {
        to.push_back(d);
    }
}

} // namespace

RecordedImages::RecordedImages(const std::vector<Bom>& boms) {
    for (const Bom& bom : boms) {
        for (const BomImage& image : bom.images) {
            Reference ref = Reference::parse(image.ref);
            auto& in_repo = by_repository_[ref.name()];
            add(in_repo, image.digest);
            if (image.upstream_digest) {
                add(in_repo, *image.upstream_digest);
            }
            for (const Digest& child : image.manifests) {
                add(in_repo, child);
            }
            if (!ref.tag.empty()) {
                auto& tagged = by_tag_[ref.name() + ":" + ref.tag];
                add(tagged, image.digest);
                if (image.upstream_digest) {
                    add(tagged, *image.upstream_digest);
                }
            }
        }
    }
}

std::vector<Digest> RecordedImages::expected(const Reference& ref) const {
    if (ref.digest) {
        auto it = by_repository_.find(ref.name());
        if (it != by_repository_.end() &&
            std::find(it->second.begin(), it->second.end(), *ref.digest) != it->second.end()) {
            return {*ref.digest};
        }
        return {};
    }
    auto it = by_tag_.find(ref.name() + ":" + ref.tag);
    return it == by_tag_.end() ? std::vector<Digest>{} : it->second;
}

} // namespace airlock::loader
