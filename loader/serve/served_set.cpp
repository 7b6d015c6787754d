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

std::shared_ptr<ServedSet> index_of(const ServeSources& sources,
                                    const std::vector<ServedBundle>& chosen) {
    auto set = std::make_shared<ServedSet>(sources.naming);
    for (const ServedBundle& b : chosen) {
        set->index.add(*b.bundle);
        set->bundles.push_back(b);
    }
    return set;
}

Refusal refusal(const fs::path& path, const Error& e) {
    return Refusal{path, std::string(to_string(e.code())), e.what()};
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
    std::map<std::string, std::vector<ServedBundle>> by_name;
    for (const fs::path& p : paths) {
        ServedBundle b = verifying.verify(p, on_release);
        by_name[b.bundle->bom().name].push_back(std::move(b));
    }
    SetChoice choice;
    std::vector<ServedBundle> chosen;
    std::set<std::string> passed_over;
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
            passed_over.insert(versions[i].identity);
        }
        chosen.push_back(versions.front());
    }
    auto set = index_of(sources, chosen);
    set->passed_over = std::move(passed_over);
    choice.set = set;
    return choice;
}

SetChoice next_set(const ServeSources& sources, const ServedSet& current,
                   const ReleaseHook& on_release, bool recheck) {
    std::vector<fs::path> paths = find_bundles(sources);
    std::map<std::string, const ServedBundle*> by_identity;
    std::map<std::string, const ServedBundle*> current_by_name;
    for (const ServedBundle& b : current.bundles) {
        by_identity[b.identity] = &b;
        current_by_name[b.bundle->bom().name] = &b;
    }
    SetChoice choice;
    std::map<std::string, std::vector<ServedBundle>> candidates;
    std::set<fs::path> found(paths.begin(), paths.end());
    std::optional<Verifying> verifying;
    std::set<std::string> passed_over;
    for (const fs::path& p : paths) {
        std::string identity = file_identity(p);
        if (auto same = by_identity.find(identity); same != by_identity.end()) {
            candidates[same->second->bundle->bom().name].push_back(*same->second);
            continue;
        }
        if (!recheck && current.passed_over.count(identity) != 0) {
            passed_over.insert(identity);
            continue;
        }
        if (!verifying) {
            verifying.emplace(sources);
        }
        try {
            ServedBundle b = verifying->verify(p, on_release);
            candidates[b.bundle->bom().name].push_back(std::move(b));
        } catch (const Error& e) {
            choice.refused.push_back(refusal(p, e));
            passed_over.insert(identity);
        }
    }

    std::vector<ServedBundle> chosen;
    for (auto& [name, versions] : candidates) {
        std::sort(versions.begin(), versions.end(), newer);
        auto served = current_by_name.find(name);
        const ServedBundle* keep = nullptr;
        for (const ServedBundle& v : versions) {
            if (served == current_by_name.end() || v.bundle == served->second->bundle) {
                keep = &v;
                break;
            }
            const Bom& now = served->second->bundle->bom();
            try {
                check_rollback(
                    name, v.bundle->bom().version, v.bundle->report().bom_digest,
                    LoadRecord{
                        now.version, served->second->bundle->report().bom_digest, {}, {}, {}, {}});
                if (v.bundle->report().bom_digest == served->second->bundle->report().bom_digest) {
                    keep = served->second; // the same bundle in another file
                } else {
                    keep = &v;
                    choice.replaced.push_back(name + " " + now.version + " -> " +
                                              v.bundle->bom().version);
                }
                break;
            } catch (const Error& e) {
                choice.refused.push_back(refusal(v.path, e));
                passed_over.insert(v.identity);
            }
        }
        if (keep == nullptr) {
            keep = served->second; // every other version was refused
        }
        // A new file of an older version than the one served is a rollback.
        for (const ServedBundle& v : versions) {
            if (by_identity.count(v.identity) == 0 && v.bundle != keep->bundle && newer(*keep, v)) {
                choice.refused.push_back(
                    Refusal{v.path, std::string(to_string(ErrorCode::rollback)),
                            label(v) + " is older than " + label(*keep) + ", which is served"});
            }
            if (v.bundle != keep->bundle) {
                passed_over.insert(v.identity);
            }
        }
        chosen.push_back(*keep);
    }
    // A served name without candidates: its file is gone (no longer served),
    // or changed and refused (still served from the file it was verified in).
    for (const auto& [name, served] : current_by_name) {
        if (candidates.count(name) == 0 && found.count(served->path) != 0) {
            chosen.push_back(*served);
        }
    }
    std::sort(chosen.begin(), chosen.end(), [](const ServedBundle& a, const ServedBundle& b) {
        return a.bundle->bom().name < b.bundle->bom().name;
    });

    // Index what was served before first, so a newcomer that clashes with it
    // is the one refused.
    auto set = std::make_shared<ServedSet>(sources.naming);
    std::vector<const ServedBundle*> order;
    for (const ServedBundle& b : chosen) {
        if (by_identity.count(b.identity) != 0) {
            order.push_back(&b);
        }
    }
    for (const ServedBundle& b : chosen) {
        if (by_identity.count(b.identity) == 0) {
            order.push_back(&b);
        }
    }
    for (const ServedBundle* b : order) {
        try {
            set->index.add(*b->bundle);
            set->bundles.push_back(*b);
        } catch (const Error& e) {
            if (by_identity.count(b->identity) != 0) {
                throw;
            }
            choice.refused.push_back(refusal(b->path, e));
            auto served = current_by_name.find(b->bundle->bom().name);
            if (served != current_by_name.end()) {
                set->index.add(*served->second->bundle);
                set->bundles.push_back(*served->second);
            }
        }
    }
    set->passed_over = std::move(passed_over);
    choice.set = set;
    return choice;
}

} // namespace airlock::loader
