#include "builder/sign/sign_bundle.hpp"

#include "builder/create/sign_bom.hpp"
#include "common/bundle/bundle_check.hpp"
#include "common/bundle/slot_rewrite.hpp"
#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/keys.hpp"
#include "common/sign/signature_check.hpp"
#include "common/sign/statement.hpp"
#include "keys/embedded_policy.hpp"

namespace airlock::builder {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

trust::TrustPolicy policy_for(const SignOptions& o, std::string& origin) {
    if (o.trust) {
        origin = o.trust->string();
        return trust::load_trust_policy(*o.trust);
    }
    origin = "the embedded trust policy";
    return trust::parse_trust_policy(embedded_trust_policy(), "embedded trust policy");
}

// The signatures already on the bundle: each must be by a key the policy
// trusts and over this BOM; only the time window may have lapsed.
std::vector<sign::ExaminedSignature> check_existing(const SlotRewrite& bundle,
                                                    const trust::TrustPolicy& policy,
                                                    const std::string& origin) {
    const BundleHead& head = bundle.head();
    auto found =
        sign::examine_signatures(bundle.slot().content.envelopes, policy,
                                 Digest::of(head.bom_bytes), head.bom.name, head.bom.version);
    for (const sign::ExaminedSignature& e : found) {
        if (e.problem != sign::SignatureProblem::none) {
            std::string who = e.key_id.empty() ? "an envelope" : "key " + e.key_id.substr(0, 16);
            std::string hint = e.problem == sign::SignatureProblem::unknown_key
                                   ? " (pass --trust with a policy that lists it)"
                                   : "";
            fail(sign::error_class(e.problem),
                 "bundle " + bundle.files().volumes().front().string() +
                     ": existing signature by " + who + ": " + e.why + " in " + origin + hint +
                     "; refusing to sign it");
        }
    }
    return found;
}

// The slot's envelopes without `key_id`'s signatures (an envelope left with
// no signature goes too).
nlohmann::json without_key(const nlohmann::json& envelopes, const std::string& key_id) {
    nlohmann::json out = nlohmann::json::array();
    for (const nlohmann::json& value : envelopes) {
        dsse::Envelope env = dsse::envelope_from_json(value);
        std::erase_if(env.signatures, [&](const dsse::Signature& s) { return s.keyid == key_id; });
        if (env.signatures.size() == dsse::envelope_from_json(value).signatures.size()) {
            out.push_back(value);
        } else if (!env.signatures.empty()) {
            out.push_back(dsse::to_json(env));
        }
    }
    return out;
}

} // namespace

SignResult sign_bundle(const SignOptions& o) {
    auto started = Clock::now();
    // Everything the user typed is checked before the long hash pass.
    const sign::PrivateKey key = sign::PrivateKey::load(o.key);
    std::string origin;
    const trust::TrustPolicy policy = policy_for(o, origin);
    if (o.mode == SignMode::add && !sign::is_valid_role(o.role)) {
        fail(ErrorCode::usage,
             "invalid role '" + o.role + "': use lowercase letters, digits and '-'");
    }
    SlotRewrite bundle = SlotRewrite::open(o.bundle);
    const BundleHead& head = bundle.head();
    const std::string path = bundle.files().volumes().front().string();

    SignResult r;
    r.bundle = path;
    r.name = head.bom.name;
    r.version = head.bom.version;
    r.key_id = key.id();
    std::vector<sign::ExaminedSignature> existing = check_existing(bundle, policy, origin);
    const sign::ExaminedSignature* mine = nullptr;
    for (const sign::ExaminedSignature& e : existing) {
        if (e.key_id == key.id()) {
            mine = &e;
        }
    }
    if (o.mode == SignMode::add) {
        if (mine != nullptr) {
            fail(ErrorCode::usage, "key " + key.id().substr(0, 16) + " already signed " + path +
                                       " (role " + mine->role + ", valid until " +
                                       format_rfc3339(mine->statement->not_after) +
                                       "); use `airlock-build resign` to refresh it");
        }
        r.role = o.role;
    } else {
        if (mine == nullptr) {
            fail(ErrorCode::usage, "key " + key.id().substr(0, 16) + " has not signed " + path +
                                       "; use `airlock-build sign --role ROLE` to add a signature");
        }
        r.role = mine->statement->role;
        r.replaced_not_after = format_rfc3339(mine->statement->not_after);
    }
    if (const trust::TrustedKey* k = policy.find(key.id())) {
        if (k->role != r.role) {
            fail(ErrorCode::untrusted, "key " + key.id().substr(0, 16) + " has role '" + k->role +
                                           "' in " + origin + "; a '" + r.role +
                                           "' signature by it would never count");
        }
        if (policy.is_revoked(k->id)) {
            fail(ErrorCode::untrusted,
                 "key " + key.id().substr(0, 16) + " is revoked in " + origin);
        }
    } else {
        r.warnings.push_back("key " + key.id().substr(0, 16) + " is not in " + origin +
                             ": loaders count its signature only if their policy lists it");
        log::warn(r.warnings.back());
    }

    auto hashing = Clock::now();
    check_bundle_structure(bundle.files(), head);
    read_checked_index(bundle.files(), head);
    r.payload_bytes = hash_payload(bundle.files(), head, o.progress);
    r.hash_seconds = since(hashing);

    SignatureSlot next = bundle.slot().content;
    if (o.mode == SignMode::refresh) {
        next.envelopes = without_key(next.envelopes, key.id());
    }
    const Timestamp issued = build_time();
    const auto statement = sign::make_validity_statement(
        Digest::of(head.bom_bytes), r.role, head.bom.name, head.bom.version, issued, o.expires);
    next.envelopes.push_back(dsse::to_json(sign::sign_statement(statement, key)));
    r.not_after = format_rfc3339(statement.not_after);
    for (const nlohmann::json& e : next.envelopes) {
        r.signatures += e.at("signatures").size();
    }
    r.generation = bundle.commit(std::move(next));
    r.sign_seconds = since(started) - r.hash_seconds;
    return r;
}

} // namespace airlock::builder
