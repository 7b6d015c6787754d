#include "loader/serve/served_set.hpp"

#include "common/core/error.hpp"
#include "common/core/semver.hpp"
#include "loader/state/state_store.hpp"
#include "loader/trust/effective_policy.hpp"
#include "loader/verify/rollback_check.hpp"
#include "loader/verify/verify_bundle.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sys/stat.h>

namespace airlock::loader {

namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& s, std::string_view suffix) {
    return s.size() > suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string volume_name(const fs::path& base, int n) {
    std::string digits = std::to_string(n);
    return base.string() + "." + std::string(3 - std::min<std::size_t>(3, digits.size()), '0') +
           digits;
}

std::string label(const ServedBundle& b) {
    return b.bundle->bom().name + " " + b.bundle->bom().version;
}

// Newer first; versions that are not SemVer (the verifier refuses them for a
// recorded name anyway) order as text.
bool newer(const ServedBundle& a, const ServedBundle& b) {
    auto va = SemVer::try_parse(a.bundle->bom().version);
    auto vb = SemVer::try_parse(b.bundle->bom().version);
    if (va && vb) {
        return *va > *vb;
    }
    return a.bundle->bom().version > b.bundle->bom().version;
}

class Verifying {
  public:
    explicit Verifying(const ServeSources& s)
        : state_(s.state_dir, StateStore::Access::read),
          policy_(load_effective_policy(state_, s.trust)) {}

    ServedBundle verify(const fs::path& path, const ReleaseHook& on_release) {
        std::string identity = file_identity(path);
        VerifyOptions vo{path, false, false, nullptr};
        auto* raw = new VerifiedBundle(verify_bundle(vo, policy_, state_));
        std::shared_ptr<const VerifiedBundle> shared(raw, [on_release](const VerifiedBundle* b) {
            if (on_release) {
                on_release(*b);
            }
            delete b;
        });
        return ServedBundle{path, std::move(identity), std::move(shared)};
    }

  private:
    StateStore state_;
    EffectivePolicy policy_;
};

Refusal refusal(const fs::path& path, const Error& e) {
    return Refusal{path, std::string(to_string(e.code())), e.what()};
}

// The verified bundles a delta's blobs may come from: its base bundles and
// theirs, found in the pool by BOM digest. Error(base) naming the first
// one missing.
std::vector<const VerifiedBundle*> bases_of(const ServedBundle& b,
                                            const std::vector<ServedBundle>& pool) {
    std::vector<const VerifiedBundle*> out;
    std::set<std::string> seen;
    std::vector<const VerifiedBundle*> todo{b.bundle.get()};
    while (!todo.empty()) {
        const VerifiedBundle* next = todo.back();
        todo.pop_back();
        if (!next->bom().base) {
            continue;
        }
        for (const BomBaseBundle& base : next->bom().base->bundles) {
            if (!seen.insert(base.bom_digest.str()).second) {
                continue;
            }
            auto it = std::find_if(pool.begin(), pool.end(), [&](const ServedBundle& p) {
                return p.bundle->report().bom_digest == base.bom_digest.str();
            });
            if (it == pool.end()) {
                fail(ErrorCode::base, "delta " + label(b) + " (" + b.path.string() +
                                          ") builds on " + base.name + " " + base.version + " (" +
                                          base.bom_digest.str() +
                                          "), which is not among the bundles found: name it, or "
                                          "put it in --dir");
            }
            out.push_back(it->bundle.get());
            todo.push_back(it->bundle.get());
        }
    }
    return out;
}

void add_to(ServedSet& set, const ServedBundle& b) {
    set.index.add(*b.bundle, bases_of(b, set.pool));
    set.bundles.push_back(b);
}

} // namespace

std::vector<fs::path> find_bundles(const ServeSources& sources) {
    std::set<fs::path> out;
    for (const fs::path& p : sources.bundles) {
        std::error_code ec;
        if (!fs::is_regular_file(p, ec) && !fs::is_regular_file(volume_name(p, 1), ec)) {
            fail(ErrorCode::not_found,
                 "bundle " + p.string() + ": no such file (nor " + volume_name(p, 1) + ")");
        }
        out.insert(p);
    }
    if (sources.dir) {
        std::error_code ec;
        fs::directory_iterator it(*sources.dir, ec);
        if (ec) {
            fail(ErrorCode::io, "--dir " + sources.dir->string() + ": " + ec.message());
        }
        for (const auto& entry : it) {
            std::error_code type_ec;
            if (!entry.is_regular_file(type_ec)) {
                continue;
            }
            std::string name = entry.path().string();
            if (ends_with(name, ".airlock")) {
                out.insert(entry.path());
            } else if (ends_with(name, ".airlock.001")) {
                out.insert(fs::path(name.substr(0, name.size() - 4)));
            }
        }
    }
    return {out.begin(), out.end()};
}

std::string file_identity(const fs::path& bundle) {
    std::vector<fs::path> volumes;
    struct stat st {};
    if (::stat(bundle.c_str(), &st) == 0) {
        volumes.push_back(bundle);
    } else {
        for (int n = 1; n < 1000 && ::stat(volume_name(bundle, n).c_str(), &st) == 0; ++n) {
            volumes.emplace_back(volume_name(bundle, n));
        }
    }
    std::string id = bundle.string();
    for (const fs::path& v : volumes) {
        if (::stat(v.c_str(), &st) == 0) {
            id += "|" + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) + ":" +
                  std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
                  std::to_string(st.st_mtim.tv_nsec);
        }
    }
    return id;
}

SetChoice first_set(const ServeSources& sources, const ReleaseHook& on_release) {
    std::vector<fs::path> paths = find_bundles(sources);
    if (paths.empty()) {
        fail(ErrorCode::usage,
             sources.dir ? "nothing to serve: no bundle named and none in " + sources.dir->string()
                         : std::string("nothing to serve: name a bundle"));
    }
    Verifying verifying(sources);
    auto set = std::make_shared<ServedSet>(sources.naming);
    std::map<std::string, std::vector<ServedBundle>> by_name;
    for (const fs::path& p : paths) {
        ServedBundle b = verifying.verify(p, on_release);
        set->pool.push_back(b);
        by_name[b.bundle->bom().name].push_back(std::move(b));
    }
    SetChoice choice;
    for (auto& [name, versions] : by_name) {
        std::sort(versions.begin(), versions.end(), newer);
        for (std::size_t i = 1; i < versions.size(); ++i) {
            // Two files of one version must be the same bundle.
            check_rollback(name, versions[i - 1].bundle->bom().version,
                           versions[i - 1].bundle->report().bom_digest,
                           LoadRecord{versions[i].bundle->bom().version,
                                      versions[i].bundle->report().bom_digest,
                                      {},
                                      {},
                                      {},
                                      {}});
            choice.replaced.push_back(label(versions[i]) + " (" + versions[i].path.string() +
                                      ") not served: " + versions[0].bundle->bom().version +
                                      " is newer");
        }
        add_to(*set, versions.front());
    }
    choice.set = set;
    return choice;
}

SetChoice next_set(const ServeSources& sources, const ServedSet& current,
                   const ReleaseHook& on_release, bool recheck) {
    std::vector<fs::path> paths = find_bundles(sources);
    std::map<std::string, const ServedBundle*> known; // identity -> verified before
    for (const ServedBundle& b : current.pool) {
        known[b.identity] = &b;
    }
    std::map<std::string, const ServedBundle*> served; // name -> served now
    for (const ServedBundle& b : current.bundles) {
        served[b.bundle->bom().name] = &b;
    }
    SetChoice choice;
    auto set = std::make_shared<ServedSet>(sources.naming);
    std::set<std::string> fresh; // identities verified in this round
    std::optional<Verifying> verifying;
    for (const fs::path& p : paths) {
        std::string identity = file_identity(p);
        if (auto same = known.find(identity); same != known.end()) {
            set->pool.push_back(*same->second);
            continue;
        }
        if (!recheck && current.passed_over.count(identity) != 0) {
            set->passed_over.insert(identity);
            continue;
        }
        if (!verifying) {
            verifying.emplace(sources);
        }
        try {
            set->pool.push_back(verifying->verify(p, on_release));
            fresh.insert(identity);
        } catch (const Error& e) {
            choice.refused.push_back(refusal(p, e));
            set->passed_over.insert(identity);
        }
    }
    std::set<fs::path> found(paths.begin(), paths.end());
    // A served bundle whose file changed and was refused is still served
    // from the file it was verified in; one whose file is gone is not.
    for (const ServedBundle& b : current.bundles) {
        bool in_pool = std::any_of(set->pool.begin(), set->pool.end(),
                                   [&](const ServedBundle& p) { return p.bundle == b.bundle; });
        if (!in_pool && found.count(b.path) != 0) {
            set->pool.push_back(b);
        }
    }

    std::map<std::string, std::vector<const ServedBundle*>> by_name;
    for (const ServedBundle& b : set->pool) {
        by_name[b.bundle->bom().name].push_back(&b);
    }
    auto refuse = [&](const ServedBundle& b, const Error& e) {
        choice.refused.push_back(refusal(b.path, e));
        set->passed_over.insert(b.identity);
    };
    // What was served before is indexed first, so that a newcomer clashing
    // with it is the one refused.
    std::vector<std::pair<const ServedBundle*, const ServedBundle*>> picks; // pick, fallback
    for (auto& [name, versions] : by_name) {
        std::sort(versions.begin(), versions.end(),
                  [](const ServedBundle* a, const ServedBundle* b) { return newer(*a, *b); });
        auto now = served.find(name);
        const ServedBundle* pick = nullptr;
        for (const ServedBundle* v : versions) {
            if (now == served.end() || v->bundle == now->second->bundle) {
                pick = v;
                break;
            }
            try {
                check_rollback(name, v->bundle->bom().version, v->bundle->report().bom_digest,
                               LoadRecord{now->second->bundle->bom().version,
                                          now->second->bundle->report().bom_digest,
                                          {},
                                          {},
                                          {},
                                          {}});
                pick = v;
                break;
            } catch (const Error& e) {
                refuse(*v, e);
            }
        }
        const ServedBundle* fallback = now == served.end() ? nullptr : now->second;
        if (pick == nullptr) {
            pick = fallback;
        }
        if (pick == nullptr) {
            continue;
        }
        // A new file of an older version than the one served is a rollback.
        for (const ServedBundle* v : versions) {
            if (fresh.count(v->identity) != 0 && v->bundle != pick->bundle && newer(*pick, *v)) {
                choice.refused.push_back(
                    Refusal{v->path, std::string(to_string(ErrorCode::rollback)),
                            label(*v) + " is older than " + label(*pick) + ", which is served"});
            }
        }
        picks.emplace_back(pick, fallback);
    }
    // (pick and fallback point into different lists: compare the bundles.)
    auto unchanged = [](const std::pair<const ServedBundle*, const ServedBundle*>& p) {
        return p.second != nullptr && p.first->bundle == p.second->bundle;
    };
    std::stable_partition(picks.begin(), picks.end(), unchanged);
    for (const auto& [pick, fallback] : picks) {
        try {
            add_to(*set, *pick);
            if (fallback != nullptr && fallback->bundle != pick->bundle) {
                choice.replaced.push_back(pick->bundle->bom().name + " " +
                                          fallback->bundle->bom().version + " -> " +
                                          pick->bundle->bom().version);
            }
        } catch (const Error& e) {
            if (unchanged({pick, fallback})) {
                throw; // what served before no longer indexes: keep the old set
            }
            refuse(*pick, e);
            if (fallback != nullptr) {
                add_to(*set, *fallback);
            }
        }
    }
    std::sort(set->bundles.begin(), set->bundles.end(),
              [](const ServedBundle& a, const ServedBundle& b) {
                  return a.bundle->bom().name < b.bundle->bom().name;
              });
    choice.set = set;
    return choice;
}

} // namespace airlock::loader
