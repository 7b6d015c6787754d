#pragma once
// airlock-build sign and resign: add a signature to a finished bundle (a
// customer co-signature) or replace a key's signature with a fresh validity
// statement (a stockpiled bundle before delivery). Both first hash the whole
// payload against the BOM and check every signature already on the bundle
// against the trust policy (expired is fine; forged, unknown or revoked is
// not), then rewrite only the signature slot (common/bundle/slot_rewrite).
#include "common/core/time.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>


namespace airlock::builder {

enum class SignMode {
    add,     // sign: a new signature by a key that has not signed the bundle
    refresh, // resign: replace the key's signature, keeping its role
};

struct SignOptions {
    std::filesystem::path bundle;
    std::filesystem::path key;
    SignMode mode = SignMode::add;
    std::string role; // sign only
    std::chrono::seconds expires{0};
    // The policy that existing signatures are checked against; the embedded
    // one when empty.
    std::optional<std::filesystem::path> trust;
    bool progress = false;
};

struct SignResult {
    std::string bundle;
    std::string name;
    std::string version;
    std::string key_id;
    std::string role;
    std::string not_after;
    std::string replaced_not_after; // resign: the window that was replaced
    std::uint64_t generation = 0;
    std::size_t signatures = 0; // on the bundle now
    std::uint64_t payload_bytes = 0;
    double hash_seconds = 0; // the full pass over the payload
    double sign_seconds = 0; // everything else: checks, signing, the slot write
    std::vector<std::string> warnings;

};

SignResult sign_bundle(const SignOptions& options);

} // namespace airlock::builder
