#include "builder/helm/go_yaml_write.hpp"

#include "builder/chart/go_json.hpp"
#include "builder/helm/detail/go_sort.hpp"
#include "builder/helm/detail/unicode_classes.hpp"
#include "builder/helm/detail/yaml_emitter.hpp"
#include "builder/helm/detail/yaml_resolve.hpp"
#include "builder/helm/go_float.hpp"
#include "builder/helm/go_json.hpp"
#include "common/core/base64.hpp"
#include "common/core/error.hpp"
#include "common/gounicode/unicode.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_map>

namespace airlock::helm {

using detail::EmitNode;
using detail::ScalarStyle;
using gotemplate::Kind;
using gotemplate::Value;

namespace {

// The scanner refuses flow collections nested deeper than this, and a key
// further than this many characters before its ':' is not a simple key.
constexpr std::size_t max_flow_level = 10000;
constexpr std::size_t max_simple_key_chars = 1024;

std::u32string runes_of(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (std::size_t pos = 0; pos < s.size();) {
        out += builder::next_code_point(s, pos);
    }
    return out;
}

// go-yaml's order of string keys: letters by code point, and a run of
// digits compared as a number. v3 also puts letters after a shared digit
// before other characters.
bool natural_less(const std::u32string& a, const std::u32string& b, bool v3) {
    bool digits = false;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (a[i] == b[i]) {
            digits = detail::go_is_digit(a[i]);
            continue;
        }
        const bool al = detail::go_is_letter(a[i]);
        const bool bl = detail::go_is_letter(b[i]);
        if (al && bl) {
            return a[i] < b[i];
        }
        if (al || bl) {
            return v3 && digits ? al : bl;
        }
        // Go's int64 arithmetic, wrapping as Go does on overflow.
        std::uint64_t an = 0;
        std::uint64_t bn = 0;
        if (a[i] == '0' || b[i] == '0') {
            for (std::size_t j = i; j-- > 0 && detail::go_is_digit(a[j]);) {
                if (a[j] != '0') {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        std::size_t ai = i;
        for (; ai < a.size() && detail::go_is_digit(a[ai]); ++ai) {
            an = an * 10 + static_cast<std::uint64_t>(static_cast<std::int64_t>(a[ai]) - '0');
        }
        std::size_t bi = i;
        for (; bi < b.size() && detail::go_is_digit(b[bi]); ++bi) {
            bn = bn * 10 + static_cast<std::uint64_t>(static_cast<std::int64_t>(b[bi]) - '0');
        }
        if (an != bn) {
            return static_cast<std::int64_t>(an) < static_cast<std::int64_t>(bn);
        }
        if (ai != bi) {
            return ai < bi;
        }
        return a[i] < b[i];
    }
    return a.size() < b.size();
}

struct KeyedNode {
    std::u32string order;
    EmitNode key;
    EmitNode value;
};

EmitNode mapping_of(std::vector<KeyedNode> entries, bool v3) {
    // Go's sort on the keys in JSON order (Go starts from random order, which
    // matters only where the comparison is not a consistent order).
    detail::go_sort(
        static_cast<std::ptrdiff_t>(entries.size()),
        [&](std::ptrdiff_t i, std::ptrdiff_t j) {
            return natural_less(entries[static_cast<std::size_t>(i)].order,
                                entries[static_cast<std::size_t>(j)].order, v3);
        },
        [&](std::ptrdiff_t i, std::ptrdiff_t j) {
            std::swap(entries[static_cast<std::size_t>(i)], entries[static_cast<std::size_t>(j)]);
        });
    EmitNode n = EmitNode::of(EmitNode::Kind::mapping);
    n.items.reserve(entries.size() * 2);
    for (KeyedNode& e : entries) {
        n.items.push_back(std::move(e.key));
        n.items.push_back(std::move(e.value));
    }
    return n;
}

// How go-yaml's encoder writes a Go string it has no tag for.
EmitNode string_node(std::string s) {
    ScalarStyle style = ScalarStyle::double_quoted;
    if (s.find('\n') != std::string::npos) {
        style = ScalarStyle::literal;
    } else if (detail::plain_reads_as_string(s)) {
        style = ScalarStyle::plain;
    }
    return EmitNode::scalar(std::move(s), style);
}

bool is_valid_utf8(std::string_view s) {
    for (std::size_t pos = 0; pos < s.size();) {
        const std::size_t start = pos;
        if (builder::next_code_point(s, pos) == 0xFFFD && pos - start == 1) {
            return false;
        }
    }
    return true;
}

// ---- toYaml: JSON, then go-yaml v2 --------------------------------------

class JsonThenYaml {
  public:
    EmitNode build(const Value& v, std::size_t depth) {
        switch (v.kind()) {
        case Kind::list:
            return build_list(v, depth);
        case Kind::map:
            return build_map(v, depth);
        case Kind::object:
            return build(v.as_object().plain(), depth);
        default:
            return build_scalar(v);
        }
    }

    // Collections have functions of their own, so that the frame of build(),
    // which is on the stack once per level of nesting, stays small.
    EmitNode build_scalar(const Value& v) {
        switch (v.kind()) {
        case Kind::boolean:
            return EmitNode::scalar(v.as_bool() ? "true" : "false", ScalarStyle::plain);
        case Kind::integer:
            return EmitNode::scalar(std::to_string(v.as_int()), ScalarStyle::plain);
        case Kind::floating:
            return number(v.as_float());
        case Kind::string:
            return string_node(through_json(v.as_string()));
        case Kind::bytes:
            return string_node(base64_encode(v.as_string()));
        default:
            return EmitNode::scalar("null", ScalarStyle::plain);
        }
    }

    EmitNode build_list(const Value& v, std::size_t depth) {
        if (v.is_nil_list()) { // json.Marshal writes a nil slice as null
            return EmitNode::scalar("null", ScalarStyle::plain);
        }
        EmitNode n = EmitNode::of(EmitNode::Kind::sequence);
        if (!nest(depth)) {
            return n;
        }
        n.items.reserve(v.as_list().size());
        for (const Value& item : v.as_list()) {
            n.items.push_back(build(item, depth + 1));
        }
        return n;
    }

    EmitNode build_map(const Value& v, std::size_t depth) {
        if (!nest(depth)) {
            return EmitNode::of(EmitNode::Kind::mapping);
        }
        // JSON's order (sorted bytes) decides which error comes first and
        // which of two keys that read back alike wins.
        std::vector<KeyedNode> entries;
        std::unordered_map<std::string, std::size_t> seen;
        for (const auto& [key, item] : v.as_map()) {
            std::string k = through_json(key);
            check_key_length(key);
            EmitNode value = build(item, depth + 1);
            if (auto it = seen.find(k); it != seen.end()) {
                entries[it->second].value = std::move(value);
                continue;
            }
            seen.emplace(k, entries.size());
            KeyedNode e;
            e.order = runes_of(k);
            e.key = string_node(std::move(k));
            e.value = std::move(value);
            entries.push_back(std::move(e));
        }
        return mapping_of(std::move(entries), false);
    }

    // The first error go-yaml's reader would meet in the JSON text.
    const std::optional<std::string>& yaml_error() const { return yaml_error_; }

  private:
    void yaml_fails(const std::string& message) {
        if (!yaml_error_) {
            yaml_error_ = message;
        }
    }

    // Whether a collection at `depth` may be read back; deeper ones are not
    // looked into (the result is an error anyway).
    bool nest(std::size_t depth) {
        if (depth + 1 > max_flow_level) {
            yaml_fails("yaml: exceeded max depth of 10000");
            return false;
        }
        return true;
    }

    void check_key_length(const std::string& key) {
        // Each byte takes at most six characters in JSON ("\u00XX").
        if (key.size() * 6 + 2 <= max_simple_key_chars) {
            return;
        }
        const std::string json = builder::go_json_string(key);
        std::size_t chars = 0;
        for (std::size_t pos = 0; pos < json.size(); ++chars) {
            builder::next_code_point(json, pos);
        }
        if (chars > max_simple_key_chars) {
            yaml_fails("yaml: did not find expected ',' or '}'");
        }
    }

    // A float64 as JSON writes it and go-yaml reads that text back: an
    // integer when the digits fit an int64 or uint64, else a float in %g.
    EmitNode number(double f) {
        if (std::isnan(f) || std::isinf(f)) {
            fail(ErrorCode::spec, "error marshaling into JSON: json: unsupported value: " +
                                      go_format_float_shortest(f, 'g'));
        }
        const std::string json = go_json_float(f);
        if (json.find_first_of(".eE") == std::string::npos) {
            std::int64_t i = 0;
            const char* end = json.data() + json.size();
            if (auto r = std::from_chars(json.data(), end, i);
                r.ec == std::errc{} && r.ptr == end) {
                return EmitNode::scalar(std::to_string(i), ScalarStyle::plain);
            }
            std::uint64_t u = 0;
            if (auto r = std::from_chars(json.data(), end, u);
                r.ec == std::errc{} && r.ptr == end) {
                return EmitNode::scalar(std::to_string(u), ScalarStyle::plain);
            }
        }
        return EmitNode::scalar(go_format_float_shortest(f, 'g'), ScalarStyle::plain);
    }

    // A string after the trip through JSON and go-yaml's reader: invalid
    // UTF-8 became U+FFFD; characters the reader refuses are an error; and
    // NEL, which JSON leaves raw, is a line break inside a double-quoted
    // scalar, folded like one (one NEL and the spaces around it become a
    // space, n of them n-1 line feeds).
    std::string through_json(const std::string& s) {
        bool plain_ascii = true;
        for (char c : s) {
            if (static_cast<unsigned char>(c) >= 0x7F) {
                plain_ascii = false;
                break;
            }
        }
        if (plain_ascii) {
            return s;
        }
        std::string out;
        out.reserve(s.size());
        std::size_t pending_spaces = 0; // spaces not yet known to stay
        std::size_t breaks = 0;         // NELs in the current run
        for (std::size_t pos = 0; pos < s.size();) {
            const std::size_t start = pos;
            char32_t cp = builder::next_code_point(s, pos);
            if (cp == 0x7F || (cp >= 0x80 && cp <= 0x9F && cp != 0x85) || cp == 0xFFFE ||
                cp == 0xFFFF) {
                yaml_fails("yaml: control characters are not allowed");
            }
            if (cp == 0x85) {
                pending_spaces = 0; // blanks before a break are dropped
                ++breaks;
                continue;
            }
            if (cp == ' ') {
                if (breaks == 0) {
                    ++pending_spaces;
                }
                continue; // blanks after a break are dropped
            }
            if (breaks > 0) {
                if (breaks == 1) {
                    out += ' ';
                } else {
                    out.append(breaks - 1, '\n');
                }
                breaks = 0;
            }
            out.append(pending_spaces, ' ');
            pending_spaces = 0;
            if (cp == 0xFFFD && pos - start == 1) {
                gounicode::append_utf8(out, cp);
            } else {
                out.append(s, start, pos - start);
            }
        }
        if (breaks > 0) {
            if (breaks == 1) {
                out += ' ';
            } else {
                out.append(breaks - 1, '\n');
            }
        }
        out.append(pending_spaces, ' ');
        return out;
    }

    std::optional<std::string> yaml_error_;
};

// ---- toYamlPretty: go-yaml v3 on the value itself ---------------------------

// go-yaml's encodeBase64: lines of 70 characters, each ended by a line
// break when there is more than one.
std::string base64_lines(std::string_view data) {
    constexpr std::size_t line = 70;
    const std::string encoded = base64_encode(data);
    const std::size_t lines = encoded.size() / line + 1;
    std::string out;
    for (std::size_t i = 0; i < encoded.size(); i += line) {
        out.append(encoded, i, line);
        if (lines > 1) {
            out += '\n';
        }
    }
    return out;
}

EmitNode pretty_node(const Value& v);

EmitNode pretty_scalar(const Value& v) {
    switch (v.kind()) {
    case Kind::boolean:
        return EmitNode::scalar(v.as_bool() ? "true" : "false", ScalarStyle::plain);
    case Kind::integer:
        return EmitNode::scalar(std::to_string(v.as_int()), ScalarStyle::plain);
    case Kind::floating: {
        const double f = v.as_float();
        std::string text = go_format_float_shortest(f, 'g');
        if (std::isnan(f)) {
            text = ".nan";
        } else if (std::isinf(f)) {
            text = f > 0 ? ".inf" : "-.inf";
        }
        return EmitNode::scalar(std::move(text), ScalarStyle::plain);
    }
    case Kind::string: {
        const std::string& s = v.as_string();
        if (is_valid_utf8(s)) {
            return string_node(s);
        }
        // Not UTF-8: written as base64 with the !!binary tag.
        std::string encoded = base64_lines(s);
        const bool lines = encoded.find('\n') != std::string::npos;
        EmitNode n =
            EmitNode::scalar(std::move(encoded), lines ? ScalarStyle::literal : ScalarStyle::plain);
        n.tag = "!!binary";
        return n;
    }
    case Kind::bytes: {
        // A []byte is a slice like any other to go-yaml: a list of numbers.
        EmitNode n = EmitNode::of(EmitNode::Kind::sequence);
        for (char c : v.as_string()) {
            n.items.push_back(EmitNode::scalar(std::to_string(static_cast<unsigned char>(c)),
                                               ScalarStyle::plain));
        }
        return n;
    }
    default:
        return EmitNode::scalar("null", ScalarStyle::plain);
    }
}

EmitNode pretty_list(const Value& v) {
    EmitNode n = EmitNode::of(EmitNode::Kind::sequence);
    n.items.reserve(v.as_list().size());
    for (const Value& item : v.as_list()) {
        n.items.push_back(pretty_node(item));
    }
    return n;
}

EmitNode pretty_map(const Value& v) {
    std::vector<KeyedNode> entries;
    entries.reserve(v.as_map().size());
    for (const auto& [key, item] : v.as_map()) {
        KeyedNode e;
        e.order = runes_of(key);
        e.key = string_node(key);
        e.value = pretty_node(item);
        entries.push_back(std::move(e));
    }
    return mapping_of(std::move(entries), true);
}

// Collections have functions of their own, so that this frame, on the stack
// once per level of nesting, stays small.
EmitNode pretty_node(const Value& v) {
    switch (v.kind()) {
    case Kind::list:
        return pretty_list(v);
    case Kind::map:
        return pretty_map(v);
    case Kind::object:
        return pretty_node(v.as_object().plain());
    default:
        return pretty_scalar(v);
    }
}

} // namespace

std::string yaml_marshal(const Value& v) {
    // What json.Marshal refuses (NaN, infinities, a map that holds itself)
    // fails first, as it does in Go.
    try {
        (void)json_marshal(v);
    } catch (const Error& e) {
        fail(ErrorCode::spec, std::string("error marshaling into JSON: ") + e.what());
    }
    JsonThenYaml builder;
    const EmitNode root = builder.build(v, 0);
    if (builder.yaml_error()) {
        fail(ErrorCode::spec, *builder.yaml_error());
    }
    return detail::emit_yaml_document(root, {});
}

std::string yaml_encode_pretty(const Value& v) {
    detail::EmitterOptions options;
    options.v3 = true;
    return detail::emit_yaml_document(pretty_node(v), options);
}

} // namespace airlock::helm
