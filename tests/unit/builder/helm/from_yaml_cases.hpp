#pragma once
// Expected outputs recorded from real Helm v4.1.4 (helm4), stated here as facts;
// the tests never run Helm.

namespace helm_format_cases {

// Generated from helm4 (Helm v4.1.4): YAML text, and what `fromYaml TEXT | toJson`
// and `fromYamlArray TEXT | toJson` print for it.
struct FromYamlCase {
    const char* yaml;
    const char* map_json;
    const char* list_json;
};
const FromYamlCase from_yaml_cases[] = {
    {"a: 1", R"~({"a":1})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: yes
b: no
c: on
d: off
e: y
f: n
g: ~
h: null
i: Null
j: 
k: true
l: FALSE)~",
     R"~({"a":true,"b":false,"c":true,"d":false,"e":true,"f":false,"g":null,"h":null,"i":null,"j":null,"k":true,"l":false})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: 0x1F
b: 0o17
c: 017
d: 0b101
e: 1_000
f: +12
g: -0x10
h: 08
i: 09.5
j: 1e3
k: .5
l: -.5
m: 1.
n: 1e400
o: .1e400
p: 9223372036854775808
q: 18446744073709551616
r: 1__0
s: _1
t: 0x_1F
u: 1:20
v: 0.1
w: 1e-400)~",
     R"~({"a":31,"b":15,"c":15,"d":5,"e":1000,"f":12,"false":"1e400","g":-16,"h":8,"i":9.5,"j":1000,"k":0.5,"l":-0.5,"m":1,"o":".1e400","p":9223372036854776000,"q":18446744073709552000,"r":10,"s":"_1","t":31,"u":"1:20","v":0.1,"w":0})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: .inf
)~",
     R"~({"Error":"error converting YAML to JSON: json: unsupported value: +Inf"})~",
     R"~(["error converting YAML to JSON: json: unsupported value: +Inf"])~"},
    {R"~(a: -.Inf
)~",
     R"~({"Error":"error converting YAML to JSON: json: unsupported value: -Inf"})~",
     R"~(["error converting YAML to JSON: json: unsupported value: -Inf"])~"},
    {R"~(a: .nan
)~",
     R"~({"Error":"error converting YAML to JSON: json: unsupported value: NaN"})~",
     R"~(["error converting YAML to JSON: json: unsupported value: NaN"])~"},
    {"a: [.inf, 1]",
     R"~({"Error":"error converting YAML to JSON: json: unsupported value: +Inf"})~",
     R"~(["error converting YAML to JSON: json: unsupported value: +Inf"])~"},
    {R"~(b: 1
a: .nan)~",
     R"~({"Error":"error converting YAML to JSON: json: unsupported value: NaN"})~",
     R"~(["error converting YAML to JSON: json: unsupported value: NaN"])~"},
    {R"~(a: 2001-12-14
b: 2001-12-14t21:59:43.10-05:00
c: 2001-13-14
d: 2002-02-29
e: 2001-12-14 21:59:43.10
)~",
     R"~({"a":"2001-12-14","b":"2001-12-14t21:59:43.10-05:00","c":"2001-13-14","d":"2002-02-29","e":"2001-12-14 21:59:43.10"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(n: 1
y: 2
yes: 3
no: 4
1: a
1.5: b
~: c
)~",
     R"~({"Error":"error converting YAML to JSON: unsupported map key of type: %!s(\u003cnil\u003e), key: \u003cnil\u003e, value: \"c\""})~",
     R"~(["error converting YAML to JSON: unsupported map key of type: %!s(\u003cnil\u003e), key: \u003cnil\u003e, value: \"c\""])~"},
    {"1.5: b", R"~({"1.5":"b"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"3.14159265358979: x", R"~({"3.1415927":"x"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"1e10: x", R"~({"1e+10":"x"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"123456789.0: x", R"~({"1.2345679e+08":"x"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {".inf: x", R"~({".inf":"x"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"-.inf: x", R"~({"-.inf":"x"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(true: 1
false: 2
0x10: 3
)~",
     R"~({"16":3,"false":2,"true":1})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"~: 1",
     R"~({"Error":"error converting YAML to JSON: unsupported map key of type: %!s(\u003cnil\u003e), key: \u003cnil\u003e, value: 1"})~",
     R"~(["error converting YAML to JSON: unsupported map key of type: %!s(\u003cnil\u003e), key: \u003cnil\u003e, value: 1"])~"},
    {"18446744073709551615: x",
     R"~({"Error":"error converting YAML to JSON: unsupported map key of type: uint64, key: 0xffffffffffffffff, value: \"x\""})~",
     R"~(["error converting YAML to JSON: unsupported map key of type: uint64, key: 0xffffffffffffffff, value: \"x\""])~"},
    {R"~(? [a, b]
: c)~",
     R"~({"Error":"error converting YAML to JSON: yaml: invalid map key: []interface {}{\"a\", \"b\"}"})~",
     R"~(["error converting YAML to JSON: yaml: invalid map key: []interface {}{\"a\", \"b\"}"])~"},
    {R"~(? {a: 1}
: c)~",
     R"~({"Error":"error converting YAML to JSON: yaml: invalid map key: map[interface {}]interface {}{\"a\":1}"})~",
     R"~(["error converting YAML to JSON: yaml: invalid map key: map[interface {}]interface {}{\"a\":1}"])~"},
    {"[a]: c",
     R"~({"Error":"error converting YAML to JSON: yaml: invalid map key: []interface {}{\"a\"}"})~",
     R"~(["error converting YAML to JSON: yaml: invalid map key: []interface {}{\"a\"}"])~"},
    {R"~(base: &b
  x: 1
  y: 2
c:
  <<: *b
  y: 3
d:
  y: 3
  <<: *b
e:
  <<: [*b, {x: 9, z: 9}]
)~",
     R"~({"base":{"true":2,"x":1},"c":{"true":3,"x":1},"d":{"true":2,"x":1},"e":{"true":2,"x":1,"z":9}})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: &a [1, 2]
b: *a
c: &c {k: v}
d: *c
)~",
     R"~({"a":[1,2],"b":[1,2],"c":{"k":"v"},"d":{"k":"v"}})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: *nope",
     R"~({"Error":"error converting YAML to JSON: yaml: unknown anchor 'nope' referenced"})~",
     R"~(["error converting YAML to JSON: yaml: unknown anchor 'nope' referenced"])~"},
    {R"~(a: &x
  b: *x)~",
     R"~({"Error":"error converting YAML to JSON: yaml: anchor 'x' value contains itself"})~",
     R"~(["error converting YAML to JSON: yaml: anchor 'x' value contains itself"])~"},
    {R"~(a: <<
b: '<<'
'<<': {x: 1})~",
     R"~({"\u003c\u003c":{"x":1},"a":"\u003c\u003c","b":"\u003c\u003c"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"<<: 1",
     R"~({"Error":"error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value"})~",
     R"~(["error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value"])~"},
    {"<<: [1]",
     R"~({"Error":"error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value"})~",
     R"~(["error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value"])~"},
    {R"~(<<: {a: 1}
b: 2)~",
     R"~({"a":1,"b":2})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"<<: ~",
     R"~({"Error":"error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value"})~",
     R"~(["error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value"])~"},
    {R"~(a: 'single ''quoted'''
b: "double \"q\" \t \u00e9 \x41 \U0001F600"
c: "esc \N \_ \L \P \0 \e")~",
     "{\"a\":\"single 'quoted'\",\"b\":\"double \\\"q\\\" \\t \303\251 A "
     "\360\237\230\200\",\"c\":\"esc \302\205 \302\240 \\u2028 \\u2029 \\u0000 \\u001b\"}",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: |
  line1
  line2
b: >
  folded
  text

  para
c: |-
  strip
d: |+
  keep

e: |2
    indented
)~",
     R"~({"a":"line1\nline2\n","b":"folded text\npara\n","c":"strip","d":"keep\n\n","e":"  indented\n"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: plain
  continued
  lines
b: 'single
  multi'
c: "double
  multi\
  escaped")~",
     R"~({"a":"plain continued lines","b":"single multi","c":"double multiescaped"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a:
- 1
- - 2
  - 3
- k: v
  j: w
- )~",
     R"~({"a":[1,[2,3],{"j":"w","k":"v"},null]})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"{a: 1, b: [x, y], c: {d: e}}", R"~({"a":1,"b":["x",true],"c":{"d":"e"}})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"[1, 2, 3]",
     R"~({"Error":"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"})~",
     "[1,2,3]"},
    {"just a string",
     R"~({"Error":"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type []interface {}"])~"},
    {"42",
     R"~({"Error":"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal number into Go value of type map[string]interface {}"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal number into Go value of type []interface {}"])~"},
    {"", "{}", "[]"},
    {R"~(# only comment
)~",
     "{}", "[]"},
    {R"~(---
)~",
     "{}", "[]"},
    {R"~(--- 
a: 1
--- 
b: 2
)~",
     R"~({"a":1})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: 1
...
b: 2)~",
     R"~({"a":1})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: 1
b: [1, 2
c: 3
)~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 2: did not find expected ',' or ']'"})~",
     R"~(["error converting YAML to JSON: yaml: line 2: did not find expected ',' or ']'"])~"},
    {R"~(a: 1
 b: 2)~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context"})~",
     R"~(["error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context"])~"},
    {R"~(a:
  - x
 c: 3
)~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 2: did not find expected key"})~",
     R"~(["error converting YAML to JSON: yaml: line 2: did not find expected key"])~"},
    {"a: b: c",
     R"~({"Error":"error converting YAML to JSON: yaml: mapping values are not allowed in this context"})~",
     R"~(["error converting YAML to JSON: yaml: mapping values are not allowed in this context"])~"},
    {R"~(- a
b: c)~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 1: did not find expected '-' indicator"})~",
     R"~(["error converting YAML to JSON: yaml: line 1: did not find expected '-' indicator"])~"},
    {"a: 'unterminated",
     R"~({"Error":"error converting YAML to JSON: yaml: found unexpected end of stream"})~",
     R"~(["error converting YAML to JSON: yaml: found unexpected end of stream"])~"},
    {R"~(a: "bad \q escape")~",
     R"~({"Error":"error converting YAML to JSON: yaml: found unknown escape character"})~",
     R"~(["error converting YAML to JSON: yaml: found unknown escape character"])~"},
    {"\ta: 1",
     R"~({"Error":"error converting YAML to JSON: yaml: found character that cannot start any token"})~",
     R"~(["error converting YAML to JSON: yaml: found character that cannot start any token"])~"},
    {"a:\n\tb: 1",
     R"~({"Error":"error converting YAML to JSON: yaml: line 2: found character that cannot start any token"})~",
     R"~(["error converting YAML to JSON: yaml: line 2: found character that cannot start any token"])~"},
    {R"~(a: 1
a: 2)~",
     R"~({"a":2})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: [1,]", R"~({"a":[1]})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: {x: 1,}", R"~({"a":{"x":1}})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"[a, b]: c",
     R"~({"Error":"error converting YAML to JSON: yaml: invalid map key: []interface {}{\"a\", \"b\"}"})~",
     R"~(["error converting YAML to JSON: yaml: invalid map key: []interface {}{\"a\", \"b\"}"])~"},
    {R"~(key: value # comment
# another
k2: 'v' #c)~",
     R"~({"k2":"v","key":"value"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: !!str 123
b: !!int "12"
c: !!float 1
d: !!bool yes
e: !!null ''
f: !custom val
g: !!binary aGVsbG8=
h: ! 12
i: !<tag:yaml.org,2002:int> 7)~",
     R"~({"a":"123","b":12,"c":1,"d":true,"e":null,"f":"val","g":"hello","h":"12","i":7})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: !!int abc",
     R"~({"Error":"error converting YAML to JSON: yaml: cannot decode !!str `abc` as a !!int"})~",
     R"~(["error converting YAML to JSON: yaml: cannot decode !!str `abc` as a !!int"])~"},
    {"a: !!float 1.5x",
     R"~({"Error":"error converting YAML to JSON: yaml: cannot decode !!str `1.5x` as a !!float"})~",
     R"~(["error converting YAML to JSON: yaml: cannot decode !!str `1.5x` as a !!float"])~"},
    {"a: !!binary '@@'",
     R"~({"Error":"error converting YAML to JSON: yaml: !!binary value contains invalid base64 data"})~",
     R"~(["error converting YAML to JSON: yaml: !!binary value contains invalid base64 data"])~"},
    {"a: !!timestamp 2001-01-01", R"~({"a":"2001-01-01"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: !!timestamp foo",
     R"~({"Error":"error converting YAML to JSON: yaml: cannot decode !!str `foo` as a !!timestamp"})~",
     R"~(["error converting YAML to JSON: yaml: cannot decode !!str `foo` as a !!timestamp"])~"},
    {"a: !!int 1.5",
     R"~({"Error":"error converting YAML to JSON: yaml: cannot decode !!float `1.5` as a !!int"})~",
     R"~(["error converting YAML to JSON: yaml: cannot decode !!float `1.5` as a !!int"])~"},
    {"a: !!float 18446744073709551615",
     R"~({"Error":"error converting YAML to JSON: yaml: cannot decode !!int `18446744073709551615` as a !!float"})~", R"~(["error converting YAML to JSON: yaml: cannot decode !!int `18446744073709551615` as a !!float"])~"},
    {R"~(%YAML 1.1
---
a: 1)~",
     R"~({"a":1})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(%YAML 1.2
---
a: 1)~",
     R"~({"Error":"error converting YAML to JSON: yaml: found incompatible YAML document"})~",
     R"~(["error converting YAML to JSON: yaml: found incompatible YAML document"])~"},
    {R"~(%TAG !e! tag:example.com,2000:
---
a: !e!foo bar)~",
     R"~({"a":"bar"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: !e!foo bar",
     R"~({"Error":"error converting YAML to JSON: yaml: found undefined tag handle"})~",
     R"~(["error converting YAML to JSON: yaml: found undefined tag handle"])~"},
    {"a: 1\015\nb: 2\015\n", R"~({"a":1,"b":2})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: \"x\302\205y\"", R"~({"a":"x y"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: x\342\200\250y",
     R"~({"Error":"error converting YAML to JSON: yaml: line 3: could not find expected ':'"})~",
     R"~(["error converting YAML to JSON: yaml: line 3: could not find expected ':'"])~"},
    {"\357\273\277a: 1", R"~({"a":1})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: \303\251\346\227\245\360\237\230\200", "{\"a\":\"\303\251\346\227\245\360\237\230\200\"}",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: - b",
     R"~({"Error":"error converting YAML to JSON: yaml: block sequence entries are not allowed in this context"})~",
     R"~(["error converting YAML to JSON: yaml: block sequence entries are not allowed in this context"])~"},
    {"- - - x",
     R"~({"Error":"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"})~",
     R"~([[["x"]]])~"},
    {"a: [b, {c: d}]", R"~({"a":["b",{"c":"d"}]})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(? complex
: value)~",
     R"~({"complex":"value"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(? a
? b
: c)~",
     R"~({"a":null,"b":"c"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: &anc val
b: *anc
)~",
     R"~({"a":"val","b":"val"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(&a a: 1
b: *a)~",
     R"~({"a":1,"b":"a"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: "multi

  para")~",
     R"~({"a":"multi\npara"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: >-
  one
   two
  three
)~",
     R"~({"a":"one\n two\nthree"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: |

  leading blank
)~",
     R"~({"a":"\nleading blank\n"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: |1
  x
)~",
     R"~({"a":" x\n"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: |0
 x)~",
     R"~({"Error":"error converting YAML to JSON: yaml: found an indentation indicator equal to 0"})~",
     R"~(["error converting YAML to JSON: yaml: found an indentation indicator equal to 0"])~"},
    {R"~(a:
  b:
    c: d
  e: f
g: h)~",
     R"~({"a":{"b":{"c":"d"},"e":"f"},"g":"h"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(list:
  - name: a
    value: 1
  - name: b
    value: [x, y]
)~",
     R"~({"list":[{"name":"a","value":1},{"name":"b","value":["x",true]}]})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: -
b: - )~",
     R"~({"Error":"error converting YAML to JSON: yaml: block sequence entries are not allowed in this context"})~",
     R"~(["error converting YAML to JSON: yaml: block sequence entries are not allowed in this context"])~"},
    {"a: @x",
     R"~({"Error":"error converting YAML to JSON: yaml: found character that cannot start any token"})~",
     R"~(["error converting YAML to JSON: yaml: found character that cannot start any token"])~"},
    {"a: `x",
     R"~({"Error":"error converting YAML to JSON: yaml: found character that cannot start any token"})~",
     R"~(["error converting YAML to JSON: yaml: found character that cannot start any token"])~"},
    {"a: %x",
     R"~({"Error":"error converting YAML to JSON: yaml: found character that cannot start any token"})~",
     R"~(["error converting YAML to JSON: yaml: found character that cannot start any token"])~"},
    {"a: x%y", R"~({"a":"x%y"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: ,x",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected node content"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected node content"])~"},
    {"a: x,y", R"~({"a":"x,y"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: [x,y]z", R"~({"Error":"error converting YAML to JSON: yaml: did not find expected key"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected key"])~"},
    {"a: {x: y}z",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected key"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected key"])~"},
    {R"~(a: 1.0
b: 3
c: 1000000
d: 123456789012345678
e: -0
f: -0.0
g: 0.000001
h: 1e-7)~",
     R"~({"a":1,"b":3,"c":1000000,"d":123456789012345680,"e":0,"f":-0,"g":0.000001,"h":1e-7})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a:
  b: 1
 c: 2)~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 2: did not find expected key"})~",
     R"~(["error converting YAML to JSON: yaml: line 2: did not find expected key"])~"},
    {R"~(a:
  - 1
  -2
)~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 4: could not find expected ':'"})~",
     R"~(["error converting YAML to JSON: yaml: line 4: could not find expected ':'"])~"},
    {"a: [1, 2]]",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected key"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected key"])~"},
    {"a: {b: 1}}",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected key"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected key"])~"},
    {"a: }",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected node content"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected node content"])~"},
    {"a: ]",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected node content"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected node content"])~"},
    {"]",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected node content"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected node content"])~"},
    {"}",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected node content"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected node content"])~"},
    {",",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected node content"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected node content"])~"},
    {R"~(a: 1
- b)~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 1: did not find expected key"})~",
     R"~(["error converting YAML to JSON: yaml: line 1: did not find expected key"])~"},
    {R"~(- a
- b
c)~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 4: could not find expected ':'"})~",
     R"~(["error converting YAML to JSON: yaml: line 4: could not find expected ':'"])~"},
    {"a: 'x'y", R"~({"Error":"error converting YAML to JSON: yaml: did not find expected key"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected key"])~"},
    {R"~(a: "x"y)~",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected key"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected key"])~"},
    {"'a' b: c", R"~({"Error":"error converting YAML to JSON: yaml: did not find expected key"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected key"])~"},
    {R"~(a: |
  x
 y)~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 2: did not find expected key"})~",
     R"~(["error converting YAML to JSON: yaml: line 2: did not find expected key"])~"},
    {"a: |\n\tx",
     R"~({"Error":"error converting YAML to JSON: yaml: line 2: found a tab character where an indentation space is expected"})~",
     R"~(["error converting YAML to JSON: yaml: line 2: found a tab character where an indentation space is expected"])~"},
    {"a: |x",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected comment or line break"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected comment or line break"])~"},
    {R"~(a: >+2-
  x)~",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected comment or line break"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected comment or line break"])~"},
    {R"~(a: &
)~",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected alphabetic or numeric character"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected alphabetic or numeric character"])~"},
    {"a: &x", R"~({"a":null})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: *",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected alphabetic or numeric character"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected alphabetic or numeric character"])~"},
    {"a: !", R"~({"a":""})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: !<x",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find the expected '\u003e'"})~",
     R"~(["error converting YAML to JSON: yaml: did not find the expected '\u003e'"])~"},
    {"a: !e!x y",
     R"~({"Error":"error converting YAML to JSON: yaml: found undefined tag handle"})~",
     R"~(["error converting YAML to JSON: yaml: found undefined tag handle"])~"},
    {R"~(%FOO
---
a: 1)~",
     R"~({"Error":"error converting YAML to JSON: yaml: found unknown directive name"})~",
     R"~(["error converting YAML to JSON: yaml: found unknown directive name"])~"},
    {R"~(%YAML 1.1
%YAML 1.1
---
a)~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 1: found duplicate %YAML directive"})~",
     R"~(["error converting YAML to JSON: yaml: line 1: found duplicate %YAML directive"])~"},
    {R"~(%YAML
---
)~",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected version number"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected version number"])~"},
    {R"~(a: "\u12")~",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected hexdecimal number"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected hexdecimal number"])~"},
    {R"~(a: "\uD800")~",
     R"~({"Error":"error converting YAML to JSON: yaml: found invalid Unicode character escape code"})~",
     R"~(["error converting YAML to JSON: yaml: found invalid Unicode character escape code"])~"},
    {R"~(a: "\x4G")~",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected hexdecimal number"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected hexdecimal number"])~"},
    {R"~("a
b": 1)~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context"})~",
     R"~(["error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context"])~"},
    {R"~(a
b: 1)~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context"})~",
     R"~(["error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context"])~"},
    {R"~([a
: 1])~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"})~",
     R"~(["error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"])~"},
    {R"~({a: 1
, b: 2})~",
     R"~({"a":1,"b":2})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~([
1
,
2
])~",
     R"~({"Error":"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"})~",
     "[1,2]"},
    {R"~(a: 1
---
b: [)~",
     R"~({"a":1})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: [
---
])~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 1: did not find expected node content"})~",
     R"~(["error converting YAML to JSON: yaml: line 1: did not find expected node content"])~"},
    {R"~(a: 'x
---
')~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 2: found unexpected document indicator"})~",
     R"~(["error converting YAML to JSON: yaml: line 2: found unexpected document indicator"])~"},
    {R"~(key:
  - a
  - b
  c: d)~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 3: did not find expected '-' indicator"})~",
     R"~(["error converting YAML to JSON: yaml: line 3: did not find expected '-' indicator"])~"},
    {R"~(? a
  b
: c)~",
     R"~({"a b":"c"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a:
  ? b
  : c
)~",
     R"~({"a":{"b":"c"}})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(- ? a
  : b)~",
     R"~({"Error":"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"})~",
     R"~([{"a":"b"}])~"},
    {"a: [? b : c]", R"~({"a":[{"b":"c"}]})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: [b: c, d]", R"~({"a":[{"b":"c"},"d"]})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: {? b}", R"~({"a":{"b":null}})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: {b}", R"~({"a":{"b":null}})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: {b, c: d}", R"~({"a":{"b":null,"c":"d"}})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"[a: b, c: d]",
     R"~({"Error":"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"})~",
     R"~([{"a":"b"},{"c":"d"}])~"},
    {"a: [- x]",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected node content"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected node content"])~"},
    {"a: [x - y]", R"~({"a":["x - y"]})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: x:y", R"~({"a":"x:y"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: x: y",
     R"~({"Error":"error converting YAML to JSON: yaml: mapping values are not allowed in this context"})~",
     R"~(["error converting YAML to JSON: yaml: mapping values are not allowed in this context"])~"},
    {"a: [x:y]", R"~({"a":["x:y"]})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: {x:y}", R"~({"a":{"x:y":null}})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: {x: [y:z]}", R"~({"a":{"x":["y:z"]}})~", R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: {"x":y})~", R"~({"a":{"x":true}})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: {'x':y}", R"~({"a":{"x":true}})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: [1?2]",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected ',' or ']'"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected ',' or ']'"])~"},
    {"a: 1?2", R"~({"a":"1?2"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: ?x", R"~({"a":"?x"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: :x", R"~({"a":":x"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: [:x]",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected node content"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected node content"])~"},
    {R"~(a:    
  b)~",
     R"~({"a":"b"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a:


  b: 1)~",
     R"~({"a":{"b":1}})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: # c
  b)~",
     R"~({"a":"b"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a:
# c
  b: 1)~",
     R"~({"a":{"b":1}})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(- # c
  x)~",
     R"~({"Error":"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"})~",
     R"~(["x"])~"},
    {R"~(a: b
  # c
  d)~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 2: did not find expected key"})~",
     R"~(["error converting YAML to JSON: yaml: line 2: did not find expected key"])~"},
    {R"~(a: b #c
  d)~",
     R"~({"Error":"error converting YAML to JSON: yaml: line 1: did not find expected key"})~",
     R"~(["error converting YAML to JSON: yaml: line 1: did not find expected key"])~"},
    {"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
     "[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
     "]]]]]]]]]]]]]]",
     R"~({"Error":"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"})~",
     "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
     "[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
     "]]]]]]]]]]]]]]"},
    {"a: &a [*a]",
     R"~({"Error":"error converting YAML to JSON: yaml: anchor 'a' value contains itself"})~",
     R"~(["error converting YAML to JSON: yaml: anchor 'a' value contains itself"])~"},
    {"a: &a {b: *a}",
     R"~({"Error":"error converting YAML to JSON: yaml: anchor 'a' value contains itself"})~",
     R"~(["error converting YAML to JSON: yaml: anchor 'a' value contains itself"])~"},
    {R"~(a: &a b
c: *a
d: &a e
f: *a)~",
     R"~({"a":"b","c":"b","d":"e","f":"e"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"\001",
     R"~({"Error":"error converting YAML to JSON: yaml: control characters are not allowed"})~",
     R"~(["error converting YAML to JSON: yaml: control characters are not allowed"])~"},
    {"a: \177",
     R"~({"Error":"error converting YAML to JSON: yaml: control characters are not allowed"})~",
     R"~(["error converting YAML to JSON: yaml: control characters are not allowed"])~"},
    {"a: \302\205x",
     R"~({"Error":"error converting YAML to JSON: yaml: line 3: could not find expected ':'"})~",
     R"~(["error converting YAML to JSON: yaml: line 3: could not find expected ':'"])~"},
    {"a: \355\237\277", "{\"a\":\"\355\237\277\"}",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: \357\277\276",
     R"~({"Error":"error converting YAML to JSON: yaml: control characters are not allowed"})~",
     R"~(["error converting YAML to JSON: yaml: control characters are not allowed"])~"},
    {"a: \360\237\230\200", "{\"a\":\"\360\237\230\200\"}",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"\357\273\277\357\273\277a: 1", R"~({"a":1})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: 1\n\357\273\277b: 2", "{\"a\":1,\"\357\273\277b\":2}",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: b
...
)~",
     R"~({"a":"b"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(...
a: 1)~",
     R"~({"Error":"error converting YAML to JSON: yaml: did not find expected node content"})~",
     R"~(["error converting YAML to JSON: yaml: did not find expected node content"])~"},
    {R"~(--- a
--- b)~",
     R"~({"Error":"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type []interface {}"])~"},
    {"---a: 1", R"~({"---a":1})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(--- |
  x
)~",
     R"~({"Error":"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type []interface {}"])~"},
    {R"~(--- >
  x)~",
     R"~({"Error":"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type []interface {}"])~"},
    {R"~(---
- x
...
---
- y)~",
     R"~({"Error":"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"})~",
     R"~(["x"])~"},
    {"a: !!map {b: 1}", R"~({"a":{"b":1}})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: !!seq [1]", R"~({"a":[1]})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: !!str [1]", R"~({"a":[1]})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: !!merge x", R"~({"a":"x"})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"<<: !!merge {a: 1}", R"~({"a":1})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"!!merge <<: {a: 1}", R"~({"a":1})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"'<<': {a: 1}", R"~({"\u003c\u003c":{"a":1}})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: !!float .inf",
     R"~({"Error":"error converting YAML to JSON: json: unsupported value: +Inf"})~",
     R"~(["error converting YAML to JSON: json: unsupported value: +Inf"])~"},
    {"a: !!float 1e400",
     R"~({"Error":"error converting YAML to JSON: yaml: cannot decode !!str `1e400` as a !!float"})~",
     R"~(["error converting YAML to JSON: yaml: cannot decode !!str `1e400` as a !!float"])~"},
    {"a: !!int 0x7FFFFFFFFFFFFFFF", R"~({"a":9223372036854776000})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: !!int 9223372036854775808", R"~({"a":9223372036854776000})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"a: !!bool 1",
     R"~({"Error":"error converting YAML to JSON: yaml: cannot decode !!int `1` as a !!bool"})~",
     R"~(["error converting YAML to JSON: yaml: cannot decode !!int `1` as a !!bool"])~"},
    {R"~(a: 0xFFFFFFFFFFFFFFFF
b: -9223372036854775808
c: -9223372036854775809
d: 0b1111
e: -0b11
f: 0O17
g: 0X1f
h: 0B1)~",
     R"~({"a":18446744073709552000,"b":-9223372036854776000,"c":-9223372036854776000,"d":15,"e":-3,"f":15,"g":31,"h":1})~",
     R"~(["error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~(a: +.inf
b: +.5
c: -1_0
d: 1_0.5_0
e: ._5
f: 1e1_0
g: 0.
h: +0
i: -0e0)~",
     R"~({"Error":"error converting YAML to JSON: json: unsupported value: +Inf"})~",
     R"~(["error converting YAML to JSON: json: unsupported value: +Inf"])~"},
};

} // namespace helm_format_cases
