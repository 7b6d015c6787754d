// sprig's math: integer functions convert every operand with cast.ToInt64
// (strings are parsed, unconvertible values are 0) and compute in int64 with
// Go's wrap-around; the float functions convert with cast.ToFloat64 and
// (addf, subf, mulf, divf) compute in decimal, as sprig does.
#include "builder/sprig/detail/data_functions.hpp"
#include "builder/sprig/detail/data_support.hpp"
#include "builder/sprig/detail/decimal.hpp"

#include <cmath>

namespace airlock::sprig::data_detail {

namespace {
namespace math {

using gotemplate::CallContext;
using gotemplate::Signature;
using gotemplate::Type;

std::int64_t wrap_add(std::int64_t a, std::int64_t b) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}

std::int64_t wrap_mul(std::int64_t a, std::int64_t b) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}

// Go's / and % on int64: a zero divisor panics; MinInt64 / -1 wraps to
// MinInt64 (remainder 0) instead of trapping as C++ would.
std::int64_t go_divide(std::int64_t a, std::int64_t b, bool remainder) {
    if (b == 0) {
        go_error("runtime error: integer divide by zero");
    }
    if (b == -1) {
        return remainder ? 0 : static_cast<std::int64_t>(0 - static_cast<std::uint64_t>(a));
    }
    return remainder ? a % b : a / b;
}

// math.Max and math.Min: infinities win over NaN, NaN over numbers, and +0
// is larger than -0.
double go_max(double x, double y) {
    if (std::isinf(x) && x > 0) {
        return x;
    }
    if (std::isinf(y) && y > 0) {
        return y;
    }
    if (std::isnan(x) || std::isnan(y)) {
        return std::nan("");
    }
    if (x == 0 && x == y) {
        return std::signbit(x) ? y : x;
    }
    return x > y ? x : y;
}

double go_min(double x, double y) {
    if (std::isinf(x) && x < 0) {
        return x;
    }
    if (std::isinf(y) && y < 0) {
        return y;
    }
    if (std::isnan(x) || std::isnan(y)) {
        return std::nan("");
    }
    if (x == 0 && x == y) {
        return std::signbit(x) ? x : y;
    }
    return x < y ? x : y;
}

// Go's math.Pow(10, y) for an integral y, which squares and multiplies the
// frexp mantissa and applies the exponent last: its rounding can differ from
// the C library's pow in the last bit, and round() divides by it.
double go_pow10(double y) {
    if (y == 0) {
        return 1;
    }
    if (y == 1) {
        return 10;
    }
    const double magnitude = std::fabs(y);
    if (magnitude >= 9223372036854775808.0) {
        return y > 0 ? HUGE_VAL : 0.0;
    }
    double a1 = 1;
    long long ae = 0;
    int xe = 0;
    double x1 = std::frexp(10.0, &xe);
    long long x_exponent = xe;
    for (auto i = static_cast<std::int64_t>(magnitude); i != 0; i >>= 1) {
        if (x_exponent < -(1LL << 12) || (1LL << 12) < x_exponent) {
            ae += x_exponent;
            break;
        }
        if ((i & 1) == 1) {
            a1 *= x1;
            ae += x_exponent;
        }
        x1 *= x1;
        x_exponent <<= 1;
        if (x1 < 0.5) {
            x1 += x1;
            --x_exponent;
        }
    }
    if (y < 0) {
        a1 = 1 / a1;
        ae = -ae;
    }
    if (ae > 100000) {
        return HUGE_VAL;
    }
    if (ae < -100000) {
        return 0.0;
    }
    return std::ldexp(a1, static_cast<int>(ae));
}

Value int_result(std::int64_t v) {
    return Value::int64(v);
}

Value add(CallContext&, std::vector<Value>& args) {
    std::int64_t sum = 0;
    for (const Value& v : args) {
        sum = wrap_add(sum, cast_to_int64(v));
    }
    return int_result(sum);
}

Value add1(CallContext&, std::vector<Value>& args) {
    return int_result(wrap_add(cast_to_int64(args[0]), 1));
}

Value sub(CallContext&, std::vector<Value>& args) {
    const std::int64_t a = cast_to_int64(args[0]);
    const std::int64_t b = cast_to_int64(args[1]);
    return int_result(
        static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b)));
}

Value div(CallContext&, std::vector<Value>& args) {
    return int_result(go_divide(cast_to_int64(args[0]), cast_to_int64(args[1]), false));
}

Value mod(CallContext&, std::vector<Value>& args) {
    return int_result(go_divide(cast_to_int64(args[0]), cast_to_int64(args[1]), true));
}

Value mul(CallContext&, std::vector<Value>& args) {
    std::int64_t product = cast_to_int64(args[0]);
    for (std::size_t i = 1; i < args.size(); ++i) {
        product = wrap_mul(product, cast_to_int64(args[i]));
    }
    return int_result(product);
}

Value max(CallContext&, std::vector<Value>& args) {
    std::int64_t best = cast_to_int64(args[0]);
    for (std::size_t i = 1; i < args.size(); ++i) {
        best = std::max(best, cast_to_int64(args[i]));
    }
    return int_result(best);
}

Value min(CallContext&, std::vector<Value>& args) {
    std::int64_t best = cast_to_int64(args[0]);
    for (std::size_t i = 1; i < args.size(); ++i) {
        best = std::min(best, cast_to_int64(args[i]));
    }
    return int_result(best);
}

Value maxf(CallContext&, std::vector<Value>& args) {
    double best = cast_to_float64(args[0]);
    for (std::size_t i = 1; i < args.size(); ++i) {
        best = go_max(best, cast_to_float64(args[i]));
    }
    return Value::floating(best);
}

Value minf(CallContext&, std::vector<Value>& args) {
    double best = cast_to_float64(args[0]);
    for (std::size_t i = 1; i < args.size(); ++i) {
        best = go_min(best, cast_to_float64(args[i]));
    }
    return Value::floating(best);
}

Value floor(CallContext&, std::vector<Value>& args) {
    return Value::floating(std::floor(cast_to_float64(args[0])));
}

Value ceil(CallContext&, std::vector<Value>& args) {
    return Value::floating(std::ceil(cast_to_float64(args[0])));
}

// sprig's round: scale by 10^places, take the ceiling when the fraction
// reaches roundOn (0.5 unless given) and the floor otherwise, scale back.
// Negative numbers have negative fractions, so -1.5 rounds to -2 and -0.4
// to -1, as in Go.
Value round(CallContext&, std::vector<Value>& args) {
    const double round_on = args.size() > 2 ? args[2].as_float() : 0.5;
    const double value = cast_to_float64(args[0]);
    const double scale = go_pow10(static_cast<double>(args[1].as_int()));
    const double digit = scale * value;
    double whole = 0;
    const double fraction = std::modf(digit, &whole);
    const double rounded = fraction >= round_on ? std::ceil(digit) : std::floor(digit);
    return Value::floating(rounded / scale);
}

enum class DecimalOp { add, sub, mul, div };

double decimal_fold(const Value& first, const Value* rest, std::size_t count, DecimalOp op) {
    Decimal total = Decimal::from_float(cast_to_float64(first));
    for (std::size_t i = 0; i < count; ++i) {
        const Decimal operand = Decimal::from_float(cast_to_float64(rest[i]));
        switch (op) {
        case DecimalOp::add:
            total = total.add(operand);
            break;
        case DecimalOp::sub:
            total = total.sub(operand);
            break;
        case DecimalOp::mul:
            total = total.mul(operand);
            break;
        case DecimalOp::div:
            total = total.div(operand);
            break;
        }
    }
    return total.to_float();
}

Value addf(CallContext&, std::vector<Value>& args) {
    return Value::floating(
        decimal_fold(Value::floating(0), args.data(), args.size(), DecimalOp::add));
}

Value add1f(CallContext&, std::vector<Value>& args) {
    const Value one = Value::integer(1);
    return Value::floating(decimal_fold(args[0], &one, 1, DecimalOp::add));
}

gotemplate::Callable decimal_function(DecimalOp op) {
    return [op](CallContext&, std::vector<Value>& args) {
        return Value::floating(decimal_fold(args[0], args.data() + 1, args.size() - 1, op));
    };
}

} // namespace math
} // namespace

void register_math_functions(gotemplate::FunctionTable& table) {
    using namespace math;
    const Signature one_to_int{{Type::any}, false, Type::int64};
    const Signature two_to_int{{Type::any, Type::any}, false, Type::int64};
    const Signature many_to_int{{Type::any}, true, Type::int64};
    const Signature first_and_many_to_int{{Type::any, Type::any}, true, Type::int64};
    table.add("add", many_to_int, add);
    table.add("add1", one_to_int, add1);
    table.add("sub", two_to_int, sub);
    table.add("div", two_to_int, div);
    table.add("mod", two_to_int, mod);
    table.add("mul", first_and_many_to_int, mul);
    table.add("max", first_and_many_to_int, max);
    table.add("biggest", first_and_many_to_int, max);
    table.add("min", first_and_many_to_int, min);

    const Signature one_to_float{{Type::any}, false, Type::float64};
    const Signature many_to_float{{Type::any}, true, Type::float64};
    const Signature first_and_many_to_float{{Type::any, Type::any}, true, Type::float64};
    table.add("maxf", first_and_many_to_float, maxf);
    table.add("minf", first_and_many_to_float, minf);
    table.add("floor", one_to_float, floor);
    table.add("ceil", one_to_float, ceil);
    table.add("round", Signature{{Type::any, Type::int_, Type::float64}, true, Type::float64},
              round);
    table.add("addf", many_to_float, addf);
    table.add("add1f", one_to_float, add1f);
    table.add("subf", first_and_many_to_float, decimal_function(DecimalOp::sub));
    table.add("mulf", first_and_many_to_float, decimal_function(DecimalOp::mul));
    table.add("divf", first_and_many_to_float, decimal_function(DecimalOp::div));
}

} // namespace airlock::sprig::data_detail
