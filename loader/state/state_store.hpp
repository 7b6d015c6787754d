#pragma once
// The loader's memory (--state-dir): what was loaded per bundle name (rollback
// and equivocation protection) and the trusted-time mark (a clock set back
// cannot revive an expired bundle). One loader at a time: the store holds an
// exclusive lock on the directory for its lifetime.
#include "common/core/time.hpp"
#include "common/io/file.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace airlock::loader {

struct LoadRecord {
    std::string version;
    std::string bom_digest;
    std::string loaded_at;
    std::vector<std::string> key_ids;
    std::string target;
};

class StateStore {
  public:
    // Creates the directory (0700) when absent. Error(io) when it cannot, or
    // when another airlock-load holds the lock.
    explicit StateStore(std::filesystem::path dir);

    std::optional<LoadRecord> loaded(const std::string& bundle_name) const;
    const std::map<std::string, LoadRecord>& all_loaded() const { return loaded_; }
    // The later of the clock and the highest time ever recorded.
    Timestamp trusted_time() const;
    std::optional<Timestamp> high_water() const { return high_water_; }

    // Records a successful load and raises the time mark to `seen` (the
    // newest issuedAt of the bundle's signatures) and now; written atomically.
    void record_load(const std::string& bundle_name, const LoadRecord& record, Timestamp seen);

    const std::filesystem::path& dir() const { return dir_; }

  private:
    void save() const;

    std::filesystem::path dir_;
    File lock_;
    std::map<std::string, LoadRecord> loaded_;
    std::optional<Timestamp> high_water_;
};

} // namespace airlock::loader
