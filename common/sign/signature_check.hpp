#pragma once
// What each signature in a bundle's slot says and whether the trust policy
// accepts who made it, before any question of time. The loader adds the
// validity window and thresholds on top; the builder's sign and resign refuse
// to touch a bundle carrying any signature that fails here (an expired one is
// fine: refreshing it is the point of re-signing).
#include "common/core/error.hpp"
#include "common/digest/digest.hpp"
#include "common/sign/statement.hpp"
#include "common/trust/trust_policy.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace airlock::sign {

enum class SignatureProblem {
    none,
    unreadable,    // the envelope is not a DSSE envelope
    unknown_key,   // the key id is not in the policy
    revoked,       // the policy revokes the key
    bad_signature, // the signature does not verify, or the statement does not parse
    other_bom,     // a statement about another bom.json
    other_bundle,  // names another bundle name or version
    wrong_role,    // claims a role the policy does not give the key
};

struct ExaminedSignature {
    std::size_t envelope = 0;                   // index in the slot's envelopes
    std::string key_id;                         // as the signature claims it; empty when unreadable
    std::string role;                           // the key's role in the policy, when known
    std::optional<ValidityStatement> statement; // when the signature verifies
    SignatureProblem problem = SignatureProblem::none;
    std::string why; // one line; empty when problem == none
};

// Why a signature did not count, ranked: when a threshold is short (bundle
// signatures, trust updates), the most specific reason picks the exit class.
enum class Shortfall { none, signature, untrusted, expired };
ErrorCode error_code(Shortfall why);
// The other way: expired and untrusted keep their rank, anything else is a
// signature failure.
Shortfall shortfall_of(ErrorCode code);

// The failure class of a problem: untrusted for who signed (unknown,
// revoked, wrong role), signature for what was signed.
ErrorCode error_class(SignatureProblem problem);

// One entry per signature of every envelope (one for an unreadable envelope).
std::vector<ExaminedSignature> examine_signatures(const nlohmann::json& envelopes,
                                                  const trust::TrustPolicy& policy,
                                                  const Digest& bom, std::string_view bundle_name,
                                                  std::string_view bundle_version);

} // namespace airlock::sign
