#include "builder/sprig/detail/decimal.hpp"

#include "builder/sprig/detail/data_support.hpp"
#include "builder/sprig/detail/openssl_owners.hpp"

#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"

#include <cmath>
#include <cstdlib>

namespace airlock::sprig::data_detail {

namespace {
namespace decimals {

constexpr int division_precision = 16;

BignumPtr new_bignum() {
    BignumPtr bn(BN_new());
    if (!bn) {
        fail(ErrorCode::internal, "out of memory for a decimal");
    }
    return bn;
}

BN_CTX* shared_context() {
    thread_local BnCtxPtr context(BN_CTX_new());
    if (!context) {
        fail(ErrorCode::internal, "out of memory for a decimal");
    }
    return context.get();
}

// value * 10^power, power >= 0.
BignumPtr scaled(const BIGNUM* value, std::int64_t power) {
    BignumPtr ten = new_bignum();
    BignumPtr exponent = new_bignum();
    BignumPtr factor = new_bignum();
    BignumPtr out = new_bignum();
    if (BN_set_word(ten.get(), 10) != 1 ||
        BN_set_word(exponent.get(), static_cast<BN_ULONG>(power)) != 1 ||
        BN_exp(factor.get(), ten.get(), exponent.get(), shared_context()) != 1 ||
        BN_mul(out.get(), value, factor.get(), shared_context()) != 1) {
        fail(ErrorCode::internal, "decimal arithmetic failed: " + take_openssl_error_text());
    }
    return out;
}

BignumPtr copy_of(const BIGNUM* value) {
    BignumPtr out(BN_dup(value));
    if (!out) {
        fail(ErrorCode::internal, "out of memory for a decimal");
    }
    return out;
}

} // namespace decimals
} // namespace

struct Decimal::State {
    BignumPtr value; // the number is value * 10^exponent
    std::int64_t exponent = 0;
};

Decimal::Decimal(std::unique_ptr<State> state) : state_(std::move(state)) {}
Decimal::Decimal(Decimal&&) noexcept = default;
Decimal& Decimal::operator=(Decimal&&) noexcept = default;
Decimal::~Decimal() = default;

Decimal Decimal::from_float(double f) {
    using namespace decimals;
    if (std::isnan(f) || std::isinf(f)) {
        go_error("Cannot create a Decimal from " +
                 gotemplate::sprint_value(gotemplate::Value::floating(f)));
    }
    auto state = std::make_unique<State>();
    state->value = new_bignum();
    if (f == 0) {
        return Decimal(std::move(state));
    }
    // The shortest digits that read back as f: "-1.2345e+02".
    const std::string text = gotemplate::go_format_float(f, 'e', -1);
    const std::size_t e = text.find('e');
    std::string digits;
    for (std::size_t i = 0; i < e; ++i) {
        if (text[i] == '-' || (text[i] >= '0' && text[i] <= '9')) {
            digits += text[i];
        }
    }
    const long exponent = std::strtol(text.c_str() + e + 1, nullptr, 10);
    const std::size_t digit_count = digits.size() - (digits[0] == '-' ? 1 : 0);
    BIGNUM* raw = state->value.get();
    if (BN_dec2bn(&raw, digits.c_str()) == 0) {
        fail(ErrorCode::internal, "decimal conversion failed for " + text);
    }
    state->exponent = exponent - static_cast<std::int64_t>(digit_count - 1);
    return Decimal(std::move(state));
}

namespace {
namespace decimals {

// Both values at the smaller exponent.
std::pair<BignumPtr, BignumPtr> aligned(const BIGNUM* a, std::int64_t a_exp, const BIGNUM* b,
                                        std::int64_t b_exp, std::int64_t& exponent) {
    exponent = std::min(a_exp, b_exp);
    return {scaled(a, a_exp - exponent), scaled(b, b_exp - exponent)};
}

} // namespace decimals
} // namespace

Decimal Decimal::add(const Decimal& other) const {
    using namespace decimals;
    auto state = std::make_unique<State>();
    auto [a, b] = aligned(state_->value.get(), state_->exponent, other.state_->value.get(),
                          other.state_->exponent, state->exponent);
    state->value = new_bignum();
    if (BN_add(state->value.get(), a.get(), b.get()) != 1) {
        fail(ErrorCode::internal, "decimal arithmetic failed: " + take_openssl_error_text());
    }
    return Decimal(std::move(state));
}

Decimal Decimal::sub(const Decimal& other) const {
    using namespace decimals;
    auto state = std::make_unique<State>();
    auto [a, b] = aligned(state_->value.get(), state_->exponent, other.state_->value.get(),
                          other.state_->exponent, state->exponent);
    state->value = new_bignum();
    if (BN_sub(state->value.get(), a.get(), b.get()) != 1) {
        fail(ErrorCode::internal, "decimal arithmetic failed: " + take_openssl_error_text());
    }
    return Decimal(std::move(state));
}

Decimal Decimal::mul(const Decimal& other) const {
    using namespace decimals;
    auto state = std::make_unique<State>();
    state->value = new_bignum();
    if (BN_mul(state->value.get(), state_->value.get(), other.state_->value.get(),
               shared_context()) != 1) {
        fail(ErrorCode::internal, "decimal arithmetic failed: " + take_openssl_error_text());
    }
    state->exponent = state_->exponent + other.state_->exponent;
    return Decimal(std::move(state));
}

// q = trunc(a / b * 10^16), then one more unit (away from zero) when the
// remainder is at least half of b: shopspring's DivRound.
Decimal Decimal::div(const Decimal& other) const {
    using namespace decimals;
    if (BN_is_zero(other.state_->value.get())) {
        go_error("decimal division by 0");
    }
    const std::int64_t shift = state_->exponent - other.state_->exponent + division_precision;
    BignumPtr numerator =
        shift >= 0 ? scaled(state_->value.get(), shift) : copy_of(state_->value.get());
    BignumPtr denominator =
        shift >= 0 ? copy_of(other.state_->value.get()) : scaled(other.state_->value.get(), -shift);
    BignumPtr quotient = new_bignum();
    BignumPtr remainder = new_bignum();
    if (BN_div(quotient.get(), remainder.get(), numerator.get(), denominator.get(),
               shared_context()) != 1) {
        fail(ErrorCode::internal, "decimal arithmetic failed: " + take_openssl_error_text());
    }
    BignumPtr twice_remainder = new_bignum();
    if (BN_lshift1(twice_remainder.get(), remainder.get()) != 1) {
        fail(ErrorCode::internal, "decimal arithmetic failed: " + take_openssl_error_text());
    }
    if (BN_ucmp(twice_remainder.get(), denominator.get()) >= 0) {
        const bool negative =
            BN_is_negative(state_->value.get()) != BN_is_negative(other.state_->value.get());
        const int ok = negative ? BN_sub_word(quotient.get(), 1) : BN_add_word(quotient.get(), 1);
        if (ok != 1) {
            fail(ErrorCode::internal, "decimal arithmetic failed: " + take_openssl_error_text());
        }
    }
    auto state = std::make_unique<State>();
    state->value = std::move(quotient);
    state->exponent = -division_precision;
    return Decimal(std::move(state));
}

double Decimal::to_float() const {
    using namespace decimals;
    OpensslStringPtr digits(BN_bn2dec(state_->value.get()));
    if (!digits) {
        fail(ErrorCode::internal, "decimal conversion failed");
    }
    const std::string text = std::string(digits.get()) + "e" + std::to_string(state_->exponent);
    return std::strtod(text.c_str(), nullptr);
}

} // namespace airlock::sprig::data_detail
