// Facts from sprig v3.3.0's list.go and docs, and what helm v4.1.4 prints.
#include "data_test_support.hpp"

#include <catch2/catch.hpp>

using namespace airlock::sprig_data_test;
using airlock::gotemplate::Kind;
using airlock::gotemplate::ListType;

TEST_CASE("sprig list and tuple collect their arguments as []interface{}", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.print("list", {i(1), s("a"), nil()}) == "[1 a <nil>]");
    CHECK(fns.call("list").type_name() == "[]interface {}");
    CHECK(fns.print("tuple", {i(1), i(2)}) == "[1 2]");
}

TEST_CASE("sprig first, last, rest, initial: any slice, nil for an empty one", "[sprig-data]") {
    DataFunctions fns;
    const Value l = list({i(1), i(2), i(3)});
    CHECK(fns.print("first", {l}) == "1");
    CHECK(fns.print("last", {l}) == "3");
    CHECK(fns.print("rest", {l}) == "[2 3]");
    CHECK(fns.print("initial", {l}) == "[1 2]");
    CHECK(fns.call("first", {list({})}).is_nil());
    CHECK(fns.call("last", {list({})}).is_nil());
    CHECK(fns.print("rest", {list({})}) == "[]");
    // []string works and gives []interface{} back.
    CHECK(fns.print("first", {strings({"a", "b"})}) == "a");
    CHECK(fns.call("rest", {strings({"a", "b"})}).type_name() == "[]interface {}");
    // []byte elements are uint8.
    CHECK(fns.call("first", {Value::bytes("A")}).type_name() == "uint8");
    CHECK(fns.print("first", {Value::bytes("A")}) == "65");
}

TEST_CASE("sprig list functions refuse non-slices with Go's messages", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.error("first", {s("abc")}) == "Cannot find first on type string");
    CHECK(fns.error("mustFirst", {s("abc")}) == "Cannot find first on type string");
    CHECK(fns.error("last", {i(1)}) == "Cannot find last on type int");
    CHECK(fns.error("rest", {dict({})}) == "Cannot find rest on type map");
    CHECK(fns.error("initial", {b(true)}) == "Cannot find initial on type bool");
    CHECK(fns.error("mustAppend", {s("x"), i(1)}) == "Cannot push on type string");
    CHECK(fns.error("prepend", {f(1.5), i(1)}) == "Cannot prepend on type float64");
    CHECK(fns.error("uniq", {i(3)}) == "Cannot find uniq on type int");
    CHECK(fns.error("reverse", {s("x")}) == "Cannot find reverse on type string");
    CHECK(fns.error("compact", {s("x")}) == "Cannot compact on type string");
    CHECK(fns.error("without", {s("x")}) == "Cannot find without on type string");
    CHECK(fns.error("has", {i(1), s("abc")}) == "Cannot find has on type string");
    CHECK(fns.error("chunk", {i(2), s("x")}) == "Cannot chunk type string");
    CHECK(fns.error("mustSlice", {s("ab"), i(1)}) ==
          "list should be type of slice or array but string");
    CHECK(fns.error("concat", {list({i(1)}), s("a")}) == "Cannot concat type string as list");
    // reflect.TypeOf(nil).Kind() is a nil dereference in Go.
    const std::string nil_panic =
        "runtime error: invalid memory address or nil pointer dereference";
    CHECK(fns.error("first", {nil()}) == nil_panic);
    CHECK(fns.error("mustPush", {nil(), i(1)}) == nil_panic);
    CHECK(fns.error("concat", {nil()}) == nil_panic);
}

TEST_CASE("sprig append, prepend, concat, reverse copy into new lists", "[sprig-data]") {
    DataFunctions fns;
    const Value l = list({i(1)});
    CHECK(fns.print("append", {l, i(2)}) == "[1 2]");
    CHECK(fns.print("push", {strings({"a"}), s("b")}) == "[a b]");
    CHECK(fns.call("append", {strings({"a"}), s("b")}).type_name() == "[]interface {}");
    CHECK(fns.print("prepend", {l, i(0)}) == "[0 1]");
    CHECK(l.as_list().size() == 1); // the argument is untouched
    CHECK(fns.print("concat", {list({i(1)}), strings({"a"}), Value::bytes("A")}) == "[1 a 65]");
    CHECK(fns.print("concat") == "[]");
    CHECK(fns.print("reverse", {list({i(1), i(2), i(3)})}) == "[3 2 1]");
    CHECK(fns.print("reverse", {list({})}) == "[]");
}

TEST_CASE("sprig compact drops empty values; uniq, without and has use DeepEqual", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.print("compact", {list({i(1), i(0), s(""), nil(), b(false), s("a"), list({}),
                                      dict({})})}) == "[1 a]");
    // int 1 and float64 1 differ under reflect.DeepEqual.
    CHECK(fns.print("uniq", {list({i(1), i(1), s("a"), s("a"), f(1.0)})}) == "[1 a 1]");
    CHECK(fns.print("uniq", {list({list({i(1)}), list({i(1)})})}) == "[[1]]");
    CHECK(fns.print("without", {list({i(1), i(2), i(3)}), i(2)}) == "[1 3]");
    CHECK(fns.print("without", {list({i(1), i(2), i(3)}), i(1), i(3)}) == "[2]");
    CHECK(fns.print("has", {i(1), list({i(1)})}) == "true");
    CHECK(fns.print("has", {i64(1), list({i(1)})}) == "false");
    CHECK(fns.print("has", {i(1), nil()}) == "false");
    CHECK(fns.print("mustHas", {s("b"), strings({"a", "b"})}) == "true");
}

TEST_CASE("sprig slice keeps the slice type and checks bounds like reflect", "[sprig-data]") {
    DataFunctions fns;
    const Value l = list({i(1), i(2), i(3)});
    CHECK(fns.print("slice", {l}) == "[1 2 3]");
    CHECK(fns.print("slice", {l, i(1)}) == "[2 3]");
    CHECK(fns.print("slice", {l, i(1), i(2)}) == "[2]");
    // Indices go through cast.ToInt: strings are parsed, floats truncated.
    CHECK(fns.print("slice", {l, s("1")}) == "[2 3]");
    CHECK(fns.print("slice", {l, f(1.9)}) == "[2 3]");
    CHECK(fns.call("slice", {strings({"a", "b", "c"}), i(1), i(2)}).type_name() == "[]string");
    CHECK(fns.call("slice", {Value::bytes("abc"), i(1)}).kind() == Kind::bytes);
    CHECK(fns.call("slice", {list({})}).is_nil());
    CHECK(fns.error("slice", {list({i(1), i(2)}), i(3)}) ==
          "reflect.Value.Slice: slice index out of bounds");
    CHECK(fns.error("slice", {list({i(1), i(2)}), i(2), i(1)}) ==
          "reflect.Value.Slice: slice index out of bounds");
}

TEST_CASE("sprig chunk splits into [][]interface{}; a size of 0 fails in make", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.print("chunk", {i(2), list({i(1), i(2), i(3)})}) == "[[1 2] [3]]");
    CHECK(fns.print("chunk", {i(3), list({i(1), i(2), i(3)})}) == "[[1 2 3]]");
    CHECK(fns.print("chunk", {i(2), list({})}) == "[]");
    CHECK(fns.error("chunk", {i(0), list({i(1), i(2)})}) ==
          "runtime error: makeslice: len out of range");
    CHECK(fns.error("mustChunk", {i(-1), list({i(1), i(2), i(3)})}) ==
          "runtime error: makeslice: len out of range");
}

TEST_CASE("sprig until, untilStep and seq", "[sprig-data]") {
    DataFunctions fns;
    const Value u = fns.call("until", {i(3)});
    CHECK(u.type_name() == "[]int");
    CHECK(u.list_type() == ListType::int_);
    CHECK(airlock::gotemplate::sprint_value(u) == "[0 1 2]");
    CHECK(fns.print("until", {i(-3)}) == "[0 -1 -2]");
    CHECK(fns.print("until", {i(0)}) == "[]");
    CHECK(fns.print("untilStep", {i(0), i(10), i(3)}) == "[0 3 6 9]");
    CHECK(fns.print("untilStep", {i(10), i(0), i(-3)}) == "[10 7 4 1]");
    CHECK(fns.print("untilStep", {i(0), i(10), i(-1)}) == "[]");
    CHECK(fns.print("untilStep", {i(0), i(10), i(0)}) == "[]");
    CHECK(fns.print("seq", {i(5)}) == "1 2 3 4 5");
    CHECK(fns.print("seq", {i(-2)}) == "1 0 -1 -2");
    CHECK(fns.print("seq", {i(5), i(1)}) == "5 4 3 2 1");
    CHECK(fns.print("seq", {i(1), i(2), i(10)}) == "1 3 5 7 9");
    CHECK(fns.print("seq", {i(10), i(-3), i(1)}) == "10 7 4 1");
    CHECK(fns.print("seq", {i(10), i(3), i(1)}).empty());
    CHECK(fns.print("seq").empty());
    CHECK(fns.print("seq", {i(1), i(2), i(3), i(4)}).empty());
    // Long ranges are charged to the render's step budget before they are built.
    fns.context().limit = 1000;
    CHECK(fns.error("until", {i(1'000'000'000)}) == "step budget exhausted");
}
