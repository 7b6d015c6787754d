#pragma once
// audit.jsonl: one JSON object per line, each carrying the sha256 of the line
// before it ("prev"), so removing or editing a line breaks the chain.
#include <filesystem>
#include <mutex>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace airlock {

class AuditLog {
  public:
    // The log at `path`, created (0600) on the first append.
    explicit AuditLog(std::filesystem::path path);

    // Appends {"time", "event", ...fields, "prev"} and makes it durable.
    // Thread-safe, and safe beside other processes appending to the same
    // file: each append locks the file and chains to its last line as it is.
    void append(const std::string& event, nlohmann::json fields);
    void append(const std::string& event);

    // Checks the chain of a log file; returns the number of lines, or throws
    // Error(integrity) naming the first line that does not chain.
    static std::size_t verify_chain(const std::filesystem::path& path);

  private:
    std::filesystem::path path_;
    std::mutex mu_;
};

} // namespace airlock
