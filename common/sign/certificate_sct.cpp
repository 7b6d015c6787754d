#include "common/sign/certificate_sct.hpp"

#include "common/sign/detail/upstream_bytes.hpp"

#include <array>
#include <cstdint>
#include <optional>

namespace airlock::sign {

using namespace sign_detail;

namespace {

// RFC 5246 HashAlgorithm and SignatureAlgorithm codes the SCTs of CT logs use.
constexpr unsigned sct_hash_sha256 = 4;
constexpr unsigned sct_hash_sha384 = 5;
constexpr unsigned sct_hash_sha512 = 6;
constexpr unsigned sct_sig_rsa = 1;
constexpr unsigned sct_sig_ecdsa = 3;
// A certificate carries a handful of SCTs.
constexpr std::size_t max_scts = 16;

struct ParsedSct {
    std::string log_id;
    std::uint64_t timestamp_ms = 0;
    std::string extensions;
    unsigned hash = 0;
    unsigned signature_algorithm = 0;
    std::string signature;
};

// Reads big-endian fields off the front of a TLS structure.
class TlsReader {
  public:
    explicit TlsReader(std::string_view data) : data_(data) {}
    bool done() const { return data_.empty(); }
    std::optional<std::uint64_t> number(std::size_t bytes) {
        if (data_.size() < bytes) {
            return std::nullopt;
        }
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < bytes; ++i) {
            value = (value << 8) | static_cast<unsigned char>(data_[i]);
        }
        data_.remove_prefix(bytes);
        return value;
    }
    std::optional<std::string_view> bytes(std::size_t count) {
        if (data_.size() < count) {
            return std::nullopt;
        }
        const std::string_view out = data_.substr(0, count);
        data_.remove_prefix(count);
        return out;
    }
    // A vector with a `length_bytes`-byte length prefix.
    std::optional<std::string_view> vector(std::size_t length_bytes) {
        const auto length = number(length_bytes);
        if (!length) {
            return std::nullopt;
        }
        return bytes(static_cast<std::size_t>(*length));
    }

  private:
    std::string_view data_;
};

std::optional<ParsedSct> parse_one_sct(std::string_view data) {
    TlsReader in(data);
    ParsedSct sct;
    const auto version = in.number(1);
    const auto log_id = in.bytes(32);
    const auto timestamp = in.number(8);
    const auto extensions = in.vector(2);
    const auto hash = in.number(1);
    const auto algorithm = in.number(1);
    const auto signature = in.vector(2);
    if (!version || *version != 0 || !log_id || !timestamp || !extensions || !hash || !algorithm ||
        !signature || !in.done()) {
        return std::nullopt;
    }
    sct.log_id = std::string(*log_id);
    sct.timestamp_ms = *timestamp;
    sct.extensions = std::string(*extensions);
    sct.hash = static_cast<unsigned>(*hash);
    sct.signature_algorithm = static_cast<unsigned>(*algorithm);
    sct.signature = std::string(*signature);
    return sct;
}

int find_extension(X509* cert, std::string_view oid) {
    const int count = X509_get_ext_count(cert);
    for (int i = 0; i < count; ++i) {
        std::array<char, 128> text{};
        const int len = OBJ_obj2txt(text.data(), static_cast<int>(text.size()),
                                    X509_EXTENSION_get_object(X509_get_ext(cert, i)), 1);
        if (len > 0 && static_cast<std::size_t>(len) < text.size() &&
            std::string_view(text.data(), static_cast<std::size_t>(len)) == oid) {
            return i;
        }
    }
    return -1;
}

// The leaf's TBSCertificate without its SCT list extension, as the log saw it.
std::optional<std::string> precertificate_tbs(X509* leaf, int sct_index) {
    X509Ptr copy(X509_dup(leaf));
    if (!copy) {
        ERR_clear_error();
        return std::nullopt;
    }
    X509_EXTENSION* removed = X509_delete_ext(copy.get(), sct_index);
    if (removed == nullptr) {
        ERR_clear_error();
        return std::nullopt;
    }
    X509_EXTENSION_free(removed);
    OpensslBuffer tbs;
    const int len = i2d_re_X509_tbs(copy.get(), &tbs.data);
    if (len <= 0) {
        ERR_clear_error();
        return std::nullopt;
    }
    return std::string(reinterpret_cast<const char*>(tbs.data), static_cast<std::size_t>(len));
}

std::string signed_sct_data(const ParsedSct& sct, std::string_view issuer_key_hash,
                            std::string_view tbs) {
    std::string out;
    auto put = [&out](std::uint64_t value, std::size_t bytes) {
        for (std::size_t i = bytes; i > 0; --i) {
            out += static_cast<char>((value >> (8 * (i - 1))) & 0xff);
        }
    };
    put(0, 1); // v1
    put(0, 1); // certificate_timestamp
    put(sct.timestamp_ms, 8);
    put(1, 2); // precert_entry
    out += issuer_key_hash;
    put(tbs.size(), 3);
    out += tbs;
    put(sct.extensions.size(), 2);
    out += sct.extensions;
    return out;
}

std::optional<HashAlgorithm> sct_hash_of(unsigned code) {
    switch (code) {
    case sct_hash_sha256:
        return HashAlgorithm::sha256;
    case sct_hash_sha384:
        return HashAlgorithm::sha384;
    case sct_hash_sha512:
        return HashAlgorithm::sha512;
    default:
        return std::nullopt;
    }
}

} // namespace

std::string check_embedded_sct(std::string_view leaf_der, std::string_view issuer_der,
                               const TrustedRoot& root) {
    const X509Ptr leaf = parse_certificate(leaf_der);
    const X509Ptr issuer = parse_certificate(issuer_der);
    if (!leaf || !issuer) {
        return "certificate does not parse";
    }
    const int index = find_extension(leaf.get(), sct_list_oid);
    if (index < 0) {
        return "certificate has no embedded SCT";
    }
    const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(X509_get_ext(leaf.get(), index));
    const std::string_view ext(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                               static_cast<std::size_t>(ASN1_STRING_length(value)));
    const auto wrapped = read_der(ext);
    if (!wrapped || wrapped->tag != 0x04 || wrapped->size != ext.size()) {
        return "certificate's SCT list is not an OCTET STRING";
    }
    TlsReader list(wrapped->value);
    const auto scts = list.vector(2);
    if (!scts || !list.done()) {
        return "certificate's SCT list is malformed";
    }
    const auto tbs = precertificate_tbs(leaf.get(), index);
    if (!tbs) {
        return "cannot rebuild the precertificate";
    }
    const std::string issuer_key_hash =
        hash_bytes(HashAlgorithm::sha256, certificate_spki(issuer.get()));
    TlsReader entries(*scts);
    std::string why = "certificate has no embedded SCT";
    for (std::size_t n = 0; !entries.done(); ++n) {
        const auto entry = entries.vector(2);
        if (!entry || n == max_scts) {
            return "certificate's SCT list is malformed";
        }
        const auto sct = parse_one_sct(*entry);
        if (!sct) {
            why = "certificate's SCT is malformed";
            continue;
        }
        const TransparencyLog* log = root.find_ctlog(sct->log_id);
        if (log == nullptr || !log->key) {
            why = "SCT from a CT log the trusted root does not list (log id " +
                  hex_encode(sct->log_id).substr(0, 16) + ")";
            continue;
        }
        const Timestamp when{std::chrono::seconds(sct->timestamp_ms / 1000)};
        if (!log->valid_for.covers(when)) {
            why = "SCT from CT log " + log->base_url + " outside the log's validity";
            continue;
        }
        const auto hash = sct_hash_of(sct->hash);
        const bool rsa = log->key->type() == VerifyingKeyType::rsa;
        const bool ecdsa = !rsa && log->key->type() != VerifyingKeyType::ed25519;
        if (!hash || !((rsa && sct->signature_algorithm == sct_sig_rsa) ||
                       (ecdsa && sct->signature_algorithm == sct_sig_ecdsa))) {
            why = "SCT's signature algorithm does not match CT log " + log->base_url + "'s key";
            continue;
        }
        if (!log->key->verify(signed_sct_data(*sct, issuer_key_hash, *tbs), sct->signature, *hash,
                              RsaPadding::pkcs1v15)) {
            why = "SCT signature does not verify with CT log " + log->base_url + "'s key";
            continue;
        }
        return {};
    }
    return why;
}

} // namespace airlock::sign
