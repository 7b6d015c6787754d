#include "common/sign/upstream_policy.hpp"

#include "common/core/error.hpp"
#include "common/core/text.hpp"

namespace airlock::sign {

IdentityPolicy IdentityPolicy::make(std::string issuer, std::string subject,
                                    std::string subject_regexp, std::string_view origin) {
    const std::string where(origin);
    if (issuer.empty()) {
        fail(ErrorCode::spec, where + ": identity needs an issuer");
    }
    if (subject.empty() == subject_regexp.empty()) {
        fail(ErrorCode::spec, where + ": identity needs exactly one of subject and subjectRegExp");
    }
    IdentityPolicy policy;
    policy.issuer = std::move(issuer);
    policy.subject = std::move(subject);
    if (!subject_regexp.empty()) {
        try {
            // Compiled alone first so that its errors quote the pattern as written.
            (void)goregexp::Regexp::compile(subject_regexp);
            policy.subject_regexp = goregexp::Regexp::compile("^(?:" + subject_regexp + ")$");
        } catch (const Error& e) {
            fail(ErrorCode::spec, where + ": subjectRegExp: " + e.what());
        }
    }
    return policy;
}

bool IdentityPolicy::matches(const std::string& cert_issuer,
                             const std::vector<std::string>& sans) const {
    if (cert_issuer != issuer) {
        return false;
    }
    for (const std::string& san : sans) {
        if (subject_regexp ? subject_regexp->match(san) : san == subject) {
            return true;
        }
    }
    return false;
}

std::string IdentityPolicy::describe() const {
    if (subject_regexp) {
        // The stored pattern is anchored; show the one the user wrote.
        const std::string& anchored = subject_regexp->pattern();
        return "subject matching /" + printable(anchored.substr(4, anchored.size() - 6), 200) +
               "/ from " + printable(issuer, 200);
    }
    return "subject " + printable(subject, 200) + " from " + printable(issuer, 200);
}

std::string UpstreamVerdict::why() const {
    std::string out;
    for (const std::string& failure : failures) {
        out += out.empty() ? failure : "; " + failure;
    }
    return out;
}

UpstreamVerdict UpstreamVerdict::refuse(std::string reason) {
    verified = false;
    signer.clear();
    key_id.clear();
    identity.clear();
    issuer.clear();
    logged_at.reset();
    failures.push_back(std::move(reason));
    return *this;
}

} // namespace airlock::sign
