#pragma once
// Expected outputs recorded from real Helm v4.1.4 (helm4), stated here as facts;
// the tests never run Helm.

namespace helm_format_cases {

// Generated from helm4 (Helm v4.1.4): the JSON given as a value, and what
// toYaml and toYamlPretty print for it.
struct ToYamlCase {
    const char* json;
    const char* yaml;
    const char* pretty;
};
const ToYamlCase to_yaml_cases[] = {
    {R"~("plain")~", "plain", "plain"},
    {R"~("")~", R"~("")~", R"~("")~"},
    {R"~(" ")~", "' '", "' '"},
    {R"~(" lead")~", "' lead'", "' lead'"},
    {R"~("trail ")~", "'trail '", "'trail '"},
    {R"~("yes")~", R"~("yes")~", R"~("yes")~"},
    {R"~("No")~", R"~("No")~", R"~("No")~"},
    {R"~("on")~", R"~("on")~", R"~("on")~"},
    {R"~("OFF")~", R"~("OFF")~", R"~("OFF")~"},
    {R"~("y")~", R"~("y")~", R"~("y")~"},
    {R"~("true")~", R"~("true")~", R"~("true")~"},
    {R"~("null")~", R"~("null")~", R"~("null")~"},
    {R"~("~")~", R"~("~")~", R"~("~")~"},
    {R"~("1.0")~", R"~("1.0")~", R"~("1.0")~"},
    {R"~("0x1")~", R"~("0x1")~", R"~("0x1")~"},
    {R"~("0o7")~", R"~("0o7")~", R"~("0o7")~"},
    {R"~("08")~", R"~("08")~", R"~("08")~"},
    {R"~("1e3")~", R"~("1e3")~", R"~("1e3")~"},
    {R"~("1_000")~", R"~("1_000")~", R"~("1_000")~"},
    {R"~("+1")~", R"~("+1")~", R"~("+1")~"},
    {R"~(".5")~", R"~(".5")~", R"~(".5")~"},
    {R"~(".inf")~", R"~(".inf")~", R"~(".inf")~"},
    {R"~("-.nan")~", "-.nan", "-.nan"},
    {R"~("1:20")~", R"~("1:20")~", R"~("1:20")~"},
    {R"~("0:60")~", "0:60", "0:60"},
    {R"~("2001-12-14")~", R"~("2001-12-14")~", R"~("2001-12-14")~"},
    {R"~("2001-13-14")~", "2001-13-14", "2001-13-14"},
    {R"~("2001-12-14t21:59:43.10-05:00")~", R"~("2001-12-14t21:59:43.10-05:00")~",
     R"~("2001-12-14t21:59:43.10-05:00")~"},
    {R"~("12:30")~", R"~("12:30")~", R"~("12:30")~"},
    {R"~("a: b")~", "'a: b'", "'a: b'"},
    {R"~("a:b")~", "a:b", "a:b"},
    {R"~("- x")~", "'- x'", "'- x'"},
    {R"~("-x")~", "-x", "-x"},
    {R"~("-")~", "'-'", "'-'"},
    {R"~("---")~", "'---'", "'---'"},
    {R"~("...")~", "'...'", "'...'"},
    {R"~("#x")~", "'#x'", "'#x'"},
    {R"~("a #x")~", "'a #x'", "'a #x'"},
    {R"~("a#x")~", "a#x", "a#x"},
    {R"~("@x")~", "'@x'", "'@x'"},
    {R"~("`x")~", "'`x'", "'`x'"},
    {R"~("%x")~", "'%x'", "'%x'"},
    {R"~("!x")~", "'!x'", "'!x'"},
    {R"~("&x")~", "'&x'", "'&x'"},
    {R"~("*x")~", "'*x'", "'*x'"},
    {R"~("|x")~", "'|x'", "'|x'"},
    {R"~(">x")~", "'>x'", "'>x'"},
    {R"~("'x")~", "'''x'", "'''x'"},
    {R"~("\"x")~", R"~('"x')~", R"~('"x')~"},
    {R"~("?x")~", "?x", "?x"},
    {R"~("? x")~", "'? x'", "'? x'"},
    {R"~(":x")~", ":x", ":x"},
    {R"~(": x")~", "': x'", "': x'"},
    {R"~("x:")~", "'x:'", "'x:'"},
    {R"~("[x")~", "'[x'", "'[x'"},
    {R"~("{x")~", "'{x'", "'{x'"},
    {R"~(",x")~", "',x'", "',x'"},
    {R"~("x,y")~", "x,y", "x,y"},
    {R"~("a'b")~", "a'b", "a'b"},
    {R"~("a\"b")~", R"~(a"b)~", R"~(a"b)~"},
    {R"~("a\\b")~", R"~(a\b)~", R"~(a\b)~"},
    {"\"\303\251\"", "\303\251", "\303\251"},
    {"\"\346\227\245\346\234\254\350\252\236\"", "\346\227\245\346\234\254\350\252\236",
     "\346\227\245\346\234\254\350\252\236"},
    {"\"\360\237\230\200\"", R"~("\U0001F600")~", R"~("\U0001F600")~"},
    {R"~("a\u00a0b")~", "a\302\240b", "a\302\240b"},
    {R"~("tab\there")~", R"~("tab\there")~", R"~("tab\there")~"},
    {R"~("cr\rhere")~", R"~("cr\rhere")~", R"~("cr\rhere")~"},
    {R"~("x\n")~",
     R"~(|
  x)~",
     R"~(|
  x)~"},
    {R"~("x\ny")~",
     R"~(|-
  x
  y)~",
     R"~(|-
  x
  y)~"},
    {R"~("x\ny\n")~",
     R"~(|
  x
  y)~",
     R"~(|
  x
  y)~"},
    {R"~("x\ny\n\n")~",
     R"~(|+
  x
  y
)~",
     R"~(|+
  x
  y
)~"},
    {R"~("\nx")~",
     R"~(|2-

  x)~",
     R"~(|2-

  x)~"},
    {R"~(" x\ny")~",
     R"~(|2-
   x
  y)~",
     R"~(|2-
   x
  y)~"},
    {R"~("x \ny")~", R"~("x \ny")~", R"~("x \ny")~"},
    {R"~("x\n y")~",
     R"~(|-
  x
   y)~",
     R"~(|-
  x
   y)~"},
    {R"~("x\n\ny")~",
     R"~(|-
  x

  y)~",
     R"~(|-
  x

  y)~"},
    {R"~("x\ty\nz")~", R"~("x\ty\nz")~", "|-\n  x\ty\n  z"},
    {R"~("nel\u0085x")~", "nel x", R"~("nel\Nx")~"},
    {R"~("two\u0085\u0085nels")~",
     R"~(|-
  two
  nels)~",
     R"~("two\N\Nnels")~"},
    {R"~("ls\u2028x")~", "'ls\342\200\250  x'", "'ls\342\200\250  x'"},
    {R"~("\ufeffbom")~", R"~("\uFEFF\x62\x6F\x6D")~", R"~("\uFEFF\x62\x6F\x6D")~"},
    {R"~("<&>")~", "<&>", "<&>"},
    {R"~("word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word")~",
     R"~(word word word word word word word word word word word word word word word word word
  word word word word word word word word word word word word word)~",
     "word word word word word word word word word word word word word word word word word word "
     "word word word word word word word word word word word word"},
    {R"~("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")~",
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
     "xxxxxxx",
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
     "xxxxxxx"},
    {R"~("a yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy b c")~",
     R"~(a yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
  b c)~",
     "a yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy "
     "b c"},
    {R"~("word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word \nword word word word word word word word word word word word word word word word word word word word word word word word word word word word word word \n")~",
     R"~("word word word word word word word word word word word word word word word word word
  word word word word word word word word word word word word word \nword word word
  word word word word word word word word word word word word word word word word
  word word word word word word word word word word word \n")~",
     R"~("word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word \nword word word word word word word word word word word word word word word word word word word word word word word word word word word word word word \n")~"},
    {R"~("yes word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word ")~",
     R"~('yes word word word word word word word word word word word word word word word word
  word word word word word word word word word word word word word word ')~",
     "'yes word word word word word word word word word word word word word word word word word "
     "word word word word word word word word word word word word word '"},
    {R"~("- word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word ")~",
     R"~('- word word word word word word word word word word word word word word word word
  word word word word word word word word word word word word word word ')~",
     "'- word word word word word word word word word word word word word word word word word word "
     "word word word word word word word word word word word word '"},
    {R"~("tab\tword word word word word word word word word word word word word word word word word word word word word word word word word word word word word word ")~",
     R"~("tab\tword word word word word word word word word word word word word word word word
  word word word word word word word word word word word word word word ")~",
     R"~("tab\tword word word word word word word word word word word word word word word word word word word word word word word word word word word word word word ")~"},
    {R"~("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y")~",
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y",
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y"},
    {R"~("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y")~",
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y",
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y"},
    {R"~("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y")~",
     R"~(xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
  y)~",
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y"},
    {R"~("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  y")~",
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  y",
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  y"},
    {R"~("'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y")~",
     R"~('''xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
  y')~",
     "'''xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y'"},
    {R"~("\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y  z")~",
     R"~('"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
  y  z')~",
     R"~('"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx y  z')~"},
    {"0", "0", "0"},
    {"-0.0", "0", "-0"},
    {"1", "1", "1"},
    {"-1", "-1", "-1"},
    {"1.5", "1.5", "1.5"},
    {"3.0", "3", "3"},
    {"1000000.0", "1000000", "1e+06"},
    {"123456789012", "123456789012", "1.23456789012e+11"},
    {"1e+19", "10000000000000000000", "1e+19"},
    {"1e+20", "1e+20", "1e+20"},
    {"1e+21", "1e+21", "1e+21"},
    {"18446744073709551615", "1.8446744073709552e+19", "1.8446744073709552e+19"},
    {"9007199254740993", "9007199254740992", "9.007199254740992e+15"},
    {"1e-06", "1e-06", "1e-06"},
    {"1e-07", "1e-07", "1e-07"},
    {"0.1", "0.1", "0.1"},
    {"2.5e-05", "2.5e-05", "2.5e-05"},
    {"1.7976931348623157e+308", "1.7976931348623157e+308", "1.7976931348623157e+308"},
    {"5e-324", "5e-324", "5e-324"},
    {"true", "true", "true"},
    {"false", "false", "false"},
    {"null", "null", "null"},
    {"[]", "[]", "[]"},
    {"{}", "{}", "{}"},
    {"[[]]", "- []", "- []"},
    {"[{}]", "- {}", "- {}"},
    {R"~({"a": [[1, 2], [], [[3]], {"x": [4]}, {}, null, [{"k": "v", "j": [5]}]], "b": {"c": {"d": []}}})~",
     R"~(a:
- - 1
  - 2
- []
- - - 3
- x:
  - 4
- {}
- null
- - j:
    - 5
    k: v
b:
  c:
    d: [])~",
     R"~(a:
  - - 1
    - 2
  - []
  - - - 3
  - x:
      - 4
  - {}
  - null
  - - j:
        - 5
      k: v
b:
  c:
    d: [])~"},
    {R"~({"deep": {"a": {"b": {"c": [{"d": "e", "f": [1, {"g": "h"}]}]}}}})~",
     R"~(deep:
  a:
    b:
      c:
      - d: e
        f:
        - 1
        - g: h)~",
     R"~(deep:
  a:
    b:
      c:
        - d: e
          f:
            - 1
            - g: h)~"},
    {R"~({"multi": "line1\nline2\n", "k": {"m": "a\n  b\n"}, "l": ["x\ny"]})~",
     R"~(k:
  m: |
    a
      b
l:
- |-
  x
  y
multi: |
  line1
  line2)~",
     R"~(k:
  m: |
    a
      b
l:
  - |-
    x
    y
multi: |
  line1
  line2)~"},
    {R"~([["x\ny"]])~",
     R"~(- - |-
    x
    y)~",
     R"~(- - |-
    x
    y)~"},
    {R"~({"k": [{"a": "x\ny", "b": [{}]}]})~",
     R"~(k:
- a: |-
    x
    y
  b:
  - {})~",
     R"~(k:
  - a: |-
      x
      y
    b:
      - {})~"},
    {"{\"a10\": 1, \"a9\": 2, \"A\": 4, \"_x\": 5, \"b\": 6, \"a0\": 10, \"10\": 11, \"9\": 12, "
     "\"x.y\": 13, \"\303\244\": 14, \"Z\": 15, \"a\": 16, \"a-b\": 17, \"a_b\": 18, \"1a\": 19, "
     "\"a1\": 20, \"a2\": 22, \"\": 23, \"0\": 24, \"00\": 25}",
     "\"\": 23\n_x: 5\n\"0\": 24\n\"00\": 25\n\"10\": 11\n1a: 19\n\"9\": 12\nA: 4\nZ: 15\na: "
     "16\na-b: 17\na_b: 18\na0: 10\na1: 20\na2: 22\na9: 2\na10: 1\nb: 6\nx.y: 13\n\303\244: 14",
     "\"\": 23\n_x: 5\n\"0\": 24\n\"00\": 25\n1a: 19\n\"9\": 12\n\"10\": 11\nA: 4\nZ: 15\na: "
     "16\na-b: 17\na_b: 18\na0: 10\na1: 20\na2: 22\na9: 2\na10: 1\nb: 6\nx.y: 13\n\303\244: 14"},
    {R"~({"yes": "no", "1": 1, "true": true, "null": null, "a b": {"c\td": 2}, "x: y": "- z"})~",
     R"~("1": 1
a b:
  "c\td": 2
"null": null
"true": true
'x: y': '- z'
"yes": "no")~",
     R"~("1": 1
a b:
  "c\td": 2
"null": null
"true": true
'x: y': '- z'
"yes": "no")~"},
    {R"~({"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": 1, "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": 2})~",
     R"~(kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: 2
? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk
: 1)~",
     R"~(kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: 2
? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk
: 1)~"},
    {R"~({"a\nb": 1})~",
     R"~(? |-
  a
  b
: 1)~",
     R"~(? |-
  a
  b
: 1)~"},
    {R"~({"key": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbb cccccccccccccccccccc"})~",
     R"~(key: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbb
  cccccccccccccccccccc)~",
     "key: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
     "bbbbbbbbbbbbbbbbbbbb cccccccccccccccccccc"},
    {R"~(["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbb cccccccccccccccccccc"])~",
     R"~(- aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbb
  cccccccccccccccccccc)~",
     "- aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
     "bbbbbbbbbbbbbbbbbbbb cccccccccccccccccccc"},
    {R"~({"nested": {"key": "The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog. "}})~",
     R"~(nested:
  key: 'The quick brown fox jumps over the lazy dog. The quick brown fox jumps over
    the lazy dog. The quick brown fox jumps over the lazy dog. ')~",
     R"~(nested:
  key: 'The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog. ')~"},
    {R"~({"image": {"repository": "nginx", "tag": "1.25", "pullPolicy": "IfNotPresent"}, "replicaCount": 3, "resources": {}, "tolerations": [], "nodeSelector": {"kubernetes.io/os": "linux"}, "podAnnotations": {"checksum/config": "abc", "prometheus.io/scrape": "true", "prometheus.io/port": "8080"}, "env": [{"name": "A", "value": "1"}, {"name": "B", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}], "args": ["--v=2", "--port=8443", "--enable-foo"], "probe": {"httpGet": {"path": "/healthz", "port": "http"}, "initialDelaySeconds": 10}, "config": "server:\n  port: 8080\n  debug: false\n"})~",
     R"~(args:
- --v=2
- --port=8443
- --enable-foo
config: |
  server:
    port: 8080
    debug: false
env:
- name: A
  value: "1"
- name: B
  valueFrom:
    secretKeyRef:
      key: k
      name: s
image:
  pullPolicy: IfNotPresent
  repository: nginx
  tag: "1.25"
nodeSelector:
  kubernetes.io/os: linux
podAnnotations:
  checksum/config: abc
  prometheus.io/port: "8080"
  prometheus.io/scrape: "true"
probe:
  httpGet:
    path: /healthz
    port: http
  initialDelaySeconds: 10
replicaCount: 3
resources: {}
tolerations: [])~",
     R"~(args:
  - --v=2
  - --port=8443
  - --enable-foo
config: |
  server:
    port: 8080
    debug: false
env:
  - name: A
    value: "1"
  - name: B
    valueFrom:
      secretKeyRef:
        key: k
        name: s
image:
  pullPolicy: IfNotPresent
  repository: nginx
  tag: "1.25"
nodeSelector:
  kubernetes.io/os: linux
podAnnotations:
  checksum/config: abc
  prometheus.io/port: "8080"
  prometheus.io/scrape: "true"
probe:
  httpGet:
    path: /healthz
    port: http
  initialDelaySeconds: 10
replicaCount: 3
resources: {}
tolerations: [])~"},
};

} // namespace helm_format_cases
