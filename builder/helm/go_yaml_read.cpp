#include "builder/helm/go_yaml_read.hpp"

#include "builder/chart/go_json.hpp"
#include "builder/helm/detail/yaml_parser.hpp"
#include "builder/helm/detail/yaml_resolve.hpp"
#include "builder/helm/go_float.hpp"
#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"
#include "common/gounicode/unicode.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace airlock::helm {

using detail::Event;
using detail::EventType;
using detail::ResolvedKind;
using gotemplate::Kind;
using gotemplate::List;
using gotemplate::Map;
using gotemplate::Value;

namespace {

// go-yaml's failf: an error with no position ("yaml: unknown anchor 'a'
// referenced").
struct GoYamlFailure {
    std::string message;
};

[[noreturn]] void go_yaml_fail(std::string message) {
    throw GoYamlFailure{"yaml: " + std::move(message)};
}

// ---- the node tree go-yaml builds from the events -----------------------------

struct YNode {
    enum class Kind : std::uint8_t { document, mapping, sequence, scalar, alias };
    Kind kind = Kind::scalar;
    std::size_t line = 0;
    std::string tag;
    std::string value; // scalar text, or an alias's anchor name
    bool implicit = false;
    std::vector<YNode*> children;
    YNode* alias = nullptr;
};

class Composer {
  public:
    explicit Composer(std::string_view text) : parser_(text) {}

    // The first document, or nullptr when the stream has none.
    YNode* first_document() {
        expect(EventType::stream_start);
        if (peek().type == EventType::stream_end) {
            return nullptr;
        }
        return parse();
    }

  private:
    const Event& peek() {
        if (!have_event_) {
            event_ = parser_.next();
            have_event_ = true;
        }
        return event_;
    }

    void expect(EventType type) {
        peek();
        have_event_ = false;
        if (event_.type != type) {
            go_yaml_fail("expected another event"); // go-yaml never gets here
        }
    }

    YNode* make(YNode::Kind kind) {
        nodes_.emplace_back();
        YNode* n = &nodes_.back();
        n->kind = kind;
        n->line = peek().start.line;
        return n;
    }

    void anchor(YNode* n, const std::string& name) {
        if (!name.empty()) {
            anchors_[name] = n;
        }
    }

    YNode* parse() {
        switch (peek().type) {
        case EventType::scalar: {
            YNode* n = make(YNode::Kind::scalar);
            n->value = std::move(event_.value);
            n->tag = std::move(event_.tag);
            n->implicit = event_.implicit;
            anchor(n, event_.anchor);
            expect(EventType::scalar);
            return n;
        }
        case EventType::alias: {
            YNode* n = make(YNode::Kind::alias);
            n->value = event_.anchor;
            auto it = anchors_.find(n->value);
            if (it == anchors_.end()) {
                go_yaml_fail("unknown anchor '" + n->value + "' referenced");
            }
            n->alias = it->second;
            expect(EventType::alias);
            return n;
        }
        case EventType::mapping_start: {
            YNode* n = make(YNode::Kind::mapping);
            n->tag = event_.tag;
            anchor(n, event_.anchor);
            expect(EventType::mapping_start);
            while (peek().type != EventType::mapping_end) {
                YNode* key = parse();
                YNode* value = parse();
                n->children.push_back(key);
                n->children.push_back(value);
            }
            expect(EventType::mapping_end);
            return n;
        }
        case EventType::sequence_start: {
            YNode* n = make(YNode::Kind::sequence);
            n->tag = event_.tag;
            anchor(n, event_.anchor);
            expect(EventType::sequence_start);
            while (peek().type != EventType::sequence_end) {
                n->children.push_back(parse());
            }
            expect(EventType::sequence_end);
            return n;
        }
        case EventType::document_start: {
            YNode* n = make(YNode::Kind::document);
            anchors_.clear();
            expect(EventType::document_start);
            n->children.push_back(parse());
            expect(EventType::document_end);
            return n;
        }
        default:
            go_yaml_fail("attempted to parse unknown event");
        }
    }

    detail::YamlParser parser_;
    Event event_;
    bool have_event_ = false;
    std::deque<YNode> nodes_;
    std::unordered_map<std::string, YNode*> anchors_;
};

// ---- decoding into interface{}, then JSON's view of it ----------------------

// Go's standard base64 as !!binary is read: padding required, line breaks
// ignored.
std::optional<std::string> go_base64_decode(std::string_view text) {
    std::string clean;
    clean.reserve(text.size());
    for (char c : text) {
        if (c != '\n' && c != '\r') {
            clean += c;
        }
    }
    if (clean.size() % 4 != 0) {
        return std::nullopt;
    }
    auto value_of = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+') {
            return 62;
        }
        if (c == '/') {
            return 63;
        }
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < clean.size(); i += 4) {
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = clean[i + static_cast<std::size_t>(k)];
            if (c == '=' && i + 4 == clean.size() && k >= 2) {
                v[k] = 0;
                ++pad;
                continue;
            }
            if (pad > 0) {
                return std::nullopt;
            }
            v[k] = value_of(c);
            if (v[k] < 0) {
                return std::nullopt;
            }
        }
        const unsigned n = (static_cast<unsigned>(v[0]) << 18) |
                           (static_cast<unsigned>(v[1]) << 12) |
                           (static_cast<unsigned>(v[2]) << 6) | static_cast<unsigned>(v[3]);
        out += static_cast<char>((n >> 16) & 0xFF);
        if (pad < 2) {
            out += static_cast<char>((n >> 8) & 0xFF);
        }
        if (pad < 1) {
            out += static_cast<char>(n & 0xFF);
        }
    }
    return out;
}

// Invalid UTF-8 as encoding/json writes it: each bad byte is U+FFFD.
std::string valid_utf8(std::string s) {
    std::string out;
    bool changed = false;
    for (std::size_t pos = 0; pos < s.size();) {
        const std::size_t start = pos;
        const char32_t cp = builder::next_code_point(s, pos);
        if (cp == 0xFFFD && pos - start == 1) {
            changed = true;
            gounicode::append_utf8(out, cp);
        } else {
            out.append(s, start, pos - start);
        }
    }
    return changed ? out : s;
}

// A scalar as go-yaml decodes it into interface{}.
struct GoScalar {
    ResolvedKind kind = ResolvedKind::null;
    bool binary = false; // decoded !!binary data, which need not be UTF-8
    bool boolean = false;
    std::int64_t integer = 0;
    std::uint64_t unsigned_ = 0;
    double floating = 0;
    std::string text;
};

GoScalar decode_scalar(const YNode& n) {
    GoScalar out;
    if (n.tag.empty() && !n.implicit) {
        out.kind = ResolvedKind::string;
        out.text = n.value;
        return out;
    }
    const detail::Resolved r = detail::resolve_scalar(n.tag, n.value);
    out.kind = r.kind;
    switch (r.kind) {
    case ResolvedKind::boolean:
        out.boolean = r.boolean;
        break;
    case ResolvedKind::integer:
        out.integer = r.integer;
        break;
    case ResolvedKind::unsigned_:
        out.unsigned_ = r.unsigned_;
        break;
    case ResolvedKind::floating:
        out.floating = r.floating;
        break;
    case ResolvedKind::other:
        if (n.tag == detail::tag_binary) {
            auto data = go_base64_decode(n.value);
            if (!data) {
                go_yaml_fail("!!binary value contains invalid base64 data");
            }
            out.text = std::move(*data);
            out.binary = true;
        } else {
            out.text = n.value;
        }
        out.kind = ResolvedKind::string;
        break;
    case ResolvedKind::null:
        break;
    case ResolvedKind::string:
    case ResolvedKind::timestamp:
    case ResolvedKind::merge:
        // Timestamps stay strings in an interface{} (go-yaml v2).
        out.kind = ResolvedKind::string;
        out.text = n.value;
        break;
    }
    return out;
}

// Go's %#v of what go-yaml decodes a node to, for error messages.
std::string go_syntax(const YNode& n, int depth = 0) {
    if (depth > 100) {
        return "...";
    }
    const YNode* target = &n;
    while (target->kind == YNode::Kind::alias && target->alias != nullptr && depth < 100) {
        target = target->alias;
        ++depth;
    }
    switch (target->kind) {
    case YNode::Kind::scalar: {
        const GoScalar s = decode_scalar(*target);
        switch (s.kind) {
        case ResolvedKind::null:
            return "interface {}(nil)";
        case ResolvedKind::boolean:
            return s.boolean ? "true" : "false";
        case ResolvedKind::integer:
            return std::to_string(s.integer);
        case ResolvedKind::unsigned_: {
            char buf[32];
            std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(s.unsigned_));
            return buf;
        }
        case ResolvedKind::floating:
            return go_format_float_shortest(s.floating, 'g');
        default:
            return gotemplate::go_quote(s.text);
        }
    }
    case YNode::Kind::sequence: {
        std::string out = "[]interface {}{";
        for (std::size_t i = 0; i < target->children.size(); ++i) {
            out += (i > 0 ? ", " : "") + go_syntax(*target->children[i], depth + 1);
        }
        return out + "}";
    }
    case YNode::Kind::mapping: {
        std::vector<std::pair<std::string, std::string>> entries;
        for (std::size_t i = 0; i + 1 < target->children.size(); i += 2) {
            entries.emplace_back(go_syntax(*target->children[i], depth + 1),
                                 go_syntax(*target->children[i + 1], depth + 1));
        }
        std::sort(entries.begin(), entries.end());
        std::string out = "map[interface {}]interface {}{";
        for (std::size_t i = 0; i < entries.size(); ++i) {
            out += (i > 0 ? ", " : "") + entries[i].first + ":" + entries[i].second;
        }
        return out + "}";
    }
    default:
        return "interface {}(nil)";
    }
}

// go-yaml's guard against alias expansion ("billion laughs"): the share of
// decoding work that comes from aliases may not grow too large.
double allowed_alias_ratio(std::size_t decode_count) {
    constexpr double low = 400000;
    constexpr double high = 4000000;
    const auto count = static_cast<double>(decode_count);
    if (count <= low) {
        return 0.99;
    }
    if (count >= high) {
        return 0.10;
    }
    return 0.99 - 0.89 * ((count - low) / (high - low));
}

class Decoder {
  public:
    Value decode(const YNode& n) {
        Value v = unmarshal(n);
        if (key_error_) {
            throw GoYamlFailure{*key_error_};
        }
        if (saw_non_finite_) {
            if (auto bad = first_non_finite(v)) {
                throw GoYamlFailure{"json: unsupported value: " + *bad};
            }
        }
        return v;
    }

  private:
    void count() {
        ++decode_count_;
        if (alias_depth_ > 0) {
            ++alias_count_;
        }
        if (alias_count_ > 100 && decode_count_ > 1000 &&
            static_cast<double>(alias_count_) / static_cast<double>(decode_count_) >
                allowed_alias_ratio(decode_count_)) {
            go_yaml_fail("document contains excessive aliasing");
        }
    }

    Value unmarshal(const YNode& n) {
        count();
        switch (n.kind) {
        case YNode::Kind::document:
            return unmarshal(*n.children.front());
        case YNode::Kind::alias: {
            Value v;
            with_alias(n, [&](const YNode& target) { v = unmarshal(target); });
            return v;
        }
        case YNode::Kind::scalar:
            return scalar_value(decode_scalar(n));
        case YNode::Kind::sequence: {
            List items;
            items.reserve(n.children.size());
            for (const YNode* child : n.children) {
                items.push_back(unmarshal(*child));
            }
            return Value::list(std::move(items));
        }
        case YNode::Kind::mapping: {
            auto entries = std::make_shared<Map>();
            mapping_into(n, *entries);
            return Value::map(std::move(entries));
        }
        }
        return {};
    }

    template <typename F> void with_alias(const YNode& n, F&& body) {
        if (active_aliases_.count(&n) != 0) {
            go_yaml_fail("anchor '" + n.value + "' value contains itself");
        }
        active_aliases_.insert(&n);
        ++alias_depth_;
        body(*n.alias);
        --alias_depth_;
        active_aliases_.erase(&n);
    }

    Value scalar_value(GoScalar s) {
        switch (s.kind) {
        case ResolvedKind::null:
            return {};
        case ResolvedKind::boolean:
            return Value::boolean(s.boolean);
        case ResolvedKind::integer:
            return Value::floating(static_cast<double>(s.integer));
        case ResolvedKind::unsigned_:
            return Value::floating(static_cast<double>(s.unsigned_));
        case ResolvedKind::floating:
            if (!std::isfinite(s.floating)) {
                saw_non_finite_ = true;
            }
            return Value::floating(s.floating);
        default:
            return Value::string(s.binary ? valid_utf8(std::move(s.text)) : std::move(s.text));
        }
    }

    static bool is_merge(const YNode& k) {
        return k.kind == YNode::Kind::scalar && k.value == "<<" &&
               (k.implicit || k.tag == detail::tag_merge);
    }

    // The key as sigs.k8s.io/yaml turns it into a JSON object key, or
    // nullopt (with the error noted) for keys it refuses.
    std::optional<std::string> key_string(const YNode& k, const YNode& value) {
        count();
        const YNode* target = &k;
        std::optional<std::string> result;
        if (k.kind == YNode::Kind::alias) {
            with_alias(k, [&](const YNode& t) {
                count();
                target = &t;
            });
        }
        if (target->kind != YNode::Kind::scalar) {
            // Unmarshal the whole key first, for its own errors and counts.
            (void)unmarshal(*target);
            go_yaml_fail("invalid map key: " + go_syntax(*target));
        }
        const GoScalar s = decode_scalar(*target);
        switch (s.kind) {
        case ResolvedKind::boolean:
            return s.boolean ? "true" : "false";
        case ResolvedKind::integer:
            return std::to_string(s.integer);
        case ResolvedKind::floating: {
            std::string text = go_format_float_shortest(s.floating, 'g', 32);
            if (text == "+Inf") {
                text = ".inf";
            } else if (text == "-Inf") {
                text = "-.inf";
            } else if (text == "NaN") {
                text = ".nan";
            }
            return text;
        }
        case ResolvedKind::null:
        case ResolvedKind::unsigned_:
            if (!key_error_) {
                const std::string type = s.kind == ResolvedKind::null ? "%!s(<nil>)" : "uint64";
                const std::string key = s.kind == ResolvedKind::null ? "<nil>" : go_syntax(*target);
                std::string shown = go_syntax(value);
                if (shown == "interface {}(nil)") {
                    shown = "<nil>";
                }
                key_error_ =
                    "unsupported map key of type: " + type + ", key: " + key + ", value: " + shown;
            }
            return std::nullopt;
        default:
            return s.binary ? valid_utf8(s.text) : s.text;
        }
    }

    void mapping_into(const YNode& n, Map& out) {
        for (std::size_t i = 0; i + 1 < n.children.size(); i += 2) {
            const YNode& k = *n.children[i];
            const YNode& v = *n.children[i + 1];
            if (is_merge(k)) {
                merge(v, out);
                continue;
            }
            std::optional<std::string> key = key_string(k, v);
            Value value = unmarshal(v);
            if (key) {
                out.insert_or_assign(std::move(*key), std::move(value));
            }
        }
    }

    [[noreturn]] static void want_map() {
        go_yaml_fail("map merge requires map or sequence of maps as the value");
    }

    // A mapping (or alias of one) decoded into an existing map.
    void merge_one(const YNode& n, Map& out) {
        count();
        if (n.kind == YNode::Kind::alias) {
            with_alias(n, [&](const YNode& target) {
                count();
                mapping_into(target, out);
            });
            return;
        }
        mapping_into(n, out);
    }

    void merge(const YNode& n, Map& out) {
        switch (n.kind) {
        case YNode::Kind::mapping:
            merge_one(n, out);
            return;
        case YNode::Kind::alias:
            if (n.alias != nullptr && n.alias->kind != YNode::Kind::mapping) {
                want_map();
            }
            merge_one(n, out);
            return;
        case YNode::Kind::sequence:
            // Earlier maps take precedence, so they are merged last.
            for (std::size_t i = n.children.size(); i-- > 0;) {
                const YNode& item = *n.children[i];
                if (item.kind == YNode::Kind::alias) {
                    if (item.alias != nullptr && item.alias->kind != YNode::Kind::mapping) {
                        want_map();
                    }
                } else if (item.kind != YNode::Kind::mapping) {
                    want_map();
                }
                merge_one(item, out);
            }
            return;
        default:
            want_map();
        }
    }

    // encoding/json's first complaint, in its order (sorted keys).
    static std::optional<std::string> first_non_finite(const Value& v) {
        switch (v.kind()) {
        case Kind::floating:
            if (!std::isfinite(v.as_float())) {
                return go_format_float_shortest(v.as_float(), 'g');
            }
            return std::nullopt;
        case Kind::list:
            for (const Value& item : v.as_list()) {
                if (auto bad = first_non_finite(item)) {
                    return bad;
                }
            }
            return std::nullopt;
        case Kind::map:
            for (const auto& [key, item] : v.as_map()) {
                if (auto bad = first_non_finite(item)) {
                    return bad;
                }
            }
            return std::nullopt;
        default:
            return std::nullopt;
        }
    }

    std::size_t decode_count_ = 0;
    std::size_t alias_count_ = 0;
    std::size_t alias_depth_ = 0;
    std::unordered_set<const YNode*> active_aliases_;
    std::optional<std::string> key_error_;
    bool saw_non_finite_ = false;
};

const char* json_kind(const Value& v) {
    switch (v.kind()) {
    case Kind::map:
        return "object";
    case Kind::list:
        return "array";
    case Kind::string:
        return "string";
    case Kind::floating:
        return "number";
    case Kind::boolean:
        return "bool";
    default:
        return "null";
    }
}

} // namespace

YamlDecoded yaml_unmarshal(std::string_view text, JsonTarget target) {
    YamlDecoded result;
    if (target == JsonTarget::map) {
        result.value = Value::map(Map{});
    } else if (target == JsonTarget::list) {
        result.value = Value::list(List{});
    }
    Value decoded;
    try {
        Composer composer(text);
        const YNode* document = composer.first_document();
        if (document != nullptr) {
            decoded = Decoder().decode(*document);
        }
    } catch (const detail::YamlProblem& p) {
        result.error = "error converting YAML to JSON: " + p.message();
        return result;
    } catch (const GoYamlFailure& f) {
        result.error = "error converting YAML to JSON: " + f.message;
        return result;
    } catch (const Error& e) {
        result.error = std::string("error converting YAML to JSON: ") + e.what();
        return result;
    }
    if (decoded.is_nil()) {
        // JSON null leaves the target as it was.
        return result;
    }
    const char* go_type = nullptr;
    if (target == JsonTarget::map && decoded.kind() != Kind::map) {
        go_type = "map[string]interface {}";
    } else if (target == JsonTarget::list && decoded.kind() != Kind::list) {
        go_type = "[]interface {}";
    }
    if (go_type != nullptr) {
        result.error = std::string("error unmarshaling JSON: while decoding JSON: json: cannot "
                                   "unmarshal ") +
                       json_kind(decoded) + " into Go value of type " + go_type;
        return result;
    }
    result.value = std::move(decoded);
    return result;
}

} // namespace airlock::helm
