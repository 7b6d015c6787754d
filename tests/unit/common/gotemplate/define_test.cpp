// define, template and block: arguments, scoping, and which definition wins.
#include "tests/unit/common/gotemplate/gotemplate_test_support.hpp"

using namespace airlock::gotemplate::test;

TEST_CASE("gotemplate define: define and template", "[gotemplate]") {
    check_outputs({
        {R"({{ define "x" }}X{{ end }}{{ template "x" }})", R"(X)"},
        {R"({{ define "x" }}[{{ . }}]{{ end }}{{ template "x" "arg" }}{{ template "x" }})",
         R"([arg][<no value>])"},
        {R"({{ define "x" }}{{ $ }}{{ end }}{{ template "x" 5 }})", R"(5)"},
        {R"({{ define "x" }}{{ .a }}{{ end }}{{ template "x" .Values.map }})", R"(1)"},
        {R"({{ define "x" }}X{{ end }}{{ template "x" 1 | printf "%v" }})", R"(X)"},
    });
    check_errors({
        {R"({{ template "nope" }})",
         R"(template: T:1:12: executing "T" at <{{template "nope"}}>: template "nope" not defined)"},
        {R"({{ template "nope" . }})",
         R"(template: T:1:12: executing "T" at <{{template "nope" .}}>: template "nope" not defined)"},
        {R"({{ template }})", R"(template: T:1:12: unexpected "}}" in template clause)"},
        {R"({{ template x }})", R"(template: T:1:12: unexpected "x" in template clause)"},
        {R"({{ template "x" 1 2 }})",
         R"(template: T:1:12: executing "T" at <{{template "x" 1 2}}>: template "x" not defined)"},
        {R"({{ template "x" | printf }})",
         R"(template: T:1:16: unexpected "|" in template clause)"},
        {R"({{ define "x" }}X{{ end }}{{ template "x" | printf "%s" }})",
         R"(template: T:1:42: unexpected "|" in template clause)"},
    });
}

TEST_CASE("gotemplate define: redefinition", "[gotemplate]") {
    check_outputs({
        {R"({{ define "x" }}a{{ end }}{{ define "x" }}{{ end }}{{ template "x" }})", R"(a)"},
        {R"({{ define "x" }}{{ end }}{{ define "x" }}b{{ end }}{{ template "x" }})", R"(b)"},
        {R"({{ define "x" }} {{/* c */}} {{ end }}{{ define "x" }}b{{ end }}{{ template "x" }})",
         R"(b)"},
        {"{{ define \"x\" }}a{{ end }}{{ define \"x\" }}  {{/* only comment */}}\n{{ end }}[{{ "
         "template \"x\" }}]",
         R"([a])"},
        {R"({{ define "x" }}{{ end }}{{ template "x" }}|)", R"(|)"},
        {"{{- define \"x\" -}}  X  {{- end -}}\n[{{ template \"x\" }}]", R"([X])"},
        {R"({{ define "a" }}A{{ template "b" . }}{{ end }}{{ define "b" }}B{{ . }}{{ end }}{{ template "a" 1 }})",
         R"(AB1)"},
        {R"({{ define `raw` }}R{{ end }}{{ template `raw` }})", R"(R)"},
    });
    check_errors({
        {R"({{ define "x" }}a{{ end }}{{ define "x" }}b{{ end }}{{ template "x" }})",
         R"(template: T:1:50: template: multiple definition of template "x")"},
        {R"({{ define "x" }}{{ if 1 }}{{ end }}{{ end }}{{ define "x" }}b{{ end }}{{ template "x" }})",
         R"(template: T:1:68: template: multiple definition of template "x")"},
        {R"({{ define "x" }}a{{ else }}b{{ end }})",
         R"(template: T:1:25: unexpected {{else}} in define clause)"},
        {R"({{ define "x" }}a)", R"(template: T:1:17: unexpected EOF)"},
        {R"({{ define }}{{ end }})", R"(template: T:1:10: unexpected "}}" in define clause)"},
        {R"({{ define x }}{{ end }})", R"(template: T:1:10: unexpected "x" in define clause)"},
        {R"({{ define "x" 1 }}{{ end }})", R"(template: T:1:14: unexpected "1" in define clause)"},
        {R"({{ define "x" }}{{ define "y" }}{{ end }}{{ end }})",
         R"(template: T:1:19: unexpected <define> in command)"},
        {R"({{ if 1 }}{{ define "y" }}{{ end }}{{ end }})",
         R"(template: T:1:13: unexpected <define> in command)"},
        {R"({{ define "x" }}{{ $x := 1 }}{{ end }}{{ $x }})",
         R"(template: T:1:41: undefined variable "$x")"},
        {R"({{ $x := 1 }}{{ define "y" }}{{ $x }}{{ end }})",
         R"(template: T:1:32: undefined variable "$x")"},
        {R"({{ define "x" }}X{{ end }}{{ template "x" .Values.missing.deep }})",
         R"(template: T:1:49: executing "T" at <.Values.missing.deep>: nil pointer evaluating interface {}.deep)"},
        {R"({{ define "x" }}{{ .nope.x }}{{ end }}{{ template "x" .Values }})",
         R"(template: T:1:24: executing "x" at <.nope.x>: nil pointer evaluating interface {}.x)"},
        {"{{ define \"x\" }}\n\n{{ .nope.x }}{{ end }}\n{{ template \"x\" .Values }}",
         R"(template: T:3:8: executing "x" at <.nope.x>: nil pointer evaluating interface {}.x)"},
    });
}

TEST_CASE("gotemplate define: block and more", "[gotemplate]") {
    check_outputs({
        {R"({{ block "b" . }}default {{ .Values.str }}{{ end }})", R"(default hello)"},
        {R"({{ block "b" .Values.map }}{{ .a }}{{ end }}|{{ template "b" .Values.nested.inner }})",
         R"(1|<no value>)"},
        {R"({{ block "b" . }}{{ end }}{{ define "b" }}override{{ end }})", R"(override)"},
        {R"({{ define "x" }}X{{ end }}{{ range .Values.list }}{{ template "x" }}{{ end }})",
         R"(XXX)"},
        {R"({{ define "x" }}{{ 1 | printf "%d" }}{{ end }}{{ template "x" }}{{ define "x" }}{{ end }})",
         R"(1)"},
        {R"({{ define "a-b.c/d" }}ok{{ end }}{{ template "a-b.c/d" }})", R"(ok)"},
        {R"({{ define "" }}empty{{ end }}{{ template "" }})", R"(empty)"},
        {R"({{ define "x" }}{{ end }})", R"()"},
        {R"(text{{ define "x" }}X{{ end }}more)", R"(textmore)"},
        {R"({{ define "x" }}1{{ end }}{{ template "x" (printf "%s" "a") }})", R"(1)"},
        {R"({{ define "x" }}{{ $.a }}{{ end }}{{ template "x" .Values.map }})", R"(1)"},
        {R"({{ define "x" }}{{ . }}{{ end }}{{ template "x" .Values.missing }})", R"(<no value>)"},
    });
    check_errors({
        {R"({{ block "b" }}x{{ end }})", R"(template: T:1:13: missing value for block clause)"},
        {R"({{ block }}x{{ end }})", R"(template: T:1:9: unexpected "}}" in block clause)"},
        {R"({{ block "b" . }}x{{ else }}y{{ end }})",
         R"(template: T:1:26: unexpected {{else}} in block clause)"},
        {R"({{ define "b" }}override{{ end }}{{ block "b" . }}default{{ end }})",
         R"(template: T:1:64: template: multiple definition of template "b")"},
        {R"({{ block "b" . }}default{{ end }}{{ define "b" }}override{{ end }})",
         R"(template: T:1:64: template: multiple definition of template "b")"},
        {R"({{ block "b" . }}{{ $x := 1 }}{{ end }}{{ $x }})",
         R"(template: T:1:42: undefined variable "$x")"},
        {R"({{ range .Values.list }}{{ block "b" . }}{{ break }}{{ end }}{{ end }})",
         R"(template: T:1:50: {{break}} outside {{range}})"},
        {R"({{ define "x" }}{{ break }}{{ end }})",
         R"(template: T:1:25: {{break}} outside {{range}})"},
        {R"({{ define "x" }}{{ template "y" }}{{ end }}{{ template "x" }})",
         R"(template: T:1:28: executing "x" at <{{template "y"}}>: template "y" not defined)"},
        {R"({{ define "x" }}{{ . }}{{ end }}{{ template "x" (repeat -1 "a") }})",
         R"(template: T:1:49: executing "T" at <repeat -1 "a">: error calling repeat: strings: negative Repeat count)"},
        {R"({{ define "x" }}{{ repeat -1 "a" }}{{ end }}{{ template "x" }})",
         R"(template: T:1:19: executing "x" at <repeat -1 "a">: error calling repeat: strings: negative Repeat count)"},
        {R"({{ define "x" }}{{ printf "%T" . }}{{ end }}{{ template "x" .Values.num }}{{ template "x" 1 }}{{ template "x" }}{{ template "x" nil }})",
         R"(template: T:1:128: executing "T" at <nil>: nil is not a command)"},
    });
}
