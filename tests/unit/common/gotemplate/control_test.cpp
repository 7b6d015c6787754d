// if, with, range (lists, maps, integers, else), break and continue, and
// variables: := declares in the current scope, = assigns to the nearest.
#include "tests/unit/common/gotemplate/gotemplate_test_support.hpp"

using namespace airlock::gotemplate::test;

TEST_CASE("gotemplate control: if", "[gotemplate]") {
    check_outputs({
        {R"({{ if .Values.t }}yes{{ end }})", R"(yes)"},
        {R"({{ if .Values.f }}yes{{ else }}no{{ end }})", R"(no)"},
        {R"({{ if .Values.f }}1{{ else if .Values.zero }}2{{ else if .Values.str }}3{{ else }}4{{ end }})",
         R"(3)"},
        {R"({{ if .Values.missing }}1{{ else }}2{{ end }})", R"(2)"},
        {R"({{ if .Values.list }}1{{ end }}{{ if .Values.map }}2{{ end }}{{ if .Values.neg }}3{{ end }}{{ if "0" }}4{{ end }}{{ if .Values.small }}5{{ end }})",
         R"(12345)"},
        {R"({{ if $x := .Values.str }}{{ $x }}{{ end }})", R"(hello)"},
        {R"({{ if $x := .Values.f }}{{ else }}{{ $x }}{{ end }})", R"(false)"},
        {R"({{ if $x := 1 }}{{ else if $y := 2 }}{{ $x }}{{ $y }}{{ end }})", R"()"},
        {R"({{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }})", R"(2)"},
        {R"({{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }})", R"(21)"},
    });
    check_errors({
        {R"({{ if .Values.empty }}1{{ else }}2{{ end }}{{ if .Values.emptylist }}1{{ else }}2{{ end }}{{ if .Values.emptymap }}1{{ else }}2{{ end }}{{ if .Values.zero }}1{{ else }}2{{ end }}{{ if 0.0 }}1{{ else }}2{{ end }}{{ if nil }}1{{ end }})",
         R"(template: T:1:217: executing "T" at <nil>: nil is not a command)"},
        {R"({{ if }}x{{ end }})", R"(template: T:1:6: missing value for if)"},
        {R"({{ if 1 }}x)", R"(template: T:1:11: unexpected EOF)"},
        {R"({{ if 1 }}x{{ else }}y{{ else }}z{{ end }})",
         R"(template: T:1:30: expected end; found {{else}})"},
        {R"({{ if 1 }}x{{ else if }}y{{ end }})", R"(template: T:1:22: missing value for if)"},
        {R"({{ end }})", R"(template: T:1:7: unexpected {{end}})"},
        {R"({{ else }})", R"(template: T:1:8: unexpected {{else}})"},
        {R"({{ if 1 }}{{ end 1 }})", R"(template: T:1:17: unexpected "1" in end)"},
        {R"({{ if 1 }}{{ else 1 }}{{ end }})", R"(template: T:1:18: unexpected "1" in else)"},
        {R"({{ if $x := .Values.str }}{{ end }}{{ $x }})",
         R"(template: T:1:38: undefined variable "$x")"},
    });
}

TEST_CASE("gotemplate control: with", "[gotemplate]") {
    check_outputs({
        {R"({{ with .Values.nested }}{{ .s }}{{ end }})", R"(str)"},
        {R"({{ with .Values.missing }}x{{ else }}none{{ end }})", R"(none)"},
        {R"({{ with .Values.missing }}1{{ else with .Values.zero }}2{{ else with .Values.str }}{{ . }}{{ end }})",
         R"(hello)"},
        {R"({{ with $x := .Values.str }}{{ $x }}{{ . }}{{ end }})", R"(hellohello)"},
        {R"({{ with .Values.str }}{{ $.Values.num }}{{ end }})", R"(3)"},
    });
    check_errors({
        {R"({{ with .Values.nested }}{{ with .Values.f }}{{ else }}{{ . }}{{ end }}{{ end }})",
         R"(template: T:1:40: executing "T" at <.Values.f>: nil pointer evaluating interface {}.f)"},
        {R"({{ with 1 }}x{{ else if 1 }}y{{ end }})",
         R"(template: T:1:21: unexpected <if> in input)"},
        {R"({{ if 0 }}x{{ else with 2 }}{{ . }}{{ end }})",
         R"(template: T:1:19: unexpected <with> in input)"},
    });
}

TEST_CASE("gotemplate control: range", "[gotemplate]") {
    check_outputs({
        {R"({{ range .Values.list }}[{{ . }}]{{ end }})", R"([a][b][c])"},
        {R"({{ range $i, $v := .Values.list }}{{ $i }}={{ $v }} {{ end }})", R"(0=a 1=b 2=c )"},
        {R"({{ range $v := .Values.list }}{{ $v }}{{ end }})", R"(abc)"},
        {R"({{ range $k, $v := .Values.map }}{{ $k }}={{ $v }};{{ end }})", R"(a=1;b=2;c=3;)"},
        {R"({{ range .Values.map }}{{ . }}{{ end }})", R"(123)"},
        {R"({{ range $k, $v := .Values.keys }}{{ $k }},{{ end }})", R"(A b,B,_c,a,)"},
        {R"({{ range .Values.emptylist }}x{{ else }}empty{{ end }})", R"(empty)"},
        {R"({{ range .Values.emptymap }}x{{ else }}empty{{ end }})", R"(empty)"},
        {R"({{ range .Values.missing }}x{{ else }}empty{{ end }})", R"(empty)"},
        {R"({{ range 3 }}{{ . }}{{ end }})", R"(012)"},
        {R"({{ range $i := 3 }}{{ $i }}{{ end }})", R"(012)"},
        {R"({{ range 0 }}x{{ else }}none{{ end }})", R"(none)"},
        {R"({{ range -2 }}x{{ else }}none{{ end }})", R"(none)"},
    });
    check_errors({
        {R"({{ range $i, $v := 3 }}{{ $i }}{{ end }})",
         R"(template: T:1:19: executing "T" at <3>: can't use 3 to iterate over more than one variable)"},
        {R"({{ range .Values.num }}{{ . }}{{ end }})",
         R"(template: T:1:16: executing "T" at <.Values.num>: range can't iterate over 3)"},
        {R"({{ range .Values.str }}{{ . }}{{ end }})",
         R"(template: T:1:16: executing "T" at <.Values.str>: range can't iterate over hello)"},
        {R"({{ range .Values.t }}{{ . }}{{ end }})",
         R"(template: T:1:16: executing "T" at <.Values.t>: range can't iterate over true)"},
        {R"({{ range 1.5 }}{{ . }}{{ end }})",
         R"(template: T:1:9: executing "T" at <1.5>: range can't iterate over 1.5)"},
        {R"({{ range $x := "ab" }}{{ . }}{{ end }})",
         R"(template: T:1:15: executing "T" at <"ab">: range can't iterate over ab)"},
        {R"({{ range nil }}x{{ end }})",
         R"(template: T:1:9: executing "T" at <nil>: nil is not a command)"},
    });
}

TEST_CASE("gotemplate control: break and continue", "[gotemplate]") {
    check_outputs({
        {R"({{ range .Values.list }}{{ if eq . "b" }}{{ break }}{{ end }}{{ . }}{{ end }})",
         R"(a)"},
        {R"({{ range .Values.list }}{{ if eq . "b" }}{{ continue }}{{ end }}{{ . }}{{ end }})",
         R"(ac)"},
        {R"({{ range 5 }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }}{{ end }})", R"(012)"},
        {R"({{ range .Values.map }}{{ break }}{{ end }}done)", R"(done)"},
        {R"({{ range .Values.list }}{{ with . }}{{ break }}{{ end }}x{{ end }})", R"()"},
        {R"({{ range .Values.list }}{{ range $.Values.nums }}{{ break }}{{ end }}{{ . }}{{ end }})",
         R"(abc)"},
    });
    check_errors({
        {R"({{ break }})", R"(template: T:1:9: {{break}} outside {{range}})"},
        {R"({{ continue }})", R"(template: T:1:12: {{continue}} outside {{range}})"},
        {R"({{ if 1 }}{{ break }}{{ end }})", R"(template: T:1:19: {{break}} outside {{range}})"},
        {R"({{ range .Values.list }}{{ break 1 }}{{ end }})",
         R"(template: T:1:33: unexpected "1" in {{break}})"},
        {R"({{ range .Values.list }}{{ define "x" }}{{ break }}{{ end }}{{ end }})",
         R"(template: T:1:27: unexpected <define> in command)"},
    });
}

TEST_CASE("gotemplate control: range declarations", "[gotemplate]") {
    check_outputs({
        {R"({{ $i := 0 }}{{ $v := 0 }}{{ range $i, $v = .Values.list }}{{ end }}{{ $i }}{{ $v }})",
         R"(2c)"},
        {R"({{ $v := 0 }}{{ range $v = .Values.list }}{{ end }}{{ $v }})", R"(c)"},
        {R"({{ $v := 0 }}{{ range $v = 3 }}{{ end }}{{ $v }})", R"(2)"},
        {R"({{ range .Values.nums }}{{ . | printf "%T" }}{{ end }})", R"(float64float64float64)"},
        {R"({{ range $i, $v := .Values.nums }}{{ printf "%T" $i }}{{ end }})", R"(intintint)"},
        {R"({{ range $k, $v := .Values.map }}{{ printf "%T" $k }}{{ end }})",
         R"(stringstringstring)"},
        {R"({{ range .Values.mixed }}{{ . }}|{{ end }})", R"(x|1|true|2.5|map[k:v]|[w]|)"},
        {R"({{ range $i, $e := .Values.list }}{{ else }}{{ end }}x)", R"(x)"},
        {R"({{ $x := 1 }}{{ range .Values.list }}{{ $x = . }}{{ end }}{{ $x }})", R"(c)"},
    });
    check_errors({
        {R"({{ range $i, $v, $w := .Values.list }}{{ end }})",
         R"(template: T:1:15: too many declarations in range)"},
        {R"({{ range $i, 1 := .Values.list }}{{ end }})",
         R"(template: T:1:13: range can only initialize variables)"},
        {R"({{ range $i, $v = .Values.list }}{{ end }})",
         R"(template: T:1:25: executing "T" at <.Values.list>: undefined variable: $i)"},
        {R"({{ range $i, $v := .Values.nested.inner.list }}{{ $i }}{{ $v }}{{ end }}{{ $i }})",
         R"(template: T:1:75: undefined variable "$i")"},
        {R"({{ range .Values.list }}{{ $x := . }}{{ end }}{{ $x }})",
         R"(template: T:1:49: undefined variable "$x")"},
        {R"({{ range .Values.list }}{{ else }}{{ else }}{{ end }})",
         R"(template: T:1:42: expected end; found {{else}})"},
        {R"({{ range .Values.list }}{{ else if 1 }}{{ end }})",
         R"(template: T:1:32: unexpected <if> in input)"},
    });
}

TEST_CASE("gotemplate control: variables", "[gotemplate]") {
    check_outputs({
        {R"({{ $x := 1 }}{{ $x }})", R"(1)"},
        {R"({{ $x := 1 }}{{ $x := 2 }}{{ $x }})", R"(2)"},
        {R"({{ $x := 1 }}{{ $x = "s" }}{{ $x }})", R"(s)"},
        {R"({{ $x := 1 | printf "%v!" }}{{ $x }})", R"(1!)"},
        {R"({{ $ := 1 }}{{ $ }})", R"(1)"},
        {R"({{ $x := $ }}{{ $x.Values.str }})", R"(hello)"},
        {R"({{ $x := .Values.nested }}{{ $x.inner.x }})", R"(1)"},
        {R"({{ $x := "s" }}{{ $x | printf "%s!" }})", R"(s!)"},
        {R"({{ $x := .Values.missing }}{{ $x }})", R"(<no value>)"},
        {R"({{ $x := 1 }}{{ $x := $x }}{{ $x }})", R"(1)"},
        {R"({{ $x := 1 }})", R"()"},
        {R"({{ $x := 1 }} {{ $x = 2 }} x)", R"(  x)"},
        {R"({{ ($x := 1) }})", R"(1)"},
        {R"({{ $x:=1 }}{{$x}})", R"(1)"},
        {R"({{ $x :=1 }}{{$x}})", R"(1)"},
        {R"({{ $x:= 1 }}{{$x}})", R"(1)"},
    });
    check_errors({
        {R"({{ $x = 1 }})", R"(template: T:1:8: executing "T" at <1>: undefined variable: $x)"},
        {R"({{ $x := 1 }}{{ $y = 2 }})",
         R"(template: T:1:21: executing "T" at <2>: undefined variable: $y)"},
        {R"({{ $x, $y := 1 }})", R"(template: T:1:5: too many declarations in command)"},
        {R"({{ $x := .Values }}{{ $x.missing.y }})",
         R"(template: T:1:24: executing "T" at <$x.missing.y>: nil pointer evaluating interface {}.y)"},
        {R"({{ $x := 1 }}{{ $x.y }})",
         R"(template: T:1:18: executing "T" at <$x.y>: can't evaluate field y in type int)"},
        {R"({{ $x := 1 }}{{ $x 2 }})",
         R"(template: T:1:16: executing "T" at <$x>: can't give argument to non-function $x)"},
        {R"({{ $x := 1 }}{{ 2 | $x }})",
         R"(template: T:1:20: executing "T" at <$x>: can't give argument to non-function $x)"},
        {R"({{ $x }})", R"(template: T:1:3: undefined variable "$x")"},
        {R"({{ $x := $x }})", R"(template: T:1:9: executing "T" at <$x>: undefined variable: $x)"},
        {R"({{ $x }}{{ $x := 1 }})", R"(template: T:1:3: undefined variable "$x")"},
        {R"({{ (1 | $x := 1) }})", R"(template: T:1:8: undefined variable "$x")"},
        {R"({{ $x := 1 | $y := 2 }})", R"(template: T:1:13: undefined variable "$y")"},
        {R"({{ 1 | $x }})", R"(template: T:1:7: undefined variable "$x")"},
        {R"({{$x=1}})", R"(template: T:1:4: bad character U+003D '=')"},
        {R"({{ $x := 1 }}{{$x=2}}{{$x}})", R"(template: T:1:17: bad character U+003D '=')"},
    });
}
