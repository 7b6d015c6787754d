#pragma once
// Which bundles `serve` serves, and the index over them: found (bundle
// arguments and --dir), verified exactly as `load` verifies, one per bundle
// name (the newest), and indexed. A set is built whole and then only read;
// a reload builds the next one beside it, so a download under way keeps the
// set, and the bundle files, it started with.
#include "loader/serve/serve_index.hpp"
#include "loader/verify/verified_bundle.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace airlock::loader {

struct ServedBundle {
    std::filesystem::path path; // as found: the file, or the base name of a split bundle
    std::string identity;       // path, size and modification time: unchanged means not re-read
    std::shared_ptr<const VerifiedBundle> bundle;
};

struct ServedSet {
    std::vector<ServedBundle> bundles; // one per bundle name, by name
    // Every bundle found and verified, served or not: older versions stay
    // here as the bases a delta's blobs come from, and are not verified
    // again while their files do not change.
    std::vector<ServedBundle> pool;
    ServeIndex index;
    // Identities of files refused: not verified again, nor reported again,
    // until they change (or SIGHUP asks).
    std::set<std::string> passed_over;
    explicit ServedSet(ServeNaming naming) : index(std::move(naming)) {}
};

struct ServeSources {
    std::vector<std::filesystem::path> bundles; // named on the command line
    std::optional<std::filesystem::path> dir;   // every *.airlock and *.airlock.001 in it
    std::filesystem::path state_dir;
    std::optional<std::filesystem::path> trust;
    ServeNaming naming;
};

// The bundle files the sources name now, each once (a split bundle by its
// base name). Error(not_found) for a named bundle that is missing, io for an
// unreadable --dir.
std::vector<std::filesystem::path> find_bundles(const ServeSources& sources);

// What names a file's content for reuse: path, size, modification time (of
// every volume).
std::string file_identity(const std::filesystem::path& bundle);

// Makes a verified bundle shared; `on_release` runs before it is destroyed
// (the guard forgets its blobs).
using ReleaseHook = std::function<void(const VerifiedBundle&)>;

// A refused bundle, for the log and the audit.
struct Refusal {
    std::filesystem::path path;
    std::string code; // ErrorCode's name
    std::string reason;
};

struct SetChoice {
    std::shared_ptr<const ServedSet> set;
    std::vector<Refusal> refused;
    std::vector<std::string> replaced; // "name 1.0.0 -> 2.0.0"
};

// The first set: every bundle must verify (Error of the first failure
// otherwise, with what verify_bundle throws). Of several versions of one
// name the newest is served; a delta is served with its blobs from its base
// bundles, which must be among those found (Error(base) otherwise).
SetChoice first_set(const ServeSources& sources, const ReleaseHook& on_release);

// The next set after `current`: bundles whose files did not change are kept
// as they are; new or changed files are verified, and a bundle that fails,
// or is not newer than the version of its name being served, is refused
// (listed, not thrown) while the served one stays. A name whose files are
// all gone is no longer served. Errors that are not a bundle's (the state
// directory locked, --dir unreadable) are thrown and `current` stays.
// With `recheck`, files passed over before are verified again (SIGHUP: a
// license imported or a trust update since may change the verdict).
SetChoice next_set(const ServeSources& sources, const ServedSet& current,
                   const ReleaseHook& on_release, bool recheck);

} // namespace airlock::loader
