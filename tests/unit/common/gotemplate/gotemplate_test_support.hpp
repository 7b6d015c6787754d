#pragma once
// What the gotemplate tables share: one data tree shaped as Helm hands it to
// a chart's templates (.Values holds the values; every number is a float64,
// as Helm reads YAML), a few functions with Go signatures (most named and
// typed after the sprig functions they copy, so that every expectation could
// be checked against real Helm), and a runner that parses and executes a
// text as template "T".
//
// Expected results were established with Helm v4.1.4 (Go 1.25's
// text/template) on a chart whose values.yaml holds the same tree, and from
// Go's documentation where Helm replaces a builtin (sprig's slice).
#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"
#include "common/gotemplate/template_set.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::gotemplate::test {

inline Value num(double f) {
    return Value::floating(f);
}
inline Value str(std::string s) {
    return Value::string(std::move(s));
}

// values.yaml:
//   str: hello         empty: ""          num: 3          neg: -2
//   pi: 3.5            big: 1000000       huge: 1e21      small: 0.000012
//   zero: 0            t: true            f: false
//   list: [a, b, c]    nums: [1, 2, 3]    mixed: [x, 1, true, 2.5, {k: v}, [w]]
//   emptylist: []      map: {b: 2, a: 1, c: 3}             emptymap: {}
//   nested: {inner: {x: 1, list: [p, q], deep: {z: zz}}, s: str}
//   html: <a href="x">&'</a>                unicode: héllo wörld ☃
//   keys: {B: 1, a: 2, _c: 3, "A b": 4}
inline Value values() {
    Map m;
    m.emplace("str", str("hello"));
    m.emplace("empty", str(""));
    m.emplace("num", num(3));
    m.emplace("neg", num(-2));
    m.emplace("pi", num(3.5));
    m.emplace("big", num(1000000));
    m.emplace("huge", num(1e21));
    m.emplace("small", num(0.000012));
    m.emplace("zero", num(0));
    m.emplace("t", Value::boolean(true));
    m.emplace("f", Value::boolean(false));
    m.emplace("list", Value::list({str("a"), str("b"), str("c")}));
    m.emplace("nums", Value::list({num(1), num(2), num(3)}));
    m.emplace("mixed", Value::list({str("x"), num(1), Value::boolean(true), num(2.5),
                                    Value::map(Map{{"k", str("v")}}), Value::list({str("w")})}));
    m.emplace("emptylist", Value::list(List{}));
    m.emplace("map", Value::map(Map{{"b", num(2)}, {"a", num(1)}, {"c", num(3)}}));
    m.emplace("emptymap", Value::map(Map{}));
    Map inner;
    inner.emplace("x", num(1));
    inner.emplace("list", Value::list({str("p"), str("q")}));
    inner.emplace("deep", Value::map(Map{{"z", str("zz")}}));
    m.emplace("nested",
              Value::map(Map{{"inner", Value::map(std::move(inner))}, {"s", str("str")}}));
    m.emplace("html", str("<a href=\"x\">&'</a>"));
    m.emplace("unicode", str("h\xC3\xA9llo w\xC3\xB6rld \xE2\x98\x83"));
    m.emplace("keys",
              Value::map(Map{{"B", num(1)}, {"a", num(2)}, {"_c", num(3)}, {"A b", num(4)}}));
    return Value::map(std::move(m));
}

// The dot of a chart template: {"Values": values()}.
inline Value data() {
    return Value::map(Map{{"Values", values()}});
}

namespace detail {

inline std::int64_t to_int64(const Value& v) {
    switch (v.kind()) {
    case Kind::integer:
        return v.as_int();
    case Kind::floating:
        return static_cast<std::int64_t>(v.as_float());
    case Kind::boolean:
        return v.as_bool() ? 1 : 0;
    case Kind::string:
        return std::strtoll(v.as_string().c_str(), nullptr, 10);
    default:
        return 0;
    }
}

inline double to_float64(const Value& v) {
    switch (v.kind()) {
    case Kind::integer:
        return static_cast<double>(v.as_int());
    case Kind::floating:
        return v.as_float();
    case Kind::boolean:
        return v.as_bool() ? 1 : 0;
    case Kind::string:
        return std::strtod(v.as_string().c_str(), nullptr);
    default:
        return 0;
    }
}

} // namespace detail

// Functions with the Go signatures of the sprig functions of the same name
// (behaviour simplified where the tables do not reach), and a few of our own
// for the parameter types sprig has no function for.
inline std::shared_ptr<const FunctionTable> functions() {
    using Args = std::vector<Value>;
    auto t = std::make_shared<FunctionTable>();
    // trunc(c int, s string) string
    t->add("trunc", {{Type::int_, Type::string}, false, Type::string}, [](CallContext&, Args& a) {
        const std::int64_t c = a[0].as_int();
        const std::string& s = a[1].as_string();
        const auto n = static_cast<std::int64_t>(s.size());
        if (c < 0 && n + c > 0) {
            return str(s.substr(static_cast<std::size_t>(n + c)));
        }
        if (c >= 0 && n > c) {
            return str(s.substr(0, static_cast<std::size_t>(c)));
        }
        return str(s);
    });
    // repeat(count int, str string) string: strings.Repeat panics on a negative count.
    t->add("repeat", {{Type::int_, Type::string}, false, Type::string}, [](CallContext&, Args& a) {
        if (a[0].as_int() < 0) {
            fail(ErrorCode::spec, "strings: negative Repeat count");
        }
        std::string out;
        for (std::int64_t i = 0; i < a[0].as_int(); ++i) {
            out += a[1].as_string();
        }
        return str(out);
    });
    // add1(i interface{}) int64; sub(a, b interface{}) int64
    t->add("add1", {{Type::any}, false, Type::int64},
           [](CallContext&, Args& a) { return Value::int64(detail::to_int64(a[0]) + 1); });
    t->add("sub", {{Type::any, Type::any}, false, Type::int64}, [](CallContext&, Args& a) {
        return Value::int64(detail::to_int64(a[0]) - detail::to_int64(a[1]));
    });
    // int(v interface{}) int; int64(v interface{}) int64; float64(v interface{}) float64
    t->add("int", {{Type::any}, false, Type::int_},
           [](CallContext&, Args& a) { return Value::integer(detail::to_int64(a[0])); });
    t->add("int64", {{Type::any}, false, Type::int64},
           [](CallContext&, Args& a) { return Value::int64(detail::to_int64(a[0])); });
    t->add("float64", {{Type::any}, false, Type::float64},
           [](CallContext&, Args& a) { return Value::floating(detail::to_float64(a[0])); });
    // atoi(a string) int
    t->add("atoi", {{Type::string}, false, Type::int_}, [](CallContext&, Args& a) {
        return Value::integer(std::strtoll(a[0].as_string().c_str(), nullptr, 10));
    });
    // ternary(vt interface{}, vf interface{}, v bool) interface{}
    t->add("ternary", {{Type::any, Type::any, Type::boolean}, false, Type::any},
           [](CallContext&, Args& a) { return a[2].as_bool() ? a[0] : a[1]; });
    // list(v ...interface{}) []interface{}
    t->add("list", {{Type::any}, true, Type::list},
           [](CallContext&, Args& a) { return Value::list(List(a.begin(), a.end())); });
    // dict(v ...interface{}) map[string]interface{}
    t->add("dict", {{Type::any}, true, Type::map}, [](CallContext&, Args& a) {
        Map out;
        for (std::size_t i = 0; i < a.size(); i += 2) {
            const std::string key =
                a[i].kind() == Kind::string ? a[i].as_string() : sprint_value(a[i]);
            out.insert_or_assign(key, i + 1 < a.size() ? a[i + 1] : str(""));
        }
        return Value::map(std::move(out));
    });
    // hasKey(d map[string]interface{}, key string) bool
    t->add("hasKey", {{Type::map, Type::string}, false, Type::boolean}, [](CallContext&, Args& a) {
        return Value::boolean(!a[0].is_nil() && a[0].as_map().count(a[1].as_string()) > 0);
    });
    // keys(dicts ...map[string]interface{}) []string (sorted here; Go's order is random)
    t->add("keys", {{Type::map}, true, Type::strings}, [](CallContext&, Args& a) {
        List out;
        for (const Value& m : a) {
            if (!m.is_nil()) {
                for (const auto& [k, v] : m.as_map()) {
                    out.push_back(str(k));
                }
            }
        }
        return Value::list(std::move(out), ListType::string);
    });
    // pick(dict map[string]interface{}, keys ...string) map[string]interface{}
    t->add("pick", {{Type::map, Type::string}, true, Type::map}, [](CallContext&, Args& a) {
        Map out;
        for (std::size_t i = 1; i < a.size() && !a[0].is_nil(); ++i) {
            if (auto it = a[0].as_map().find(a[i].as_string()); it != a[0].as_map().end()) {
                out.insert_or_assign(it->first, it->second);
            }
        }
        return Value::map(std::move(out));
    });
    // splitList(sep, orig string) []string
    t->add("splitList", {{Type::string, Type::string}, false, Type::strings},
           [](CallContext&, Args& a) {
               List out;
               const std::string& sep = a[0].as_string();
               const std::string& s = a[1].as_string();
               std::size_t p = 0;
               for (std::size_t q; (q = s.find(sep, p)) != std::string::npos; p = q + sep.size()) {
                   out.push_back(str(s.substr(p, q - p)));
               }
               out.push_back(str(s.substr(p)));
               return Value::list(std::move(out), ListType::string);
           });
    // until(count int) []int
    t->add("until", {{Type::int_}, false, Type::list}, [](CallContext&, Args& a) {
        List out;
        for (std::int64_t i = 0; i < a[0].as_int(); ++i) {
            out.push_back(Value::integer(i));
        }
        return Value::list(std::move(out), ListType::int_);
    });
    // typeOf(src interface{}) string
    t->add("typeOf", {{Type::any}, false, Type::string},
           [](CallContext&, Args& a) { return str(a[0].type_name()); });
    // upper(s string) string (ASCII is enough here)
    t->add("upper", {{Type::string}, false, Type::string}, [](CallContext&, Args& a) {
        std::string s = a[0].as_string();
        for (char& c : s) {
            if (c >= 'a' && c <= 'z') {
                c = static_cast<char>(c - 'a' + 'A');
            }
        }
        return str(s);
    });
    // default(d interface{}, given ...interface{}) interface{}
    t->add("default", {{Type::any, Type::any}, true, Type::any},
           [](CallContext&, Args& a) { return a.size() < 2 || !a[1].truthy() ? a[0] : a[1]; });
    // round(a interface{}, p int, rOpt ...float64) float64
    t->add("round", {{Type::any, Type::int_, Type::float64}, true, Type::float64},
           [](CallContext&, Args& a) {
               const double on = a.size() > 2 ? a[2].as_float() : .5;
               const double pow = std::pow(10, static_cast<double>(a[1].as_int()));
               const double digit = pow * detail::to_float64(a[0]);
               double whole = 0;
               const double frac = std::modf(digit, &whole);
               return Value::floating((frac >= on ? std::ceil(digit) : std::floor(digit)) / pow);
           });
    // Our own: i64(n int64) int64; bytes(s string) []byte; blen(b []byte) int;
    // joinStrings(l []string, sep string) string.
    t->add("i64", {{Type::int64}, false, Type::int64},
           [](CallContext&, Args& a) { return Value::int64(a[0].as_int()); });
    t->add("bytes", {{Type::string}, false, Type::bytes},
           [](CallContext&, Args& a) { return Value::bytes(a[0].as_string()); });
    t->add("blen", {{Type::bytes}, false, Type::int_}, [](CallContext&, Args& a) {
        return Value::integer(a[0].is_nil() ? 0
                                            : static_cast<std::int64_t>(a[0].as_string().size()));
    });
    t->add("joinStrings", {{Type::strings, Type::string}, false, Type::string},
           [](CallContext&, Args& a) {
               std::string out;
               if (!a[0].is_nil()) {
                   for (const Value& s : a[0].as_list()) {
                       out += (out.empty() ? "" : a[1].as_string()) + s.as_string();
                   }
               }
               return str(out);
           });
    return t;
}

// Parses `text` as template "T" of a set with functions() and runs it on
// data(). The output, or the error's message; `failed` says which.
struct Rendered {
    std::string text;
    bool failed = false;
    ErrorCode code = ErrorCode::spec;
};

inline Rendered render(std::string_view text, const Value& dot = data(), Limits limits = {}) {
    Rendered r;
    try {
        TemplateSet set("T", functions());
        set.parse("T", text);
        Budget budget(limits);
        r.text = set.execute("T", dot, budget);
    } catch (const Error& e) {
        r.failed = true;
        r.text = e.what();
        r.code = e.code();
    }
    return r;
}

struct OutputCase {
    std::string_view text;
    std::string_view output;
};

struct ErrorCase {
    std::string_view text;
    std::string_view error;
};

inline void check_outputs(const std::vector<OutputCase>& cases) {
    for (const OutputCase& c : cases) {
        INFO("template: " << c.text);
        const Rendered r = render(c.text);
        INFO("error: " << (r.failed ? r.text : std::string()));
        CHECK_FALSE(r.failed);
        CHECK(r.text == c.output);
    }
}

inline void check_errors(const std::vector<ErrorCase>& cases) {
    for (const ErrorCase& c : cases) {
        INFO("template: " << c.text);
        const Rendered r = render(c.text);
        INFO("output: " << (r.failed ? std::string() : r.text));
        CHECK(r.failed);
        CHECK(r.code == ErrorCode::spec);
        CHECK(r.text == c.error);
    }
}

} // namespace airlock::gotemplate::test
