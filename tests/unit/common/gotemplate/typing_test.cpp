// Go's argument typing for registered functions: constants become the
// parameter's type, values must be assignable, nil only where Go allows it,
// interface{} results are unwrapped after each command.
#include "tests/unit/common/gotemplate/gotemplate_test_support.hpp"

using namespace airlock::gotemplate::test;

TEST_CASE("gotemplate typing: int parameter", "[gotemplate]") {
    check_outputs({
        {R"({{ trunc 2 "abcdef" }})", R"(ab)"},
        {R"({{ trunc 2.0 "abcdef" }})", R"(ab)"},
        {R"({{ trunc 1e2 "abcdef" }})", R"(abcdef)"},
        {R"({{ "abcdef" | trunc 2 }})", R"(ab)"},
        {R"({{ trunc (int 2) "abc" }})", R"(ab)"},
        {R"({{ trunc (atoi "2") "abc" }})", R"(ab)"},
        {R"({{ trunc (len "ab") "abc" }})", R"(ab)"},
        {R"({{ trunc 'a' "abc" }})", R"(abc)"},
        {R"({{ trunc 0x2 "abc" }})", R"(ab)"},
        {R"({{ trunc 9223372036854775807 "abc" }})", R"(abc)"},
        {R"({{ trunc -3 "abcdef" }})", R"(def)"},
        {R"({{ $n := 2 }}{{ trunc $n "abcdef" }})", R"(ab)"},
        {R"({{ trunc (1) "abcdef" }})", R"(a)"},
    });
    check_errors({
        {R"({{ trunc (sub 5 1) "abcdef" }})",
         R"(template: T:1:16: executing "T" at <1>: wrong type for value; expected int; got int64)"},
        {R"({{ trunc .Values.num "abcdef" }})",
         R"(template: T:1:16: executing "T" at <.Values.num>: wrong type for value; expected int; got float64)"},
        {R"({{ trunc 1.5 "abcdef" }})",
         R"(template: T:1:9: executing "T" at <1.5>: expected integer; found 1.5)"},
        {R"({{ trunc "2" "abcdef" }})",
         R"(template: T:1:9: executing "T" at <"2">: expected integer; found "2")"},
        {R"({{ trunc true "abcdef" }})",
         R"(template: T:1:9: executing "T" at <true>: expected integer; found true)"},
        {R"({{ trunc nil "abcdef" }})",
         R"(template: T:1:9: executing "T" at <nil>: cannot assign nil to int)"},
        {R"({{ trunc .Values.missing "abcdef" }})",
         R"(template: T:1:16: executing "T" at <.Values.missing>: wrong type for value; expected int; got interface {})"},
        {R"({{ trunc 2 .Values.missing }})",
         R"(template: T:1:18: executing "T" at <.Values.missing>: wrong type for value; expected string; got interface {})"},
        {R"({{ trunc 2 nil }})",
         R"(template: T:1:11: executing "T" at <nil>: cannot assign nil to string)"},
        {R"({{ trunc 2 1 }})",
         R"(template: T:1:11: executing "T" at <1>: expected string; found 1)"},
        {R"({{ trunc 2 .Values.num }})",
         R"(template: T:1:18: executing "T" at <.Values.num>: wrong type for value; expected string; got float64)"},
        {R"({{ trunc 2 }})",
         R"(template: T:1:3: executing "T" at <trunc>: wrong number of args for trunc: want 2 got 1)"},
        {R"({{ trunc 2 "a" "b" }})",
         R"(template: T:1:3: executing "T" at <trunc>: wrong number of args for trunc: want 2 got 3)"},
        {R"({{ trunc }})",
         R"(template: T:1:3: executing "T" at <trunc>: wrong number of args for trunc: want 2 got 0)"},
        {R"({{ 2 | trunc "abc" }})",
         R"(template: T:1:13: executing "T" at <"abc">: expected integer; found "abc")"},
        {R"({{ trunc (index "ab" 0) "abc" }})",
         R"(template: T:1:21: executing "T" at <0>: wrong type for value; expected int; got uint8)"},
        {R"({{ trunc 18446744073709551615 "abc" }})",
         R"(template: T:1:9: executing "T" at <18446744073709551615>: expected integer; found 18446744073709551615)"},
        {R"({{ trunc (add1 1) "abcdef" }})",
         R"(template: T:1:15: executing "T" at <1>: wrong type for value; expected int; got int64)"},
        {R"({{ trunc $.Values.num "x" }})",
         R"(template: T:1:10: executing "T" at <$.Values.num>: wrong type for value; expected int; got float64)"},
        {R"({{ $n := .Values.num }}{{ trunc $n "abcdef" }})",
         R"(template: T:1:32: executing "T" at <$n>: wrong type for value; expected int; got float64)"},
        {R"({{ $n := int64 2 }}{{ trunc $n "abcdef" }})",
         R"(template: T:1:28: executing "T" at <$n>: wrong type for value; expected int; got int64)"},
        {R"({{ trunc (int64 2) "abcdef" }})",
         R"(template: T:1:16: executing "T" at <2>: wrong type for value; expected int; got int64)"},
        {R"({{ trunc (.Values.num) "abcdef" }})",
         R"(template: T:1:17: executing "T" at <.Values.num>: wrong type for value; expected int; got float64)"},
    });
}

TEST_CASE("gotemplate typing: results and argument counts", "[gotemplate]") {
    check_outputs({
        {R"({{ printf "%T %T %T %T" (add1 1) (int 1) (int64 1) (float64 1) }})",
         R"(int64 int int64 float64)"},
        {R"({{ add1 .Values.num }} {{ add1 "5" }} {{ add1 nil }} {{ add1 .Values.missing }})",
         R"(4 6 1 1)"},
        {R"({{ 1 | sub 5 }})", R"(4)"},
    });
    check_errors({
        {R"({{ sub 5 }})",
         R"(template: T:1:3: executing "T" at <sub>: wrong number of args for sub: want 2 got 1)"},
        {R"({{ sub 5 1 2 }})",
         R"(template: T:1:3: executing "T" at <sub>: wrong number of args for sub: want 2 got 3)"},
        {R"({{ sub 5 1 | trunc 2 }})",
         R"(template: T:1:19: executing "T" at <2>: wrong type for value; expected string; got int64)"},
    });
}

TEST_CASE("gotemplate typing: string parameter", "[gotemplate]") {
    check_errors({
        {R"({{ atoi 1 }})", R"(template: T:1:8: executing "T" at <1>: expected string; found 1)"},
        {R"({{ atoi .Values.num }})",
         R"(template: T:1:15: executing "T" at <.Values.num>: wrong type for value; expected string; got float64)"},
        {R"({{ atoi nil }})",
         R"(template: T:1:8: executing "T" at <nil>: cannot assign nil to string)"},
        {R"({{ atoi .Values.missing }})",
         R"(template: T:1:15: executing "T" at <.Values.missing>: wrong type for value; expected string; got interface {})"},
        {R"({{ atoi .Values.list }})",
         R"(template: T:1:15: executing "T" at <.Values.list>: wrong type for value; expected string; got []interface {})"},
    });
}

TEST_CASE("gotemplate typing: bool parameter", "[gotemplate]") {
    check_outputs({
        {R"({{ ternary "a" "b" true }} {{ ternary "a" "b" .Values.f }})", R"(a b)"},
        {R"({{ true | ternary "a" "b" }})", R"(a)"},
        {R"({{ ternary "a" "b" (eq 1 1) }})", R"(a)"},
        {R"({{ ternary nil nil true }})", R"(<no value>)"},
    });
    check_errors({
        {R"({{ ternary "a" "b" 1 }})",
         R"(template: T:1:19: executing "T" at <1>: expected bool; found 1)"},
        {R"({{ ternary "a" "b" .Values.str }})",
         R"(template: T:1:26: executing "T" at <.Values.str>: wrong type for value; expected bool; got string)"},
        {R"({{ ternary "a" "b" nil }})",
         R"(template: T:1:19: executing "T" at <nil>: cannot assign nil to bool)"},
        {R"({{ ternary "a" "b" .Values.missing }})",
         R"(template: T:1:26: executing "T" at <.Values.missing>: wrong type for value; expected bool; got interface {})"},
    });
}

TEST_CASE("gotemplate typing: map, list and variadic parameters", "[gotemplate]") {
    check_outputs({
        {R"({{ list }} {{ list 1 "a" nil .Values.missing }} {{ printf "%T" (list) }})",
         R"([] [1 a <nil> <nil>] []interface {})"},
        {R"({{ list 1 2 | len }})", R"(2)"},
        {R"({{ hasKey (dict "a" 1) "a" }})", R"(true)"},
        {R"({{ hasKey . "Values" }})", R"(true)"},
        {R"({{ keys .Values.nested }} {{ keys .Values.nested .Values.emptymap }} {{ keys }})",
         R"([inner s] [inner s] [])"},
        {R"({{ keys .Values.nested nil }})", R"([inner s])"},
        {R"({{ printf "%T" (keys .Values.map) }})", R"([]string)"},
        {R"({{ pick .Values.map "a" "c" }} {{ pick .Values.map }})", R"(map[a:1 c:3] map[])"},
        {R"({{ splitList "," "a,b" }} {{ printf "%T" (splitList "," "a") }})", R"([a b] []string)"},
        {R"({{ range splitList "," "a,b" }}{{ printf "%T" . }}{{ end }})", R"(stringstring)"},
        {R"({{ index (splitList "," "a,b") 1 | printf "%T" }})", R"(string)"},
        {R"({{ until 3 }} {{ printf "%T" (until 2) }} {{ range until 2 }}{{ printf "%T" . }}{{ end }})",
         R"([0 1 2] []int intint)"},
    });
    check_errors({
        {R"({{ hasKey .Values.map "a" }} {{ hasKey .Values.map "z" }} {{ hasKey .Values.missing "a" }} {{ hasKey nil "a" }})",
         R"(template: T:1:75: executing "T" at <.Values.missing>: wrong type for value; expected map[string]interface {}; got interface {})"},
        {R"({{ hasKey .Values.list "a" }})",
         R"(template: T:1:17: executing "T" at <.Values.list>: wrong type for value; expected map[string]interface {}; got []interface {})"},
        {R"({{ hasKey .Values.map 1 }})",
         R"(template: T:1:22: executing "T" at <1>: expected string; found 1)"},
        {R"({{ hasKey .Values.str "a" }})",
         R"(template: T:1:17: executing "T" at <.Values.str>: wrong type for value; expected map[string]interface {}; got string)"},
        {R"({{ hasKey .Values.map }})",
         R"(template: T:1:3: executing "T" at <hasKey>: wrong number of args for hasKey: want 2 got 1)"},
        {R"({{ keys .Values.map .Values.list }})",
         R"(template: T:1:27: executing "T" at <.Values.list>: wrong type for value; expected map[string]interface {}; got []interface {})"},
        {R"({{ keys .Values.map "x" }})",
         R"(template: T:1:20: executing "T" at <"x">: can't handle "x" for arg of type map[string]interface {})"},
        {R"({{ keys .Values.missing }})",
         R"(template: T:1:15: executing "T" at <.Values.missing>: wrong type for value; expected map[string]interface {}; got interface {})"},
        {R"({{ pick .Values.map "a" 1 }})",
         R"(template: T:1:24: executing "T" at <1>: expected string; found 1)"},
        {R"({{ pick .Values.map "a" nil }})",
         R"(template: T:1:24: executing "T" at <nil>: cannot assign nil to string)"},
        {R"({{ pick .Values.map "a" .Values.missing }})",
         R"(template: T:1:31: executing "T" at <.Values.missing>: wrong type for value; expected string; got interface {})"},
        {R"({{ pick }})",
         R"(template: T:1:3: executing "T" at <pick>: wrong number of args for pick: want at least 1 got 0)"},
        {R"({{ keys (splitList "," "a") }})",
         R"(template: T:1:23: executing "T" at <"a">: wrong type for value; expected map[string]interface {}; got []string)"},
        {R"({{ hasKey (splitList "," "a") "a" }})",
         R"(template: T:1:25: executing "T" at <"a">: wrong type for value; expected map[string]interface {}; got []string)"},
    });
}

TEST_CASE("gotemplate typing: float64 parameter", "[gotemplate]") {
    check_outputs({
        {R"({{ round 1.25 1 }} {{ round 1.25 1 0.2 }} {{ round 3 0 }} {{ round "2.6" 0 }})",
         R"(1.3 1.3 3 3)"},
        {R"({{ round 1.25 1 1 }})", R"(1.2)"},
        {R"({{ round 1.25 1 .Values.num }})", R"(1.2)"},
        {R"({{ round 1.25 1 0.5 0.6 }})", R"(1.3)"},
        {R"({{ round 1.25 1 'a' }})", R"(1.2)"},
        {R"({{ round 1.25 1 0x10 }})", R"(1.2)"},
    });
    check_errors({
        {R"({{ round 1.25 1.5 }})",
         R"(template: T:1:14: executing "T" at <1.5>: expected integer; found 1.5)"},
        {R"({{ round 1.25 1 "x" }})",
         R"(template: T:1:16: executing "T" at <"x">: expected float; found "x")"},
        {R"({{ round 1.25 1 (int 1) }})",
         R"(template: T:1:21: executing "T" at <1>: wrong type for value; expected float64; got int)"},
        {R"({{ round 1.25 1 nil }})",
         R"(template: T:1:16: executing "T" at <nil>: cannot assign nil to float64)"},
        {R"({{ round 1.25 1 true }})",
         R"(template: T:1:16: executing "T" at <true>: expected float; found true)"},
        {R"({{ round 1.25 }})",
         R"(template: T:1:3: executing "T" at <round>: wrong number of args for round: want at least 2 got 1)"},
        {R"({{ round 1.25 (sub 2 1) }})",
         R"(template: T:1:21: executing "T" at <1>: wrong type for value; expected int; got int64)"},
        {R"({{ round 1.25 .Values.num }})",
         R"(template: T:1:21: executing "T" at <.Values.num>: wrong type for value; expected int; got float64)"},
    });
}

TEST_CASE("gotemplate typing: interface{} parameters and results", "[gotemplate]") {
    check_outputs({
        {R"({{ default "d" .Values.missing }} {{ default "d" .Values.str }} {{ default "d" }} {{ .Values.missing | default "d" }} {{ "" | default "d" }})",
         R"(d hello d d d)"},
        {R"({{ default "a" "b" "c" }})", R"(b)"},
        {R"({{ printf "%T" (default 1 .Values.missing) }})", R"(int)"},
        {R"({{ typeOf .Values.missing }} {{ typeOf nil }} {{ typeOf 1 }} {{ typeOf 1.5 }} {{ typeOf "s" }} {{ typeOf .Values.list }} {{ typeOf (index "a" 0) }})",
         R"(<nil> <nil> int float64 string []interface {} uint8)"},
        {R"({{ upper .Values.str | upper }})", R"(HELLO)"},
        {R"({{ upper (printf "%s" "x") }})", R"(X)"},
        {R"({{ upper (index .Values.list 0) }})", R"(A)"},
        {R"({{ upper (and "a" "b") }})", R"(B)"},
        {R"({{ upper (default "a" .Values.missing) }})", R"(A)"},
        {R"({{ upper (ternary "a" 1 true) }})", R"(A)"},
        {R"({{ upper (.Values.str) }})", R"(HELLO)"},
        {R"({{ with .Values.str }}{{ upper . }}{{ end }})", R"(HELLO)"},
        {R"({{ range .Values.list }}{{ upper . }}{{ end }})", R"(ABC)"},
        {R"({{ range $i, $e := .Values.list }}{{ trunc $i "abc" }}{{ end }})", R"(aab)"},
        {R"({{ range $i := 3 }}{{ trunc $i "abc" }}{{ end }})", R"(aab)"},
        {R"({{ range $k, $v := .Values.map }}{{ upper $k }}{{ end }})", R"(ABC)"},
    });
    check_errors({
        {R"({{ default }})",
         R"(template: T:1:3: executing "T" at <default>: wrong number of args for default: want at least 1 got 0)"},
        {R"({{ upper .Values.missing }})",
         R"(template: T:1:16: executing "T" at <.Values.missing>: wrong type for value; expected string; got interface {})"},
        {R"({{ upper (index .Values.nums 0) }})",
         R"(template: T:1:29: executing "T" at <0>: wrong type for value; expected string; got float64)"},
        {R"({{ upper (index .Values.map "z") }})",
         R"(template: T:1:28: executing "T" at <"z">: invalid value; expected string)"},
        {R"({{ upper (or 1 2) }})",
         R"(template: T:1:13: executing "T" at <1>: wrong type for value; expected string; got int)"},
        {R"({{ upper (ternary "a" 1 false) }})",
         R"(template: T:1:24: executing "T" at <false>: wrong type for value; expected string; got int)"},
        {R"({{ upper (ternary "a" nil false) }})",
         R"(template: T:1:26: executing "T" at <false>: invalid value; expected string)"},
        {R"({{ upper (list "a") }})",
         R"(template: T:1:15: executing "T" at <"a">: wrong type for value; expected string; got []interface {})"},
        {R"({{ upper .Values.str 1 }})",
         R"(template: T:1:3: executing "T" at <upper>: wrong number of args for upper: want 1 got 2)"},
        {R"({{ upper . }})",
         R"(template: T:1:9: executing "T" at <.>: wrong type for value; expected string; got map[string]interface {})"},
        {R"({{ upper $ }})",
         R"(template: T:1:9: executing "T" at <$>: wrong type for value; expected string; got map[string]interface {})"},
        {R"({{ with .Values.num }}{{ upper . }}{{ end }})",
         R"(template: T:1:31: executing "T" at <.>: wrong type for value; expected string; got float64)"},
        {R"({{ range .Values.nums }}{{ upper . }}{{ end }})",
         R"(template: T:1:33: executing "T" at <.>: wrong type for value; expected string; got float64)"},
    });
}

TEST_CASE("gotemplate typing: function errors", "[gotemplate]") {
    check_outputs({
        {R"({{ repeat 2 "ab" }} {{ repeat 0 "x" }})", R"(abab )"},
        {R"({{ trunc 1 "a" | upper | repeat 2 }})", R"(AA)"},
    });
    check_errors({
        {R"({{ repeat -1 "x" }})",
         R"(template: T:1:3: executing "T" at <repeat -1 "x">: error calling repeat: strings: negative Repeat count)"},
        {R"({{ trunc 2 (repeat -1 "x") }})",
         R"(template: T:1:12: executing "T" at <repeat -1 "x">: error calling repeat: strings: negative Repeat count)"},
        {R"({{ list (repeat -1 "x") 1 }})",
         R"(template: T:1:9: executing "T" at <repeat -1 "x">: error calling repeat: strings: negative Repeat count)"},
        {R"({{ if repeat -1 "x" }}{{ end }})",
         R"(template: T:1:6: executing "T" at <repeat -1 "x">: error calling repeat: strings: negative Repeat count)"},
        {R"({{ range $x := repeat -1 "x" }}{{ end }})",
         R"(template: T:1:15: executing "T" at <repeat -1 "x">: error calling repeat: strings: negative Repeat count)"},
        {R"({{ $x := repeat -1 "x" }})",
         R"(template: T:1:9: executing "T" at <repeat -1 "x">: error calling repeat: strings: negative Repeat count)"},
        {R"({{ upper "a" | trunc 1 | repeat 2 "b" }})",
         R"(template: T:1:25: executing "T" at <repeat>: wrong number of args for repeat: want 2 got 3)"},
    });
}
