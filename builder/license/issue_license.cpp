#include "builder/license/issue_license.hpp"

#include "builder/create/sign_bom.hpp"
#include "common/core/error.hpp"
#include "common/io/temp_file.hpp"
#include "common/sign/keys.hpp"

namespace airlock::builder {

std::map<std::string, std::string> parse_entitlements(const std::vector<std::string>& pairs) {
    std::map<std::string, std::string> out;
    for (const std::string& pair : pairs) {
        const auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0) {
            fail(ErrorCode::usage, "--entitlement '" + pair + "' is not KEY=VALUE");
        }
        if (!out.emplace(pair.substr(0, eq), pair.substr(eq + 1)).second) {
            fail(ErrorCode::usage,
                 "--entitlement '" + pair.substr(0, eq) + "' is given more than once");
        }
    }
    return out;
}

IssuedLicense issue_license(const IssueLicenseOptions& o) {
    if (o.not_before_delay && o.valid_from) {
        fail(ErrorCode::usage, "give --not-before or --valid-from, not both");
    }
    // The key first: a bad key fails before anything else is decided.
    const sign::PrivateKey key = sign::PrivateKey::load(o.key);
    license::License l;
    l.customer = o.customer;
    l.product = o.product;
    l.entitlements = parse_entitlements(o.entitlements);
    l.issued_at = build_time();
    l.not_before = o.valid_from
                       ? *o.valid_from
                       : l.issued_at + o.not_before_delay.value_or(std::chrono::seconds(0));
    l.not_after = l.not_before + o.expires;
    l.id = o.id.empty() ? license::derive_license_id(l) : o.id;
    try {
        license::validate(l);
    } catch (const Error& e) {
        // Here the fields come from the command line, not from a signed document.
        fail(ErrorCode::usage, std::string("cannot issue this ") + e.what());
    }
    const dsse::Envelope envelope = license::sign_license(l, key);
    write_file_atomic(o.output, dsse::serialize(envelope) + "\n", 0644);
    return {std::move(l), key.public_key().id(), o.output};
}

} // namespace airlock::builder
