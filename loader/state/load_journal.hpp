#pragma once
// The resume journal: what an unfinished load of one target was doing, kept
// in <state-dir>/journal/<hash of the target>.json and rewritten atomically
// as the load moves on. A load that finishes removes it. The next load into
// the same target finds it and
//   - reports that it resumes (which bundle, which phase was reached);
//   - cancels the upload sessions the killed run left open, so the
//     registry does not keep their partial bytes until it purges them.
// What the target already committed needs no journal: blobs and manifests
// are asked for (HEAD) and skipped, so nothing committed is sent again.
#include "common/digest/digest.hpp"

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace airlock::loader {

struct JournalEntry {
    std::string target;
    std::string bundle;
    std::string name;
    std::string version;
    std::string bom_digest;
    std::string started;
    std::string phase; // "blobs", "manifests", "tags"
    // (repository, blob digest) -> upload session URL
    std::map<std::pair<std::string, std::string>, std::string> sessions;
};

class LoadJournal {
  public:
    // The journal of `target` under `state_dir`; reads what a previous run left.
    LoadJournal(const std::filesystem::path& state_dir, const std::string& target);

    // What an interrupted earlier run left, if anything (read at construction).
    const std::optional<JournalEntry>& previous() const { return previous_; }

    // Starts this run's record (replacing the previous one).
    void begin(JournalEntry entry);
    void set_phase(const std::string& phase);
    // Records (session non-empty) or forgets (empty) one upload session. Thread-safe.
    void session(const std::string& repo, const Digest& blob, const std::string& session);
    // The load finished: the journal is removed.
    void finish();

  private:
    void save_locked() const;

    std::filesystem::path dir_;
    std::filesystem::path path_;
    std::optional<JournalEntry> previous_;
    mutable std::mutex mu_;
    JournalEntry current_;
    bool active_ = false;
};

} // namespace airlock::loader
