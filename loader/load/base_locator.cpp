#include "loader/load/base_locator.hpp"

#include <set>

namespace airlock::loader {

namespace {

Descriptor descriptor_of(const BomBlob& b) {
    return Descriptor{b.media_type, b.digest, b.size, {}, {}, {}};
}

} // namespace

BaseLocator::BaseLocator(Destination& destination, std::vector<std::string> load_repos)
    : dest_(destination), load_repos_(std::move(load_repos)) {}

template <typename Found> bool BaseLocator::search(const std::string& repo, Found found) {
    std::set<std::string> asked;
    auto ask = [&](const std::string& r) { return asked.insert(r).second && found(r); };
    if (ask(repo)) {
        return true;
    }
    for (const std::string& r : load_repos_) {
        if (ask(r)) {
            return true;
        }
    }
    if (!catalog_) {
        catalog_ = dest_.repositories();
    }
    for (const std::string& r : *catalog_) {
        if (ask(r)) {
            return true;
        }
    }
    return false;
}

std::optional<RawManifest> BaseLocator::manifest(const BomBlob& blob, const std::string& repo) {
    std::optional<RawManifest> out;
    search(repo, [&](const std::string& r) {
        out = dest_.read_manifest(r, descriptor_of(blob));
        return out.has_value();
    });
    return out;
}

std::optional<std::string> BaseLocator::holder(const BomBlob& blob, const std::string& repo) {
    std::optional<std::string> out;
    search(repo, [&](const std::string& r) {
        if (dest_.has_blob(r, descriptor_of(blob))) {
            out = r;
        }
        return out.has_value();
    });
    return out;
}

} // namespace airlock::loader
