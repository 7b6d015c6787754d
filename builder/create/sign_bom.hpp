#pragma once
// Signs a BOM for `create`: a DSSE envelope over an in-toto validity statement
// whose subject is bom.json. The key is loaded up front so a bad key fails
// before any fetching.
#include "common/core/time.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace airlock::builder {

class BomSigner {
  public:
    BomSigner(const std::filesystem::path& key, std::string role, std::chrono::seconds expires);
    ~BomSigner();
    BomSigner(const BomSigner&) = delete;
    BomSigner& operator=(const BomSigner&) = delete;

    nlohmann::json sign(const std::string& bom_bytes, const std::string& name,
                        const std::string& version, Timestamp issued_at) const;
    std::string key_id() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The time a build records: SOURCE_DATE_EPOCH when set (reproducible builds:
// the same inputs then give the same bundle bytes), else now.
Timestamp build_time();

} // namespace airlock::builder
