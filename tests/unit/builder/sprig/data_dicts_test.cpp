// Facts from sprig v3.3.0's dict.go and docs, mergo v1.0.1, and what helm
// v4.1.4 prints.
#include "data_test_support.hpp"

#include <catch2/catch.hpp>

using namespace airlock::sprig_data_test;
using airlock::gotemplate::Kind;

TEST_CASE("sprig dict: keys through strval, a missing last value is \"\"", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.print("dict", {s("a"), i(1), s("b")}) == "map[a:1 b:]");
    CHECK(fns.print("dict", {i(1), i(2), nil(), i(3), b(true), i(4), f(1.5), i(5), list({i(1)}),
                             i(6)}) == "map[1:2 1.5:5 <nil>:3 [1]:6 true:4]");
    CHECK(fns.print("dict") == "map[]");
}

TEST_CASE("sprig get, set, unset, hasKey: shared maps, Go's nil-map rules", "[sprig-data]") {
    DataFunctions fns;
    const Value d = dict({{"a", i(1)}});
    CHECK(fns.print("get", {d, s("a")}) == "1");
    CHECK(fns.call("get", {d, s("b")}).type_name() == "string");
    CHECK(fns.call("get", {dict({{"a", nil()}}), s("a")}).is_nil());
    CHECK(fns.print("get", {nil(), s("a")}).empty());
    // set changes the map it is given and returns it.
    const Value same = fns.call("set", {d, s("b"), i(2)});
    CHECK(same.map_ptr() == d.map_ptr());
    CHECK(airlock::gotemplate::sprint_value(d) == "map[a:1 b:2]");
    CHECK(fns.print("unset", {d, s("a")}) == "map[b:2]");
    CHECK(airlock::gotemplate::sprint_value(d) == "map[b:2]");
    CHECK(fns.print("set", {dict({}), s("k"), nil()}) == "map[k:<nil>]");
    CHECK(fns.print("hasKey", {dict({{"a", nil()}}), s("a")}) == "true");
    CHECK(fns.print("hasKey", {nil(), s("a")}) == "false");
    CHECK(fns.print("unset", {nil(), s("a")}) == "map[]");
    CHECK(fns.error("set", {nil(), s("a"), i(1)}) == "assignment to entry in nil map");
}

TEST_CASE("sprig pluck, keys, values, pick, omit", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.print("pluck", {s("a"), dict({{"a", i(1)}}), dict({{"b", i(2)}}),
                              dict({{"a", i(3)}})}) == "[1 3]");
    CHECK(fns.print("pluck", {s("a")}) == "[]");
    const Value k = fns.call("keys", {dict({{"b", i(1)}, {"a", i(2)}}), dict({{"c", i(1)}})});
    CHECK(k.type_name() == "[]string");
    CHECK(airlock::gotemplate::sprint_value(k) == "[a b c]");
    CHECK(fns.print("keys", {nil()}) == "[]");
    CHECK(fns.call("values", {dict({{"a", i(1)}, {"b", i(2)}})}).type_name() == "[]interface {}");
    CHECK(fns.print("values", {dict({{"a", i(1)}, {"b", i(2)}})}) == "[1 2]");
    CHECK(fns.print("pick", {dict({{"a", i(1)}, {"b", i(2)}}), s("a"), s("z")}) == "map[a:1]");
    CHECK(fns.print("omit", {dict({{"a", i(1)}, {"b", i(2)}}), s("a")}) == "map[b:2]");
    CHECK(fns.print("pick", {nil(), s("a")}) == "map[]");
}

TEST_CASE("sprig dig walks nested maps and panics like Go's type assertions", "[sprig-data]") {
    DataFunctions fns;
    const Value d = dict({{"a", dict({{"b", i(1)}, {"n", nil()}})}});
    CHECK(fns.print("dig", {s("a"), s("b"), s("def"), d}) == "1");
    CHECK(fns.print("dig", {s("a"), s("x"), s("def"), d}) == "def");
    CHECK(fns.print("dig", {s("z"), s("def"), d}) == "def");
    CHECK(fns.call("dig", {s("a"), s("n"), s("def"), d}).is_nil());
    CHECK(fns.error("dig", {s("a"), s("d")}) == "dig needs at least three arguments");
    CHECK(fns.error("dig", {s("a"), s("d"), s("x")}) ==
          "interface conversion: interface {} is string, not map[string]interface {}");
    CHECK(fns.error("dig", {s("a"), s("b"), s("d"), dict({{"a", i(1)}})}) ==
          "interface conversion: interface {} is int, not map[string]interface {}");
    CHECK(fns.error("dig", {s("a"), s("b"), s("d"), dict({{"a", nil()}})}) ==
          "interface conversion: interface {} is nil, not map[string]interface {}");
    CHECK(fns.error("dig", {i(1), s("d"), dict({{"a", i(1)}})}) ==
          "interface conversion: interface {} is int, not string");
}

TEST_CASE("sprig deepCopy copies lists and maps; nil panics in reflect", "[sprig-data]") {
    DataFunctions fns;
    const Value inner = dict({{"x", i(1)}});
    const Value d = dict({{"a", list({i(1), inner})}});
    const Value copy = fns.call("deepCopy", {d});
    CHECK(copy.map_ptr() != d.map_ptr());
    copy.as_map().at("a").as_list()[1].as_map().insert_or_assign("x", i(2));
    CHECK(airlock::gotemplate::sprint_value(d) == "map[a:[1 map[x:1]]]");
    CHECK(airlock::gotemplate::sprint_value(copy) == "map[a:[1 map[x:2]]]");
    CHECK(fns.print("mustDeepCopy", {s("s")}) == "s");
    CHECK(fns.call("deepCopy", {strings({"a"})}).type_name() == "[]string");
    CHECK(fns.error("deepCopy", {nil()}) == "reflect: call of reflect.Value.Type on zero Value");
    CHECK(fns.error("mustDeepCopy", {nil()}) ==
          "reflect: call of reflect.Value.Type on zero Value");
}

// The two tables helm v4.1.4 printed (toJson) for these maps.
TEST_CASE("sprig merge fills only missing or empty keys (mergo.Merge)", "[sprig-data]") {
    DataFunctions fns;
    auto destination = [] {
        return dict({{"a", s("")},
                     {"b", i(0)},
                     {"c", b(false)},
                     {"d", list({})},
                     {"e", dict({})},
                     {"f", nil()},
                     {"g", s("x")},
                     {"h", list({i(1)})},
                     {"i", dict({{"k", i(1)}})}});
    };
    auto source = [] {
        return dict({{"a", s("A")},
                     {"b", i(2)},
                     {"c", b(true)},
                     {"d", list({i(9)})},
                     {"e", dict({{"z", i(1)}})},
                     {"f", s("F")},
                     {"g", s("G")},
                     {"h", list({i(2)})},
                     {"i", dict({{"k", i(2)}, {"m", i(3)}})},
                     {"j", s("J")}});
    };
    const Value merged = fns.call("merge", {destination(), source()});
    CHECK(airlock::gotemplate::sprint_value(merged) ==
          "map[a:A b:2 c:true d:[9] e:map[z:1] f:F g:x h:[1] i:map[k:1 m:3] j:J]");
    const Value overwritten = fns.call("mergeOverwrite", {destination(), source()});
    CHECK(airlock::gotemplate::sprint_value(overwritten) ==
          "map[a:A b:2 c:true d:[9] e:map[z:1] f:F g:G h:[2] i:map[k:2 m:3] j:J]");
}

TEST_CASE("sprig mergeOverwrite copies empty values and nil; merge skips them", "[sprig-data]") {
    DataFunctions fns;
    auto destination = [] {
        return dict({{"a", s("x")},
                     {"b", i(1)},
                     {"c", b(true)},
                     {"d", list({i(1)})},
                     {"e", dict({{"k", i(1)}})},
                     {"g", s("s")},
                     {"h", dict({{"k", i(1)}})}});
    };
    auto source = [] {
        return dict({{"a", s("")},
                     {"b", i(0)},
                     {"c", b(false)},
                     {"d", list({})},
                     {"e", dict({})},
                     {"f", nil()},
                     {"g", dict({{"k", i(2)}})},
                     {"h", s("str")}});
    };
    CHECK(
        airlock::gotemplate::sprint_value(fns.call("mergeOverwrite", {destination(), source()})) ==
        "map[a: b:0 c:false d:[] e:map[k:1] f:<nil> g:map[k:2] h:str]");
    CHECK(airlock::gotemplate::sprint_value(fns.call("mustMerge", {destination(), source()})) ==
          "map[a:x b:1 c:true d:[1] e:map[k:1] g:s h:map[k:1]]");
    CHECK(airlock::gotemplate::sprint_value(fns.call(
              "mergeOverwrite", {dict({{"a", s("x")}, {"n", nil()}}),
                                 dict({{"a", nil()}, {"n", s("v")}})})) == "map[a:<nil> n:v]");
}

TEST_CASE("sprig merge changes its first map in place, left to right", "[sprig-data]") {
    DataFunctions fns;
    const Value d = dict({{"a", i(1)}});
    const Value result =
        fns.call("merge", {d, dict({{"b", i(2)}}), dict({{"a", i(3)}, {"c", i(4)}})});
    CHECK(result.map_ptr() == d.map_ptr());
    CHECK(airlock::gotemplate::sprint_value(d) == "map[a:1 b:2 c:4]");
    // A nil destination gives a new map; a nil source changes nothing.
    CHECK(fns.print("merge", {nil(), dict({{"a", i(1)}})}) == "map[a:1]");
    CHECK(fns.print("mergeOverwrite", {dict({{"a", i(1)}}), nil()}) == "map[a:1]");
    // Nested maps are merged into the destination's own map; an empty
    // destination map that received keys is kept (not replaced by the source's).
    const Value empty_inner = dict({});
    const Value source_inner = dict({{"k", i(1)}});
    const Value nested = dict({{"e", empty_inner}});
    fns.call("merge", {nested, dict({{"e", source_inner}})});
    CHECK(nested.as_map().at("e").map_ptr() == empty_inner.map_ptr());
    CHECK(airlock::gotemplate::sprint_value(empty_inner) == "map[k:1]");
}
