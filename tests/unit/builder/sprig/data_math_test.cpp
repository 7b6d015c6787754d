// Facts from sprig v3.3.0's numeric.go and functions.go, spf13/cast v1.7.0,
// shopspring/decimal v1.4.0, and what helm v4.1.4 prints.
#include "data_test_support.hpp"

#include <catch2/catch.hpp>

using namespace airlock::sprig_data_test;

TEST_CASE("sprig integer math converts operands with cast.ToInt64", "[sprig-data]") {
    DataFunctions fns;
    // 1 + 0x10 + 010 (octal) + "1.0" + "1.5" (refused: 0) + nil + true + 2.7 + -2.7
    CHECK(fns.print("add", {i(1), s("0x10"), s("010"), s("1.0"), s("1.5"), nil(), b(true), f(2.7),
                            f(-2.7)}) == "27");
    CHECK(fns.print("add1", {s("5.0")}) == "6");
    CHECK(fns.print("add1", {s("5.")}) == "1");
    CHECK(fns.print("add1", {s("1_000")}) == "1001");
    CHECK(fns.print("add1", {s("0b11")}) == "4");
    CHECK(fns.print("add1", {s("0o7")}) == "8");
    CHECK(fns.print("add1", {s(" 5")}) == "1");
    CHECK(fns.print("add1", {s("5.10")}) == "1");
    CHECK(fns.print("add1", {s("-0x10")}) == "-15");
    CHECK(fns.print("add1", {s("+3")}) == "4");
    CHECK(fns.print("add1", {s("08")}) == "1");
    CHECK(fns.print("add1", {s("1__0")}) == "1");
    CHECK(fns.print("add1", {s("0x_1")}) == "2");
    CHECK(fns.print("add1", {s("-0.00")}) == "1");
    CHECK(fns.print("add1", {s("1e2")}) == "1");
    CHECK(fns.print("add1", {s("9223372036854775808")}) == "1");
    CHECK(fns.print("add1", {list({i(1)})}) == "1");
    // Go's float64 -> int64 on amd64 gives MinInt64 out of range.
    CHECK(fns.print("add1", {f(1e30)}) == "-9223372036854775807");
    CHECK(fns.print("add1", {f(-1e30)}) == "-9223372036854775807");
    CHECK(fns.call("add1", {i(1)}).type_name() == "int64");
}

TEST_CASE("sprig sub, mul, div, mod, max, min", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.print("div", {i(7), i(2)}) == "3");
    CHECK(fns.print("div", {i(-7), i(2)}) == "-3");
    CHECK(fns.print("mod", {i(-7), i(2)}) == "-1");
    CHECK(fns.print("mul", {i(2), i(3), i(4)}) == "24");
    CHECK(fns.print("mul", {i(5)}) == "5");
    CHECK(fns.print("sub", {i(1), f(2.5)}) == "-1");
    CHECK(fns.print("max", {i(1), i(5), i(3)}) == "5");
    CHECK(fns.print("biggest", {i(3)}) == "3");
    CHECK(fns.print("min", {i(1), s("x")}) == "0");
    CHECK(fns.print("max", {s("x")}) == "0");
    CHECK(fns.print("add", {i64(INT64_MAX), i(1)}) == "-9223372036854775808");
    CHECK(fns.print("div", {i64(INT64_MIN), i(-1)}) == "-9223372036854775808");
    CHECK(fns.print("mod", {i64(INT64_MIN), i(-1)}) == "0");
    CHECK(fns.error("div", {i(1), i(0)}) == "runtime error: integer divide by zero");
    CHECK(fns.error("mod", {i(1), i(0)}) == "runtime error: integer divide by zero");
}

TEST_CASE("sprig floor, ceil and round use cast.ToFloat64", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.print("floor", {f(1.5)}) == "1");
    CHECK(fns.print("ceil", {s("1.2")}) == "2");
    CHECK(fns.call("floor", {i(1)}).type_name() == "float64");
    CHECK(fns.print("floor", {s("1e3")}) == "1000");
    CHECK(fns.print("floor", {s("1_000")}) == "1000");
    CHECK(fns.print("floor", {s("0x1p4")}) == "16");
    CHECK(fns.print("floor", {s("0x_1p4")}) == "16");
    CHECK(fns.print("floor", {s("0x10")}) == "0"); // hex needs a 'p' exponent
    CHECK(fns.print("floor", {s(" 1")}) == "0");
    CHECK(fns.print("floor", {s("inf")}) == "+Inf");
    CHECK(fns.print("floor", {s("Infinity")}) == "+Inf");
    CHECK(fns.print("floor", {s("-inf")}) == "-Inf");
    CHECK(fns.print("floor", {s("NaN")}) == "NaN");
    CHECK(fns.print("floor", {s("1e400")}) == "0"); // ErrRange: dropped
    CHECK(fns.print("floor", {s(".5e1")}) == "5");
    CHECK(fns.print("floor", {s("5.")}) == "5");
    CHECK(fns.print("floor", {s("1__0")}) == "0");
    CHECK(fns.print("floor", {b(true)}) == "1");
    CHECK(fns.print("floor", {nil()}) == "0");
    CHECK(fns.print("floor", {list({})}) == "0");
    CHECK(fns.print("round", {f(1.2345), i(2)}) == "1.23");
    CHECK(fns.print("round", {f(1.005), i(2)}) == "1");
    CHECK(fns.print("round", {f(1.5), i(0)}) == "2");
    CHECK(fns.print("round", {f(0.5), i(0)}) == "1");
    CHECK(fns.print("round", {f(-1.5), i(0)}) == "-2");
    CHECK(fns.print("round", {f(-2.5), i(0)}) == "-3");
    CHECK(fns.print("round", {f(-0.4), i(0)}) == "-1");
    CHECK(fns.print("round", {f(1234.5678), i(-2)}) == "1200");
    CHECK(fns.print("round", {f(1.45), i(1)}) == "1.5");
    CHECK(fns.print("round", {f(2.5), i(0), f(0.6)}) == "2");
    CHECK(fns.print("round", {f(123.456), i(1), f(0.3)}) == "123.5");
    CHECK(fns.print("round", {s("x"), i(1)}) == "0");
}

TEST_CASE("sprig addf, subf, mulf, divf compute in decimal", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.print("addf", {f(1.1), f(2.2)}) == "3.3");
    CHECK(fns.print("add1f", {f(0.1)}) == "1.1");
    CHECK(fns.print("subf", {i(1), f(0.9)}) == "0.1");
    CHECK(fns.print("divf", {i(1), i(3)}) == "0.3333333333333333");
    CHECK(fns.print("divf", {i(2), i(3)}) == "0.6666666666666667");
    CHECK(fns.print("divf", {i(-2), i(3)}) == "-0.6666666666666667");
    CHECK(fns.print("divf", {i(10), i(4)}) == "2.5");
    CHECK(fns.print("mulf", {f(1.1), i(3)}) == "3.3");
    CHECK(fns.print("mulf", {f(0.1), f(0.2)}) == "0.02");
    CHECK(fns.print("addf") == "0");
    CHECK(fns.print("subf", {i(5)}) == "5");
    CHECK(fns.print("addf", {s("x"), i(1)}) == "1");
    CHECK(fns.print("addf", {f(1e300), f(1e300)}) == "2e+300");
    CHECK(fns.print("mulf", {f(1e200), f(1e200)}) == "+Inf");
    CHECK(fns.print("divf", {f(1e-300), f(1e300)}) == "0");
    CHECK(fns.call("addf", {i(1)}).type_name() == "float64");
    CHECK(fns.error("divf", {i(1), i(0)}) == "decimal division by 0");
    CHECK(fns.error("addf", {s("inf")}) == "Cannot create a Decimal from +Inf");
    CHECK(fns.error("mulf", {s("nan"), i(1)}) == "Cannot create a Decimal from NaN");
}

TEST_CASE("sprig maxf and minf follow math.Max and math.Min", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.print("maxf", {i(1), f(2.5), s("3")}) == "3");
    CHECK(fns.print("minf", {i(1), f(-2.5)}) == "-2.5");
    CHECK(fns.print("maxf", {i(1)}) == "1");
    CHECK(fns.call("maxf", {i(1)}).type_name() == "float64");
    CHECK(fns.print("maxf", {s("nan"), i(1)}) == "NaN");
    CHECK(fns.print("maxf", {s("nan"), s("inf")}) == "+Inf");
    CHECK(fns.print("minf", {s("nan"), s("-inf")}) == "-Inf");
}
