#pragma once
// What `gc` deletes from a target: the manifests that only collected
// generations placed there. Protected, never deleted: anything a kept
// generation (of any bundle name) references, and anything a tag names that
// no collected generation gave (a channel tag, something pushed by hand).
// Blobs are left to the medium's own garbage collector.
#include "common/log/audit.hpp"
#include "common/transport/destination.hpp"
#include "loader/gc/references.hpp"
#include "loader/gc/retention.hpp"

#include <string>
#include <vector>

namespace airlock::loader {

struct GcDeletion {
    PlacedManifest manifest;
    std::vector<std::string> tags;        // the collected generations' tags that go with it
    std::vector<std::string> generations; // "name@version" that placed it
    bool deleted = false;                 // set by apply_gc
};

struct GcProtected {
    PlacedManifest manifest;
    std::string why; // "referenced by edge@1.3.0", "named by tag prod"
};

struct GcPlan {
    std::vector<Generation> generations;
    std::vector<GcDeletion> deletions;    // in walk order: images before their children
    std::vector<GcProtected> kept_shared; // collected generations' manifests kept
};

// The plan from the generations decide_retention made. Reads only.
GcPlan plan_gc(std::vector<Generation> generations, Destination& target);

// The set difference at the heart of plan_gc, without I/O: what `collected`
// placed minus what `kept` placed and minus `foreign` (manifests named by
// tags no collected generation gave).
struct Collectable {
    std::vector<GcDeletion> deletions;
    std::vector<GcProtected> protected_;
};
Collectable collectable(const std::vector<std::pair<std::string, GenerationReferences>>& collected,
                        const std::vector<std::pair<std::string, GenerationReferences>>& kept,
                        const std::vector<GcProtected>& foreign);

// Deletes the plan's manifests in order, each audited ("gc-delete" with
// target, repository, digest, tags, generations); marks each deleted.
void apply_gc(GcPlan& plan, Destination& target, AuditLog& audit, const std::string& target_text);

} // namespace airlock::loader
