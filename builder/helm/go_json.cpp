#include "builder/helm/go_json.hpp"

#include "builder/chart/go_json.hpp"
#include "builder/helm/go_float.hpp"
#include "common/core/base64.hpp"
#include "common/core/error.hpp"
#include "common/core/text.hpp"
#include "common/gotemplate/format.hpp"
#include "common/gounicode/unicode.hpp"

#include <cmath>
#include <cstdlib>
#include <unordered_set>
#include <vector>

namespace airlock::helm {

using gotemplate::Kind;
using gotemplate::List;
using gotemplate::Map;
using gotemplate::Value;

namespace {

// ---- Marshal --------------------------------------------------------------

// encoding/json starts watching for cycles once this many maps and slices
// are open, and fails when one of them is met again.
constexpr std::size_t cycle_watch_depth = 1000;

class JsonWriter {
  public:
    JsonWriter(std::string& out, const JsonStyle& style) : out_(out), style_(style) {}

    void value(const Value& v) {
        // Collections have functions of their own, so that this frame, on
        // the stack once per level of nesting, stays small.
        switch (v.kind()) {
        case Kind::list:
            list(v);
            return;
        case Kind::map:
            map(v);
            return;
        case Kind::object:
            value(v.as_object().plain());
            return;
        default:
            scalar(v);
            return;
        }
    }

  private:
    void scalar(const Value& v) {
        switch (v.kind()) {
        case Kind::boolean:
            out_ += v.as_bool() ? "true" : "false";
            return;
        case Kind::integer:
            out_ += std::to_string(v.as_int());
            return;
        case Kind::floating:
            number(v.as_float());
            return;
        case Kind::string:
            builder::append_go_json_string(out_, v.as_string(), style_.escape_html);
            return;
        case Kind::bytes:
            builder::append_go_json_string(out_, base64_encode(v.as_string()), style_.escape_html);
            return;
        default:
            out_ += "null";
            return;
        }
    }

    void number(double f) {
        if (std::isnan(f) || std::isinf(f)) {
            fail(ErrorCode::spec, "json: unsupported value: " + go_format_float_shortest(f, 'g'));
        }
        out_ += go_json_float(f);
    }

    // Enters a map or slice; fails on a cycle the way Go does (watching
    // only past cycle_watch_depth levels, with a set as Go's ptrSeen).
    void enter(const void* identity, const char* go_type) {
        if (open_.size() > cycle_watch_depth && !watched_.insert(identity).second) {
            fail(ErrorCode::spec,
                 std::string("json: unsupported value: encountered a cycle via ") + go_type);
        }
        open_.push_back(identity);
    }

    void leave() {
        if (open_.size() - 1 > cycle_watch_depth) {
            watched_.erase(open_.back());
        }
        open_.pop_back();
    }

    void newline() {
        out_ += '\n';
        for (std::size_t i = 0; i < depth_; ++i) {
            out_ += style_.indent;
        }
    }

    void list(const Value& v) {
        if (v.is_nil_list()) { // a nil slice
            out_ += "null";
            return;
        }
        const List& items = v.as_list();
        if (items.empty()) {
            out_ += "[]";
            return;
        }
        enter(items.data(), "[]interface {}");
        out_ += '[';
        ++depth_;
        bool first = true;
        for (const Value& item : items) {
            if (!first) {
                out_ += ',';
            }
            first = false;
            if (!style_.indent.empty()) {
                newline();
            }
            value(item);
        }
        --depth_;
        if (!style_.indent.empty()) {
            newline();
        }
        out_ += ']';
        leave();
    }

    void map(const Value& v) {
        const Map& entries = v.as_map();
        if (entries.empty()) {
            out_ += "{}";
            return;
        }
        enter(&entries, "map[string]interface {}");
        out_ += '{';
        ++depth_;
        bool first = true;
        // std::map orders keys by their bytes, as encoding/json sorts them.
        for (const auto& [key, item] : entries) {
            if (!first) {
                out_ += ',';
            }
            first = false;
            if (!style_.indent.empty()) {
                newline();
            }
            builder::append_go_json_string(out_, key, style_.escape_html);
            out_ += style_.indent.empty() ? ":" : ": ";
            value(item);
        }
        --depth_;
        if (!style_.indent.empty()) {
            newline();
        }
        out_ += '}';
        leave();
    }

    std::string& out_;
    const JsonStyle& style_;
    std::size_t depth_ = 0;
    std::vector<const void*> open_;
    std::unordered_set<const void*> watched_;
};

// ---- Unmarshal ------------------------------------------------------------

// encoding/json refuses deeper nesting than this.
constexpr std::size_t max_nesting = 10000;

struct SyntaxError {
    std::string message;
};

// Go's quoteChar: the byte as a rune in single quotes.
std::string quote_char(unsigned char c) {
    if (c == '\'') {
        return "'\\''";
    }
    if (c == '"') {
        return "'\"'";
    }
    std::string rune;
    gounicode::append_utf8(rune, c);
    const std::string quoted = gotemplate::go_quote(rune);
    return "'" + quoted.substr(1, quoted.size() - 2) + "'";
}

bool is_json_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// A recursive reader with the error texts of Go's scanner state machine. Go
// checks the whole text before decoding anything, so a syntax error anywhere
// wins over a type error found earlier; the caller discards the value then.
class JsonReader {
  public:
    explicit JsonReader(std::string_view text) : text_(text) {}

    // The top-level value; `kind` reports what it was ("object", "array",
    // "string", "number", "bool", "null").
    Value top(std::string& kind) {
        Value v = value(kind);
        skip_space();
        if (pos_ < text_.size()) {
            syntax(text_[pos_], "after top-level value");
        }
        return v;
    }

    // The first "cannot unmarshal" error met while decoding (numbers too
    // large for a float64).
    const std::string& type_error() const { return type_error_; }

  private:
    [[noreturn]] void syntax(char c, const char* context) {
        throw SyntaxError{"invalid character " + quote_char(static_cast<unsigned char>(c)) + " " +
                          context};
    }

    [[noreturn]] void unexpected_end() { throw SyntaxError{"unexpected end of JSON input"}; }

    // At the end of the text Go feeds its state machine one space: states
    // that accept a space end with "unexpected end of JSON input", the
    // others complain about the space.
    [[noreturn]] void end_or(const char* context) {
        if (context == nullptr) {
            unexpected_end();
        }
        syntax(' ', context);
    }

    char peek() const { return text_[pos_]; }
    bool at_end() const { return pos_ >= text_.size(); }

    void skip_space() {
        while (pos_ < text_.size() && is_json_space(text_[pos_])) {
            ++pos_;
        }
    }

    Value value(std::string& kind) {
        skip_space();
        if (at_end()) {
            unexpected_end();
        }
        const char c = peek();
        switch (c) {
        case '{':
            kind = "object";
            return object();
        case '[':
            kind = "array";
            return array();
        case '"':
            kind = "string";
            return Value::string(string());
        case 't':
            kind = "bool";
            literal("true", "true");
            return Value::boolean(true);
        case 'f':
            kind = "bool";
            literal("false", "false");
            return Value::boolean(false);
        case 'n':
            kind = "null";
            literal("null", "null");
            return Value::nil();
        default:
            break;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            kind = "number";
            return number();
        }
        syntax(c, "looking for beginning of value");
    }

    void literal(const char* word, const char* name) {
        ++pos_;
        for (const char* w = word + 1; *w != '\0'; ++w) {
            const std::string context =
                std::string("in literal ") + name + " (expecting '" + *w + "')";
            if (at_end()) {
                syntax(' ', context.c_str());
            }
            if (peek() != *w) {
                syntax(peek(), context.c_str());
            }
            ++pos_;
        }
    }

    void push() {
        if (++depth_ > max_nesting) {
            syntax(peek(), "exceeded max depth");
        }
    }

    Value object() {
        push();
        ++pos_;
        Map entries;
        skip_space();
        if (at_end()) {
            unexpected_end();
        }
        if (peek() == '}') {
            ++pos_;
            --depth_;
            return Value::map(std::move(entries));
        }
        while (true) {
            skip_space();
            if (at_end()) {
                unexpected_end();
            }
            if (peek() != '"') {
                syntax(peek(), "looking for beginning of object key string");
            }
            std::string key = string();
            skip_space();
            if (at_end()) {
                unexpected_end();
            }
            if (peek() != ':') {
                syntax(peek(), "after object key");
            }
            ++pos_;
            std::string kind;
            entries.insert_or_assign(std::move(key), value(kind));
            skip_space();
            if (at_end()) {
                unexpected_end();
            }
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            if (peek() == '}') {
                ++pos_;
                break;
            }
            syntax(peek(), "after object key:value pair");
        }
        --depth_;
        return Value::map(std::move(entries));
    }

    Value array() {
        push();
        ++pos_;
        List items;
        skip_space();
        if (at_end()) {
            unexpected_end();
        }
        if (peek() == ']') {
            ++pos_;
            --depth_;
            return Value::list(std::move(items));
        }
        while (true) {
            std::string kind;
            items.push_back(value(kind));
            skip_space();
            if (at_end()) {
                unexpected_end();
            }
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            if (peek() == ']') {
                ++pos_;
                break;
            }
            syntax(peek(), "after array element");
        }
        --depth_;
        return Value::list(std::move(items));
    }

    // Four hex digits of a \u escape.
    char32_t hex4() {
        char32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            if (at_end()) {
                end_or("in \\u hexadecimal character escape");
            }
            if (!is_hex_digit(peek())) {
                syntax(peek(), "in \\u hexadecimal character escape");
            }
            v = v * 16 + static_cast<char32_t>(hex_digit_value(peek()));
            ++pos_;
        }
        return v;
    }

    std::string string() {
        ++pos_; // the opening quote
        std::string out;
        while (true) {
            if (at_end()) {
                unexpected_end();
            }
            const char c = peek();
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                syntax(c, "in string literal");
            }
            if (c != '\\') {
                if (static_cast<unsigned char>(c) < 0x80) {
                    out += c;
                    ++pos_;
                } else {
                    // Invalid UTF-8 becomes U+FFFD, one per bad byte.
                    const std::size_t start = pos_;
                    const char32_t cp = builder::next_code_point(text_, pos_);
                    if (cp == 0xFFFD && pos_ - start == 1) {
                        gounicode::append_utf8(out, cp);
                    } else {
                        out.append(text_.substr(start, pos_ - start));
                    }
                }
                continue;
            }
            ++pos_;
            if (at_end()) {
                end_or("in string escape code");
            }
            const char e = peek();
            ++pos_;
            switch (e) {
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case '\\':
            case '/':
            case '"':
                out += e;
                break;
            case 'u': {
                char32_t cp = hex4();
                if (cp >= 0xD800 && cp < 0xE000) {
                    // A surrogate pair makes one rune; anything else is U+FFFD.
                    char32_t low = 0;
                    if (cp < 0xDC00 && pos_ + 6 <= text_.size() && text_[pos_] == '\\' &&
                        text_[pos_ + 1] == 'u' && is_hex_digit(text_[pos_ + 2]) &&
                        is_hex_digit(text_[pos_ + 3]) && is_hex_digit(text_[pos_ + 4]) &&
                        is_hex_digit(text_[pos_ + 5])) {
                        const std::size_t save = pos_;
                        pos_ += 2;
                        low = hex4();
                        if (low >= 0xDC00 && low < 0xE000) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        } else {
                            pos_ = save;
                            cp = 0xFFFD;
                        }
                    } else {
                        cp = 0xFFFD;
                    }
                }
                gounicode::append_utf8(out, cp);
                break;
            }
            default:
                syntax(e, "in string escape code");
            }
        }
    }

    Value number() {
        const std::size_t start = pos_;
        auto digits = [&] {
            while (!at_end() && peek() >= '0' && peek() <= '9') {
                ++pos_;
            }
        };
        if (peek() == '-') {
            ++pos_;
            if (at_end()) {
                end_or("in numeric literal");
            }
            if (peek() < '0' || peek() > '9') {
                syntax(peek(), "in numeric literal");
            }
        }
        if (peek() == '0') {
            ++pos_;
        } else {
            digits();
        }
        if (!at_end() && peek() == '.') {
            ++pos_;
            if (at_end()) {
                end_or("after decimal point in numeric literal");
            }
            if (peek() < '0' || peek() > '9') {
                syntax(peek(), "after decimal point in numeric literal");
            }
            digits();
        }
        if (!at_end() && (peek() == 'e' || peek() == 'E')) {
            ++pos_;
            if (!at_end() && (peek() == '+' || peek() == '-')) {
                ++pos_;
            }
            if (at_end()) {
                end_or("in exponent of numeric literal");
            }
            if (peek() < '0' || peek() > '9') {
                syntax(peek(), "in exponent of numeric literal");
            }
            digits();
        }
        const std::string literal(text_.substr(start, pos_ - start));
        const double f = std::strtod(literal.c_str(), nullptr);
        if (std::isinf(f)) {
            // Out of a float64's range: Go records the error, leaves the
            // value nil and goes on decoding.
            if (type_error_.empty()) {
                type_error_ =
                    "json: cannot unmarshal number " + literal + " into Go value of type float64";
            }
            return Value::nil();
        }
        return Value::floating(f);
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t depth_ = 0;
    std::string type_error_;
};

} // namespace

std::string json_marshal(const Value& v, const JsonStyle& style) {
    std::string out;
    JsonWriter(out, style).value(v);
    return out;
}

JsonDecoded json_unmarshal(std::string_view text, JsonTarget target) {
    JsonDecoded result;
    if (target == JsonTarget::map) {
        result.value = Value::map(Map{});
    } else if (target == JsonTarget::list) {
        result.value = Value::list(List{});
    }
    JsonReader reader(text);
    std::string kind;
    Value decoded;
    try {
        decoded = reader.top(kind);
    } catch (const SyntaxError& e) {
        result.error = e.message;
        return result;
    }
    result.error = reader.type_error();
    if (kind == "null") {
        result.value = Value::nil();
        return result;
    }
    const char* go_type = nullptr;
    if (target == JsonTarget::map && kind != "object") {
        go_type = "map[string]interface {}";
    } else if (target == JsonTarget::list && kind != "array") {
        go_type = "[]interface {}";
    }
    if (go_type != nullptr) {
        // Go reports the mismatch and skips the value, so nothing inside it
        // (not even a number out of range) is reported.
        result.error = "json: cannot unmarshal " + kind + " into Go value of type " + go_type;
        return result;
    }
    result.value = std::move(decoded);
    return result;
}

} // namespace airlock::helm
