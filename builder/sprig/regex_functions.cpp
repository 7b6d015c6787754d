// sprig's regular expression functions over our port of Go's regexp. The
// plain forms use regexp.MustCompile, whose panic text templates report;
// regexMatch alone swallows the error (and answers false).
#include "builder/sprig/detail/text_support.hpp"
#include "common/core/error.hpp"
#include "common/goregexp/regexp.hpp"
#include "common/gotemplate/format.hpp"
#include "common/gounicode/unicode.hpp"

namespace airlock::sprig::text {

namespace {

using goregexp::Regexp;
using gotemplate::CallContext;
using gotemplate::Type;
using gotemplate::Value;

// strconv.CanBackquote.
bool can_backquote(std::string_view s) {
    for (unsigned char c : s) {
        if ((c < ' ' && c != '\t') || c == '`' || c == 0x7F) {
            return false;
        }
    }
    // Invalid UTF-8 and U+FEFF cannot be backquoted either.
    for (std::size_t i = 0; i < s.size();) {
        auto [r, w] = gounicode::decode_rune(s, i);
        if ((r == gounicode::rune_error && w == 1) || r == 0xFEFF) {
            return false;
        }
        i += w;
    }
    return true;
}

// regexp.MustCompile: a bad pattern panics with its quoted text.
Regexp must_compile(const std::string& pattern) {
    try {
        return Regexp::compile(pattern);
    } catch (const Error& e) {
        std::string quoted =
            can_backquote(pattern) ? "`" + pattern + "`" : gotemplate::go_quote(pattern);
        fail(ErrorCode::spec, "regexp: Compile(" + quoted + "): " + e.what());
    }
}

// Go's FindAllString gives a nil []string when nothing matches: it prints as
// "[]" like an empty one, but toJson writes null.
Value list_or_nil(std::vector<std::string> items) {
    if (items.empty()) {
        return Value::nil_list(gotemplate::ListType::string);
    }
    return string_list(std::move(items));
}

using Op = Value (*)(const Regexp&, std::vector<Value>&);

void add_pair(gotemplate::FunctionTable& t, const std::string& name, std::vector<Type> params,
              Type result, Op op) {
    gotemplate::Signature sig;
    sig.params = params;
    sig.result = result;
    t.add(name, sig, [op](CallContext&, std::vector<Value>& a) {
        return op(must_compile(a[0].as_string()), a);
    });
    std::string must = "must" + name;
    must[4] = static_cast<char>(must[4] - 'a' + 'A');
    t.add(must, sig, [op](CallContext&, std::vector<Value>& a) {
        return op(Regexp::compile(a[0].as_string()), a);
    });
}

} // namespace

void register_regex_functions(gotemplate::FunctionTable& t) {
    const Type S = Type::string;
    t.add("regexMatch", signature({S, S}, Type::boolean), [](CallContext&, std::vector<Value>& a) {
        try {
            return Value::boolean(Regexp::compile(a[0].as_string()).match(a[1].as_string()));
        } catch (const Error&) {
            return Value::boolean(false);
        }
    });
    t.add("mustRegexMatch", signature({S, S}, Type::boolean),
          [](CallContext&, std::vector<Value>& a) {
              return Value::boolean(Regexp::compile(a[0].as_string()).match(a[1].as_string()));
          });
    add_pair(t, "regexFindAll", {S, S, Type::int_}, Type::strings,
             [](const Regexp& re, std::vector<Value>& a) {
                 return list_or_nil(re.find_all(a[1].as_string(), a[2].as_int()));
             });
    add_pair(t, "regexFind", {S, S}, S, [](const Regexp& re, std::vector<Value>& a) {
        return Value::string(re.find(a[1].as_string()));
    });
    add_pair(t, "regexReplaceAll", {S, S, S}, S, [](const Regexp& re, std::vector<Value>& a) {
        return Value::string(re.replace_all(a[1].as_string(), a[2].as_string()));
    });
    add_pair(t, "regexReplaceAllLiteral", {S, S, S}, S,
             [](const Regexp& re, std::vector<Value>& a) {
                 return Value::string(re.replace_all_literal(a[1].as_string(), a[2].as_string()));
             });
    add_pair(t, "regexSplit", {S, S, Type::int_}, Type::strings,
             [](const Regexp& re, std::vector<Value>& a) {
                 return list_or_nil(re.split(a[1].as_string(), a[2].as_int()));
             });
    t.add("regexQuoteMeta", signature({S}, S), [](CallContext&, std::vector<Value>& a) {
        return Value::string(goregexp::quote_meta(a[0].as_string()));
    });
}

} // namespace airlock::sprig::text
