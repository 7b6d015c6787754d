// Field chains on maps, nil and other values (missingkey=zero: a missing key
// is "<no value>", a field of it is an error), how values print, and where
// execution errors point.
#include "tests/unit/common/gotemplate/gotemplate_test_support.hpp"

using namespace airlock::gotemplate::test;

TEST_CASE("gotemplate fields: field chains", "[gotemplate]") {
    check_outputs({
        {R"({{ .Values.nested.inner.x }})", R"(1)"},
        {R"({{ .Values.nested.inner.deep.z }})", R"(zz)"},
        {R"({{ .Values.nested.nope }})", R"(<no value>)"},
        {R"({{ (.Values.nested).inner.x }})", R"(1)"},
        {R"({{ (.Values.nested.inner).deep.z }})", R"(zz)"},
        {R"({{ (.Values.missing).x }})", R"(<no value>)"},
        {R"({{ (index .Values.mixed 4).k }})", R"(v)"},
        {R"({{ .Values.map.a | printf "%v" }})", R"(1)"},
        {R"({{ $.Values.nested.s }})", R"(str)"},
        {R"({{ .Values.keys.B }} {{ .Values.keys.a }} {{ .Values.keys._c }})", R"(1 2 3)"},
        {R"({{ .Values.nested.inner.list }})", R"([p q])"},
        {R"({{ (index .Values.nested "inner").x }})", R"(1)"},
        {R"({{ .Values.missing | printf "%v" }})", R"(<nil>)"},
        {R"({{ printf "%v" .Values.missing }})", R"(<nil>)"},
        {R"({{ .Values.missing }}{{ .Values.nested.missing }})", R"(<no value><no value>)"},
        {R"({{ $m := .Values.map }}{{ $m.a }}{{ $m.z }})", R"(1<no value>)"},
        {R"({{ $m := .Values.missing }}{{ $m.a }})", R"(<no value>)"},
        {R"({{ (.Values).str }})", R"(hello)"},
        {R"({{ ($).Values.str }})", R"(hello)"},
        {R"({{ (.).Values.str }})", R"(hello)"},
        {R"({{ (.Values.nested.inner.list) }})", R"([p q])"},
    });
    check_errors({
        {R"({{ .Values.nested.nope.deeper }})",
         R"(template: T:1:10: executing "T" at <.Values.nested.nope.deeper>: nil pointer evaluating interface {}.deeper)"},
        {R"({{ .Values.str.x }})",
         R"(template: T:1:10: executing "T" at <.Values.str.x>: can't evaluate field x in type interface {})"},
        {R"({{ .Values.num.x }})",
         R"(template: T:1:10: executing "T" at <.Values.num.x>: can't evaluate field x in type interface {})"},
        {R"({{ .Values.list.x }})",
         R"(template: T:1:10: executing "T" at <.Values.list.x>: can't evaluate field x in type interface {})"},
        {R"({{ .Values.t.x }})",
         R"(template: T:1:10: executing "T" at <.Values.t.x>: can't evaluate field x in type interface {})"},
        {R"({{ .Values.missing.x.y }})",
         R"(template: T:1:10: executing "T" at <.Values.missing.x.y>: nil pointer evaluating interface {}.x)"},
        {R"({{ (index .Values.mixed 0).k }})",
         R"(template: T:1:24: executing "T" at <0>: can't evaluate field k in type string)"},
        {R"({{ (1).x }})",
         R"(template: T:1:4: executing "T" at <1>: can't evaluate field x in type int)"},
        {R"({{ ("s").x }})",
         R"(template: T:1:4: executing "T" at <"s">: can't evaluate field x in type string)"},
        {R"({{ (nil).x }})", R"(template: T:1:4: executing "T" at <nil>: nil is not a command)"},
        {R"({{ nil.x }})", R"(template: T:1:6: unexpected . after term "nil")"},
        {R"({{ "s".x }})", R"(template: T:1:6: unexpected . after term "\"s\"")"},
        {R"({{ 1.x }})", R"(template: T:1:6: bad number syntax: "1.x")"},
        {R"({{ true.x }})", R"(template: T:1:7: unexpected . after term "true")"},
        {R"({{ ..x }})", R"(template: T:1:4: unexpected . after term ".")"},
        {R"({{ .x.y }})",
         R"(template: T:1:5: executing "T" at <.x.y>: nil pointer evaluating interface {}.y)"},
        {R"({{ .Values.str 1 }})",
         R"(template: T:1:10: executing "T" at <.Values.str>: str is not a method but has arguments)"},
        {R"({{ .Values.nested.s 1 }})",
         R"(template: T:1:10: executing "T" at <.Values.nested.s>: s is not a method but has arguments)"},
        {R"({{ 1 | .Values.str }})",
         R"(template: T:1:14: executing "T" at <.Values.str>: str is not a method but has arguments)"},
        {R"({{ printf "%v" .Values.missing.x }})",
         R"(template: T:1:22: executing "T" at <.Values.missing.x>: nil pointer evaluating interface {}.x)"},
        {R"({{ $l := .Values.list }}{{ $l.a }})",
         R"(template: T:1:29: executing "T" at <$l.a>: can't evaluate field a in type []interface {})"},
        {R"({{ with .Values.str }}{{ .x }}{{ end }})",
         R"(template: T:1:25: executing "T" at <.x>: can't evaluate field x in type string)"},
        {R"({{ (printf "x").y }})",
         R"(template: T:1:11: executing "T" at <"x">: can't evaluate field y in type string)"},
        {R"({{ (.Values.list).x }})",
         R"(template: T:1:11: executing "T" at <.Values.list>: can't evaluate field x in type []interface {})"},
        {R"({{ .Values.nested.inner.x.y }})",
         R"(template: T:1:10: executing "T" at <.Values.nested.inner.x.y>: can't evaluate field y in type interface {})"},
        {R"({{ $x := 1 }}{{ ($x).y }})",
         R"(template: T:1:17: executing "T" at <$x>: can't evaluate field y in type int)"},
        {R"({{ template "x" }})",
         R"(template: T:1:12: executing "T" at <{{template "x"}}>: template "x" not defined)"},
    });
}

TEST_CASE("gotemplate fields: printing values", "[gotemplate]") {
    check_outputs({
        {R"({{ .Values.t }} {{ .Values.f }} {{ .Values.zero }} {{ .Values.neg }} {{ .Values.empty }}|{{ .Values.emptylist }} {{ .Values.emptymap }})",
         R"(true false 0 -2 |[] map[])"},
        {R"({{ .Values.html }} {{ .Values.unicode }})", R"(<a href="x">&'</a> héllo wörld ☃)"},
        {R"({{ .Values.mixed }})", R"([x 1 true 2.5 map[k:v] [w]])"},
        {R"({{ .Values.keys }})", R"(map[A b:4 B:1 _c:3 a:2])"},
        {R"({{ 1.0 }} {{ 1.5e10 }} {{ 1e21 }} {{ 1e20 }} {{ 0.0001 }} {{ 0.00001 }} {{ 123456789.0 }} {{ -0.0 }})",
         R"(1 1.5e+10 1e+21 1e+20 0.0001 1e-05 1.23456789e+08 -0)"},
        {R"({{ 100000000000000000000.0 }} {{ 1e-7 }} {{ 3.0e6 }} {{ 2.5e-5 }})",
         R"(1e+20 1e-07 3e+06 2.5e-05)"},
    });
}

TEST_CASE("gotemplate fields: error positions", "[gotemplate]") {
    check_outputs({
        {"{{ .Values.str }}\n{{ (.Values.missing).x }}", "hello\n<no value>"},
        {"{{ $x := .Values.missing }}\n{{ $x.y.z }}", "\n<no value>"},
    });
    check_errors({
        {"line1\n  {{ .Values.missing.x }}",
         R"(template: T:2:12: executing "T" at <.Values.missing.x>: nil pointer evaluating interface {}.x)"},
        {"a\nb\n\n   {{ 1 }}{{ index .Values.list 5 }}",
         R"(template: T:4:13: executing "T" at <index .Values.list 5>: error calling index: index out of range: 5)"},
        {"{{ if true }}\n{{ with .Values.nested }}\n\t{{ .inner.nope.deeper }}{{ end }}{{ end }}",
         R"(template: T:3:10: executing "T" at <.inner.nope.deeper>: nil pointer evaluating interface {}.deeper)"},
        {"{{ range .Values.list }}\n{{ printf \"%s\" . | len | trunc 1 }}{{ end }}",
         R"(template: T:2:31: executing "T" at <1>: wrong type for value; expected string; got int)"},
        {R"({{ "é" }}{{ .Values.missing.x }})",
         R"(template: T:1:20: executing "T" at <.Values.missing.x>: nil pointer evaluating interface {}.x)"},
        {"{{/* a\ncomment */}}{{ .Values.nested.s.x }}",
         R"(template: T:2:22: executing "T" at <.Values.nested.s.x>: can't evaluate field x in type interface {})"},
        {"{{ `raw\nstring` }}{{ .Values.nested.s.x }}",
         R"(template: T:2:20: executing "T" at <.Values.nested.s.x>: can't evaluate field x in type interface {})"},
        {R"({{ with $x := 1 }}{{ $x.y }}{{ end }})",
         R"(template: T:1:23: executing "T" at <$x.y>: can't evaluate field y in type int)"},
    });
}
