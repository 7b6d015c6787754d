#pragma once
// A trust policy's key entry for a generated key.
#include "common/sign/keys.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace airlock::test {

inline nlohmann::json key_entry(const sign::PrivateKey& key, const std::string& role,
                                const std::string& not_after = {}) {
    nlohmann::json j = {{"id", key.id()}, {"role", role}, {"publicKey", key.public_key().pem()}};
    if (!not_after.empty()) {
        j["notAfter"] = not_after;
    }
    return j;
}

} // namespace airlock::test
