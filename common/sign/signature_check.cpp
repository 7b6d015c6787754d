#include "common/sign/signature_check.hpp"

#include "common/core/error.hpp"
#include "common/sign/dsse.hpp"
#include <nlohmann/json.hpp>

namespace airlock::sign {

namespace {

ExaminedSignature examine(const dsse::Envelope& env, const dsse::Signature& s,
                          const trust::TrustPolicy& policy, const Digest& bom,
                          std::string_view name, std::string_view version) {
    ExaminedSignature c;
    c.key_id = s.keyid;
    auto problem = [&](SignatureProblem p, std::string why) {
        c.problem = p;
        c.why = std::move(why);
        return c;
    };
    const trust::TrustedKey* key = policy.find(s.keyid);
    if (key == nullptr) {
        return problem(SignatureProblem::unknown_key, "not a key of the trust policy");
    }
    c.role = key->role;
    if (policy.is_revoked(key->id)) {
        return problem(SignatureProblem::revoked, "key is revoked");
    }
    dsse::Envelope single = env;
    single.signatures = {s};
    try {
        c.statement = verify_validity(single, key->key);
    } catch (const Error& e) {
        return problem(SignatureProblem::bad_signature, e.what());
    }
    const ValidityStatement& st = *c.statement;
    if (st.bom != bom) {
        return problem(SignatureProblem::other_bom,
                       "signature is over another BOM (" + st.bom.str() + ")");
    }
    if (st.bundle_name != name || st.bundle_version != version) {
        return problem(SignatureProblem::other_bundle,
                       "statement names bundle " + st.bundle_name + " " + st.bundle_version);
    }
    if (st.role != key->role) {
        return problem(SignatureProblem::wrong_role, "statement claims role '" + st.role +
                                                         "' but the key's role is '" + key->role +
                                                         "'");
    }
    return c;
}

} // namespace

ErrorCode error_code(Shortfall why) {
    switch (why) {
    case Shortfall::expired:
        return ErrorCode::expired;
    case Shortfall::untrusted:
        return ErrorCode::untrusted;
    default:
        return ErrorCode::signature;
    }
}

Shortfall shortfall_of(ErrorCode code) {
    switch (code) {
    case ErrorCode::expired:
        return Shortfall::expired;
    case ErrorCode::untrusted:
        return Shortfall::untrusted;
    default:
        return Shortfall::signature;
    }
}

ErrorCode error_class(SignatureProblem problem) {
    switch (problem) {
    case SignatureProblem::unknown_key:
    case SignatureProblem::revoked:
    case SignatureProblem::wrong_role:
        return ErrorCode::untrusted;
    default:
        return ErrorCode::signature;
    }
}

std::vector<ExaminedSignature> examine_signatures(const nlohmann::json& envelopes,
                                                  const trust::TrustPolicy& policy,
                                                  const Digest& bom, std::string_view bundle_name,
                                                  std::string_view bundle_version) {
    std::vector<ExaminedSignature> out;
    for (std::size_t i = 0; i < envelopes.size(); ++i) {
        dsse::Envelope env;
        try {
            env = dsse::envelope_from_json(envelopes[i]);
        } catch (const Error& e) {
            ExaminedSignature c;
            c.envelope = i;
            c.problem = SignatureProblem::unreadable;
            c.why = std::string("unreadable envelope: ") + e.what();
            out.push_back(std::move(c));
            continue;
        }
        for (const dsse::Signature& s : env.signatures) {
            ExaminedSignature c = examine(env, s, policy, bom, bundle_name, bundle_version);
            c.envelope = i;
            out.push_back(std::move(c));
        }
    }
    return out;
}

} // namespace airlock::sign
