#include "builder/chart/go_json.hpp"
#include "builder/helm/go_toml.hpp"
#include "common/gotemplate/format.hpp"
#include "common/gounicode/unicode.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace airlock::helm {

using gotemplate::List;
using gotemplate::Map;
using gotemplate::Value;

namespace {

// ---- time values -------------------------------------------------------------

// A time.Time as BurntSushi/toml makes it: offset date-times in UTC or a fixed
// zone, local ones in the zones it names "datetime-local", "date-local" and
// "time-local" (the machine's offset; UTC assumed here).
class GoTime : public gotemplate::Object {
  public:
    struct Parts {
        int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
        long nanos = 0;
        int offset_seconds = 0;
        std::string zone; // "UTC", "datetime-local", ... or "" (unnamed offset)
    };
    explicit GoTime(Parts p) : p_(std::move(p)) {}

    std::string type_name() const override { return "time.Time"; }
    std::optional<Value> field(std::string_view /*name*/) const override { return std::nullopt; }

    // time.Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST".
    std::string format() const override {
        std::string out = date_time(' ') + fraction() + " " + offset(false) + " ";
        out += p_.zone.empty() ? offset(false) : p_.zone;
        return out;
    }

    // MarshalJSON: RFC 3339 with nanoseconds, "Z" for a zero offset.
    Value plain() const override {
        return Value::string(date_time('T') + fraction() +
                             (p_.offset_seconds == 0 ? std::string("Z") : offset(true)));
    }

  private:
    std::string date_time(char separator) const {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d%c%02d:%02d:%02d", p_.year, p_.month, p_.day,
                      separator, p_.hour, p_.minute, p_.second);
        return buf;
    }
    std::string fraction() const {
        if (p_.nanos == 0) {
            return {};
        }
        char buf[16];
        std::snprintf(buf, sizeof buf, ".%09ld", p_.nanos);
        std::string s = buf;
        while (s.back() == '0') {
            s.pop_back();
        }
        return s;
    }
    std::string offset(bool colon) const {
        const int minutes = std::abs(p_.offset_seconds) / 60;
        char buf[16];
        std::snprintf(buf, sizeof buf, colon ? "%c%02d:%02d" : "%c%02d%02d",
                      p_.offset_seconds < 0 ? '-' : '+', minutes / 60, minutes % 60);
        return buf;
    }
    Parts p_;
};

// ---- the parse --------------------------------------------------------------

struct TomlError {
    std::size_t line;
    std::string message;
};

// Go's %q of a rune.
std::string quote_rune(char32_t r) {
    if (r == '\'') {
        return "'\\''";
    }
    std::string one;
    gounicode::append_utf8(one, r);
    const std::string q = gotemplate::go_quote(one);
    return "'" + q.substr(1, q.size() - 2) + "'";
}

bool is_bare(char32_t r) {
    return (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '_' ||
           r == '-';
}

bool is_hex_digit(char32_t r) {
    return (r >= '0' && r <= '9') || (r >= 'a' && r <= 'f') || (r >= 'A' && r <= 'F');
}

bool is_digit(char32_t r) {
    return r >= '0' && r <= '9';
}

// The key as BurntSushi prints it: dotted, parts quoted when not bare.
std::string key_text(const std::vector<std::string>& key) {
    std::string out;
    for (std::size_t i = 0; i < key.size(); ++i) {
        if (i > 0) {
            out += '.';
        }
        bool bare = !key[i].empty();
        for (char c : key[i]) {
            bare = bare && is_bare(static_cast<unsigned char>(c));
        }
        if (key[i].empty()) {
            out += "\"\"";
        } else if (bare) {
            out += key[i];
        } else {
            out += gotemplate::go_quote(key[i]);
        }
    }
    return out;
}

// The document as a tree that remembers how tables came to be.
struct Node {
    enum class Kind { table, array_of_tables, value } kind = Kind::table;
    bool implicit = false;
    Value value;
    std::map<std::string, std::unique_ptr<Node>> children; // table
    std::vector<std::unique_ptr<Node>> tables;             // array of tables

    Node* current() { return kind == Kind::array_of_tables ? tables.back().get() : this; }

    Value to_value() const {
        switch (kind) {
        case Kind::value:
            return value;
        case Kind::array_of_tables: {
            List items;
            for (const auto& t : tables) {
                items.push_back(t->to_value());
            }
            return Value::list(std::move(items));
        }
        case Kind::table:
            break;
        }
        Map m;
        for (const auto& [k, child] : children) {
            m.emplace(k, child->to_value());
        }
        return Value::map(std::move(m));
    }
};

class TomlParser {
  public:
    explicit TomlParser(std::string_view text) : s_(text) {}

    void parse(Node& root) {
        root_ = &root;
        context_node_ = &root;
        while (true) {
            skip_whitespace_and_newlines();
            if (at_end()) {
                return;
            }
            const char32_t r = peek();
            if (r == '#') {
                comment();
            } else if (r == '[') {
                table_header();
                top_end();
            } else {
                key_value_top();
                top_end();
            }
        }
    }

    std::string last_key() const {
        std::vector<std::string> k = context_;
        if (!current_key_.empty()) {
            k.push_back(current_key_);
            if (context_.empty()) {
                return key_text({current_key_});
            }
            return key_text(context_) + "." + key_text({current_key_});
        }
        return key_text(k);
    }

  private:
    [[noreturn]] void error(const std::string& message) { throw TomlError{line_, message}; }
    [[noreturn]] void error_prev_line(const std::string& message) {
        throw TomlError{line_ > 1 ? line_ - 1 : line_, message};
    }

    bool at_end() const { return pos_ >= s_.size(); }

    char32_t peek() const {
        if (at_end()) {
            return 0;
        }
        std::size_t p = pos_;
        return builder::next_code_point(s_, p);
    }

    char32_t next() {
        if (at_end()) {
            return 0;
        }
        const char32_t r = builder::next_code_point(s_, pos_);
        if (r == '\n') {
            ++line_;
        }
        if ((r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7F) {
            char buf[80];
            std::snprintf(buf, sizeof buf, "TOML files cannot contain control characters: '0x%02x'",
                          static_cast<unsigned>(r));
            error(buf);
        }
        return r;
    }

    bool accept(char32_t r) {
        if (peek() == r && !at_end()) {
            next();
            return true;
        }
        return false;
    }

    static bool is_whitespace(char32_t r) { return r == ' ' || r == '\t'; }
    static bool is_newline(char32_t r) { return r == '\n' || r == '\r'; }

    void skip_whitespace() {
        while (!at_end() && is_whitespace(peek())) {
            next();
        }
    }

    void skip_whitespace_and_newlines() {
        while (!at_end() && (is_whitespace(peek()) || is_newline(peek()))) {
            next();
        }
    }

    void comment() {
        while (!at_end() && peek() != '\n') {
            if (peek() == '\r') {
                next();
                continue;
            }
            next();
        }
    }

    // After a top-level item: blanks, then a comment, a newline or the end.
    void top_end() {
        skip_whitespace();
        if (at_end()) {
            return;
        }
        const char32_t r = peek();
        if (r == '#') {
            comment();
            return;
        }
        if (is_newline(r)) {
            return;
        }
        error("expected a top-level item to end with a newline, comment, or EOF, but got " +
              quote_rune(r) + " instead");
    }

    // ---- keys ----

    std::string key_part() {
        const char32_t r = peek();
        if (r == '"') {
            next();
            return basic_string();
        }
        if (r == '\'') {
            next();
            return literal_string();
        }
        std::string part;
        while (!at_end() && is_bare(peek())) {
            gounicode::append_utf8(part, next());
        }
        return part;
    }

    std::vector<std::string> key() {
        skip_whitespace();
        const char32_t r = peek();
        if (r == '=' || at_end()) {
            error("unexpected '=': key name appears blank");
        }
        if (r == '.') {
            error("unexpected '.': keys cannot start with a '.'");
        }
        std::vector<std::string> k;
        while (true) {
            k.push_back(key_part());
            skip_whitespace();
            const char32_t c = at_end() ? 0 : next();
            if (c == '.') {
                skip_whitespace();
                continue;
            }
            if (c == '=') {
                return k;
            }
            if (c == 0) {
                error("unexpected EOF; expected key separator '='");
            }
            if (c == '\n') {
                error_prev_line("expected '.' or '=', but got " + quote_rune(c) + " instead");
            }
            error("expected '.' or '=', but got " + quote_rune(c) + " instead");
        }
    }

    // ---- tables ----

    Node* child_table(Node* parent, const std::string& name, const std::vector<std::string>& path,
                      bool implicit) {
        auto it = parent->children.find(name);
        if (it == parent->children.end()) {
            auto node = std::make_unique<Node>();
            node->implicit = implicit;
            Node* raw = node.get();
            parent->children.emplace(name, std::move(node));
            return raw;
        }
        Node* n = it->second.get();
        if (n->kind == Node::Kind::value) {
            error("Key '" + key_text(path) + "' was already created as a hash.");
        }
        return n->current();
    }

    void table_header() {
        next(); // '['
        const bool array = accept('[');
        std::vector<std::string> name;
        while (true) {
            skip_whitespace();
            const char32_t r = peek();
            if (r == ']' || at_end()) {
                error("unexpected end of table name (table names cannot be empty)");
            }
            if (r == '.') {
                error("unexpected table separator (table names cannot be empty)");
            }
            name.push_back(key_part());
            skip_whitespace();
            const char32_t c = at_end() ? 0 : next();
            if (c == '.') {
                continue;
            }
            if (c == ']') {
                break;
            }
            error("expected '.' or ']' to end table name, but got " + quote_rune(c) + " instead");
        }
        if (array) {
            const char32_t c = at_end() ? 0 : next();
            if (c != ']') {
                error("expected end of table array name delimiter ']', but got " + quote_rune(c) +
                      " instead");
            }
        }
        // Errors name the previous table while the parents are walked, then
        // the parents (as Go sets its context).
        current_key_.clear();
        Node* node = root_;
        std::vector<std::string> path;
        for (std::size_t i = 0; i + 1 < name.size(); ++i) {
            path.push_back(name[i]);
            node = child_table(node, name[i], path, true);
        }
        context_ = path;
        path.push_back(name.back());
        auto it = node->children.find(name.back());
        if (array) {
            if (it == node->children.end()) {
                auto fresh = std::make_unique<Node>();
                fresh->kind = Node::Kind::array_of_tables;
                it = node->children.emplace(name.back(), std::move(fresh)).first;
            } else if (it->second->kind != Node::Kind::array_of_tables) {
                error("Key '" + key_text(path) +
                      "' was already created and cannot be used as an "
                      "array.");
            }
            it->second->tables.push_back(std::make_unique<Node>());
            context_node_ = it->second->tables.back().get();
        } else {
            if (it == node->children.end()) {
                it = node->children.emplace(name.back(), std::make_unique<Node>()).first;
            } else if (it->second->kind == Node::Kind::table && it->second->implicit) {
                it->second->implicit = false;
            } else {
                error("Key '" + key_text(path) + "' has already been defined.");
            }
            context_node_ = it->second.get();
        }
        context_ = name;
    }

    // ---- key = value ----

    void key_value_top() {
        const std::vector<std::string> k = key();
        current_key_ = k.back();
        Node* node = context_node_;
        std::vector<std::string> path = context_;
        for (std::size_t i = 0; i + 1 < k.size(); ++i) {
            path.push_back(k[i]);
            node = child_table(node, k[i], path, true);
        }
        Value v = value();
        path.push_back(k.back());
        auto it = node->children.find(k.back());
        if (it != node->children.end()) {
            error("Key '" + key_text(path) + "' has already been defined.");
        }
        auto leaf = std::make_unique<Node>();
        leaf->kind = Node::Kind::value;
        leaf->value = std::move(v);
        node->children.emplace(k.back(), std::move(leaf));
        current_key_.clear();
    }

    Value value() {
        skip_whitespace();
        if (at_end()) {
            error("unexpected EOF; expected value");
        }
        const char32_t r = peek();
        if (is_digit(r)) {
            return number_or_date();
        }
        switch (r) {
        case '[':
            next();
            return array();
        case '{':
            next();
            return inline_table();
        case '"':
            next();
            if (peek() == '"') {
                next();
                if (peek() == '"') {
                    next();
                    return Value::string(multiline_basic_string());
                }
                return Value::string("");
            }
            return Value::string(basic_string());
        case '\'':
            next();
            if (peek() == '\'') {
                next();
                if (peek() == '\'') {
                    next();
                    return Value::string(multiline_literal_string());
                }
                return Value::string("");
            }
            return Value::string(literal_string());
        case '.':
            error("floats must start with a digit, not '.'");
        case '+':
        case '-':
            return signed_number();
        case '\n':
            next();
            error_prev_line("expected value but found " + quote_rune(r) + " instead");
        default:
            break;
        }
        if ((r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r > 0x7F) {
            std::string word;
            while (!at_end()) {
                const char32_t c = peek();
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c > 0x7F)) {
                    break;
                }
                gounicode::append_utf8(word, next());
            }
            if (word == "true" || word == "false") {
                return Value::boolean(word == "true");
            }
            if (word == "inf") {
                return Value::floating(HUGE_VAL);
            }
            if (word == "nan") {
                return Value::floating(std::nan(""));
            }
            error("expected value but found " + gotemplate::go_quote(word) + " instead");
        }
        error("expected value but found " + quote_rune(r) + " instead");
    }

    Value array() {
        List items;
        while (true) {
            skip_whitespace_and_newlines();
            if (peek() == '#') {
                comment();
                continue;
            }
            if (peek() == ',') {
                error("unexpected comma");
            }
            if (peek() == ']') {
                next();
                return Value::list(std::move(items));
            }
            items.push_back(value());
            while (true) {
                skip_whitespace_and_newlines();
                if (peek() == '#') {
                    comment();
                    continue;
                }
                break;
            }
            const char32_t c = at_end() ? 0 : next();
            if (c == ',') {
                continue;
            }
            if (c == ']') {
                return Value::list(std::move(items));
            }
            error("expected a comma (',') or array terminator (']'), but got " +
                  (c == 0 ? std::string("end of file") : "'" + utf8_of(c) + "'"));
        }
    }

    static std::string utf8_of(char32_t r) {
        std::string s;
        gounicode::append_utf8(s, r);
        return s;
    }

    Value inline_table() {
        Node table;
        const std::vector<std::string> outer_context = context_;
        const std::string outer_key = current_key_;
        context_.push_back(current_key_);
        current_key_.clear();
        while (true) {
            skip_whitespace_and_newlines();
            if (peek() == '#') {
                comment();
                continue;
            }
            if (peek() == ',') {
                error("unexpected comma");
            }
            if (peek() == '}') {
                next();
                break;
            }
            const std::vector<std::string> k = key();
            current_key_ = k.back();
            Node* node = &table;
            std::vector<std::string> path = context_;
            for (std::size_t i = 0; i + 1 < k.size(); ++i) {
                path.push_back(k[i]);
                node = child_table(node, k[i], path, true);
            }
            Value v = value();
            path.push_back(k.back());
            if (node->children.count(k.back()) != 0) {
                error("Key '" + key_text(path) + "' has already been defined.");
            }
            auto leaf = std::make_unique<Node>();
            leaf->kind = Node::Kind::value;
            leaf->value = std::move(v);
            node->children.emplace(k.back(), std::move(leaf));
            while (true) {
                skip_whitespace_and_newlines();
                if (peek() == '#') {
                    comment();
                    continue;
                }
                break;
            }
            const char32_t c = at_end() ? 0 : next();
            if (c == ',') {
                continue;
            }
            if (c == '}') {
                break;
            }
            error("expected a comma or an inline table terminator '}', but got " +
                  (c == 0 ? std::string("end of file") : "'" + utf8_of(c) + "'") + " instead");
        }
        context_ = outer_context;
        current_key_ = outer_key;
        return table.to_value();
    }

    // ---- strings ----

    void escape(std::string& out) {
        const char32_t e = at_end() ? 0 : next();
        auto hex = [&](int digits, const char* what) {
            std::uint32_t v = 0;
            std::string seen = "\\";
            gounicode::append_utf8(seen, e);
            for (int i = 0; i < digits; ++i) {
                const char32_t h = at_end() ? 0 : next();
                gounicode::append_utf8(seen, h);
                if (!is_hex_digit(h)) {
                    error(std::string("expected ") + what + " hexadecimal digits after '\\" +
                          utf8_of(e) + "', but got " + gotemplate::go_quote(seen) + " instead");
                }
                v = v * 16 + static_cast<std::uint32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
            }
            if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
                error("Escaped character '\\" + utf8_of(e) + seen.substr(2) +
                      "' is not valid UTF-8.");
            }
            gounicode::append_utf8(out, v);
        };
        switch (e) {
        case 'b':
            out += '\b';
            return;
        case 't':
            out += '\t';
            return;
        case 'n':
            out += '\n';
            return;
        case 'f':
            out += '\f';
            return;
        case 'r':
            out += '\r';
            return;
        case 'e':
            out += '\x1b';
            return;
        case '"':
            out += '"';
            return;
        case '\\':
            out += '\\';
            return;
        case 'x':
            hex(2, "two");
            return;
        case 'u':
            hex(4, "four");
            return;
        case 'U':
            hex(8, "eight");
            return;
        case ' ':
        case '\t':
            error(std::string("invalid escape: '\\") + utf8_of(e) + "'");
        default:
            error("invalid escape in string '\\" + utf8_of(e) + "'");
        }
    }

    std::string basic_string() {
        std::string out;
        while (true) {
            if (at_end()) {
                error("unexpected EOF; expected '\"'");
            }
            const char32_t r = next();
            if (r == '"') {
                return out;
            }
            if (is_newline(r)) {
                error_prev_line("strings cannot contain newlines");
            }
            if (r == '\\') {
                escape(out);
                continue;
            }
            gounicode::append_utf8(out, r);
        }
    }

    std::string literal_string() {
        std::string out;
        while (true) {
            if (at_end()) {
                error("unexpected EOF; expected \"'\"");
            }
            const char32_t r = next();
            if (r == '\'') {
                return out;
            }
            if (is_newline(r)) {
                error_prev_line("strings cannot contain newlines");
            }
            gounicode::append_utf8(out, r);
        }
    }

    // The text after an opening """ or ''' up to the closing quotes (up to
    // two more quotes belong to the string).
    std::string multiline(char32_t quote, bool escapes) {
        std::string out;
        if (peek() == '\n') {
            next();
        } else if (peek() == '\r' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n') {
            next();
            next();
        }
        while (true) {
            if (at_end()) {
                error(quote == '"' ? "unexpected EOF; expected '\"\"\"'"
                                   : "unexpected EOF; expected \"'''\"");
            }
            const char32_t r = next();
            if (r == quote) {
                std::size_t n = 1;
                while (peek() == quote && n < 5 && !at_end()) {
                    next();
                    ++n;
                }
                if (n >= 3) {
                    out.append(n - 3, static_cast<char>(quote));
                    return out;
                }
                out.append(n, static_cast<char>(quote));
                continue;
            }
            if (escapes && r == '\\') {
                // A line-ending backslash trims the break and the blanks after it.
                std::size_t p = pos_;
                while (p < s_.size() && (s_[p] == ' ' || s_[p] == '\t')) {
                    ++p;
                }
                if (p < s_.size() && (s_[p] == '\n' || s_[p] == '\r')) {
                    while (!at_end() && (is_whitespace(peek()) || is_newline(peek()))) {
                        next();
                    }
                    continue;
                }
                escape(out);
                continue;
            }
            gounicode::append_utf8(out, r);
        }
    }

    std::string multiline_basic_string() { return multiline('"', true); }
    std::string multiline_literal_string() { return multiline('\'', false); }

    // ---- numbers and dates ----

    Value signed_number() {
        std::string text;
        gounicode::append_utf8(text, next()); // the sign
        const char32_t r = peek();
        if (r == 'i' || r == 'n') {
            std::string word;
            while (!at_end() && peek() >= 'a' && peek() <= 'z') {
                gounicode::append_utf8(word, next());
            }
            if (word == "inf") {
                return Value::floating(text == "-" ? -HUGE_VAL : HUGE_VAL);
            }
            if (word == "nan") {
                return Value::floating(text == "-" ? -std::nan("") : std::nan(""));
            }
            error("invalid float: '" + text + word + "'");
        }
        if (r == '.') {
            error("floats must start with a digit, not '.'");
        }
        if (!is_digit(r)) {
            error("expected a digit but got " + quote_rune(r));
        }
        if (r == '0' && pos_ + 1 < s_.size() &&
            (s_[pos_ + 1] == 'b' || s_[pos_ + 1] == 'o' || s_[pos_ + 1] == 'x')) {
            error("cannot use sign with non-decimal numbers: '" + text + "0" +
                  std::string(1, s_[pos_ + 1]) + "'");
        }
        return decimal(text);
    }

    Value number_or_date() {
        // A date or time has '-' or ':' after its leading digits.
        std::size_t p = pos_;
        while (p < s_.size() && s_[p] >= '0' && s_[p] <= '9') {
            ++p;
        }
        if (p < s_.size() && (s_[p] == '-' || s_[p] == ':') && p > pos_) {
            return date_time();
        }
        if (peek() == '0' && pos_ + 1 < s_.size() &&
            (s_[pos_ + 1] == 'x' || s_[pos_ + 1] == 'o' || s_[pos_ + 1] == 'b')) {
            return based_integer();
        }
        return decimal({});
    }

    Value based_integer() {
        next(); // '0'
        const char kind = static_cast<char>(next());
        const int base = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
        std::string digits;
        while (!at_end()) {
            const char32_t r = peek();
            const bool ok =
                r == '_' || (base == 16 ? is_hex_digit(r)
                                        : (r >= '0' && r < static_cast<char32_t>('0' + base)));
            if (!ok) {
                break;
            }
            gounicode::append_utf8(digits, next());
        }
        const std::string text = std::string("0") + kind + digits;
        if (digits.empty()) {
            const char* what = base == 16 ? "a hexadecimal" : base == 8 ? "an octal" : "a binary";
            error(std::string("not ") + what + " number: '" + text + utf8_of(peek()) + "'");
        }
        check_underscores(text, digits, "integer");
        std::string clean;
        for (char c : digits) {
            if (c != '_') {
                clean += c;
            }
        }
        std::uint64_t v = 0;
        const auto r = std::from_chars(clean.data(), clean.data() + clean.size(), v, base);
        if (r.ec != std::errc{} || v > static_cast<std::uint64_t>(INT64_MAX)) {
            error(text + " is out of range for int64");
        }
        return Value::int64(static_cast<std::int64_t>(v));
    }

    void check_underscores(const std::string& text, std::string_view part, const char* what) {
        bool accept = false;
        for (char c : part) {
            if (c == '_' && !accept) {
                error(std::string("Invalid ") + what + " " + gotemplate::go_quote(text) +
                      ": underscores must be surrounded by digits");
            }
            accept = is_hex_digit(static_cast<unsigned char>(c));
        }
        if (!accept) {
            error(std::string("Invalid ") + what + " " + gotemplate::go_quote(text) +
                  ": underscores must be surrounded by digits");
        }
    }

    Value decimal(std::string text) {
        bool is_float = false;
        while (!at_end()) {
            const char32_t r = peek();
            if (is_digit(r) || r == '_') {
                gounicode::append_utf8(text, next());
            } else if (r == '.' || r == 'e' || r == 'E' || (is_float && (r == '+' || r == '-'))) {
                is_float = true;
                gounicode::append_utf8(text, next());
            } else {
                break;
            }
        }
        const std::string_view body = std::string_view(text).substr(
            !text.empty() && (text[0] == '+' || text[0] == '-') ? 1 : 0);
        const char* what = is_float ? "float" : "integer";
        // Each part between '.', 'e' and 'E' needs digits around underscores.
        std::size_t start = 0;
        for (std::size_t i = 0; i <= body.size(); ++i) {
            if (i == body.size() || body[i] == '.' || body[i] == 'e' || body[i] == 'E') {
                std::string_view part = body.substr(start, i - start);
                if (!part.empty() && (part[0] == '+' || part[0] == '-')) {
                    part.remove_prefix(1);
                }
                if (part.find('_') != std::string_view::npos) {
                    check_underscores(text, part, what);
                }
                start = i + 1;
            }
        }
        const std::string_view first = body.substr(0, body.find_first_of(".eE"));
        if (first.size() > 1 && first[0] == '0') {
            error(std::string("Invalid ") + what + " " + gotemplate::go_quote(text) +
                  ": cannot have leading zeroes");
        }
        std::string clean;
        for (char c : text) {
            if (c != '_') {
                clean += c;
            }
        }
        if (!is_float) {
            std::int64_t v = 0;
            const char* b = clean.data() + (clean[0] == '+' ? 1 : 0);
            const auto r = std::from_chars(b, clean.data() + clean.size(), v);
            if (r.ec != std::errc{}) {
                error(text + " is out of range for int64");
            }
            return Value::int64(v);
        }
        for (std::size_t i = 0; i < clean.size(); ++i) {
            if (clean[i] == '.' && (i + 1 >= clean.size() || !is_digit(clean[i + 1]))) {
                error("Invalid float " + gotemplate::go_quote(text) +
                      ": '.' must be followed by one or more digits");
            }
        }
        char* end = nullptr;
        const double f = std::strtod(clean.c_str(), &end);
        if (end != clean.c_str() + clean.size()) {
            error("Invalid float value: " + gotemplate::go_quote(text));
        }
        if (std::isinf(f)) {
            error(text + " is out of range for float64");
        }
        return Value::floating(f);
    }

    static bool digits_at(std::string_view s, std::size_t i, std::size_t n, int& out) {
        if (i + n > s.size()) {
            return false;
        }
        out = 0;
        for (std::size_t k = 0; k < n; ++k) {
            if (!is_digit(static_cast<unsigned char>(s[i + k]))) {
                return false;
            }
            out = out * 10 + (s[i + k] - '0');
        }
        return true;
    }

    Value date_time() {
        std::string text;
        while (!at_end()) {
            const char32_t r = peek();
            if (is_digit(r) || r == '-' || r == ':' || r == 'T' || r == 't' || r == ' ' ||
                r == '.' || r == 'Z' || r == 'z' || r == '+') {
                gounicode::append_utf8(text, next());
            } else {
                break;
            }
        }
        // Like the lexer, leave trailing blanks (a space separates date and
        // time, but also the value from a comment).
        while (!text.empty() && text.back() == ' ') {
            text.pop_back();
        }
        std::string norm;
        for (char c : text) {
            norm += c == 'z' ? 'Z' : (c == 't' || c == ' ') ? 'T' : c;
        }
        GoTime::Parts p;
        const std::string bad = "invalid datetime: " + gotemplate::go_quote(norm);
        std::size_t i = 0;
        bool has_date = false;
        if (norm.size() >= 10 && norm[4] == '-') {
            if (!digits_at(norm, 0, 4, p.year) || norm[7] != '-' ||
                !digits_at(norm, 5, 2, p.month) || !digits_at(norm, 8, 2, p.day)) {
                error(bad);
            }
            has_date = true;
            i = 10;
            if (i < norm.size()) {
                if (norm[i] != 'T') {
                    error(bad);
                }
                ++i;
            }
        }
        bool has_time = false;
        if (i < norm.size()) {
            if (!digits_at(norm, i, 2, p.hour) || i + 2 >= norm.size() || norm[i + 2] != ':' ||
                !digits_at(norm, i + 3, 2, p.minute)) {
                error(bad);
            }
            i += 5;
            has_time = true;
            if (i < norm.size() && norm[i] == ':') {
                if (!digits_at(norm, i + 1, 2, p.second)) {
                    error(bad);
                }
                i += 3;
                if (i < norm.size() && norm[i] == '.') {
                    ++i;
                    std::string frac;
                    while (i < norm.size() && is_digit(static_cast<unsigned char>(norm[i]))) {
                        frac += norm[i++];
                    }
                    if (frac.empty()) {
                        error(bad);
                    }
                    frac.resize(9, '0');
                    p.nanos = std::stol(frac.substr(0, 9));
                }
            }
        }
        bool has_offset = false;
        if (i < norm.size() && has_date && has_time) {
            if (norm[i] == 'Z') {
                ++i;
                has_offset = true;
                p.zone = "UTC";
            } else if (norm[i] == '+' || norm[i] == '-') {
                int h = 0;
                int m = 0;
                if (!digits_at(norm, i + 1, 2, h) || i + 3 >= norm.size() || norm[i + 3] != ':' ||
                    !digits_at(norm, i + 4, 2, m)) {
                    error(bad);
                }
                p.offset_seconds = (h * 60 + m) * 60 * (norm[i] == '-' ? -1 : 1);
                // The machine's zone (UTC assumed) names a zero offset.
                p.zone = p.offset_seconds == 0 ? "UTC" : "";
                i += 6;
                has_offset = true;
            }
        }
        if (i != norm.size() || (!has_date && !has_time) || p.month < 1 || p.month > 12 ||
            p.day < 1 || p.day > 31 || p.hour > 23 || p.minute > 59 || p.second > 59) {
            error(bad);
        }
        if (!has_offset) {
            p.zone = has_date ? (has_time ? "datetime-local" : "date-local") : "time-local";
        }
        if (!has_date) {
            p.year = 0;
        }
        return Value::object(std::make_shared<GoTime>(std::move(p)));
    }

    std::string_view s_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    Node* root_ = nullptr;
    Node* context_node_ = nullptr;
    std::vector<std::string> context_;
    std::string current_key_;
};

} // namespace

TomlDecoded toml_decode(std::string_view text) {
    TomlDecoded d;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    Node root;
    TomlParser parser(text);
    try {
        parser.parse(root);
    } catch (const TomlError& e) {
        // Go decodes nothing when the parse fails.
        d.value = Value::map(Map{});
        const std::string last = parser.last_key();
        d.error = "toml: line " + std::to_string(e.line) +
                  (last.empty() ? "" : " (last key " + gotemplate::go_quote(last) + ")") + ": " +
                  e.message;
        return d;
    }
    d.value = root.to_value();
    return d;
}

} // namespace airlock::helm
