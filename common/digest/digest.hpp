#pragma once
// Content digests ("sha256:<64 hex>") and a streaming SHA-256.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace airlock {

// True for exactly 64 lowercase hex digits: a sha256 as digests, key ids and
// in-toto subjects spell it.
bool is_sha256_hex(std::string_view text);

class Digest {
  public:
    Digest() = default;
    // Throws Error(spec) naming the text when it is not "sha256:<64 lowercase hex>".
    static Digest parse(std::string_view text);
    static Digest from_hex(std::string_view hex);
    // Digest of a whole in-memory buffer.
    static Digest of(std::string_view bytes);

    const std::string& hex() const { return hex_; }
    std::string str() const { return "sha256:" + hex_; }
    bool empty() const { return hex_.empty(); }
    auto operator<=>(const Digest&) const = default;

  private:
    std::string hex_;
};

// Streaming SHA-256 over OpenSSL's EVP (hardware SHA where the CPU has it).
class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(std::span<const std::byte> data);
    void update(std::string_view data);
    Digest finish();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace airlock

template <> struct std::hash<airlock::Digest> {
    size_t operator()(const airlock::Digest& d) const noexcept {
        return std::hash<std::string>{}(d.hex());
    }
};
