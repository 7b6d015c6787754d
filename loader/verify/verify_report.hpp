#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace airlock::loader {

struct SignatureCheck {
    std::string key_id;
    std::string role;      // the key's role in the policy, when known
    std::string issued_at; // from the statement, when readable
    std::string not_before;
    std::string not_after;
    bool counted = false;
    std::string problem; // why it does not count; empty when counted
};

struct RoleResult {
    unsigned required = 0;
    std::vector<std::string> keys; // distinct key ids that count
};

// What the bundle says about where an image came from: what upstream
// attached to it, and which upstream signatures the builder verified before
// vendoring it (the BOM records both; the bundle's signatures bind them).
struct ImageProvenance {
    std::string ref;
    std::map<std::string, unsigned> attachments; // kind -> count
    std::vector<std::string> verified_by; // "cosign key 1ac5…", "sigstore-bundle a@b (issuer)"
};

// A base bundle a delta builds on, and whether this site's state recorded
// loading it.
struct BaseBundleStatus {
    std::string name;
    std::string version;
    std::string bom_digest;
    bool recorded = false;
};

// What a delta bundle needs at the site. `checked_in` names the target whose
// content was checked (verify --to, load); empty when only the state was.
struct DeltaNeeds {
    std::vector<BaseBundleStatus> bundles;
    std::size_t blobs = 0;
    std::uint64_t bytes = 0;
    std::string checked_in;
};

struct VerifyReport {
    std::string name;
    std::string version;
    std::string bom_digest;
    std::string policy_origin;
    int policy_version = 0;
    std::vector<int> trust_updates; // policy versions adopted from the bundle's slot
    bool development_policy = false;
    std::string trusted_time;
    std::vector<std::string> volumes;
    std::uint64_t size = 0;
    std::vector<SignatureCheck> signatures;
    std::map<std::string, RoleResult> requirements;
    bool deep = false;
    std::uint64_t deep_bytes = 0;
    std::vector<ImageProvenance> images;
    bool delta = false;
    DeltaNeeds base; // when delta

    std::string to_text() const;
};

} // namespace airlock::loader
