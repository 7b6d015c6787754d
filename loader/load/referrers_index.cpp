#include "loader/load/referrers_index.hpp"

#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "common/oci/media_types.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace airlock::loader {

std::optional<RawManifest> merged_referrers_index(const std::optional<RawManifest>& existing,
                                                  const PlannedReferrers& planned) {
    std::vector<Descriptor> listed;
    if (existing) {
        try {
            listed = parse_image_index(existing->bytes, "referrers index " + planned.where.name)
                         .manifests;
        } catch (const Error& e) {
            log::warn(std::string(e.what()) + "; writing a new one");
        }
    }
    bool changed = !existing;
    for (const Descriptor& d : planned.referrers) {
        if (std::none_of(listed.begin(), listed.end(),
                         [&](const Descriptor& l) { return l.digest == d.digest; })) {
            listed.push_back(d);
            changed = true;
        }
    }
    if (!changed) {
        return std::nullopt;
    }
    nlohmann::json manifests = nlohmann::json::array();
    for (const Descriptor& d : listed) {
        manifests.push_back(d.to_json());
    }
    const nlohmann::json index = {
        {"schemaVersion", 2}, {"mediaType", media::oci_index}, {"manifests", manifests}};
    RawManifest m;
    m.bytes = index.dump();
    m.media_type = std::string(media::oci_index);
    m.digest = Digest::of(m.bytes);
    return m;
}

bool keep_referrers(Destination& destination, const PlannedReferrers& planned) {
    const std::string& repo = planned.where.repo;
    if (destination.lists_referrers(repo, planned.subject)) {
        return false;
    }
    auto index = merged_referrers_index(destination.get_tagged(repo, planned.where.name), planned);
    if (!index) {
        return false;
    }
    destination.put_manifest(repo, *index);
    destination.tag(repo, planned.where.name, *index);
    return true;
}

} // namespace airlock::loader
