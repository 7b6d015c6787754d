// The lexer: text and actions, trim markers, comments, Go's number, character
// and string literals, and the lexer's errors (parse errors carry a column Go
// does not print).
#include "tests/unit/common/gotemplate/gotemplate_test_support.hpp"

using namespace airlock::gotemplate::test;

TEST_CASE("gotemplate lexer: text and actions", "[gotemplate]") {
    check_outputs({
        {R"(plain text)", R"(plain text)"},
        {R"()", R"()"},
        {R"(a{{"b"}}c)", R"(abc)"},
    });
}

TEST_CASE("gotemplate lexer: comments", "[gotemplate]") {
    check_outputs({
        {R"({{/* comment */}}x)", R"(x)"},
        {R"(a {{- /* c */ -}} b)", R"(ab)"},
        {R"(a {{- /* c */}} b)", R"(a b)"},
        {R"(a {{/* c */ -}} b)", R"(a b)"},
        {"{{/* multi\nline */}}x", R"(x)"},
    });
    check_errors({
        {R"({{ /* c */ }})", R"(template: T:1:3: unexpected "/" in command)"},
        {R"({{/* c */ }})", R"(template: T:1:9: comment ends before closing delimiter)"},
        {R"({{/* c */)", R"(template: T:1:9: comment ends before closing delimiter)"},
        {R"({{/* c)", R"(template: T:1:4: unclosed comment)"},
    });
}

TEST_CASE("gotemplate lexer: trim markers", "[gotemplate]") {
    check_outputs({
        {R"({{-3}})", R"(-3)"},
        {R"({{- 3}})", R"(3)"},
        {R"({{ -3 }})", R"(-3)"},
        {R"(a  {{- 3 -}}  b)", R"(a3b)"},
        {"a\n\t {{- \"x\" }}\n b", "ax\n b"},
        {"{{ \"x\" -}}\n\n  y", R"(xy)"},
        {R"({{3 -}}x)", R"(3x)"},
        {"x {{- 3 -}}\n", R"(x3)"},
    });
    check_errors({
        {R"({{-"x"}})", R"(template: T:1:2: illegal number syntax: "-")"},
        {R"({{ 3 - }})", R"(template: T:1:5: illegal number syntax: "-")"},
        {R"({{- -}})", R"(template: T:1:4: illegal number syntax: "-")"},
        {R"({{ - }})", R"(template: T:1:3: illegal number syntax: "-")"},
    });
}

TEST_CASE("gotemplate lexer: numbers", "[gotemplate]") {
    check_outputs({
        {R"({{ 1 | printf "%v" }})", R"(1)"},
        {R"({{ 0x1F }} {{ 0X1f }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }} {{ 0x_1F }})",
         R"(31 31 15 15 5 1000 31)"},
        {R"({{ 1.5 }} {{ 1e3 }} {{ 1E-2 }} {{ .5 }} {{ 5. }} {{ 0x1p4 }} {{ 1_0.2_5 }})",
         R"(1.5 1000 0.01 0.5 5 16 10.25)"},
        {R"({{ printf "%T" 1 }} {{ printf "%T" 1.0 }} {{ printf "%T" 1e3 }} {{ printf "%T" 0x10 }} {{ printf "%T" 0x1p4 }} {{ printf "%T" 'a' }})",
         R"(int float64 float64 int float64 int)"},
        {R"({{ -0 }} {{ +5 }} {{ -1.5 }} {{ +0x10 }} {{ -0b11 }})", R"(0 5 -1.5 16 -3)"},
        {R"({{ 9223372036854775807 }})", R"(9223372036854775807)"},
        {R"({{ -9223372036854775808 }})", R"(-9223372036854775808)"},
        {R"({{ 09.5 }})", R"(9.5)"},
        {R"({{ 0x1.8p1 }})", R"(3)"},
        {R"({{ 1.5e3 | printf "%T %v" }})", R"(float64 %!v(MISSING))"},
        {R"({{ printf "%v %T" 1e3 1e3 }})", R"(1000 float64)"},
        {R"({{ 1e-400 }} {{ 0x1p-5000 }} {{ 1e308 }})", R"(0 0 1e+308)"},
    });
    check_errors({
        {R"({{ 9223372036854775808 }})",
         R"(template: T:1:3: executing "T" at <9223372036854775808>: 9223372036854775808 overflows int)"},
        {R"({{ -9223372036854775809 }})",
         R"(template: T:1:3: integer overflow: "-9223372036854775809")"},
        {R"({{ 18446744073709551615 }})",
         R"(template: T:1:3: executing "T" at <18446744073709551615>: 18446744073709551615 overflows int)"},
        {R"({{ 18446744073709551616 }})",
         R"(template: T:1:3: integer overflow: "18446744073709551616")"},
        {R"({{ 1__0 }})", R"(template: T:1:3: illegal number syntax: "1__0")"},
        {R"({{ 1_ }})", R"(template: T:1:3: illegal number syntax: "1_")"},
        {R"({{ _1 }})", R"(template: T:1:3: function "_1" not defined)"},
        {R"({{ 0x }})", R"(template: T:1:3: illegal number syntax: "0x")"},
        {R"({{ 0b2 }})", R"(template: T:1:6: bad number syntax: "0b2")"},
        {R"({{ 08 }})", R"(template: T:1:3: integer overflow: "08")"},
        {R"({{ 0x1.8 }})", R"(template: T:1:3: illegal number syntax: "0x1.8")"},
        {R"({{ 1e }})", R"(template: T:1:3: illegal number syntax: "1e")"},
        {R"({{ 1e+ }})", R"(template: T:1:3: illegal number syntax: "1e+")"},
        {R"({{ 1.2.3 }})", R"(template: T:1:6: unexpected ".3" in operand)"},
        {R"({{ 12abc }})", R"(template: T:1:6: bad number syntax: "12a")"},
        {R"({{3-}})", R"(template: T:1:4: bad number syntax: "3-")"},
        {R"({{ 3+ }})", R"(template: T:1:5: bad number syntax: "3+")"},
        {R"({{ 3-x }})", R"(template: T:1:6: bad number syntax: "3-x")"},
        {R"({{ 1-2 }})", R"(template: T:1:6: bad number syntax: "1-2")"},
        {R"({{ 3i+1 }})", R"(template: T:1:7: bad number syntax: "3i+1")"},
        // Go prints (1.5+2.5i): complex constants are not supported here.
        {R"({{ 1.5+2.5i }})", R"(template: T:1:11: complex numbers are not supported: "1.5+2.5i")"},
        {R"({{ 2i }})", R"(template: T:1:3: complex numbers are not supported: "2i")"},
        {R"({{ 1e400 }})", R"(template: T:1:3: illegal number syntax: "1e400")"},
        {R"({{ -1e400 }})", R"(template: T:1:3: illegal number syntax: "-1e400")"},
        {R"({{ 0x1p5000 }})", R"(template: T:1:3: illegal number syntax: "0x1p5000")"},
        {R"({{ round 1.25 1 1e400 }})", R"(template: T:1:16: illegal number syntax: "1e400")"},
    });
}

TEST_CASE("gotemplate lexer: characters and strings", "[gotemplate]") {
    check_outputs({
        {R"({{ 'a' }} {{ '\n' }} {{ '\x41' }} {{ '\u263a' }} {{ '☃' }} {{ '\'' }} {{ '\\' }} {{ '\101' }})",
         R"(97 10 65 9786 9731 39 92 65)"},
        {R"({{ "a\tb\n\x41\u263a\U0001F600\101\\\"" }})",
         "a\tb\nA\342\230\272\360\237\230\200A\\\""},
        {R"({{ `raw\n{{"x"}}` }})", R"(raw\n{{"x"}})"},
        {"{{ `multi\nline` }}", "multi\nline"},
        {R"({{ '\xff' }} {{ '\u00e9' }} {{ '\377' }} {{ '\U0001F600' }})", R"(255 233 255 128512)"},
        {R"({{ 'ÿ' }} {{ 'é' }})", R"(255 233)"},
        // A byte that starts no UTF-8 sequence reads as U+FFFD, as Go's UnquoteChar does.
        {"{{ '\377' }}", R"(65533)"},
    });
    check_errors({
        {R"({{ 'ab' }})", R"(template: T:1:3: malformed character constant: 'ab')"},
        {R"({{ '\q' }})", R"(template: T:1:3: invalid syntax)"},
        {R"({{ '\"' }})", R"(template: T:1:3: invalid syntax)"},
        {R"({{ 'a)", R"(template: T:1:5: unterminated character constant)"},
        {R"({{ "\'" }})", R"(template: T:1:3: invalid syntax)"},
        {R"({{ "\q" }})", R"(template: T:1:3: invalid syntax)"},
        {R"({{ "\x4" }})", R"(template: T:1:3: invalid syntax)"},
        {R"({{ "\400" }})", R"(template: T:1:3: invalid syntax)"},
        {R"({{ "\ud800" }})", R"(template: T:1:3: invalid syntax)"},
        {R"({{ "abc)", R"(template: T:1:7: unterminated quoted string)"},
        {"{{ \"a\nb\" }}", R"(template: T:1:5: unterminated quoted string)"},
        {R"({{ `unterminated }})", R"(template: T:1:4: unterminated raw quoted string)"},
        {R"({{ '' }})", R"(template: T:1:3: invalid syntax)"},
        {R"({{ 'éa' }})", R"(template: T:1:3: malformed character constant: 'éa')"},
        {R"({{ '\u00e9a' }})", R"(template: T:1:3: malformed character constant: '\u00e9a')"},
    });
}

TEST_CASE("gotemplate lexer: delimiters and lexer errors", "[gotemplate]") {
    check_outputs({
        {R"(}})", R"(}})"},
        {R"(a}}b{{"c"}})", R"(a}}bc)"},
        {R"({{ true }} {{ false }})", R"(true false)"},
        {R"({{ with .Values.nested }}{{ . }}{{ end }})",
         R"(map[inner:map[deep:map[z:zz] list:[p q] x:1] s:str])"},
        {R"({{ .Values.str}}{{.Values.str }})", R"(hellohello)"},
        {R"({{.Values.str|printf "%s"}})", R"(hello)"},
        {R"({{ ((1)) }})", R"(1)"},
        {R"({{ 1 | }})", R"(1)"},
        {R"({{with .Values.list}}{{.}}{{end}})", R"([a b c])"},
        {R"({{ with .Values.str }}{{ $.Values.num }}{{ end }})", R"(3)"},
        {R"({{ $.Values.str }})", R"(hello)"},
        {"{{\t1\015\n}}", R"(1)"},
        {"{{1\n}}", R"(1)"},
        {"x\n{{- /* c */ -}}\ny", R"(xy)"},
        {R"({{ "\xff" | printf "%q" }})", R"("\xff")"},
    });
    check_errors({
        {R"({{ "x" }}{{)", R"(template: T:1:11: unclosed action)"},
        {R"({{ "x")", R"(template: T:1:6: unclosed action)"},
        {R"({{)", R"(template: T:1:2: unclosed action)"},
        {R"({{ nil }})", R"(template: T:1:3: executing "T" at <nil>: nil is not a command)"},
        {R"({{ # }})", R"(template: T:1:3: unexpected "#" in command)"},
        {R"({{ @ }})", R"(template: T:1:3: unexpected "@" in command)"},
        {R"({{ "a" , "b" }})", R"(template: T:1:7: unexpected "," in operand)"},
        {"{{ \001 }}", R"(template: T:1:4: unrecognized character in action: U+0001)"},
        {R"({{ é }})", R"(template: T:1:3: function "é" not defined)"},
        {R"({{ .Values.st%r }})", R"(template: T:1:13: bad character U+0025 '%')"},
        {R"({{ $x%y := 1 }})", R"(template: T:1:5: bad character U+0025 '%')"},
        {R"({{ ( }})", R"(template: T:1:5: unclosed left paren)"},
        {R"({{ ) }})", R"(template: T:1:4: unexpected right paren)"},
        {R"({{ (1 }})", R"(template: T:1:6: unclosed left paren)"},
        {R"({{ (1 -}})", R"(template: T:1:5: unclosed left paren)"},
        {R"({{ 1) }})", R"(template: T:1:5: unexpected right paren)"},
        {R"({{ : }})", R"(template: T:1:4: expected :=)"},
        {R"({{ $x :1 }})", R"(template: T:1:3: undefined variable "$x")"},
        {R"({{ = }})", R"(template: T:1:3: unexpected "=" in command)"},
        {R"({{ | }})", R"(template: T:1:3: unexpected "|" in command)"},
        {R"({{ .. }})", R"(template: T:1:4: unexpected <.> in operand)"},
        {R"({{ .Values..str }})", R"(template: T:1:10: unexpected <.> in operand)"},
        {R"({{ $x }})", R"(template: T:1:3: undefined variable "$x")"},
        {"line1\nline2\n{{ 1x }}", R"(template: T:3:5: bad number syntax: "1x")"},
        {"line1\n{{ \"a\"\n 1x }}",
         R"(template: T:3:3: bad number syntax: "1x" in action started at T:2)"},
        {"{{ \"a\"\n\n\n}}{{ 1x }}", R"(template: T:4:7: bad number syntax: "1x")"},
        {"{{ .Values.str\n 2 }}",
         R"(template: T:1:10: executing "T" at <.Values.str>: str is not a method but has arguments)"},
    });
}
