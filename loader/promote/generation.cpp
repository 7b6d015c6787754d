#include "loader/promote/generation.hpp"

#include "common/core/error.hpp"
#include "common/reference/reference.hpp"

#include <map>

namespace airlock::loader {

RecordedBom find_generation(const StateStore& state, const std::string& name,
                            const std::string& version) {
    std::vector<RecordedBom> found;
    std::string loaded;
    for (RecordedBom& r : state.recorded_bom_entries()) {
        if (r.bom.name != name) {
            continue;
        }
        if (r.bom.version == version) {
            found.push_back(std::move(r));
        } else {
            loaded += (loaded.empty() ? "" : ", ") + r.bom.version;
        }
    }
    if (found.empty()) {
        fail(
            ErrorCode::not_found,
            name + " " + version + " was not loaded and verified at this site (" +
                (loaded.empty() ? "no version of " + name + " was" : "loaded versions: " + loaded) +
                "); nothing changed");
    }
    for (const RecordedBom& r : found) {
        if (r.digest != found.front().digest) {
            fail(ErrorCode::io, "the state holds two BOMs for " + name + " " + version + " (" +
                                    found.front().digest.str() + ", " + r.digest.str() +
                                    "); loader state was altered (restore it from backup)");
        }
    }
    return std::move(found.front());
}

std::vector<ChannelMove>
plan_channel_moves(const Bom& bom, const std::string& channel,
                   const std::function<Placement(const std::string&)>& place) {
    std::vector<ChannelMove> moves;
    std::map<std::pair<std::string, std::string>, std::size_t> by_name;
    for (const BomImage& img : bom.images) {
        Reference tagged = Reference::parse(img.ref);
        tagged.digest.reset();
        tagged.tag = channel;
        const Placement where = place(tagged.str());
        auto it = by_name.find({where.repo, where.name});
        if (it != by_name.end()) {
            const ChannelMove& other = moves[it->second];
            if (other.manifest.digest != img.digest) {
                fail(ErrorCode::usage, "images " + other.ref + " and " + img.ref + " of " +
                                           bom.name + " " + bom.version + " share " +
                                           (where.repo.empty() ? "the name " + where.name
                                                               : "repository " + where.repo) +
                                           ", which one channel tag cannot name for both");
            }
            continue;
        }
        const BomBlob* blob = bom.find_needed(img.digest);
        if (blob == nullptr) {
            fail(ErrorCode::malformed, "the BOM of " + bom.name + " " + bom.version +
                                           " does not list the manifest " + img.digest.str() +
                                           " of " + img.ref);
        }
        Descriptor d;
        d.media_type = img.media_type;
        d.digest = img.digest;
        d.size = blob->size;
        by_name.emplace(std::make_pair(where.repo, where.name), moves.size());
        moves.push_back(ChannelMove{img.ref, where.repo, where.name, d});
    }
    return moves;
}

} // namespace airlock::loader
