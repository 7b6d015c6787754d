#include "common/sign/detail/upstream_bytes.hpp"

#include "common/core/text.hpp"

#include <openssl/asn1.h>
#include <openssl/pem.h>

#include <chrono>

namespace airlock::sign_detail {

std::string hex_encode(std::string_view raw) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(raw.size() * 2);
    for (const char c : raw) {
        const auto byte = static_cast<unsigned char>(c);
        out += digits[byte >> 4];
        out += digits[byte & 0x0f];
    }
    return out;
}

std::optional<std::string> hex_decode(std::string_view hex) {
    if (hex.size() % 2 != 0) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int high = hex_digit_value(hex[i]);
        const int low = hex_digit_value(hex[i + 1]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        out += static_cast<char>(high * 16 + low);
    }
    return out;
}

std::vector<std::string> pem_blocks(std::string_view text, std::string_view label,
                                    std::size_t max_blocks, ErrorCode code, std::string_view what) {
    const std::string where(what);
    // A certificate chain is a few KiB; this bounds a hostile annotation.
    if (text.size() > 256 * 1024) {
        fail(code, where + ": larger than 256 KiB");
    }
    BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    if (!bio) {
        fail(ErrorCode::internal, "cannot allocate an OpenSSL buffer");
    }
    std::vector<std::string> blocks;
    for (;;) {
        OpensslString name;
        OpensslString header;
        OpensslBuffer der;
        if (PEM_read_bio(bio.get(), &name.data, &header.data, &der.data, &der.size) != 1) {
            ERR_clear_error();
            break;
        }
        if (std::string_view(name.data) != label) {
            fail(code, where + ": holds a PEM block \"" + printable(name.data, 64) +
                           "\" where only \"" + std::string(label) + "\" blocks belong");
        }
        if (blocks.size() == max_blocks) {
            fail(code, where + ": more than " + std::to_string(max_blocks) + " PEM blocks");
        }
        blocks.emplace_back(reinterpret_cast<const char*>(der.data),
                            static_cast<std::size_t>(der.size));
    }
    if (blocks.empty()) {
        fail(code, where + ": not PEM (expected -----BEGIN " + std::string(label) + "-----)");
    }
    return blocks;
}

X509Ptr parse_certificate(std::string_view der) {
    if (der.empty() || der.size() > 64 * 1024) {
        return nullptr;
    }
    const unsigned char* p = uchar_data(der);
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!cert || p != uchar_data(der) + der.size()) {
        ERR_clear_error();
        return nullptr;
    }
    return cert;
}

std::string certificate_der(X509* cert) {
    OpensslBuffer der;
    const int len = i2d_X509(cert, &der.data);
    if (len <= 0) {
        fail(ErrorCode::internal, "cannot encode a certificate: " + take_openssl_error());
    }
    return std::string(reinterpret_cast<const char*>(der.data), static_cast<std::size_t>(len));
}

std::string certificate_spki(X509* cert) {
    OpensslBuffer der;
    const int len = i2d_PUBKEY(X509_get0_pubkey(cert), &der.data);
    if (len <= 0) {
        fail(ErrorCode::internal, "cannot encode a certificate's key: " + take_openssl_error());
    }
    return std::string(reinterpret_cast<const char*>(der.data), static_cast<std::size_t>(len));
}

std::optional<DerItem> read_der(std::string_view der) {
    if (der.size() < 2) {
        return std::nullopt;
    }
    DerItem item;
    item.tag = static_cast<unsigned char>(der[0]);
    std::size_t pos = 2;
    std::size_t length = static_cast<unsigned char>(der[1]);
    if (length & 0x80) {
        const std::size_t octets = length & 0x7f;
        if (octets == 0 || octets > 4 || der.size() < 2 + octets) {
            return std::nullopt;
        }
        length = 0;
        for (std::size_t i = 0; i < octets; ++i) {
            length = (length << 8) | static_cast<unsigned char>(der[2 + i]);
        }
        pos += octets;
    }
    if (length > der.size() - pos) {
        return std::nullopt;
    }
    item.value = der.substr(pos, length);
    item.size = pos + length;
    return item;
}

std::optional<std::int64_t> asn1_time_seconds(const ASN1_TIME* time) {
    struct tm parts {};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    using namespace std::chrono;
    const sys_days day = year{parts.tm_year + 1900} /
                         month{static_cast<unsigned>(parts.tm_mon + 1)} /
                         static_cast<unsigned>(parts.tm_mday);
    const auto seconds = duration_cast<std::chrono::seconds>(day.time_since_epoch()).count() +
                         parts.tm_hour * 3600 + parts.tm_min * 60 + parts.tm_sec;
    return seconds;
}

} // namespace airlock::sign_detail
