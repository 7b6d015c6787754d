#pragma once
// Whether a bundle's signatures meet the trust policy at a given time. Each
// signature is examined (common/sign/signature_check.hpp) and then counts
// only if its statement's window [notBefore, notAfter] and its key's notAfter
// hold `now` (no clock skew is allowed: `now` is already the trusted time,
// never behind any issuedAt seen). Each role the policy requires needs that
// many distinct key ids among the counted signatures; a key that signs twice
// counts once, and a key counts only for the role the policy gives it.
// Every signature is recorded in report.signatures (counted, or the reason it
// is not) and each required role in report.requirements, before any throw;
// the count is over all of report.signatures, so `report` must hold none yet.
// Throws Error(signature) for an empty slot; for a role short of its count,
// the most specific reason charged to that role (expired over untrusted over
// signature) picks the class, and the message names the role, both counts
// and that reason. Whatever the policy requires, at least one signature must
// count: a policy whose roles all require 0 does not make a bundle of
// unverifiable signatures trusted.
#include "common/core/time.hpp"
#include "common/digest/digest.hpp"
#include "common/trust/trust_policy.hpp"
#include "loader/verify/verify_report.hpp"

#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace airlock::loader {

// What the signatures must be about: the bundle's name and version and the
// sha256 of its bom.json bytes.
struct SignatureSubject {
    std::string_view name;
    std::string_view version;
    Digest bom;
};

void check_signatures(const SignatureSubject& bundle, const nlohmann::json& envelopes,
                      const trust::TrustPolicy& policy, Timestamp now, VerifyReport& report);

} // namespace airlock::loader
