// text/template's own functions: and, or, not, len, index, eq and the
// orderings, html, js, urlquery, print and println, call; and pipelines.
#include "tests/unit/gotemplate/gotemplate_test_support.hpp"

using namespace airlock::gotemplate::test;

TEST_CASE("gotemplate builtins: and, or, not", "[gotemplate]") {
    check_outputs({
        {R"({{ and 1 2 }} {{ and 0 2 }} {{ and 1 "" }} {{ and .Values.str .Values.num }} {{ and .Values.missing 1 }})",
         R"(2 0  3 <no value>)"},
        {R"({{ or 0 2 }} {{ or 0 "" }} {{ or .Values.f .Values.zero .Values.str }} {{ or 0 .Values.missing }})",
         R"(2  hello <no value>)"},
        {R"({{ and 1 }} {{ or 0 }})", R"(1 0)"},
        {R"({{ and 0 (repeat -1 "x") }})", R"(0)"},
        {R"({{ or 1 (repeat -1 "x") }})", R"(1)"},
        {R"({{ and 0 .Values.missing.x }})", R"(0)"},
        {R"({{ or 1 .Values.missing.x }})", R"(1)"},
        {R"({{ 1 | and 0 }} {{ 0 | and 1 }} {{ 0 | or 1 }} {{ 5 | or 0 }})", R"(0 0 1 5)"},
        {R"({{ and 1 0 | printf "%T" }} {{ or "" 0.0 | printf "%T" }})", R"(int float64)"},
        {R"({{ printf "%T" (and .Values.num .Values.list) }})", R"([]interface {})"},
        {R"({{ not 1 }} {{ not 0 }} {{ not "" }} {{ not .Values.missing }} {{ not .Values.list }} {{ not .Values.emptymap }})",
         R"(false true true true false true)"},
        {R"({{ 1 | not }})", R"(false)"},
    });
    check_errors({
        {R"({{ and }})",
         R"(template: T:1:3: executing "T" at <and>: wrong number of args for and: want at least 1 got 0)"},
        {R"({{ or }})",
         R"(template: T:1:3: executing "T" at <or>: wrong number of args for or: want at least 1 got 0)"},
        {R"({{ and 1 (repeat -1 "boom") }})",
         R"(template: T:1:10: executing "T" at <repeat -1 "boom">: error calling repeat: strings: negative Repeat count)"},
        {R"({{ or 0 (repeat -1 "boom") }})",
         R"(template: T:1:9: executing "T" at <repeat -1 "boom">: error calling repeat: strings: negative Repeat count)"},
        {R"({{ and 1 .Values.missing.x }})",
         R"(template: T:1:16: executing "T" at <.Values.missing.x>: nil pointer evaluating interface {}.x)"},
        {R"({{ not }})",
         R"(template: T:1:3: executing "T" at <not>: wrong number of args for not: want 1 got 0)"},
        {R"({{ not 1 2 }})",
         R"(template: T:1:3: executing "T" at <not>: wrong number of args for not: want 1 got 2)"},
    });
}

TEST_CASE("gotemplate builtins: len", "[gotemplate]") {
    check_outputs({
        {R"({{ len "héllo" }} {{ len .Values.list }} {{ len .Values.map }} {{ len .Values.emptylist }} {{ len .Values.emptymap }})",
         R"(6 3 3 0 0)"},
        {R"({{ printf "%T" (len "a") }})", R"(int)"},
        {R"({{ "abc" | len }})", R"(3)"},
    });
    check_errors({
        {R"({{ len .Values.num }})",
         R"(template: T:1:3: executing "T" at <len .Values.num>: error calling len: len of type float64)"},
        {R"({{ len .Values.missing }})",
         R"(template: T:1:3: executing "T" at <len .Values.missing>: error calling len: len of nil pointer)"},
        {R"({{ len 1 }})",
         R"(template: T:1:3: executing "T" at <len 1>: error calling len: len of type int)"},
        {R"({{ len }})",
         R"(template: T:1:3: executing "T" at <len>: wrong number of args for len: want 1 got 0)"},
        {R"({{ len "a" "b" }})",
         R"(template: T:1:3: executing "T" at <len>: wrong number of args for len: want 1 got 2)"},
        {R"({{ len .Values.t }})",
         R"(template: T:1:3: executing "T" at <len .Values.t>: error calling len: len of type bool)"},
    });
}

TEST_CASE("gotemplate builtins: index", "[gotemplate]") {
    check_outputs({
        {R"({{ index .Values.list 1 }} {{ index .Values.map "b" }} {{ index .Values.nested "inner" "x" }} {{ index .Values.mixed 4 "k" }})",
         R"(b 2 1 v)"},
        {R"({{ index .Values.list }})", R"([a b c])"},
        {R"({{ index .Values.map "zz" }})", R"(<no value>)"},
        {R"({{ index .Values.str 1 }})", R"(101)"},
        {R"({{ printf "%T" (index "abc" 0) }})", R"(uint8)"},
        {R"({{ index .Values.list 0 0 }})", R"(97)"},
        {R"({{ index 1 }})", R"(1)"},
        {R"({{ printf "%T" (index .Values.list 0) }} {{ printf "%T" (index .Values.map "a") }})",
         R"(string float64)"},
        {R"({{ index .Values.mixed 4 }})", R"(map[k:v])"},
        {R"({{ (index .Values.list 0) | printf "%s!" }})", R"(a!)"},
    });
    check_errors({
        {R"({{ index .Values.list 3 }})",
         R"(template: T:1:3: executing "T" at <index .Values.list 3>: error calling index: reflect: slice index out of range)"},
        {R"({{ index .Values.list -1 }})",
         R"(template: T:1:3: executing "T" at <index .Values.list -1>: error calling index: index out of range: -1)"},
        {R"({{ index .Values.list 10 }})",
         R"(template: T:1:3: executing "T" at <index .Values.list 10>: error calling index: index out of range: 10)"},
        {R"({{ index .Values.list "a" }})",
         R"(template: T:1:3: executing "T" at <index .Values.list "a">: error calling index: cannot index slice/array with type string)"},
        {R"({{ index .Values.list 1.0 }})",
         R"(template: T:1:3: executing "T" at <index .Values.list 1.0>: error calling index: cannot index slice/array with type float64)"},
        {R"({{ index .Values.list .Values.num }})",
         R"(template: T:1:3: executing "T" at <index .Values.list .Values.num>: error calling index: cannot index slice/array with type float64)"},
        {R"({{ index .Values.list nil }})",
         R"(template: T:1:3: executing "T" at <index .Values.list nil>: error calling index: cannot index slice/array with nil)"},
        {R"({{ index .Values.map 1 }})",
         R"(template: T:1:3: executing "T" at <index .Values.map 1>: error calling index: value has type int; should be string)"},
        {R"({{ index .Values.map nil }})",
         R"(template: T:1:3: executing "T" at <index .Values.map nil>: error calling index: value is nil; should be of type string)"},
        {R"({{ index .Values.str 5 }})",
         R"(template: T:1:3: executing "T" at <index .Values.str 5>: error calling index: reflect: string index out of range)"},
        {R"({{ index .Values.str 6 }})",
         R"(template: T:1:3: executing "T" at <index .Values.str 6>: error calling index: index out of range: 6)"},
        {R"({{ index .Values.num 0 }})",
         R"(template: T:1:3: executing "T" at <index .Values.num 0>: error calling index: can't index item of type float64)"},
        {R"({{ index .Values.map "zz" "y" }})",
         R"(template: T:1:3: executing "T" at <index .Values.map "zz" "y">: error calling index: index of nil pointer)"},
        {R"({{ index .Values.nested "nope" "x" }})",
         R"(template: T:1:3: executing "T" at <index .Values.nested "nope" "x">: error calling index: index of nil pointer)"},
        {R"({{ index .Values.list 0 0 0 }})",
         R"(template: T:1:3: executing "T" at <index .Values.list 0 0 0>: error calling index: can't index item of type uint8)"},
        {R"({{ index .Values.t 0 }})",
         R"(template: T:1:3: executing "T" at <index .Values.t 0>: error calling index: can't index item of type bool)"},
        {R"({{ index }})",
         R"(template: T:1:3: executing "T" at <index>: wrong number of args for index: want at least 1 got 0)"},
        {R"({{ index .Values.list (len .Values.list) }})",
         R"(template: T:1:3: executing "T" at <index .Values.list (len .Values.list)>: error calling index: reflect: slice index out of range)"},
        {R"({{ index .Values.list 9223372036854775807 }})",
         R"(template: T:1:3: executing "T" at <index .Values.list 9223372036854775807>: error calling index: index out of range: 9223372036854775807)"},
    });
}

TEST_CASE("gotemplate builtins: slice", "[gotemplate]") {
    // Helm replaces text/template's slice with sprig's, so these come from
    // Go's source (text/template/funcs.go) rather than from Helm. One
    // deliberate difference: Go bounds indexes by the slice's capacity, which
    // for decoded values is an accident of append; here it is the length.
    check_outputs({
        {R"({{ slice .Values.list 1 }} {{ slice .Values.list 1 2 }} {{ slice .Values.list }} {{ slice .Values.list 0 3 }} {{ slice .Values.list 3 }})",
         R"([b c] [b] [a b c] [a b c] [])"},
        {R"({{ slice .Values.str 1 3 }} {{ slice .Values.str 2 }} {{ slice "héllo" 1 3 | printf "%q" }})",
         R"(el llo "é")"},
        {R"({{ slice .Values.list 1 2 3 }})", R"([b])"},
        {R"({{ printf "%T" (slice .Values.list 1) }} {{ printf "%s %T" (slice (bytes "abc") 1) (slice (bytes "abc") 1) }})",
         R"([]interface {} bc []uint8)"},
        {R"({{ range slice (splitList "," "a,b,c") 1 }}{{ printf "%T" . }}{{ end }})",
         R"(stringstring)"},
    });
    check_errors({
        {R"({{ slice .Values.list 0 1 2 3 }})",
         R"(template: T:1:3: executing "T" at <slice .Values.list 0 1 2 3>: error calling slice: too many slice indexes: 4)"},
        {R"({{ slice .Values.str 1 2 3 }})",
         R"(template: T:1:3: executing "T" at <slice .Values.str 1 2 3>: error calling slice: cannot 3-index slice a string)"},
        {R"({{ slice .Values.list 2 1 }})",
         R"(template: T:1:3: executing "T" at <slice .Values.list 2 1>: error calling slice: invalid slice index: 2 > 1)"},
        {R"({{ slice .Values.list 4 }})",
         R"(template: T:1:3: executing "T" at <slice .Values.list 4>: error calling slice: index out of range: 4)"},
        {R"({{ slice .Values.list -1 }})",
         R"(template: T:1:3: executing "T" at <slice .Values.list -1>: error calling slice: index out of range: -1)"},
        {R"({{ slice .Values.list 0 1 4 }})",
         R"(template: T:1:3: executing "T" at <slice .Values.list 0 1 4>: error calling slice: index out of range: 4)"},
        {R"({{ slice .Values.list 0 2 1 }})",
         R"(template: T:1:3: executing "T" at <slice .Values.list 0 2 1>: error calling slice: invalid slice index: 2 > 1)"},
        {R"({{ slice .Values.num 1 }})",
         R"(template: T:1:3: executing "T" at <slice .Values.num 1>: error calling slice: can't slice item of type float64)"},
        {R"({{ slice .Values.map 1 }})",
         R"(template: T:1:3: executing "T" at <slice .Values.map 1>: error calling slice: can't slice item of type map[string]interface {})"},
        {R"({{ slice nil 1 }})",
         R"(template: T:1:3: executing "T" at <slice nil 1>: error calling slice: slice of untyped nil)"},
        {R"({{ slice .Values.missing 1 }})",
         R"(template: T:1:3: executing "T" at <slice .Values.missing 1>: error calling slice: slice of untyped nil)"},
        {R"({{ slice .Values.list "1" }})",
         R"(template: T:1:3: executing "T" at <slice .Values.list "1">: error calling slice: cannot index slice/array with type string)"},
        {R"({{ slice .Values.list nil }})",
         R"(template: T:1:3: executing "T" at <slice .Values.list nil>: error calling slice: cannot index slice/array with nil)"},
        {R"({{ slice .Values.list 1.0 }})",
         R"(template: T:1:3: executing "T" at <slice .Values.list 1.0>: error calling slice: cannot index slice/array with type float64)"},
        {R"({{ slice }})",
         R"(template: T:1:3: executing "T" at <slice>: wrong number of args for slice: want at least 1 got 0)"},
    });
}

TEST_CASE("gotemplate builtins: eq", "[gotemplate]") {
    check_outputs({
        {R"({{ eq 1 1 }} {{ eq 1 2 }} {{ eq "a" "a" }} {{ eq .Values.num 3.0 }} {{ eq .Values.str "hello" }} {{ eq .Values.t true }})",
         R"(true false true true true true)"},
        {R"({{ eq 1 2 3 1 }} {{ eq "a" "b" "c" }} {{ eq .Values.str "x" "hello" }})",
         R"(true false true)"},
        {R"({{ eq .Values.missing nil }})", R"(true)"},
        {R"({{ eq nil nil }})", R"(true)"},
        {R"({{ eq .Values.missing 1 }})", R"(false)"},
        {R"({{ eq 1 .Values.missing }})", R"(false)"},
        {R"({{ eq .Values.missing .Values.missing }})", R"(true)"},
        {R"({{ eq 1 1 "x" }})", R"(true)"},
        {R"({{ eq (index "a" 0) 97 }})", R"(true)"},
        {R"({{ eq (len "ab") 2 }})", R"(true)"},
    });
    check_errors({
        {R"({{ eq .Values.num 3 }})",
         R"(template: T:1:3: executing "T" at <eq .Values.num 3>: error calling eq: incompatible types for comparison: float64 and int)"},
        {R"({{ eq 1 1.0 }})",
         R"(template: T:1:3: executing "T" at <eq 1 1.0>: error calling eq: incompatible types for comparison: int and float64)"},
        {R"({{ eq 1 "1" }})",
         R"(template: T:1:3: executing "T" at <eq 1 "1">: error calling eq: incompatible types for comparison: int and string)"},
        {R"({{ eq .Values.list .Values.list }})",
         R"(template: T:1:3: executing "T" at <eq .Values.list .Values.list>: error calling eq: non-comparable type [a b c]: []interface {})"},
        {R"({{ eq .Values.map 1 }})",
         R"(template: T:1:3: executing "T" at <eq .Values.map 1>: error calling eq: incompatible types for comparison: map[string]interface {} and int)"},
        {R"({{ eq 1 .Values.list }})",
         R"(template: T:1:3: executing "T" at <eq 1 .Values.list>: error calling eq: incompatible types for comparison: int and []interface {})"},
        {R"({{ eq "a" .Values.list }})",
         R"(template: T:1:3: executing "T" at <eq "a" .Values.list>: error calling eq: incompatible types for comparison: string and []interface {})"},
        {R"({{ eq 1 }})",
         R"(template: T:1:3: executing "T" at <eq 1>: error calling eq: missing argument for comparison)"},
        {R"({{ eq }})",
         R"(template: T:1:3: executing "T" at <eq>: wrong number of args for eq: want at least 1 got 0)"},
        {R"({{ eq 1 2 "x" }})",
         R"(template: T:1:3: executing "T" at <eq 1 2 "x">: error calling eq: incompatible types for comparison: int and string)"},
        {R"({{ eq (index "a" 0) 97.0 }})",
         R"(template: T:1:3: executing "T" at <eq (index "a" 0) 97.0>: error calling eq: incompatible types for comparison: uint8 and float64)"},
        {R"({{ eq true 1 }})",
         R"(template: T:1:3: executing "T" at <eq true 1>: error calling eq: incompatible types for comparison: bool and int)"},
    });
}

TEST_CASE("gotemplate builtins: ne, lt, le, gt, ge", "[gotemplate]") {
    check_outputs({
        {R"({{ ne 1 2 }} {{ ne "a" "a" }} {{ ne .Values.num 3.0 }})", R"(true false false)"},
        {R"({{ ne .Values.missing 1 }})", R"(true)"},
        {R"({{ lt 1 2 }} {{ lt 2 1 }} {{ lt "a" "b" }} {{ lt 1.5 2.5 }} {{ le 2 2 }} {{ gt 3 2 }} {{ ge 2 3 }} {{ ge "b" "b" }})",
         R"(true false true true true true false true)"},
        {R"({{ lt .Values.num 4.0 }} {{ gt .Values.pi .Values.num }} {{ le .Values.neg -2.0 }})",
         R"(true true true)"},
        {R"({{ lt (index "a" 0) 98 }} {{ lt -1 (index "a" 0) }} {{ gt (index "a" 0) -1 }})",
         R"(true true true)"},
        {R"({{ lt (len "a") 2 }})", R"(true)"},
        {R"({{ 1 | eq 1 }} {{ 2 | lt 1 }})", R"(true true)"},
    });
    check_errors({
        {R"({{ ne 1 "a" }})",
         R"(template: T:1:3: executing "T" at <ne 1 "a">: error calling ne: incompatible types for comparison: int and string)"},
        {R"({{ ne 1 }})",
         R"(template: T:1:3: executing "T" at <ne>: wrong number of args for ne: want 2 got 1)"},
        {R"({{ ne 1 2 3 }})",
         R"(template: T:1:3: executing "T" at <ne>: wrong number of args for ne: want 2 got 3)"},
        {R"({{ ne .Values.list 1 }})",
         R"(template: T:1:3: executing "T" at <ne .Values.list 1>: error calling ne: incompatible types for comparison: []interface {} and int)"},
        {R"({{ lt .Values.num 4 }})",
         R"(template: T:1:3: executing "T" at <lt .Values.num 4>: error calling lt: incompatible types for comparison: float64 and int)"},
        {R"({{ lt 1 1.5 }})",
         R"(template: T:1:3: executing "T" at <lt 1 1.5>: error calling lt: incompatible types for comparison: int and float64)"},
        {R"({{ lt true false }})",
         R"(template: T:1:3: executing "T" at <lt true false>: error calling lt: invalid type for comparison)"},
        {R"({{ lt "a" 1 }})",
         R"(template: T:1:3: executing "T" at <lt "a" 1>: error calling lt: incompatible types for comparison: string and int)"},
        {R"({{ lt .Values.list 1 }})",
         R"(template: T:1:3: executing "T" at <lt .Values.list 1>: error calling lt: invalid type for comparison)"},
        {R"({{ lt .Values.missing 1 }})",
         R"(template: T:1:3: executing "T" at <lt .Values.missing 1>: error calling lt: invalid type for comparison)"},
        {R"({{ lt 1 .Values.missing }})",
         R"(template: T:1:3: executing "T" at <lt 1 .Values.missing>: error calling lt: invalid type for comparison)"},
        {R"({{ lt nil 1 }})",
         R"(template: T:1:3: executing "T" at <lt nil 1>: error calling lt: invalid type for comparison)"},
        {R"({{ le true true }})",
         R"(template: T:1:3: executing "T" at <le true true>: error calling le: invalid type for comparison)"},
        {R"({{ le 1 "a" }})",
         R"(template: T:1:3: executing "T" at <le 1 "a">: error calling le: incompatible types for comparison: int and string)"},
        {R"({{ gt 1 }})",
         R"(template: T:1:3: executing "T" at <gt>: wrong number of args for gt: want 2 got 1)"},
        {R"({{ ge 1 2 3 }})",
         R"(template: T:1:3: executing "T" at <ge>: wrong number of args for ge: want 2 got 3)"},
        {R"({{ gt "a" .Values.map }})",
         R"(template: T:1:3: executing "T" at <gt "a" .Values.map>: error calling gt: invalid type for comparison)"},
        {R"({{ eq 2 | printf "%v" }})",
         R"(template: T:1:3: executing "T" at <eq 2>: error calling eq: missing argument for comparison)"},
    });
}

TEST_CASE("gotemplate builtins: html, js, urlquery", "[gotemplate]") {
    check_outputs({
        {R"({{ html .Values.html }})", R"(&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt;)"},
        {R"({{ html "a\x00b" }})", R"(a�b)"},
        {R"({{ html 1 2 }} {{ html "a" "b" }} {{ html "a" 1 }} {{ html }})", R"(1 2 ab a1 )"},
        {R"({{ html .Values.missing }}|{{ html nil }}|{{ html .Values.missing 1 }})",
         R"(&lt;no value&gt;|&lt;no value&gt;|&lt;no value&gt;1)"},
        {R"({{ js .Values.html }})", R"(\u003Ca href\u003D\"x\"\u003E\u0026\'\u003C/a\u003E)"},
        {R"({{ js "'\"" }})", R"(\'\")"},
        {R"({{ urlquery "a b&c=d/é?~._-+" }})", R"(a+b%26c%3Dd%2F%C3%A9%3F~._-%2B)"},
        {R"({{ urlquery .Values.list }} {{ urlquery 1 2 }} {{ urlquery .Values.missing }})",
         R"(%5Ba+b+c%5D 1+2 %3Cno+value%3E)"},
        {R"({{ .Values.html | html }} {{ .Values.html | js }} {{ .Values.html | urlquery }})",
         R"(&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt; \u003Ca href\u003D\"x\"\u003E\u0026\'\u003C/a\u003E %3Ca+href%3D%22x%22%3E%26%27%3C%2Fa%3E)"},
    });
}

TEST_CASE("gotemplate builtins: print, println, printf arguments", "[gotemplate]") {
    check_outputs({
        {R"({{ print }}|{{ print "a" "b" }}|{{ print 1 2 }}|{{ print "a" 1 2 "b" }}|{{ print 1 "a" 2 }}|{{ print .Values.list .Values.map }}|{{ print nil }}|{{ print .Values.missing }})",
         R"(|ab|1 2|a1 2b|1a2|[a b c] map[a:1 b:2 c:3]|<nil>|<nil>)"},
        {R"({{ print .Values.num .Values.pi true }}|{{ print 1 .Values.missing 2 }})",
         R"(3 3.5 true|1 <nil> 2)"},
        {R"({{ println }}|{{ println "a" "b" }}|{{ println 1 2 }})", "\n|a b\n|1 2\n"},
        {R"({{ printf "%s" }})", R"(%!s(MISSING))"},
        {R"({{ printf .Values.str }})", R"(hello)"},
        {R"({{ "x%sy" | printf }})", R"(x%!s(MISSING)y)"},
        {R"({{ "a" | printf "%s-%s" "b" }})", R"(b-a)"},
        {R"({{ 1 | print 2 }})", R"(2 1)"},
    });
    check_errors({
        {R"({{ printf }})",
         R"(template: T:1:3: executing "T" at <printf>: wrong number of args for printf: want at least 1 got 0)"},
        {R"({{ printf 1 }})",
         R"(template: T:1:10: executing "T" at <1>: expected string; found 1)"},
        {R"({{ printf .Values.num }})",
         R"(template: T:1:17: executing "T" at <.Values.num>: wrong type for value; expected string; got float64)"},
        {R"({{ printf .Values.missing }})",
         R"(template: T:1:17: executing "T" at <.Values.missing>: wrong type for value; expected string; got interface {})"},
        {R"({{ printf nil }})",
         R"(template: T:1:10: executing "T" at <nil>: cannot assign nil to string)"},
    });
}

TEST_CASE("gotemplate builtins: call", "[gotemplate]") {
    check_errors({
        {R"({{ call .Values.str }})",
         R"(template: T:1:3: executing "T" at <call .Values.str>: error calling call: non-function .Values.str of type string)"},
        {R"({{ call .Values.missing }})",
         R"(template: T:1:3: executing "T" at <call .Values.missing>: error calling call: call of nil)"},
        {R"({{ call nil }})",
         R"(template: T:1:3: executing "T" at <call nil>: error calling call: call of nil)"},
        {R"({{ call }})",
         R"(template: T:1:3: executing "T" at <call>: wrong number of args for call: want at least 1 got 0)"},
        {R"({{ call 1 2 }})",
         R"(template: T:1:3: executing "T" at <call 1 2>: error calling call: non-function 1 of type int)"},
        {R"({{ call .Values.list 1 }})",
         R"(template: T:1:3: executing "T" at <call .Values.list 1>: error calling call: non-function .Values.list of type []interface {})"},
    });
}

TEST_CASE("gotemplate builtins: pipelines and commands", "[gotemplate]") {
    check_outputs({
        {R"({{ "a" | printf "%s%s" "b" | printf "<%s>" }})", R"(<ba>)"},
        {R"({{ .Values.num | printf "%v" | len }})", R"(1)"},
        {R"({{ ("s") }})", R"(s)"},
        {R"({{ (printf "a") | printf "%s%s" "b" }})", R"(ba)"},
        {R"({{ ( printf "%d" 1 ) }})", R"(1)"},
    });
    check_errors({
        {R"({{ 1 | 2 }})", R"(template: T:1:9: non executable command in pipeline stage 2)"},
        {R"({{ 1 | "a" }})", R"(template: T:1:11: non executable command in pipeline stage 2)"},
        {R"({{ 1 | true }})", R"(template: T:1:12: non executable command in pipeline stage 2)"},
        {R"({{ 1 | nil }})", R"(template: T:1:11: non executable command in pipeline stage 2)"},
        {R"({{ 1 | . }})", R"(template: T:1:9: non executable command in pipeline stage 2)"},
        {R"({{ 1 | .Values.str }})",
         R"(template: T:1:14: executing "T" at <.Values.str>: str is not a method but has arguments)"},
        {R"({{ 1 | (printf "x") }})",
         R"(template: T:1:3: executing "T" at <1>: can't give argument to non-function printf "x")"},
        {R"({{ 1 | $ }})",
         R"(template: T:1:7: executing "T" at <$>: can't give argument to non-function $)"},
        {R"({{ (1) 2 }})",
         R"(template: T:1:3: executing "T" at <(1) 2>: can't give argument to non-function 1)"},
        {R"({{ (printf "%d") 1 }})",
         R"(template: T:1:3: executing "T" at <(printf "%d") 1>: can't give argument to non-function printf "%d")"},
        {R"({{ nil }})", R"(template: T:1:3: executing "T" at <nil>: nil is not a command)"},
        {R"({{ nil 1 }})",
         R"(template: T:1:3: executing "T" at <nil>: can't give argument to non-function nil)"},
        {R"({{ . 1 }})",
         R"(template: T:1:3: executing "T" at <.>: can't give argument to non-function .)"},
        {R"({{ "a" 1 }})",
         R"(template: T:1:3: executing "T" at <"a">: can't give argument to non-function "a")"},
        {R"({{ 1 2 }})",
         R"(template: T:1:3: executing "T" at <1>: can't give argument to non-function 1)"},
        {R"({{ true 1 }})",
         R"(template: T:1:3: executing "T" at <true>: can't give argument to non-function true)"},
        {R"({{ undefined }})", R"(template: T:1:3: function "undefined" not defined)"},
        {R"({{ undefined 1 }})", R"(template: T:1:3: function "undefined" not defined)"},
        {R"({{ .Values.str | undefinedfn }})",
         R"(template: T:1:17: function "undefinedfn" not defined)"},
        {R"({{ printf "%s" (repeat -1 "inner") }})",
         R"(template: T:1:16: executing "T" at <repeat -1 "inner">: error calling repeat: strings: negative Repeat count)"},
        {R"({{ repeat -1 "bad" }})",
         R"(template: T:1:3: executing "T" at <repeat -1 "bad">: error calling repeat: strings: negative Repeat count)"},
        {R"({{ upper }})",
         R"(template: T:1:3: executing "T" at <upper>: wrong number of args for upper: want 1 got 0)"},
        {R"({{ upper 1 }})", R"(template: T:1:9: executing "T" at <1>: expected string; found 1)"},
        {R"({{ -1 | repeat "x" }})",
         R"(template: T:1:15: executing "T" at <"x">: expected integer; found "x")"},
    });
}
