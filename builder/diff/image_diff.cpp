// Images of two BOMs, paired by repository, compared by digest and, for a
// changed image, platform by platform.
#include "builder/diff/bom_diff.hpp"
#include "builder/diff/detail/pairing.hpp"

#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"
#include "common/reference/reference.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <utility>

namespace airlock::builder {

namespace {

struct RefParts {
    std::string repository; // registry/path
    std::string tag;        // empty for a reference by digest
};

RefParts ref_parts(const std::string& ref) {
    try {
        Reference r = Reference::parse(ref);
        return {r.name(), r.tag};
    } catch (const Error&) {
        return {ref, ""}; // not a reference: it only pairs with itself
    }
}

DiffImage diff_image(const BomImage& i) {
    return {i.ref, i.digest, i.platforms};
}

using PlatformManifests = std::vector<std::pair<std::string, Digest>>;

// Each platform the image keeps with its manifest's digest. An index records
// its kept children next to their platforms (the resolver appends both
// together); a single manifest is its one platform's manifest. Nothing when
// the BOM does not pair them.
std::optional<PlatformManifests> platform_manifests(const BomImage& i) {
    PlatformManifests out;
    if (!i.manifests.empty() && i.manifests.size() == i.platforms.size()) {
        for (std::size_t n = 0; n < i.platforms.size(); ++n) {
            out.emplace_back(i.platforms[n], i.manifests[n]);
        }
        return out;
    }
    if (i.manifests.empty() && i.platforms.size() == 1 && !media::is_index(i.media_type)) {
        out.emplace_back(i.platforms.front(), i.digest);
        return out;
    }
    return std::nullopt;
}

// Platforms by name only: what one side keeps and the other does not.
void compare_platform_names(const BomImage& o, const BomImage& n, ImageChange& change) {
    std::map<std::string, int> balance; // new count minus old count
    for (const std::string& p : o.platforms) {
        --balance[p];
    }
    for (const std::string& p : n.platforms) {
        ++balance[p];
    }
    for (const auto& [platform, count] : balance) {
        auto& list = count > 0 ? change.platforms_added : change.platforms_removed;
        list.insert(list.end(), static_cast<std::size_t>(std::abs(count)), platform);
    }
}

// Platform by platform. A platform an index lists twice (buildx's
// "unknown/unknown" attestation manifests) pairs its manifests in order once
// those on both sides are set aside.
void compare_platforms(const BomImage& o, const BomImage& n, ImageChange& change) {
    auto olds = platform_manifests(o);
    auto news = platform_manifests(n);
    if (!olds || !news) {
        change.per_platform = false;
        compare_platform_names(o, n, change);
        return;
    }
    std::map<std::string, std::pair<std::vector<Digest>, std::vector<Digest>>> by_platform;
    for (auto& [platform, digest] : *olds) {
        by_platform[platform].first.push_back(digest);
    }
    for (auto& [platform, digest] : *news) {
        by_platform[platform].second.push_back(digest);
    }
    for (auto& [platform, sides] : by_platform) {
        auto& [was, now] = sides;
        for (auto it = was.begin(); it != was.end();) {
            auto same = std::find(now.begin(), now.end(), *it);
            if (same != now.end()) {
                now.erase(same);
                it = was.erase(it);
            } else {
                ++it;
            }
        }
        std::size_t common = std::min(was.size(), now.size());
        for (std::size_t k = 0; k < common; ++k) {
            change.platforms_changed.push_back({platform, was[k], now[k]});
        }
        change.platforms_removed.insert(change.platforms_removed.end(), was.size() - common,
                                        platform);
        change.platforms_added.insert(change.platforms_added.end(), now.size() - common, platform);
    }
}

void compare_pair(const BomImage& o, const BomImage& n, ImageDiff& out) {
    if (o.digest == n.digest) {
        if (o.ref == n.ref) {
            ++out.unchanged;
        } else {
            out.retagged.push_back({o.ref, n.ref, n.digest});
        }
        return;
    }
    ImageChange change{diff_image(o), diff_image(n), true, {}, {}, {}};
    compare_platforms(o, n, change);
    out.changed.push_back(std::move(change));
}

} // namespace

ImageDiff diff_images(const std::vector<BomImage>& old_images,
                      const std::vector<BomImage>& new_images) {
    ImageDiff out;
    auto groups = detail::group_by(old_images, new_images,
                                   [](const BomImage& i) { return ref_parts(i.ref).repository; });
    for (const auto& [repository, group] : groups) {
        auto pairing = detail::pair_group<BomImage>(
            group, {[](const BomImage& o, const BomImage& n) {
                        std::string tag = ref_parts(o.ref).tag;
                        return !tag.empty() && tag == ref_parts(n.ref).tag;
                    },
                    [](const BomImage& o, const BomImage& n) { return o.digest == n.digest; }});
        for (const auto& [o, n] : pairing.pairs) {
            compare_pair(*o, *n, out);
        }
        for (const BomImage* o : pairing.removed) {
            out.removed.push_back(diff_image(*o));
        }
        for (const BomImage* n : pairing.added) {
            out.added.push_back(diff_image(*n));
        }
    }
    return out;
}

} // namespace airlock::builder
