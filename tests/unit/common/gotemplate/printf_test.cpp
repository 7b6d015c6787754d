// printf: Go's fmt verbs, flags, widths and precisions, and its in-band errors.
#include "tests/unit/common/gotemplate/gotemplate_test_support.hpp"

using namespace airlock::gotemplate::test;

TEST_CASE("gotemplate printf: verbs", "[gotemplate]") {
    check_outputs({
        {R"({{ printf "%s|%d|%v|%q|%x|%X|%t|%f|%g|%e|%c|%T" "s" 42 .Values.list "q" 255 "hi" true 3.25 0.000001 123456.789 65 .Values.map }})",
         R"(s|42|[a b c]|"q"|ff|6869|true|3.250000|1e-06|1.234568e+05|A|map[string]interface {})"},
    });
}

TEST_CASE("gotemplate printf: in-band errors", "[gotemplate]") {
    check_outputs({
        {R"({{ printf "%d" "x" }})", R"(%!d(string=x))"},
        {R"({{ printf "%d" .Values.num }})", R"(%!d(float64=3))"},
        {R"({{ printf "%s" 1 }})", R"(%!s(int=1))"},
        {R"({{ printf "%s" .Values.num }})", R"(%!s(float64=3))"},
        {R"({{ printf "%d %d" 1 }})", R"(1 %!d(MISSING))"},
        {R"({{ printf "%d" 1 2 }})", R"(1%!(EXTRA int=2))"},
        {R"({{ printf "%d" 1 "x" .Values.missing }})", R"(1%!(EXTRA string=x, <nil>))"},
        {R"({{ printf "hi" 1 }})", R"(hi%!(EXTRA int=1))"},
        {R"({{ printf "%!" }})", R"(%!!(MISSING))"},
        {R"({{ printf "%" }})", R"(%!(NOVERB))"},
        {R"({{ printf "%z" 1 }})", R"(%!z(int=1))"},
        {R"({{ printf "%%" }})", R"(%)"},
    });
}

TEST_CASE("gotemplate printf: nil, lists, maps", "[gotemplate]") {
    check_outputs({
        {R"({{ printf "%v %v %v %v" nil .Values.missing .Values.emptylist .Values.emptymap }})",
         R"(<nil> <nil> [] map[])"},
        {R"({{ printf "%s" nil }})", R"(%!s(<nil>))"},
        {R"({{ printf "%d" nil }})", R"(%!d(<nil>))"},
        {R"({{ printf "%s" .Values.missing }})", R"(%!s(<nil>))"},
        {R"({{ printf "%T %T %T %T %T %T %T" nil .Values.missing .Values.num .Values.str .Values.list .Values.t (index "a" 0) }})",
         R"(<nil> <nil> float64 string []interface {} bool uint8)"},
        {R"({{ printf "%q" .Values.list }} {{ printf "%x" .Values.list }} {{ printf "%d" .Values.nums }} {{ printf "%s" .Values.map }})",
         R"(["a" "b" "c"] [61 62 63] [%!d(float64=1) %!d(float64=2) %!d(float64=3)] map[a:%!s(float64=1) b:%!s(float64=2) c:%!s(float64=3)])"},
    });
}

TEST_CASE("gotemplate printf: strings", "[gotemplate]") {
    check_outputs({
        {R"({{ printf "%5s|%-5s|%.2s|%5.1s|%.0s" "abc" "abc" "abc" "abc" "abc" }})",
         R"(  abc|abc  |ab|    a|)"},
        {R"({{ printf "%x %X % x %#x %# x" "héllo" "hi" "hi" "hi" "hi" }})",
         R"(68c3a96c6c6f 6869 68 69 0x6869 0x68 0x69)"},
        // unicode.IsPrint of Go 1.25 (Unicode 15.0): spaces other than U+0020, format characters,
        // private use, unassigned code points (U+1FAE9 came with Unicode 16) are escaped.
        {R"({{ printf "%q" "\U0001F6DC|\U0001FAE9|\u0378|\u3000|\u200b|\ue000|\u00a0|\u2028|\U000E0001|\u0600|\u061c|\u00ad|\u0085|\U0001F600|\u1680|\u0300|\u2000|\uFEFF|\uFFFD|\U0010FFFD" }})",
         "\"\360\237\233\234|\\U0001fae9|\\u0378|\\u3000|\\u200b|\\ue000|\\u00a0|\\u2028|"
         "\\U000e0001|\\u0600|\\u061c|\\u00ad|\\u0085|\360\237\230\200|\\u1680|\314\200|\\u2000|"
         "\\ufeff|\357\277\275|\\U0010fffd\""},
        {R"({{ printf "%q" 0x3000 }} {{ printf "%q" 0x1F6DC }} {{ printf "%q" 0xA0 }})",
         "'\\u3000' '\360\237\233\234' '\\u00a0'"},
    });
}

TEST_CASE("gotemplate printf: runes and booleans", "[gotemplate]") {
    check_outputs({
        {R"({{ printf "%c" -1 }} {{ printf "%c" 0x110000 }} {{ printf "%q" 0xD800 }})",
         R"(� � '�')"},
        {R"({{ printf "%t %t %v" true false true }})", R"(true false true)"},
        {R"({{ printf "%t" 1 }})", R"(%!t(int=1))"},
        {R"({{ printf "%d" true }})", R"(%!d(bool=true))"},
        {R"({{ printf "%f" 1 }})", R"(%!f(int=1))"},
        {R"({{ printf "%d" 1.5 }})", R"(%!d(float64=1.5))"},
    });
}

TEST_CASE("gotemplate printf: floats", "[gotemplate]") {
    check_outputs({
        {R"({{ printf "%e %E %.3e %.0e" 1234.5678 1234.5678 1234.5678 1234.5678 }})",
         R"(1.234568e+03 1.234568E+03 1.235e+03 1e+03)"},
        {R"({{ printf "%f %.0f %.1f %.10f %F" 1234.5678 2.5 0.05 0.1 1.5 }})",
         R"(1234.567800 2 0.1 0.1000000000 1.500000)"},
        {R"({{ printf "%g %G %.3g %.10g %g %g %g" 1234.5678 1e-10 1234.5678 1234.5678 100000.0 1000000.0 1e21 }})",
         R"(1234.5678 1E-10 1.23e+03 1234.5678 100000 1e+06 1e+21)"},
        {R"({{ printf "%v %v %v %v %v" 1e20 1e21 1e-4 1e-5 123456789.0 }})",
         R"(1e+20 1e+21 0.0001 1e-05 1.23456789e+08)"},
        {R"({{ printf "%08.3f|%-8.3f|%+.2f|% .2f|%+08d|%-08d|% 05d" 3.14159 3.14159 2.5 2.5 42 42 42 }})",
         R"(0003.142|3.142   |+2.50| 2.50|+0000042|42      | 0042)"},
        {R"({{ printf "%6.2f%%" 99.5 }})", R"( 99.50%)"},
    });
}

TEST_CASE("gotemplate printf: star and argument indexes", "[gotemplate]") {
    check_outputs({
        {R"({{ printf "%*d|%-*d|%.*f" 5 42 5 42 2 3.14159 }})", R"(   42|42   |3.14)"},
        {R"({{ printf "%*d" "x" 42 }})", R"(%!(BADWIDTH)42)"},
        {R"({{ printf "%.*d" -1 42 }})", R"(%!(BADPREC)42)"},
        {R"({{ printf "%*d" 1.5 42 }})", R"(%!(BADWIDTH)42)"},
        {R"({{ printf "%.f|%.e|%.g" 2.5 2.5 2.5 }})", R"(2|2e+00|2)"},
    });
}

TEST_CASE("gotemplate printf: integers", "[gotemplate]") {
    check_outputs({
        {R"({{ printf "%b %o %x %X" 5 64 -1 3054 }})", R"(101 100 -1 BEE)"},
        {R"({{ printf "%.3d|%.0d|%5.3d|%-5.3d|%05.3d" 7 0 7 7 7 }})", R"(007||  007|007  |  007)"},
        {R"({{ printf "%x %X" -255 -255 }})", R"(-ff -FF)"},
    });
}

TEST_CASE("gotemplate printf: values and widths", "[gotemplate]") {
    check_outputs({
        {R"({{ printf "%d" 9223372036854775807 }} {{ printf "%d" -9223372036854775808 }})",
         R"(9223372036854775807 -9223372036854775808)"},
        {R"({{ printf "%v" .Values.huge }} {{ printf "%f" .Values.huge }} {{ printf "%d" .Values.huge }})",
         R"(1e+21 1000000000000000000000.000000 %!d(float64=1e+21))"},
        {R"({{ printf "%s %v" .Values.unicode .Values.html }})",
         R"(héllo wörld ☃ <a href="x">&'</a>)"},
        {R"({{ printf "%10v|%-10v|%10q" .Values.list .Values.str "a" }})",
         R"([         a          b          c]|hello     |       "a")"},
        {R"({{ printf "%s" .Values.t }} {{ printf "%q" .Values.t }})",
         R"(%!s(bool=true) %!q(bool=true))"},
        {R"({{ printf "%q" 1.5 }})", R"(%!q(float64=1.5))"},
        {R"({{ printf "%6.2v|%-8v|%08v" "abcdef" 1.5 1.5 }})", R"(    ab|1.5     |000001.5)"},
        {R"({{ printf "%08s|%-08s|%08q" "ab" "ab" "ab" }})", R"(000000ab|ab      |0000"ab")"},
        {R"({{ printf "%+s|%#s|% s" "ab" "ab" "ab" }})", R"(ab|ab|ab)"},
        {R"({{ printf "%5t|%-6t|" true false }})", R"( true|false |)"},
        {R"({{ printf "%05t" true }})", R"(0true)"},
        {R"({{ printf "%5c|%-5c|" 65 66 }})", R"(    A|B    |)"},
        {R"({{ printf "%010.4f|%-010.4f|%+010.4f" -3.14159 3.14159 3.14159 }})",
         R"(-0003.1416|3.1416    |+0003.1416)"},
        {R"({{ printf "%e" 0.0 }} {{ printf "%g" 0.0 }} {{ printf "%f" 0.0 }} {{ printf "%.3g" 0.0001234 }} {{ printf "%.3g" 123456.0 }})",
         R"(0.000000e+00 0 0.000000 0.000123 1.23e+05)"},
        {R"({{ printf "%g" 1e6 }} {{ printf "%g" 1e-5 }} {{ printf "%g" 123456789.0 }} {{ printf "%.2g" 0.000123 }})",
         R"(1e+06 1e-05 1.23456789e+08 0.00012)"},
        {R"({{ printf "%v" .Values.keys }} {{ printf "%d" .Values.keys }})",
         R"(map[A b:4 B:1 _c:3 a:2] map[%!d(string=A b):%!d(float64=4) %!d(string=B):%!d(float64=1) %!d(string=_c):%!d(float64=3) %!d(string=a):%!d(float64=2)])"},
        {R"({{ printf "%s" .Values.mixed }})",
         R"([x %!s(float64=1) %!s(bool=true) %!s(float64=2.5) map[k:v] [w]])"},
        {R"({{ printf "%d" .Values.mixed }})",
         R"([%!d(string=x) %!d(float64=1) %!d(bool=true) %!d(float64=2.5) map[%!d(string=k):%!d(string=v)] [%!d(string=w)]])"},
        {R"({{ printf "%6.2f|%-6.2f|" .Values.pi .Values.neg }})", R"(  3.50|-2.00 |)"},
        {R"({{ printf "%v|%s" "" "" }})", R"(|)"},
        {R"({{ printf "%d %s" }})", R"(%!d(MISSING) %!s(MISSING))"},
        {R"({{ printf "%-+5d|%+-5d|%0-5d|%-05d" 3 3 3 3 }})", R"(+3   |+3   |3    |3    )"},
    });
}

TEST_CASE("gotemplate printf: huge widths", "[gotemplate]") {
    check_outputs({
        {R"({{ printf "%.300f" 1e-300 | len }})", R"(302)"},
        {R"({{ printf "%v" 5e-324 }} {{ printf "%v" 1.7976931348623157e308 }} {{ printf "%e" 5e-324 }})",
         R"(5e-324 1.7976931348623157e+308 4.940656e-324)"},
        {R"({{ printf "%s" (printf "%d" 1) }})", R"(1)"},
        {R"({{ printf "%s é %d" "ü" 3 }})", R"(ü é 3)"},
        {R"({{ printf "%é" 1 }})", R"(%!é(int=1))"},
        {R"({{ printf "%!é" 1 }})", R"(%!!(int=1)é)"},
        {R"({{ printf "%ÿ" 1 }})", R"(%!ÿ(int=1))"},
        {R"({{ printf "%w" 1 }})", R"(%!w(int=1))"},
        {R"({{ printf "%v" }})", R"(%!v(MISSING))"},
        {R"({{ printf "% x" "" }}|{{ printf "%x" "" }}|{{ printf "%X" .Values.emptylist }})",
         R"(||[])"},
    });
}

TEST_CASE("gotemplate printf: print spacing", "[gotemplate]") {
    check_outputs({
        {R"({{ println 1 "a" nil }}{{ print 1.5 2 }}|{{ print "a" "b" 1 }}|{{ print true false }}|{{ print .Values.list 1 }})",
         "1 a <nil>\n1.5 2|ab1|true false|[a b c] 1"},
        {R"({{ print .Values.missing .Values.missing }}|{{ print nil nil }}|{{ print nil "a" }})",
         R"(<nil> <nil>|<nil> <nil>|<nil>a)"},
    });
}
