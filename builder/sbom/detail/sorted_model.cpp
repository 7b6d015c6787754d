#include "builder/sbom/detail/sorted_model.hpp"

#include <algorithm>
#include <tuple>

namespace airlock::sbom::detail {

std::vector<SortedImage> sorted_images(const SbomDocument& doc) {
    std::vector<const SbomImage*> images;
    for (const SbomImage& i : doc.images) {
        images.push_back(&i);
    }
    auto key = [](const SbomImage* i) { return std::tie(i->ref, i->digest); };
    std::sort(images.begin(), images.end(),
              [&](const SbomImage* a, const SbomImage* b) { return key(a) < key(b); });
    images.erase(
        std::unique(images.begin(), images.end(),
                    [&](const SbomImage* a, const SbomImage* b) { return key(a) == key(b); }),
        images.end());
    std::vector<SortedImage> out;
    for (const SbomImage* i : images) {
        SortedImage s{i, {}, {}, false};
        for (const SbomPlatformImage& p : i->platforms) {
            s.platforms.push_back(&p);
        }
        std::sort(s.platforms.begin(), s.platforms.end(), [](const auto* a, const auto* b) {
            return std::tie(a->platform, a->digest) < std::tie(b->platform, b->digest);
        });
        s.platforms.erase(
            std::unique(s.platforms.begin(), s.platforms.end(),
                        [](const auto* a, const auto* b) { return a->digest == b->digest; }),
            s.platforms.end());
        s.single_manifest = s.platforms.size() == 1 && s.platforms[0]->digest == i->digest;
        for (const SbomAttachment& a : i->sboms) {
            s.sboms.push_back(&a);
        }
        std::sort(s.sboms.begin(), s.sboms.end(),
                  [](const auto* a, const auto* b) { return a->digest < b->digest; });
        s.sboms.erase(
            std::unique(s.sboms.begin(), s.sboms.end(),
                        [](const auto* a, const auto* b) { return a->digest == b->digest; }),
            s.sboms.end());
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<const SbomArtifact*> sorted_artifacts(const std::vector<SbomArtifact>& artifacts) {
    std::vector<const SbomArtifact*> out;
    for (const SbomArtifact& a : artifacts) {
        out.push_back(&a);
    }
    auto key = [](const SbomArtifact* a) { return std::tie(a->name, a->version, a->digest); };
    std::sort(out.begin(), out.end(),
              [&](const auto* a, const auto* b) { return key(a) < key(b); });
    out.erase(std::unique(out.begin(), out.end(),
                          [&](const auto* a, const auto* b) { return key(a) == key(b); }),
              out.end());
    return out;
}

std::string platform_arch(const std::string& platform) {
    std::size_t first = platform.find('/');
    if (first == std::string::npos) {
        return {};
    }
    std::size_t second = platform.find('/', first + 1);
    return platform.substr(first + 1,
                           second == std::string::npos ? std::string::npos : second - first - 1);
}

} // namespace airlock::sbom::detail
