#include "builder/helm/set_values.hpp"

#include "builder/chart/go_json.hpp"
#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"
#include "common/gounicode/unicode.hpp"

#include <charconv>
#include <optional>

namespace airlock::helm {

using gotemplate::Kind;
using gotemplate::List;
using gotemplate::Map;
using gotemplate::Value;

namespace {

// strvals' limits.
constexpr std::int64_t max_index = 65536;
constexpr int max_nested_name_level = 30;

// The end of the input (Go's io.EOF, which the parser passes around as an
// error value).
struct EndOfInput {};

// A parse failure with strvals' message.
struct SetError {
    std::string message;
};

// A Go panic inside key(), which strvals recovers as "unable to parse key".
struct Panic {
    std::string message;
};

std::string go_type_of(const Value& v) {
    return v.is_nil() ? "nil" : v.type_name();
}

// Go's strings.EqualFold for the ASCII words strvals compares with; U+017F
// (long s) folds to 's' as in Go.
bool equal_fold(const std::u32string& a, std::string_view word) {
    if (a.size() != word.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        char32_t c = a[i];
        if (c >= 'A' && c <= 'Z') {
            c = c - 'A' + 'a';
        } else if (c == 0x17F) {
            c = 's';
        }
        if (c != static_cast<char32_t>(word[i])) {
            return false;
        }
    }
    return true;
}

std::string utf8_of(const std::u32string& runes) {
    std::string out;
    for (char32_t r : runes) {
        gounicode::append_utf8(out, r);
    }
    return out;
}

// Go's %q of a []rune: each rune quoted, in brackets.
std::string quote_runes(const std::u32string& runes) {
    std::string out = "[";
    for (std::size_t i = 0; i < runes.size(); ++i) {
        if (i > 0) {
            out += ' ';
        }
        std::string one;
        gounicode::append_utf8(one, runes[i]);
        if (runes[i] == '\'') {
            out += "'\\''";
            continue;
        }
        if (runes[i] == '"') {
            out += "'\"'";
            continue;
        }
        const std::string quoted = gotemplate::go_quote(one);
        out += "'" + quoted.substr(1, quoted.size() - 2) + "'";
    }
    return out + "]";
}

class SetParser {
  public:
    SetParser(std::string_view line, bool strings_only) : strings_only_(strings_only) {
        for (std::size_t pos = 0; pos < line.size();) {
            input_ += builder::next_code_point(line, pos);
        }
    }

    void parse(Map& data) {
        while (true) {
            try {
                key(data, 0);
            } catch (const EndOfInput&) {
                return;
            }
        }
    }

  private:
    std::optional<char32_t> read_rune() {
        if (pos_ >= input_.size()) {
            return std::nullopt;
        }
        return input_[pos_++];
    }

    void unread_rune() { --pos_; }

    // runesUntil: the runes before one of `stop` (consumed, returned in
    // `last`), with '\' escaping the next rune. At the end of the input
    // `last` is nullopt.
    std::u32string runes_until(std::u32string_view stop, std::optional<char32_t>& last) {
        std::u32string v;
        while (true) {
            const auto r = read_rune();
            if (!r) {
                last.reset();
                return v;
            }
            if (stop.find(*r) != std::u32string_view::npos) {
                last = r;
                return v;
            }
            if (*r == '\\') {
                const auto next = read_rune();
                if (!next) {
                    last.reset();
                    return v;
                }
                v += *next;
                continue;
            }
            v += *r;
        }
    }

    Value typed(const std::u32string& runes) const {
        std::string s = utf8_of(runes);
        if (strings_only_) {
            return Value::string(std::move(s));
        }
        if (equal_fold(runes, "true")) {
            return Value::boolean(true);
        }
        if (equal_fold(runes, "false")) {
            return Value::boolean(false);
        }
        if (equal_fold(runes, "null")) {
            return Value::nil();
        }
        if (s == "0") {
            return Value::int64(0);
        }
        if (!s.empty() && s[0] != '0') {
            // strconv.ParseInt(s, 10, 64): an optional sign, then digits.
            std::string_view digits = s;
            bool negative = false;
            if (digits[0] == '+' || digits[0] == '-') {
                negative = digits[0] == '-';
                digits.remove_prefix(1);
            }
            std::uint64_t magnitude = 0;
            const char* end = digits.data() + digits.size();
            const auto r = std::from_chars(digits.data(), end, magnitude);
            const bool all_digits =
                !digits.empty() && r.ec == std::errc{} && r.ptr == end &&
                digits.find_first_not_of("0123456789") == std::string_view::npos;
            constexpr std::uint64_t limit = std::uint64_t{1} << 63;
            if (all_digits && (negative ? magnitude <= limit : magnitude < limit)) {
                const std::int64_t v =
                    negative
                        ? (magnitude == limit ? INT64_MIN : -static_cast<std::int64_t>(magnitude))
                        : static_cast<std::int64_t>(magnitude);
                return Value::int64(v);
            }
        }
        return Value::string(std::move(s));
    }

    static void set(Map& data, const std::string& key, Value v) {
        if (key.empty()) {
            return;
        }
        data.insert_or_assign(key, std::move(v));
    }

    static List set_index(List list, std::int64_t index, Value v) {
        if (index < 0) {
            throw SetError{"negative " + std::to_string(index) + " index not allowed"};
        }
        if (index > max_index) {
            throw SetError{"index of " + std::to_string(index) +
                           " is greater than maximum supported index of 65536"};
        }
        const auto i = static_cast<std::size_t>(index);
        if (list.size() <= i) {
            list.resize(i + 1);
        }
        list[i] = std::move(v);
        return list;
    }

    // strconv.Atoi of the text before ']'.
    std::int64_t key_index() {
        std::optional<char32_t> last;
        const std::u32string v = runes_until(U"]", last);
        if (!last) {
            // "error parsing index: EOF" wraps io.EOF, which ends parsing
            // without an error.
            throw EndOfInput{};
        }
        const std::string s = utf8_of(v);
        std::string_view digits = s;
        bool negative = false;
        if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
            negative = digits[0] == '-';
            digits.remove_prefix(1);
        }
        const std::string prefix =
            "error parsing index: strconv.Atoi: parsing " + gotemplate::go_quote(s) + ": ";
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
            throw SetError{prefix + "invalid syntax"};
        }
        std::uint64_t magnitude = 0;
        const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
        constexpr std::uint64_t limit = std::uint64_t{1} << 63;
        if (r.ec != std::errc{} || (negative ? magnitude > limit : magnitude >= limit)) {
            throw SetError{prefix + "value out of range"};
        }
        if (negative) {
            return magnitude == limit ? INT64_MIN : -static_cast<std::int64_t>(magnitude);
        }
        return static_cast<std::int64_t>(magnitude);
    }

    // valList: "{a,b}" as a list; nullopt when the value is not a list. At
    // the end of the input throws EndOfInput.
    std::optional<List> value_list() {
        const auto r = read_rune();
        if (!r) {
            throw EndOfInput{};
        }
        if (*r != '{') {
            unread_rune();
            return std::nullopt;
        }
        List list;
        while (true) {
            std::optional<char32_t> last;
            const std::u32string rs = runes_until(U",}", last);
            if (!last) {
                throw SetError{"list must terminate with '}'"};
            }
            if (*last == '}') {
                if (const auto next = read_rune(); next && *next != ',') {
                    unread_rune();
                }
                list.push_back(typed(rs));
                return list;
            }
            list.push_back(typed(rs));
        }
    }

    // The value after '=': a list, or the text up to ','. `at_end` reports
    // an input that ends right after the '=' (Go's io.EOF from valList).
    Value value(bool& at_end) {
        at_end = false;
        std::optional<List> list;
        try {
            list = value_list();
        } catch (const EndOfInput&) {
            at_end = true;
            return Value::string("");
        }
        if (list) {
            return Value::list(std::move(*list));
        }
        // Reaching the end of the input here is not reported: Go returns the
        // (nil) error of the value conversion instead.
        std::optional<char32_t> last;
        return typed(runes_until(U",", last));
    }

    void key(Map& data, int nested_name_level) {
        try {
            key_unguarded(data, nested_name_level);
        } catch (const Panic& p) {
            throw SetError{"unable to parse key: " + p.message};
        }
    }

    void key_unguarded(Map& data, int nested_name_level) {
        std::optional<char32_t> last;
        const std::u32string k = runes_until(U"=[,.", last);
        const std::string name = utf8_of(k);
        if (!last) {
            if (k.empty()) {
                throw EndOfInput{};
            }
            throw SetError{"key " + gotemplate::go_quote(name) + " has no value"};
        }
        switch (*last) {
        case '[': {
            const std::int64_t i = key_index();
            List list;
            if (auto it = data.find(name); it != data.end()) {
                if (it->second.kind() != Kind::list) {
                    throw Panic{"interface conversion: interface {} is " + go_type_of(it->second) +
                                ", not []interface {}"};
                }
                list = it->second.as_list();
            }
            ItemResult r;
            try {
                r = list_item(std::move(list), i, nested_name_level);
            } catch (ListFailure& f) {
                // Go stores the list listItem hands back with its error.
                set(data, name, Value::list(std::move(f.list)));
                throw f.error;
            }
            set(data, name, Value::list(std::move(r.list)));
            if (r.eof) {
                throw EndOfInput{};
            }
            return;
        }
        case '=': {
            bool at_end = false;
            Value v = value(at_end);
            set(data, name, std::move(v));
            if (at_end) {
                throw EndOfInput{};
            }
            return;
        }
        case ',':
            set(data, name, Value::string(""));
            throw SetError{"key " + gotemplate::go_quote(name) +
                           " has no value (cannot end with ,)"};
        default: { // '.'
            ++nested_name_level;
            if (nested_name_level > max_nested_name_level) {
                throw SetError{"value name nested level is greater than maximum supported "
                               "nested level of 30"};
            }
            std::shared_ptr<Map> inner = std::make_shared<Map>();
            if (auto it = data.find(name); it != data.end()) {
                if (it->second.kind() != Kind::map) {
                    throw Panic{"interface conversion: interface {} is " + go_type_of(it->second) +
                                ", not map[string]interface {}"};
                }
                inner = it->second.map_ptr();
            }
            bool ended = false;
            std::optional<SetError> failure;
            try {
                key(*inner, nested_name_level);
            } catch (const EndOfInput&) {
                ended = true;
            } catch (SetError& e) {
                failure = std::move(e);
            }
            if (!failure && !ended && inner->empty()) {
                throw SetError{"key map " + gotemplate::go_quote(name) + " has no value"};
            }
            if (!inner->empty()) {
                set(data, name, Value::map(inner));
            }
            if (failure) {
                throw *failure;
            }
            if (ended) {
                throw EndOfInput{};
            }
            return;
        }
        }
    }

    struct ItemResult {
        List list;
        bool eof = false; // the input ended (Go's io.EOF, not an error)
    };

    // A listItem error, with the list Go returns along with it.
    struct ListFailure {
        List list;
        SetError error;
    };

    static ItemResult indexed(List list, std::int64_t i, Value v) {
        try {
            return {set_index(list, i, std::move(v)), false};
        } catch (SetError& e) {
            throw ListFailure{std::move(list), std::move(e)};
        }
    }

    // listItem: what follows "name[i]".
    ItemResult list_item(List list, std::int64_t i, int nested_name_level) {
        if (i < 0) {
            throw ListFailure{std::move(list),
                              SetError{"negative " + std::to_string(i) + " index not allowed"}};
        }
        std::optional<char32_t> last;
        const std::u32string k = runes_until(U"[.=", last);
        if (!k.empty()) {
            throw ListFailure{std::move(list),
                              SetError{"unexpected data at end of array index: " + quote_runes(k)}};
        }
        if (!last) {
            return {std::move(list), true};
        }
        switch (*last) {
        case '=': {
            std::optional<List> values;
            try {
                values = value_list();
            } catch (const EndOfInput&) {
                return indexed(std::move(list), i, Value::string(""));
            } catch (SetError& e) {
                throw ListFailure{std::move(list), std::move(e)};
            }
            if (values) {
                return indexed(std::move(list), i, Value::list(std::move(*values)));
            }
            // The end of the input after the value is not reported here.
            std::optional<char32_t> stop;
            const std::u32string rs = runes_until(U",", stop);
            return indexed(std::move(list), i, typed(rs));
        }
        case '[': {
            std::int64_t next = 0;
            try {
                next = key_index();
            } catch (const EndOfInput&) {
                return {std::move(list), true};
            } catch (SetError& e) {
                throw ListFailure{std::move(list), std::move(e)};
            }
            List current;
            if (static_cast<std::int64_t>(list.size()) > i) {
                const Value& existed = list[static_cast<std::size_t>(i)];
                if (!existed.is_nil()) {
                    if (existed.kind() != Kind::list) {
                        throw Panic{"interface conversion: interface {} is " + go_type_of(existed) +
                                    ", not []interface {}"};
                    }
                    current = existed.as_list();
                }
            }
            ItemResult nested;
            try {
                nested = list_item(std::move(current), next, nested_name_level);
            } catch (ListFailure& f) {
                throw ListFailure{std::move(list), std::move(f.error)};
            }
            if (nested.eof) {
                return {std::move(list), true};
            }
            return indexed(std::move(list), i, Value::list(std::move(nested.list)));
        }
        default: { // '.'
            std::shared_ptr<Map> inner = std::make_shared<Map>();
            if (static_cast<std::int64_t>(list.size()) > i) {
                Value& slot = list[static_cast<std::size_t>(i)];
                if (slot.kind() != Kind::map) {
                    // Indices out of order: the slot becomes an empty map.
                    slot = Value::map(Map{});
                }
                inner = slot.map_ptr();
            }
            try {
                key(*inner, nested_name_level);
            } catch (const EndOfInput&) {
                return {std::move(list), true};
            } catch (SetError& e) {
                throw ListFailure{std::move(list), std::move(e)};
            }
            return indexed(std::move(list), i, Value::map(inner));
        }
        }
    }

    bool strings_only_;
    std::u32string input_;
    std::size_t pos_ = 0;
};

void parse_into(std::string_view line, Map& values, bool strings_only) {
    try {
        SetParser(line, strings_only).parse(values);
    } catch (const SetError& e) {
        fail(ErrorCode::spec, e.message);
    }
}

} // namespace

void parse_set(std::string_view line, Map& values) {
    parse_into(line, values, false);
}

void parse_set_string(std::string_view line, Map& values) {
    parse_into(line, values, true);
}

void apply_set_values(const SetValues& options, Map& values) {
    for (const std::string& line : options.set) {
        try {
            parse_set(line, values);
        } catch (const Error& e) {
            fail(ErrorCode::spec, std::string("failed parsing --set data: ") + e.what());
        }
    }
    for (const std::string& line : options.set_string) {
        try {
            parse_set_string(line, values);
        } catch (const Error& e) {
            fail(ErrorCode::spec, std::string("failed parsing --set-string data: ") + e.what());
        }
    }
}

} // namespace airlock::helm
