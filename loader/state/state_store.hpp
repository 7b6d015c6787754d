#pragma once
// The loader's memory (--state-dir): what was loaded per bundle name (rollback
// and equivocation protection) and the trusted-time mark (a clock set back
// cannot revive an expired bundle), and a copy of every BOM loaded (what the
// mirror holds, for mirror-config and the resolver). One writer at a time:
// the store holds a lock on the directory for its lifetime, exclusive for a
// writer, shared for a reader.
#include "common/bundle/bom.hpp"
#include "common/core/time.hpp"
#include "common/io/file.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace airlock::loader {

// A signature that counted when the bundle was loaded: what `status`
// reports the remaining validity of.
struct LoadedSignature {
    std::string key_id;
    std::string role;
    std::string not_after;
};

struct LoadRecord {
    std::string version;
    std::string bom_digest;
    std::string loaded_at;
    std::vector<std::string> key_ids;
    std::string target;
    std::vector<LoadedSignature> signatures; // empty in records older than this field
};

// A BOM the state kept: its digest, the BOM, and when it was kept (the time
// of that load).
struct RecordedBom {
    Digest digest;
    Bom bom;
    std::string kept_at;
};

class StateStore {
  public:
    enum class Access { write, read };

    // A writer creates the directory (0700) when absent; a reader of an
    // absent directory sees an empty state. Error(io) when the directory
    // cannot be made or read, or when a writer holds the lock (or, for a
    // writer, anyone does).
    explicit StateStore(std::filesystem::path dir, Access access = Access::write);

    std::optional<LoadRecord> loaded(const std::string& bundle_name) const;
    const std::map<std::string, LoadRecord>& all_loaded() const { return loaded_; }
    // The later of the clock and the highest time ever recorded.
    Timestamp trusted_time() const;
    std::optional<Timestamp> high_water() const { return high_water_; }

    // Records a successful load, keeps the BOM's bytes, and raises the time
    // mark to `seen` (the newest issuedAt of the bundle's signatures) and now;
    // each file is written atomically.
    void record_load(const std::string& bundle_name, const LoadRecord& record, Timestamp seen,
                     const std::string& bom_bytes);
    // Raises the time mark to `seen` (a signed time, such as an imported
    // license's issuedAt) and now, and saves the state atomically.
    void raise_time(Timestamp seen);

    // Every BOM ever loaded through this state, oldest first by file name
    // order (stable), each checked against its digest. Error(io) naming the
    // file when one was altered.
    std::vector<Bom> recorded_boms() const;
    // The same with each BOM's digest and the time it was kept.
    std::vector<RecordedBom> recorded_bom_entries() const;
    // The BOM recorded under `bom_digest` ("sha256:..."), checked as above;
    // nullopt when none was kept (a state older than BOM keeping).
    std::optional<Bom> recorded_bom(const std::string& bom_digest) const;

    const std::filesystem::path& dir() const { return dir_; }
    // STATE/<name>, created owner-only (0700) when absent, for what a writer
    // keeps there (boms, licenses, trust updates). Error(io) when it cannot be.
    std::filesystem::path private_dir(std::string_view name) const;

  private:
    void save() const;
    std::filesystem::path boms_dir() const { return dir_ / "boms"; }

    std::filesystem::path dir_;
    File lock_;
    std::map<std::string, LoadRecord> loaded_;
    std::optional<Timestamp> high_water_;
};

} // namespace airlock::loader
