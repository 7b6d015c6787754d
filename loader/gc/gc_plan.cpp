#include "loader/gc/gc_plan.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

namespace airlock::loader {

namespace {

std::string label(const Generation& g) {
    return g.name + "@" + g.version;
}

} // namespace

Collectable collectable(const std::vector<std::pair<std::string, GenerationReferences>>& collected,
                        const std::vector<std::pair<std::string, GenerationReferences>>& kept,
                        const std::vector<GcProtected>& foreign) {
    std::map<PlacedManifest, std::string> keep_why;
    for (const auto& entry : kept) {
        for (const PlacedManifest& m : entry.second.manifests) {
            keep_why.emplace(m, "referenced by kept " + entry.first);
        }
    }
    for (const GcProtected& f : foreign) {
        keep_why.emplace(f.manifest, f.why);
    }
    Collectable out;
    std::map<PlacedManifest, std::size_t> index;
    std::set<PlacedManifest> protected_seen;
    for (const auto& entry : collected) {
        const GenerationReferences& refs = entry.second;
        for (const PlacedManifest& m : refs.manifests) {
            auto why = keep_why.find(m);
            if (why != keep_why.end()) {
                if (protected_seen.insert(m).second) {
                    out.protected_.push_back(GcProtected{m, why->second});
                }
                continue;
            }
            auto [it, fresh] = index.emplace(m, out.deletions.size());
            if (fresh) {
                out.deletions.push_back(GcDeletion{m, {}, {}, false});
            }
            GcDeletion& d = out.deletions[it->second];
            d.generations.push_back(entry.first);
            for (auto t = refs.tags.lower_bound({m, ""}); t != refs.tags.end() && t->first == m;
                 ++t) {
                // Generations that share a manifest usually share its tag too.
                if (std::find(d.tags.begin(), d.tags.end(), t->second) == d.tags.end()) {
                    d.tags.push_back(t->second);
                }
            }
        }
    }
    return out;
}

GcPlan plan_gc(std::vector<Generation> generations, Destination& target) {
    GcPlan plan;
    std::vector<std::pair<std::string, GenerationReferences>> collected, kept;
    for (const Generation& g : generations) {
        (g.keep ? kept : collected).emplace_back(label(g), generation_references(*g.bom, target));
    }
    // Tags in the collected generations' repositories that none of them
    // gave: whatever they name stays (a promoted channel, a kept
    // generation's tag, something airlock did not load).
    std::set<std::pair<std::string, std::string>> collected_tags;
    std::set<std::string> repos;
    for (const auto& entry : collected) {
        for (const auto& t : entry.second.tags) {
            collected_tags.emplace(t.first.repo, t.second);
        }
        for (const PlacedManifest& m : entry.second.manifests) {
            repos.insert(m.repo);
        }
    }
    std::vector<GcProtected> foreign;
    for (const std::string& repo : repos) {
        for (const std::string& name : target.names(repo)) {
            if (collected_tags.count({repo, name}) != 0) {
                continue;
            }
            if (std::optional<RawManifest> m = target.get_tagged(repo, name)) {
                foreign.push_back(GcProtected{{repo, m->digest}, "named by tag " + name});
            }
        }
    }
    Collectable c = collectable(collected, kept, foreign);
    plan.deletions = std::move(c.deletions);
    plan.kept_shared = std::move(c.protected_);
    plan.generations = std::move(generations);
    return plan;
}

void apply_gc(GcPlan& plan, Destination& target, AuditLog& audit, const std::string& target_text) {
    for (GcDeletion& d : plan.deletions) {
        d.deleted = target.delete_manifest(d.manifest.repo, d.manifest.digest);
        audit.append("gc-delete", {{"target", target_text},
                                   {"repository", d.manifest.repo},
                                   {"digest", d.manifest.digest.str()},
                                   {"tags", d.tags},
                                   {"generations", d.generations},
                                   {"outcome", d.deleted ? "deleted" : "absent"}});
    }
}

} // namespace airlock::loader
