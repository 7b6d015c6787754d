#include "common/sign/keyless.hpp"

#include "common/core/text.hpp"
#include "common/sign/certificate_sct.hpp"
#include "common/sign/detail/upstream_bytes.hpp"

#include <array>
#include <openssl/x509v3.h>

namespace airlock::sign {

using namespace sign_detail;

namespace {

constexpr std::size_t max_carried_chain = 8;
constexpr std::string_view precert_poison_oid = "1.3.6.1.4.1.11129.2.4.3";

struct GeneralNamesFree {
    void operator()(GENERAL_NAMES* names) const noexcept { GENERAL_NAMES_free(names); }
};

std::string_view asn1_text(const ASN1_STRING* s) {
    return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
            static_cast<std::size_t>(ASN1_STRING_length(s))};
}

// The value of the extension with this dotted OID, or nullopt.
std::optional<std::string_view> extension_value(X509* cert, std::string_view oid) {
    const int count = X509_get_ext_count(cert);
    for (int i = 0; i < count; ++i) {
        X509_EXTENSION* ext = X509_get_ext(cert, i);
        std::array<char, 128> text{};
        const int len = OBJ_obj2txt(text.data(), static_cast<int>(text.size()),
                                    X509_EXTENSION_get_object(ext), 1);
        if (len > 0 && static_cast<std::size_t>(len) < text.size() &&
            std::string_view(text.data(), static_cast<std::size_t>(len)) == oid) {
            return asn1_text(X509_EXTENSION_get_data(ext));
        }
    }
    return std::nullopt;
}

CertificateIdentity identity_of(X509* cert) {
    CertificateIdentity out;
    std::unique_ptr<GENERAL_NAMES, GeneralNamesFree> names(static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
    if (names) {
        for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
            const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
            if (name->type == GEN_EMAIL || name->type == GEN_URI || name->type == GEN_DNS) {
                out.sans.emplace_back(asn1_text(name->d.ia5));
            }
        }
    }
    ERR_clear_error();
    if (const auto v2 = extension_value(cert, fulcio_issuer_oid)) {
        const auto item = read_der(*v2);
        if (item && item->tag == 0x0c && item->size == v2->size()) {
            out.issuer = std::string(item->value);
        }
    } else if (const auto v1 = extension_value(cert, fulcio_legacy_issuer_oid)) {
        out.issuer = std::string(*v1);
    }
    return out;
}

std::string time_text(std::int64_t seconds) {
    try {
        return format_rfc3339(Timestamp{std::chrono::seconds(seconds)});
    } catch (const Error&) {
        return std::to_string(seconds);
    }
}

// Verifies `leaf` to the root of `ca` at `signed_at`; empty when it chains,
// else OpenSSL's reason. `issuer` receives the certificate that issued the leaf.
std::string chain_to(X509* leaf, const CertificateAuthority& ca,
                     const std::vector<X509Ptr>& carried, Timestamp signed_at, X509Ptr& issuer) {
    std::vector<X509Ptr> ca_certs;
    for (const std::string& der : ca.chain_der) {
        X509Ptr cert = parse_certificate(der);
        if (!cert) {
            return "a certificate of the CA does not parse";
        }
        ca_certs.push_back(std::move(cert));
    }
    X509StorePtr store(X509_STORE_new());
    X509StackPtr untrusted(sk_X509_new_null());
    X509StoreCtxPtr ctx(X509_STORE_CTX_new());
    if (!store || !untrusted || !ctx ||
        X509_STORE_add_cert(store.get(), ca_certs.back().get()) != 1) {
        return "cannot set up chain verification: " + take_openssl_error();
    }
    for (std::size_t i = 0; i + 1 < ca_certs.size(); ++i) {
        sk_X509_push(untrusted.get(), ca_certs[i].get());
    }
    for (const X509Ptr& cert : carried) {
        sk_X509_push(untrusted.get(), cert.get());
    }
    if (X509_STORE_CTX_init(ctx.get(), store.get(), leaf, untrusted.get()) != 1) {
        return "cannot set up chain verification: " + take_openssl_error();
    }
    // Sets X509_V_FLAG_USE_CHECK_TIME; X509_V_FLAG_PARTIAL_CHAIN stays off, so
    // only the CA's self-signed root anchors the chain.
    X509_STORE_CTX_set_time(ctx.get(), 0,
                            static_cast<time_t>(signed_at.time_since_epoch().count()));
    if (X509_verify_cert(ctx.get()) != 1) {
        const int error = X509_STORE_CTX_get_error(ctx.get());
        ERR_clear_error();
        return X509_verify_cert_error_string(error);
    }
    STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx.get());
    if (chain == nullptr || sk_X509_num(chain) < 2) {
        return "the chain has no issuer";
    }
    issuer.reset(X509_dup(sk_X509_value(chain, 1)));
    if (!issuer) {
        return "cannot copy the issuer: " + take_openssl_error();
    }
    return {};
}

KeylessCheck refuse(KeylessCheck& check, std::string why) {
    check.ok = false;
    check.why = std::move(why);
    check.key.reset();
    return check;
}

} // namespace

std::optional<CertificateIdentity> certificate_identity(std::string_view leaf_der) {
    const X509Ptr leaf = parse_certificate(leaf_der);
    if (!leaf) {
        return std::nullopt;
    }
    return identity_of(leaf.get());
}

KeylessCheck check_keyless_certificate(std::string_view leaf_der,
                                       const std::vector<std::string>& chain_der,
                                       Timestamp signed_at, const TrustedRoot& root,
                                       const IdentityPolicy& identity) {
    KeylessCheck check;
    const X509Ptr leaf = parse_certificate(leaf_der);
    if (!leaf) {
        return refuse(check, "the signing certificate is not a DER X.509 certificate");
    }
    check.identity = identity_of(leaf.get());
    const std::int64_t t = signed_at.time_since_epoch().count();
    const auto not_before = asn1_time_seconds(X509_get0_notBefore(leaf.get()));
    const auto not_after = asn1_time_seconds(X509_get0_notAfter(leaf.get()));
    if (!not_before || !not_after) {
        return refuse(check, "the signing certificate's validity does not parse");
    }
    if (t > *not_after) {
        return refuse(check, "certificate expired at the entry's time " + time_text(t) +
                                 " (valid until " + time_text(*not_after) + ")");
    }
    if (t < *not_before) {
        return refuse(check, "certificate not yet valid at the entry's time " + time_text(t) +
                                 " (valid from " + time_text(*not_before) + ")");
    }
    if (extension_value(leaf.get(), precert_poison_oid)) {
        return refuse(check, "the signing certificate is a precertificate");
    }
    if (chain_der.size() > max_carried_chain) {
        return refuse(check, "the certificate chain is longer than 8 certificates");
    }
    std::vector<X509Ptr> carried;
    for (const std::string& der : chain_der) {
        X509Ptr cert = parse_certificate(der);
        if (!cert) {
            return refuse(check, "a certificate of the chain is not a DER X.509 certificate");
        }
        carried.push_back(std::move(cert));
    }
    X509Ptr issuer;
    std::string chain_why = "the trusted root lists no certificate authority";
    bool chained = false;
    for (const CertificateAuthority& ca : root.certificate_authorities) {
        if (!ca.valid_for.covers(signed_at)) {
            chain_why = "certificate authority " + ca.uri + " not valid at " + time_text(t);
            continue;
        }
        const std::string why = chain_to(leaf.get(), ca, carried, signed_at, issuer);
        if (why.empty()) {
            chained = true;
            break;
        }
        chain_why = why;
    }
    if (!chained) {
        check.untrusted = true;
        return refuse(check, "certificate from an untrusted CA (" + chain_why + ")");
    }
    // X509_get_extension_flags also makes OpenSSL decode the usage extensions.
    const std::uint32_t flags = X509_get_extension_flags(leaf.get());
    if ((flags & EXFLAG_XKUSAGE) == 0 ||
        (X509_get_extended_key_usage(leaf.get()) & XKU_CODE_SIGN) == 0) {
        return refuse(check, "the signing certificate is not for code signing (no codeSigning "
                             "extended key usage)");
    }
    if ((flags & EXFLAG_KUSAGE) != 0 &&
        (X509_get_key_usage(leaf.get()) & KU_DIGITAL_SIGNATURE) == 0) {
        return refuse(check, "the signing certificate's key usage excludes digital signatures");
    }
    const std::string sct_why = check_embedded_sct(leaf_der, certificate_der(issuer.get()), root);
    if (!sct_why.empty()) {
        return refuse(check, sct_why);
    }
    if (check.identity.issuer.empty()) {
        return refuse(check, "the signing certificate names no OIDC issuer");
    }
    if (!identity.matches(check.identity.issuer, check.identity.sans)) {
        const std::string shown =
            check.identity.sans.empty() ? "(no subject)" : check.identity.sans.front();
        check.untrusted = true;
        return refuse(check, "identity " + printable(shown, 200) + " from " +
                                 printable(check.identity.issuer, 200) + " does not match " +
                                 identity.describe());
    }
    try {
        check.key =
            VerifyingKey::from_spki_der(certificate_spki(leaf.get()), "signing certificate");
    } catch (const Error& e) {
        return refuse(check, e.what());
    }
    check.ok = true;
    return check;
}

} // namespace airlock::sign
