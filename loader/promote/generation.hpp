#pragma once
// A generation: the BOM the state recorded for one bundle name and version
// (kept only once that bundle was verified and loaded), and where its images
// live in a target, by digest, exactly as load placed them.
#include "common/oci/model.hpp"
#include "common/transport/destination.hpp"
#include "loader/state/state_store.hpp"

#include <functional>
#include <string>
#include <vector>

namespace airlock::loader {

// The generation `name` `version`. Error(not_found), naming the versions the
// state holds for `name`, when none was loaded and verified; Error(io) when
// two recorded BOMs claim that version with different digests.
RecordedBom find_generation(const StateStore& state, const std::string& name,
                            const std::string& version);

// Where a channel tag of one image of a generation goes, and what it names.
struct ChannelMove {
    std::string ref;     // the image as the BOM names it
    std::string repo;    // its repository in the target (Placement::repo)
    std::string name;    // the channel's name there: a registry's tag ("prod"),
                         // an OCI layout's ref name ("docker.io/library/nginx:prod")
    Descriptor manifest; // the manifest or index the generation recorded
};

// One move per channel name of the generation's images, in BOM order: each
// image's reference with `channel` as its tag, placed by `place` as load
// placed the image. Two images of the generation with different digests that
// one channel name would cover (app:1 and app:2 in one bundle) cannot both be
// named by it: Error(usage) naming them. Error(malformed) when the BOM lacks
// the size of an image's manifest.
std::vector<ChannelMove>
plan_channel_moves(const Bom& bom, const std::string& channel,
                   const std::function<Placement(const std::string&)>& place);

} // namespace airlock::loader
