#pragma once
// Ingredients of bundle signatures for the verification tests: a trust
// policy built from generated keys (through the real parser, so a test
// cannot hold a policy the loader would refuse), and validity statements
// signed with whatever window, role or subject a case needs.
#include "common/core/time.hpp"
#include "common/digest/digest.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/keys.hpp"
#include "common/sign/statement.hpp"
#include "common/trust/trust_policy.hpp"
#include "tests/unit/support/trust_keys.hpp"

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

namespace airlock::test {

// The clock of every case: fixed, so windows are written relative to it.
inline Timestamp fixed_now() {
    return parse_rfc3339("2026-11-23T10:00:00Z", "test time");
}

inline constexpr std::chrono::hours one_day{24};

class PolicyBuilder {
  public:
    PolicyBuilder& key(const sign::PrivateKey& k, const std::string& role,
                       const std::string& not_after = {}) {
        json_["keys"].push_back(key_entry(k, role, not_after));
        return *this;
    }
    PolicyBuilder& require(const std::string& role, unsigned count) {
        json_["require"][role] = count;
        return *this;
    }
    PolicyBuilder& revoke(const sign::PrivateKey& k) {
        json_["revoked"].push_back(k.id());
        return *this;
    }
    trust::TrustPolicy build() const {
        return trust::parse_trust_policy(json_.dump(), "test policy");
    }

  private:
    nlohmann::json json_ = {{"version", 1},
                            {"keys", nlohmann::json::array()},
                            {"require", nlohmann::json::object()},
                            {"revoked", nlohmann::json::array()}};
};

// What one signature vouches for; each field can be bent by a test case.
struct StatementFor {
    Digest bom;
    std::string name;
    std::string version;
    std::string role = "vendor";
    Timestamp not_before = fixed_now() - one_day;
    Timestamp not_after = fixed_now() + 30 * one_day;

    sign::ValidityStatement statement() const {
        return sign::ValidityStatement{bom, role, name, version, not_before, not_before, not_after};
    }
    dsse::Envelope envelope(const sign::PrivateKey& key) const {
        return sign::sign_statement(statement(), key);
    }
    // The envelope as the signature slot carries it.
    nlohmann::json signed_by(const sign::PrivateKey& key) const {
        return dsse::to_json(envelope(key));
    }
};

} // namespace airlock::test
