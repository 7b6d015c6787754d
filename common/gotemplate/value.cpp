#include "common/gotemplate/value.hpp"

#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"
#include "common/gotemplate/function.hpp"

namespace airlock::gotemplate {

namespace {

[[noreturn]] void wrong_kind(const Value& v, std::string_view wanted) {
    fail(ErrorCode::internal,
         "template value of type " + v.type_name() + " used as " + std::string(wanted));
}

const std::shared_ptr<const List>& empty_list() {
    static const auto empty = std::make_shared<const List>();
    return empty;
}

} // namespace

Value Value::boxed_nil() {
    Value v;
    v.boxed_ = true;
    return v;
}

Value Value::boolean(bool b) {
    Value v;
    v.kind_ = Kind::boolean;
    v.payload_ = b;
    return v;
}

Value Value::integer(std::int64_t i, IntType type) {
    Value v;
    v.kind_ = Kind::integer;
    v.subtype_ = static_cast<std::uint8_t>(type);
    v.payload_ = i;
    return v;
}

Value Value::floating(double f) {
    Value v;
    v.kind_ = Kind::floating;
    v.payload_ = f;
    return v;
}

Value Value::string(std::string s) {
    Value v;
    v.kind_ = Kind::string;
    v.payload_ = std::move(s);
    return v;
}

Value Value::bytes(std::string data) {
    Value v;
    v.kind_ = Kind::bytes;
    v.payload_ = std::move(data);
    return v;
}

Value Value::list(List items, ListType type) {
    return list(std::make_shared<const List>(std::move(items)), type);
}

Value Value::list(std::shared_ptr<const List> items, ListType type) {
    Value v;
    v.kind_ = Kind::list;
    v.subtype_ = static_cast<std::uint8_t>(type);
    v.payload_ = items ? std::move(items) : empty_list();
    return v;
}

// Frees a tree of collections from the top with an explicit work list: each
// nested collection is referenced from the list before its parent goes, so
// freeing the parent only drops counts, and the nested one is freed here in
// turn. The stack stays two frames deep whatever the nesting.
// The collections among the elements of `v`'s list or map, when `v` holds
// the last reference to it (and so freeing it would free them too).
void Value::take_nested(const Value& v, std::vector<Value>& pending) {
    auto nested = [&pending](const Value& item) {
        const auto* list = std::get_if<std::shared_ptr<const List>>(&item.payload_);
        const auto* map = std::get_if<std::shared_ptr<Map>>(&item.payload_);
        if ((list != nullptr && *list != nullptr) || (map != nullptr && *map != nullptr)) {
            pending.push_back(item);
        }
    };
    if (const auto* list = std::get_if<std::shared_ptr<const List>>(&v.payload_);
        list != nullptr && *list != nullptr && list->use_count() == 1) {
        for (const Value& item : **list) {
            nested(item);
        }
    } else if (const auto* map = std::get_if<std::shared_ptr<Map>>(&v.payload_);
               map != nullptr && *map != nullptr && map->use_count() == 1) {
        for (const auto& entry : **map) {
            nested(entry.second);
        }
    }
}

void Value::release_collection() noexcept {
    std::vector<Value> pending;
    take_nested(*this, pending);
    if (pending.empty()) {
        return;
    }
    payload_ = std::monostate{};
    while (!pending.empty()) {
        Value v = std::move(pending.back());
        pending.pop_back();
        take_nested(v, pending);
        v.payload_ = std::monostate{};
    }
}

Value Value::nil_list(ListType type) {
    Value v = list(nullptr, type);
    v.nil_slice_ = true;
    return v;
}

Value Value::map(std::shared_ptr<Map> entries) {
    Value v;
    v.kind_ = Kind::map;
    v.payload_ = entries ? std::move(entries) : std::make_shared<Map>();
    return v;
}

Value Value::map(Map entries) {
    return map(std::make_shared<Map>(std::move(entries)));
}

Value Value::object(std::shared_ptr<const Object> object) {
    if (!object) {
        return {};
    }
    Value v;
    v.kind_ = Kind::object;
    v.payload_ = std::move(object);
    return v;
}

Value Value::with_type(const NamedType* type) const {
    Value v = *this;
    v.named_ = type;
    return v;
}

Value Value::as_boxed() const {
    Value v = *this;
    v.boxed_ = true;
    return v;
}

Value Value::unboxed() const {
    Value v = *this;
    v.boxed_ = false;
    return v;
}

bool Value::as_bool() const {
    if (kind_ != Kind::boolean) {
        wrong_kind(*this, "bool");
    }
    return std::get<bool>(payload_);
}

std::int64_t Value::as_int() const {
    if (kind_ != Kind::integer) {
        wrong_kind(*this, "integer");
    }
    return std::get<std::int64_t>(payload_);
}

IntType Value::int_type() const {
    if (kind_ != Kind::integer) {
        wrong_kind(*this, "integer");
    }
    return static_cast<IntType>(subtype_);
}

double Value::as_float() const {
    if (kind_ != Kind::floating) {
        wrong_kind(*this, "float64");
    }
    return std::get<double>(payload_);
}

const std::string& Value::as_string() const {
    if (kind_ != Kind::string && kind_ != Kind::bytes) {
        wrong_kind(*this, "string");
    }
    return std::get<std::string>(payload_);
}

const List& Value::as_list() const {
    return *list_ptr();
}

ListType Value::list_type() const {
    if (kind_ != Kind::list) {
        wrong_kind(*this, "list");
    }
    return static_cast<ListType>(subtype_);
}

const std::shared_ptr<const List>& Value::list_ptr() const {
    if (kind_ != Kind::list) {
        wrong_kind(*this, "list");
    }
    return std::get<std::shared_ptr<const List>>(payload_);
}

Map& Value::as_map() const {
    return *map_ptr();
}

const std::shared_ptr<Map>& Value::map_ptr() const {
    if (kind_ != Kind::map) {
        wrong_kind(*this, "map");
    }
    return std::get<std::shared_ptr<Map>>(payload_);
}

const Object& Value::as_object() const {
    return *object_ptr();
}

const std::shared_ptr<const Object>& Value::object_ptr() const {
    if (kind_ != Kind::object) {
        wrong_kind(*this, "object");
    }
    return std::get<std::shared_ptr<const Object>>(payload_);
}

bool Value::truthy() const {
    switch (kind_) {
    case Kind::nil:
        return false;
    case Kind::boolean:
        return as_bool();
    case Kind::integer:
        return as_int() != 0;
    case Kind::floating:
        return as_float() != 0;
    case Kind::string:
    case Kind::bytes:
        return !as_string().empty();
    case Kind::list:
        return !as_list().empty();
    case Kind::map:
        return !as_map().empty();
    case Kind::object:
        return true;
    }
    return false;
}

std::string Value::type_name() const {
    if (named_ != nullptr) {
        return named_->name();
    }
    switch (kind_) {
    case Kind::nil:
        return "<nil>";
    case Kind::boolean:
        return "bool";
    case Kind::integer:
        switch (int_type()) {
        case IntType::int_:
            return "int";
        case IntType::int64:
            return "int64";
        case IntType::uint8:
            return "uint8";
        }
        break;
    case Kind::floating:
        return "float64";
    case Kind::string:
        return "string";
    case Kind::bytes:
        return "[]uint8";
    case Kind::list:
        switch (list_type()) {
        case ListType::any:
            return "[]interface {}";
        case ListType::string:
            return "[]string";
        case ListType::int_:
            return "[]int";
        }
        break;
    case Kind::map:
        return "map[string]interface {}";
    case Kind::object:
        return as_object().type_name();
    }
    return "<nil>";
}

std::string Value::kind_name() const {
    switch (kind_) {
    case Kind::nil:
        return "invalid";
    case Kind::boolean:
        return "bool";
    case Kind::integer:
        return type_name();
    case Kind::floating:
        return "float64";
    case Kind::string:
        return "string";
    case Kind::bytes:
    case Kind::list:
        return "slice";
    case Kind::map:
        return "map";
    case Kind::object:
        return as_object().kind_name();
    }
    return "invalid";
}

namespace {

// text/template's basicKind classes.
enum class Basic { invalid, boolean, integer, unsigned_, floating, string, other };

Basic basic_of(const Value& v) {
    switch (v.kind()) {
    case Kind::boolean:
        return Basic::boolean;
    case Kind::integer:
        return v.int_type() == IntType::uint8 ? Basic::unsigned_ : Basic::integer;
    case Kind::floating:
        return Basic::floating;
    case Kind::string:
        return Basic::string;
    case Kind::nil:
        return Basic::invalid;
    default:
        return Basic::other;
    }
}

} // namespace

std::optional<bool> go_equal(const Value& a, const Value& b, std::string* why) {
    const Basic ka = basic_of(a);
    const Basic kb = basic_of(b);
    auto refuse = [&](const std::string& reason) -> std::optional<bool> {
        if (why != nullptr) {
            *why = reason;
        }
        return std::nullopt;
    };
    // A nil equals only another nil; comparing it with anything else is no error.
    if (ka == Basic::invalid || kb == Basic::invalid) {
        return ka == kb;
    }
    if (ka == Basic::other && kb == Basic::other) {
        // Go compares pointers and structs with ==; maps and slices not at all.
        if (a.kind() == Kind::object && b.kind() == Kind::object) {
            return a.object_ptr() == b.object_ptr();
        }
        const Value& bad = a.kind() == Kind::object ? b : a;
        const std::vector<Value> shown{bad};
        return refuse("non-comparable type " + go_sprintf("%s", shown) + ": " + bad.type_name());
    }
    if (ka != kb) {
        // Go lets int and uint mix; every other mix is an error.
        if ((ka == Basic::integer && kb == Basic::unsigned_) ||
            (ka == Basic::unsigned_ && kb == Basic::integer)) {
            return a.as_int() == b.as_int();
        }
        return refuse("incompatible types for comparison: " + a.type_name() + " and " +
                      b.type_name());
    }
    switch (ka) {
    case Basic::boolean:
        return a.as_bool() == b.as_bool();
    case Basic::integer:
    case Basic::unsigned_:
        return a.as_int() == b.as_int();
    case Basic::floating:
        return a.as_float() == b.as_float();
    case Basic::string:
        return a.as_string() == b.as_string();
    default:
        return false;
    }
}

bool deep_equal(const Value& a, const Value& b) {
    if (a.kind() != b.kind()) {
        return false;
    }
    switch (a.kind()) {
    case Kind::nil:
        return true;
    case Kind::boolean:
        return a.as_bool() == b.as_bool();
    case Kind::integer:
        return a.int_type() == b.int_type() && a.as_int() == b.as_int();
    case Kind::floating:
        return a.as_float() == b.as_float();
    case Kind::string:
    case Kind::bytes:
        return a.as_string() == b.as_string();
    case Kind::list: {
        if (a.list_type() != b.list_type()) {
            return false;
        }
        const List& la = a.as_list();
        const List& lb = b.as_list();
        if (la.size() != lb.size()) {
            return false;
        }
        for (std::size_t i = 0; i < la.size(); ++i) {
            if (!deep_equal(la[i], lb[i])) {
                return false;
            }
        }
        return true;
    }
    case Kind::map: {
        const Map& ma = a.as_map();
        const Map& mb = b.as_map();
        if (ma.size() != mb.size()) {
            return false;
        }
        for (auto ia = ma.begin(), ib = mb.begin(); ia != ma.end(); ++ia, ++ib) {
            if (ia->first != ib->first || !deep_equal(ia->second, ib->second)) {
                return false;
            }
        }
        return true;
    }
    case Kind::object:
        return a.object_ptr() == b.object_ptr();
    }
    return false;
}

Value deep_copy(const Value& v) {
    switch (v.kind()) {
    case Kind::list: {
        List out;
        out.reserve(v.as_list().size());
        for (const Value& item : v.as_list()) {
            out.push_back(deep_copy(item));
        }
        Value copy = Value::list(std::move(out), v.list_type()).with_type(v.named_type());
        return v.boxed() ? copy.as_boxed() : copy;
    }
    case Kind::map: {
        Map out;
        for (const auto& [key, item] : v.as_map()) {
            out.emplace(key, deep_copy(item));
        }
        Value copy = Value::map(std::move(out)).with_type(v.named_type());
        return v.boxed() ? copy.as_boxed() : copy;
    }
    default:
        return v;
    }
}

} // namespace airlock::gotemplate
