// Validation in santhosh/jsonschema's order and with its error tree: type,
// const, enum and format fail alone; then $ref, the keywords of the value's
// type, the references of 2019-09 and later, the applicators, and the
// unevaluated keywords. Several errors at one place become a group
// ("validation failed"); a single error rises unwrapped. A sub-check whose
// outcome only decides (not, if, oneOf after its first match) runs in
// boolean mode, where errors carry no text.
#include "common/jsonschema/detail/validator.hpp"

#include "common/core/error.hpp"
#include "common/jsonschema/detail/text.hpp"

#include <algorithm>
#include <functional>
#include <unordered_map>

namespace airlock::jsonschema::detail {

namespace {

using json = nlohmann::json;

enum class ErrKind : std::uint8_t { plain, group, reference };

struct Err {
    std::string location;
    std::string message;
    std::vector<Err> causes;
    ErrKind kind = ErrKind::plain;
};

using Outcome = std::optional<Err>; // nullopt: valid

// The dynamic scope: the chain of schemas applied to reach this one.
struct Scope {
    const Node* schema;
    const char* ref_keyword; // "$ref" etc. when this step followed a reference
    int value_id;            // same id: the same instance value
    const Scope* parent;
};

// What is still unevaluated, when someone needs to know (sorted).
struct Uneval {
    std::vector<std::string_view> props;
    std::vector<std::size_t> items;

    bool empty() const noexcept { return props.empty() && items.empty(); }
    void erase_prop(std::string_view name) {
        const auto it = std::lower_bound(props.begin(), props.end(), name);
        if (it != props.end() && *it == name) {
            props.erase(it);
        }
    }
    void erase_item(std::size_t index) {
        const auto it = std::lower_bound(items.begin(), items.end(), index);
        if (it != items.end() && *it == index) {
            items.erase(it);
        }
    }
    // Keeps only what `other` left unevaluated too.
    void merge(const Uneval& other) {
        std::vector<std::string_view> p;
        std::set_intersection(props.begin(), props.end(), other.props.begin(), other.props.end(),
                              std::back_inserter(p));
        props = std::move(p);
        std::vector<std::size_t> i;
        std::set_intersection(items.begin(), items.end(), other.items.begin(), other.items.end(),
                              std::back_inserter(i));
        items = std::move(i);
    }
};

unsigned type_of(const json& v) {
    switch (v.type()) {
    case json::value_t::null:
        return type_null;
    case json::value_t::boolean:
        return type_boolean;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
        return type_number;
    case json::value_t::string:
        return type_string;
    case json::value_t::array:
        return type_array;
    case json::value_t::object:
        return type_object;
    default:
        return 0;
    }
}

const char* type_name(unsigned bit) {
    switch (bit) {
    case type_null:
        return "null";
    case type_boolean:
        return "boolean";
    case type_number:
        return "number";
    case type_integer:
        return "integer";
    case type_string:
        return "string";
    case type_array:
        return "array";
    case type_object:
        return "object";
    default:
        return "";
    }
}

bool is_integer(const json& v) {
    return v.is_number_integer() || v.is_number_unsigned() ||
           (v.is_number_float() && Decimal::of(v).is_integer());
}

bool equals(const json& a, const json& b) {
    const unsigned ta = type_of(a);
    if (ta != type_of(b)) {
        return false;
    }
    switch (ta) {
    case type_number:
        return compare(Decimal::of(a), Decimal::of(b)) == 0;
    case type_array: {
        if (a.size() != b.size()) {
            return false;
        }
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!equals(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }
    case type_object: {
        if (a.size() != b.size()) {
            return false;
        }
        for (auto it = a.begin(); it != a.end(); ++it) {
            const auto other = b.find(it.key());
            if (other == b.end() || !equals(it.value(), *other)) {
                return false;
            }
        }
        return true;
    }
    default:
        return a == b;
    }
}

// A hash that agrees with equals() (1 and 1.0 hash alike).
std::size_t hash_of(const json& v) {
    std::size_t h = type_of(v);
    auto mix = [&h](std::size_t x) { h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
    switch (type_of(v)) {
    case type_number: {
        const Decimal d = Decimal::of(v);
        mix(std::hash<std::string>{}(d.digits));
        mix(static_cast<std::size_t>(d.exponent) * 2 + (d.negative ? 1 : 0));
        break;
    }
    case type_string:
        mix(std::hash<std::string>{}(v.get_ref<const std::string&>()));
        break;
    case type_boolean:
        mix(v.get<bool>() ? 1 : 0);
        break;
    case type_array:
        for (const auto& item : v) {
            mix(hash_of(item));
        }
        break;
    case type_object:
        for (auto it = v.begin(); it != v.end(); ++it) {
            mix(std::hash<std::string>{}(it.key()));
            mix(hash_of(it.value()));
        }
        break;
    default:
        break;
    }
    return h;
}

// The first pair of equal items, as santhosh finds it: the earliest second
// item, with its earliest twin. {-1, -1} when all differ.
std::pair<long long, long long> duplicates(const json& arr) {
    const std::size_t n = arr.size();
    if (n <= 20) {
        for (std::size_t i = 1; i < n; ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                if (equals(arr[i], arr[j])) {
                    return {static_cast<long long>(j), static_cast<long long>(i)};
                }
            }
        }
        return {-1, -1};
    }
    std::unordered_map<std::size_t, std::vector<std::size_t>> seen;
    for (std::size_t i = 0; i < n; ++i) {
        auto& bucket = seen[hash_of(arr[i])];
        for (const std::size_t j : bucket) {
            if (equals(arr[i], arr[j])) {
                return {static_cast<long long>(j), static_cast<long long>(i)};
            }
        }
        bucket.push_back(i);
    }
    return {-1, -1};
}

std::string int_list(const std::vector<std::size_t>& items) {
    std::string out;
    for (const std::size_t i : items) {
        if (!out.empty()) {
            out += ' ';
        }
        out += std::to_string(i);
    }
    return out;
}

std::string fmt(long long v) {
    return format_int(v);
}

class Validator {
  public:
    explicit Validator(const RegexEngine& engine) : engine_(engine) {}

    // santhosh's Schema.validate: a fresh scope and location.
    Outcome validate_top(const json& v, const Node& schema) {
        std::vector<std::string> saved;
        std::swap(saved, location_);
        const Scope scope{&schema, "", 0, nullptr};
        Uneval uneval = uneval_from(v, schema, false);
        Outcome out = run(v, schema, scope, uneval, false);
        std::swap(saved, location_);
        return out;
    }

  private:
    struct Frame {
        const json& v;
        const Node& s;
        const Scope& scope;
        Uneval& uneval;
        bool bool_mode;
        std::vector<Err> errors;
    };

    Err make_error(const Frame& f, const std::function<std::string()>& message) const {
        Err e;
        if (!f.bool_mode) {
            e.location = pointer(location_);
            e.message = message();
        }
        return e;
    }
    void add_error(Frame& f, const std::function<std::string()>& message) {
        f.errors.push_back(make_error(f, message));
    }
    void add(Frame& f, Outcome outcome) {
        if (outcome) {
            f.errors.push_back(std::move(*outcome));
        }
    }
    void add_with_causes(Frame& f, std::vector<Err> causes,
                         const std::function<std::string()>& message) {
        Err e = make_error(f, message);
        e.causes = std::move(causes);
        f.errors.push_back(std::move(e));
    }

    static Uneval uneval_from(const json& v, const Node& s, bool caller_needs) {
        Uneval u;
        if (v.is_object()) {
            if (!s.all_props_evaluated && (caller_needs || s.unevaluated_properties != nullptr)) {
                for (auto it = v.begin(); it != v.end(); ++it) {
                    u.props.push_back(it.key()); // object keys come sorted
                }
            }
        } else if (v.is_array()) {
            if (!s.all_items_evaluated && (caller_needs || s.unevaluated_items != nullptr) &&
                s.num_items_evaluated < v.size()) {
                for (std::size_t i = s.num_items_evaluated; i < v.size(); ++i) {
                    u.items.push_back(i);
                }
            }
        }
        return u;
    }

    // The keyword path from the top of the scope to `scope`, for cycle errors.
    static std::string keyword_location(const Scope* scope) {
        std::string loc;
        for (; scope->parent != nullptr; scope = scope->parent) {
            if (*scope->ref_keyword != '\0') {
                loc = "/" + escape_token(scope->ref_keyword) + loc;
            } else {
                const std::string& cur = scope->schema->location;
                const std::string& parent = scope->parent->schema->location;
                loc = (cur.size() > parent.size() ? cur.substr(parent.size()) : "") + loc;
            }
        }
        return loc;
    }

    Outcome run(const json& v, const Node& s, const Scope& scope, Uneval& uneval, bool bool_mode) {
        // Go's stacks grow; ours do not. A value (or schema) nested this
        // deep is refused rather than allowed to overflow the stack.
        if (depth_ >= kMaxValidationDepth) {
            throw Error(ErrorCode::spec, "jsonschema: validation nests deeper than " +
                                             std::to_string(kMaxValidationDepth) + " levels");
        }
        ++depth_;
        Outcome out = run_checks(v, s, scope, uneval, bool_mode);
        --depth_;
        return out;
    }

    Outcome run_checks(const json& v, const Node& s, const Scope& scope, Uneval& uneval,
                       bool bool_mode) {
        Frame f{v, s, scope, uneval, bool_mode, {}};
        if (s.boolean) {
            if (*s.boolean) {
                return std::nullopt;
            }
            return make_error(f, [] { return std::string("false schema"); });
        }
        for (const Scope* p = scope.parent; p != nullptr && p->value_id == scope.value_id;
             p = p->parent) {
            if (p->schema == &s) {
                return make_error(f, [&] {
                    return "both " + keyword_location(&scope) + " and " + keyword_location(p) +
                           " resolve to " + go_quote(s.location) + " causing reference cycle";
                });
            }
        }
        const unsigned t = type_of(v);
        if (t == 0) {
            return make_error(f, [] { return std::string("invalid jsonType"); });
        }
        if (s.types != 0) {
            const bool matched = (s.types & t) != 0 || ((s.types & type_integer) != 0 &&
                                                        t == type_number && is_integer(v));
            if (!matched) {
                return make_error(f, [&] {
                    std::string want;
                    for (unsigned bit = type_null; bit <= type_object; bit <<= 1) {
                        if ((s.types & bit) != 0) {
                            want += (want.empty() ? "" : " or ") + std::string(type_name(bit));
                        }
                    }
                    return "got " + std::string(type_name(t)) + ", want " + want;
                });
            }
        }
        if (s.const_value && !equals(v, *s.const_value)) {
            return make_error(f, [&] {
                const json& want = *s.const_value;
                return want.is_array() || want.is_object() ? std::string("'const' failed")
                                                           : "value must be " + display(want);
            });
        }
        if (s.enum_values) {
            bool matched = false;
            if ((s.enum_types & t) != 0) {
                for (const auto& item : *s.enum_values) {
                    if (equals(v, item)) {
                        matched = true;
                        break;
                    }
                }
            }
            if (!matched) {
                return make_error(f, [&] { return enum_message(*s.enum_values); });
            }
        }
        if ((s.format != nullptr || s.format_regex) && v.is_string()) {
            const auto& str = v.get_ref<const std::string&>();
            std::optional<std::string> why;
            if (s.format_regex) {
                try {
                    engine_.compile(str);
                } catch (const Error& e) {
                    why = e.what();
                }
            } else {
                why = s.format(str);
            }
            if (why) {
                return make_error(
                    f, [&] { return display(v) + " is not valid " + s.format_name + ": " + *why; });
            }
        }
        if (s.ref != nullptr) {
            Outcome r = validate_ref(f, *s.ref, "$ref");
            if (s.draft < 2019) {
                return r;
            }
            add(f, std::move(r));
        }
        switch (t) {
        case type_object:
            validate_object(f);
            break;
        case type_array:
            validate_array(f);
            break;
        case type_string:
            validate_string(f);
            break;
        case type_number:
            validate_number(f);
            break;
        default:
            break;
        }
        if (f.errors.empty() || !f.bool_mode) {
            if (s.draft >= 2019) {
                validate_dynamic_refs(f);
            }
            validate_applicators(f);
            if (s.draft >= 2019) {
                validate_unevaluated(f);
            }
        }
        if (f.errors.empty()) {
            return std::nullopt;
        }
        if (f.errors.size() == 1) {
            return std::move(f.errors.front());
        }
        Err group = make_error(f, [] { return std::string("validation failed"); });
        group.kind = ErrKind::group;
        group.causes = std::move(f.errors);
        return group;
    }

    static std::string enum_message(const std::vector<json>& want) {
        for (const auto& item : want) {
            if (item.is_array() || item.is_object()) {
                return "'enum' failed";
            }
        }
        if (want.size() == 1) {
            return "value must be " + display(want.front());
        }
        std::string out = "value must be one of ";
        for (std::size_t i = 0; i < want.size(); ++i) {
            out += (i == 0 ? "" : ", ") + display(want[i]);
        }
        return out;
    }

    // Applies `schema` to the same value (allOf, $ref, ...).
    Outcome validate_self(Frame& f, const Node& schema, const char* ref_keyword, bool bool_result) {
        const Scope child{&schema, ref_keyword, f.scope.value_id, &f.scope};
        Uneval sub = uneval_from(f.v, schema, !f.uneval.empty());
        Outcome out = run(f.v, schema, child, sub, f.bool_mode || bool_result);
        if (!out) {
            f.uneval.merge(sub);
        }
        return out;
    }

    // Applies `schema` to a member or item, named `token` in locations.
    Outcome validate_value(Frame& f, const Node& schema, const json& value, std::string token) {
        location_.push_back(std::move(token));
        const Scope child{&schema, "", f.scope.value_id + 1, &f.scope};
        Uneval sub = uneval_from(value, schema, false);
        Outcome out = run(value, schema, child, sub, f.bool_mode);
        location_.pop_back();
        return out;
    }

    Outcome validate_ref(Frame& f, const Node& target, const char* keyword) {
        Outcome out = validate_self(f, target, keyword, false);
        if (!out) {
            return std::nullopt;
        }
        Err ref = make_error(f, [] { return std::string("validation failed"); });
        ref.kind = ErrKind::reference;
        if (out->kind == ErrKind::group) {
            ref.causes = std::move(out->causes);
        } else {
            ref.causes.push_back(std::move(*out));
        }
        return ref;
    }

    void validate_dynamic_refs(Frame& f) {
        if (const Node* target = f.s.recursive_ref) {
            if (target->recursive_anchor) {
                for (const Scope* p = &f.scope; p != nullptr; p = p->parent) {
                    if (p->schema->resource != nullptr && p->schema->resource->recursive_anchor) {
                        target = p->schema;
                    }
                }
            }
            add(f, validate_ref(f, *target, "$recursiveRef"));
        }
        if (const Node* target = f.s.dynamic_ref) {
            const std::string& anchor = f.s.dynamic_ref_anchor;
            if (!anchor.empty() && target->dynamic_anchor == anchor) {
                for (const Scope* p = &f.scope; p != nullptr; p = p->parent) {
                    const Node* res = p->schema->resource;
                    if (res == nullptr) {
                        continue;
                    }
                    if (const auto it = res->dynamic_anchors.find(anchor);
                        it != res->dynamic_anchors.end()) {
                        target = it->second;
                    }
                }
            }
            add(f, validate_ref(f, *target, "$dynamicRef"));
        }
    }

    std::vector<std::string> missing(const Frame& f, const std::vector<std::string>& names) const {
        std::vector<std::string> out;
        for (const auto& name : names) {
            if (!f.v.contains(name)) {
                out.push_back(name);
                if (f.bool_mode) {
                    break;
                }
            }
        }
        return out;
    }

    void validate_object(Frame& f) {
        const Node& s = f.s;
        const json& obj = f.v;
        const auto size = static_cast<long long>(obj.size());
        if (s.min_properties && size < *s.min_properties) {
            add_error(f, [&] {
                return "minProperties: got " + fmt(size) + ", want " + fmt(*s.min_properties);
            });
        }
        if (s.max_properties && size > *s.max_properties) {
            add_error(f, [&] {
                return "maxProperties: got " + fmt(size) + ", want " + fmt(*s.max_properties);
            });
        }
        if (!s.required.empty()) {
            const auto absent = missing(f, s.required);
            if (!absent.empty()) {
                add_error(f, [&] {
                    return absent.size() == 1 ? "missing property " + quote(absent.front())
                                              : "missing properties " + join_quoted(absent);
                });
            }
        }
        if (f.bool_mode && !f.errors.empty()) {
            return;
        }
        for (const auto& dep : s.dependencies) {
            if (!obj.contains(dep.property)) {
                continue;
            }
            if (dep.schema != nullptr) {
                add(f, validate_self(f, *dep.schema, "", false));
            } else if (const auto absent = missing(f, dep.required); !absent.empty()) {
                add_error(f, [&] {
                    return "properties " + join_quoted(absent) + " required, if " +
                           quote(dep.property) + " exists";
                });
            }
        }
        std::vector<std::string> additional;
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            if (f.bool_mode && !f.errors.empty()) {
                return;
            }
            const std::string& name = it.key();
            bool evaluated = false;
            if (const auto p = s.properties.find(name); p != s.properties.end()) {
                evaluated = true;
                add(f, validate_value(f, *p->second, it.value(), name));
            }
            for (const auto& pp : s.pattern_properties) {
                if (pp.regex->search(name)) {
                    evaluated = true;
                    add(f, validate_value(f, *pp.schema, it.value(), name));
                }
            }
            if (!evaluated && s.additional_properties.kind != Additional::Kind::none) {
                evaluated = true;
                if (s.additional_properties.kind == Additional::Kind::boolean) {
                    if (!s.additional_properties.allowed) {
                        additional.push_back(name);
                    }
                } else {
                    add(f, validate_value(f, *s.additional_properties.schema, it.value(), name));
                }
            }
            if (evaluated) {
                f.uneval.erase_prop(name);
            }
        }
        if (!additional.empty()) {
            add_error(f, [&] {
                return "additional properties " + join_quoted(additional) + " not allowed";
            });
        }
        if (s.draft == 4) {
            return;
        }
        if (s.property_names != nullptr) {
            // santhosh validates each name on its own, from a fresh start:
            // the failure and its causes are reported at ''.
            for (auto it = obj.begin(); it != obj.end(); ++it) {
                Outcome out = validate_top(json(it.key()), *s.property_names);
                if (!out) {
                    continue;
                }
                Err e;
                e.message = "invalid propertyName " + quote(it.key());
                if (out->kind == ErrKind::group) {
                    e.causes = std::move(out->causes);
                } else {
                    e.causes.push_back(std::move(*out));
                }
                f.errors.push_back(std::move(e));
            }
        }
        if (s.draft == 6) {
            return;
        }
        for (const auto& [name, schema] : s.dependent_schemas) {
            if (obj.contains(name)) {
                add(f, validate_self(f, *schema, "", false));
            }
        }
        for (const auto& entry : s.dependent_required) {
            const std::string& name = entry.first; // clang 14 cannot capture a binding
            if (!obj.contains(name)) {
                continue;
            }
            if (const auto absent = missing(f, entry.second); !absent.empty()) {
                add_error(f, [&] {
                    return "properties " + join_quoted(absent) + " required, if " + quote(name) +
                           " exists";
                });
            }
        }
    }

    void validate_array(Frame& f) {
        const Node& s = f.s;
        const json& arr = f.v;
        const std::size_t n = arr.size();
        const auto size = static_cast<long long>(n);
        if (s.min_items && size < *s.min_items) {
            add_error(f,
                      [&] { return "minItems: got " + fmt(size) + ", want " + fmt(*s.min_items); });
        }
        if (s.max_items && size > *s.max_items) {
            add_error(f,
                      [&] { return "maxItems: got " + fmt(size) + ", want " + fmt(*s.max_items); });
        }
        if (s.unique_items && n > 1) {
            const auto pair = duplicates(arr);
            const auto i = pair.first; // clang 14 cannot capture a binding
            const auto j = pair.second;
            if (i >= 0) {
                add_error(f,
                          [&] { return "items at " + fmt(i) + " and " + fmt(j) + " are equal"; });
            }
        }
        // santhosh numbers the items checked after a prefix from the end of
        // the prefix (its slip; Helm prints it).
        if (s.draft < 2020) {
            std::size_t evaluated = 0;
            if (s.items != nullptr) {
                for (std::size_t i = 0; i < n; ++i) {
                    add(f, validate_value(f, *s.items, arr[i], std::to_string(i)));
                }
                evaluated = n;
            } else if (s.items_is_list) {
                evaluated = std::min(n, s.items_list.size());
                for (std::size_t i = 0; i < evaluated; ++i) {
                    add(f, validate_value(f, *s.items_list[i], arr[i], std::to_string(i)));
                }
            }
            if (s.additional_items.kind == Additional::Kind::boolean) {
                if (!s.additional_items.allowed && evaluated != n) {
                    add_error(f, [&] {
                        return "last " + fmt(static_cast<long long>(n - evaluated)) +
                               " additionalItem(s) not allowed";
                    });
                }
            } else if (s.additional_items.kind == Additional::Kind::schema) {
                for (std::size_t i = evaluated; i < n; ++i) {
                    add(f, validate_value(f, *s.additional_items.schema, arr[i],
                                          std::to_string(i - evaluated)));
                }
            }
        } else {
            const std::size_t evaluated = std::min(n, s.prefix_items.size());
            for (std::size_t i = 0; i < evaluated; ++i) {
                add(f, validate_value(f, *s.prefix_items[i], arr[i], std::to_string(i)));
            }
            if (s.items2020 != nullptr) {
                for (std::size_t i = evaluated; i < n; ++i) {
                    add(f, validate_value(f, *s.items2020, arr[i], std::to_string(i - evaluated)));
                }
            }
        }
        if (s.contains != nullptr) {
            std::vector<Err> errors;
            std::vector<std::size_t> matched;
            for (std::size_t i = 0; i < n; ++i) {
                Outcome out = validate_value(f, *s.contains, arr[i], std::to_string(i));
                if (out) {
                    errors.push_back(std::move(*out));
                } else {
                    matched.push_back(i);
                    if (s.draft >= 2020) {
                        f.uneval.erase_item(i);
                    }
                }
            }
            const auto count = static_cast<long long>(matched.size());
            if (s.min_contains) {
                if (count < *s.min_contains) {
                    add_with_causes(f, std::move(errors), [&] {
                        std::string m = "min " + fmt(*s.min_contains) +
                                        " items required to match contains schema, but ";
                        return matched.empty()
                                   ? m + "none matched"
                                   : m + "matched " + fmt(count) + " items at " + int_list(matched);
                    });
                }
            } else if (matched.empty()) {
                add_with_causes(f, std::move(errors),
                                [] { return std::string("no items match contains schema"); });
            }
            if (s.max_contains && count > *s.max_contains) {
                add_error(f, [&] {
                    return "max " + fmt(*s.max_contains) +
                           " items required to match contains schema, but matched " + fmt(count) +
                           " items at " + int_list(matched);
                });
            }
        }
    }

    void validate_string(Frame& f) {
        const Node& s = f.s;
        const auto& str = f.v.get_ref<const std::string&>();
        if (s.min_length || s.max_length) {
            const auto length = static_cast<long long>(rune_count(str));
            if (s.min_length && length < *s.min_length) {
                add_error(f, [&] {
                    return "minLength: got " + fmt(length) + ", want " + fmt(*s.min_length);
                });
            }
            if (s.max_length && length > *s.max_length) {
                add_error(f, [&] {
                    return "maxLength: got " + fmt(length) + ", want " + fmt(*s.max_length);
                });
            }
        }
        if (s.pattern && !s.pattern->search(str)) {
            add_error(f, [&] {
                return quote(str) + " does not match pattern " + quote(s.pattern_source);
            });
        }
    }

    void validate_number(Frame& f) {
        const Node& s = f.s;
        const Decimal value = Decimal::of(f.v);
        auto limit = [&](const char* name, const Decimal& want) {
            add_error(f, [&] {
                return std::string(name) + ": got " + format_float(value.to_double()) + ", want " +
                       format_float(want.to_double());
            });
        };
        if (s.minimum && compare(value, *s.minimum) < 0) {
            limit("minimum", *s.minimum);
        }
        if (s.maximum && compare(value, *s.maximum) > 0) {
            limit("maximum", *s.maximum);
        }
        if (s.exclusive_minimum && compare(value, *s.exclusive_minimum) <= 0) {
            limit("exclusiveMinimum", *s.exclusive_minimum);
        }
        if (s.exclusive_maximum && compare(value, *s.exclusive_maximum) >= 0) {
            limit("exclusiveMaximum", *s.exclusive_maximum);
        }
        if (s.multiple_of && !is_multiple_of(value, *s.multiple_of)) {
            limit("multipleOf", *s.multiple_of);
        }
    }

    void validate_applicators(Frame& f) {
        const Node& s = f.s;
        if (s.not_ != nullptr && !validate_self(f, *s.not_, "", true)) {
            add_error(f, [] { return std::string("'not' failed"); });
        }
        if (!s.all_of.empty()) {
            std::vector<Err> errors;
            for (const Node* sub : s.all_of) {
                if (Outcome out = validate_self(f, *sub, "", false)) {
                    errors.push_back(std::move(*out));
                    if (f.bool_mode) {
                        break;
                    }
                }
            }
            if (!errors.empty()) {
                add_with_causes(f, std::move(errors), [] { return std::string("'allOf' failed"); });
            }
        }
        if (!s.any_of.empty()) {
            bool matched = false;
            std::vector<Err> errors;
            for (const Node* sub : s.any_of) {
                if (Outcome out = validate_self(f, *sub, "", false)) {
                    errors.push_back(std::move(*out));
                } else {
                    matched = true;
                    if (f.uneval.empty()) {
                        break; // annotations are wanted only for unevaluated*
                    }
                }
            }
            if (!matched) {
                add_with_causes(f, std::move(errors), [] { return std::string("'anyOf' failed"); });
            }
        }
        if (!s.one_of.empty()) {
            long long first = -1;
            std::vector<Err> errors;
            for (std::size_t i = 0; i < s.one_of.size(); ++i) {
                Outcome out = validate_self(f, *s.one_of[i], "", first != -1);
                if (out) {
                    if (first == -1) {
                        errors.push_back(std::move(*out));
                    }
                } else if (first == -1) {
                    first = static_cast<long long>(i);
                } else {
                    const auto second = static_cast<long long>(i);
                    add_error(f, [&] {
                        return "'oneOf' failed, subschemas " + fmt(first) + ", " + fmt(second) +
                               " matched";
                    });
                    break;
                }
            }
            if (first == -1) {
                add_with_causes(f, std::move(errors),
                                [] { return std::string("'oneOf' failed, none matched"); });
            }
        }
        if (s.if_ != nullptr) {
            if (!validate_self(f, *s.if_, "", true)) {
                if (s.then_ != nullptr) {
                    add(f, validate_self(f, *s.then_, "", false));
                }
            } else if (s.else_ != nullptr) {
                add(f, validate_self(f, *s.else_, "", false));
            }
        }
    }

    void validate_unevaluated(Frame& f) {
        const Node& s = f.s;
        if (f.v.is_object() && s.unevaluated_properties != nullptr) {
            const std::vector<std::string_view> names = std::move(f.uneval.props);
            f.uneval.props.clear();
            for (const auto name : names) {
                const auto it = f.v.find(std::string(name));
                if (it != f.v.end()) {
                    add(f, validate_value(f, *s.unevaluated_properties, *it, std::string(name)));
                }
            }
        }
        if (f.v.is_array() && s.unevaluated_items != nullptr) {
            const std::vector<std::size_t> items = std::move(f.uneval.items);
            f.uneval.items.clear();
            for (const std::size_t i : items) {
                add(f, validate_value(f, *s.unevaluated_items, f.v[i], std::to_string(i)));
            }
        }
    }

    const RegexEngine& engine_;
    std::vector<std::string> location_;
    int depth_ = 0;
};

ValidationError to_public(Err&& e) {
    ValidationError out;
    out.instance_location = std::move(e.location);
    out.message = std::move(e.message);
    out.group = e.kind != ErrKind::plain;
    out.hidden = e.kind == ErrKind::reference && e.causes.size() == 1;
    out.causes.reserve(e.causes.size());
    for (auto& cause : e.causes) {
        out.causes.push_back(to_public(std::move(cause)));
    }
    return out;
}

} // namespace

std::vector<ValidationError> validate_instance(const Node& root, const nlohmann::json& instance,
                                               const RegexEngine& regex_engine) {
    Validator validator(regex_engine);
    Outcome out = validator.validate_top(instance, root);
    std::vector<ValidationError> errors;
    if (!out) {
        return errors;
    }
    if (out->kind == ErrKind::group) {
        for (auto& cause : out->causes) {
            errors.push_back(to_public(std::move(cause)));
        }
    } else {
        errors.push_back(to_public(std::move(*out)));
    }
    return errors;
}

} // namespace airlock::jsonschema::detail
