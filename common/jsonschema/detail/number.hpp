#pragma once
// Private. Numbers as santhosh/jsonschema treats them: every JSON number is
// the exact decimal it prints as (Go's big.Rat of fmt.Sprint(v)), so 0.3 is
// a multiple of 0.1 and 1.0 is an integer. And numbers as its messages print
// them: through golang.org/x/text/message with English rules, so 1000 is
// "1,000" and 1234567.5 is "1.2345675×10⁰⁶".
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace airlock::jsonschema::detail {

// A finite decimal: (negative ? -1 : 1) × 0.d₁d₂…dₙ × 10^exponent, digits
// without leading or trailing zeros (none at all for zero).
struct Decimal {
    bool negative = false;
    std::string digits;
    int exponent = 0;

    static Decimal of(const nlohmann::json& number); // a number_* value
    bool is_zero() const noexcept { return digits.empty(); }
    bool is_integer() const noexcept;
    // The nearest float64 (big.Rat.Float64).
    double to_double() const;
};

// -1, 0 or 1.
int compare(const Decimal& a, const Decimal& b);
// Whether value / divisor is an integer (divisor is not zero).
bool is_multiple_of(const Decimal& value, const Decimal& divisor);

// x/text's %d: "1,234,567".
std::string format_int(long long v);
// x/text's %v of a float64.
std::string format_float(double v);

} // namespace airlock::jsonschema::detail
