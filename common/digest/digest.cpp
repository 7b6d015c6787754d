#include "common/digest/digest.hpp"

#include "common/core/error.hpp"

#include <openssl/evp.h>

namespace airlock {

bool is_sha256_hex(std::string_view s) {
    if (s.size() != 64) {
        return false;
    }
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

Digest Digest::parse(std::string_view text) {
    constexpr std::string_view prefix = "sha256:";
    if (!text.starts_with(prefix)) {
        fail(ErrorCode::spec,
             "invalid digest '" + std::string(text) + "': only sha256 is supported");
    }
    return from_hex(text.substr(prefix.size()));
}

Digest Digest::from_hex(std::string_view hex) {
    if (!is_sha256_hex(hex)) {
        fail(ErrorCode::spec, "invalid sha256 digest '" + std::string(hex) + "'");
    }
    Digest d;
    d.hex_ = std::string(hex);
    return d;
}

Digest Digest::of(std::string_view bytes) {
    Sha256 h;
    h.update(bytes);
    return h.finish();
}

struct Sha256::Impl {
    struct Free {
        void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
    };
    std::unique_ptr<EVP_MD_CTX, Free> ctx{EVP_MD_CTX_new()};
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {
    if (!impl_->ctx || EVP_DigestInit_ex(impl_->ctx.get(), EVP_sha256(), nullptr) != 1) {
        fail(ErrorCode::internal, "cannot initialise SHA-256");
    }
}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::span<const std::byte> data) {
    if (!data.empty()) {
        EVP_DigestUpdate(impl_->ctx.get(), data.data(), data.size());
    }
}

void Sha256::update(std::string_view data) {
    update(std::as_bytes(std::span(data.data(), data.size())));
}

Digest Sha256::finish() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(impl_->ctx.get(), md, &len);
    static constexpr char hexdigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        hex.push_back(hexdigits[md[i] >> 4]);
        hex.push_back(hexdigits[md[i] & 0xf]);
    }
    return Digest::from_hex(hex);
}

} // namespace airlock
