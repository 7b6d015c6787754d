// sprig's dict functions on map[string]interface{}. Maps are shared, as Go
// maps are: set, unset and merge change their first argument and return it.
// Go iterates maps in random order; ours are sorted, so keys and values come
// out sorted (Go's order cannot be matched, and charts sort them anyway).
#include "builder/sprig/detail/data_functions.hpp"
#include "builder/sprig/detail/data_support.hpp"

#include "common/gotemplate/format.hpp"

namespace airlock::sprig::data_detail {

namespace {
namespace dicts {

using gotemplate::CallContext;
using gotemplate::ListType;
using gotemplate::Map;
using gotemplate::Signature;
using gotemplate::Type;

// A nil map reads as empty; writing to it is Go's panic.
const Map& read_map(const Value& v) {
    static const Map empty;
    return v.kind() == Kind::map ? v.as_map() : empty;
}

// sprig's strval, as dict uses it for keys: strings and []byte as they are,
// everything else as fmt's %v (Stringers and errors included).
std::string key_string(const Value& v) {
    if (v.kind() == Kind::string || v.kind() == Kind::bytes) {
        return v.as_string();
    }
    return gotemplate::sprint_value(v);
}

Value dict(CallContext&, std::vector<Value>& args) {
    Map out;
    for (std::size_t i = 0; i < args.size(); i += 2) {
        std::string key = key_string(args[i]);
        out.insert_or_assign(std::move(key), i + 1 < args.size() ? args[i + 1] : Value::string(""));
    }
    return Value::map(std::move(out));
}

Value get(CallContext&, std::vector<Value>& args) {
    const Map& map = read_map(args[0]);
    const auto it = map.find(args[1].as_string());
    return it == map.end() ? Value::string("") : it->second;
}

Value set(CallContext&, std::vector<Value>& args) {
    if (args[0].kind() != Kind::map) {
        go_error("assignment to entry in nil map");
    }
    args[0].as_map().insert_or_assign(args[1].as_string(), args[2]);
    return args[0];
}

// Deleting from a nil map is allowed in Go; the nil map comes back, which
// prints as "map[]" (we return an empty map).
Value unset(CallContext&, std::vector<Value>& args) {
    if (args[0].kind() != Kind::map) {
        return Value::map(Map{});
    }
    Map& map = args[0].as_map();
    if (const auto it = map.find(args[1].as_string()); it != map.end()) {
        map.erase(it);
    }
    return args[0];
}

Value has_key(CallContext&, std::vector<Value>& args) {
    return Value::boolean(read_map(args[0]).contains(args[1].as_string()));
}

Value pluck(CallContext&, std::vector<Value>& args) {
    const std::string& key = args[0].as_string();
    List out;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const Map& map = read_map(args[i]);
        if (const auto it = map.find(key); it != map.end()) {
            out.push_back(it->second);
        }
    }
    return Value::list(std::move(out));
}

Value keys(CallContext&, std::vector<Value>& args) {
    List out;
    for (const Value& arg : args) {
        for (const auto& [key, value] : read_map(arg)) {
            out.push_back(Value::string(key));
        }
    }
    return Value::list(std::move(out), ListType::string);
}

Value pick(CallContext&, std::vector<Value>& args) {
    const Map& map = read_map(args[0]);
    Map out;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& key = args[i].as_string();
        if (const auto it = map.find(key); it != map.end()) {
            out.insert_or_assign(key, it->second);
        }
    }
    return Value::map(std::move(out));
}

Value omit(CallContext&, std::vector<Value>& args) {
    Map out = read_map(args[0]);
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (const auto it = out.find(args[i].as_string()); it != out.end()) {
            out.erase(it);
        }
    }
    return Value::map(std::move(out));
}

Value values(CallContext&, std::vector<Value>& args) {
    List out;
    for (const auto& [key, value] : read_map(args[0])) {
        out.push_back(value);
    }
    return Value::list(std::move(out));
}

// copystructure panics inside reflect on a nil interface; sprig's deepCopy
// and mustDeepCopy both end in that panic.
Value deep_copy_function(CallContext&, std::vector<Value>& args) {
    if (args[0].is_nil()) {
        go_error("reflect: call of reflect.Value.Type on zero Value");
    }
    return gotemplate::deep_copy(args[0]);
}

// dig walks maps of maps with string keys, and panics (as Go's type
// assertions do) where a key is no string or a step is no map.
Value dig(CallContext&, std::vector<Value>& args) {
    if (args.size() < 3) {
        go_error("dig needs at least three arguments");
    }
    auto assertion = [](const Value& v, const char* wanted) {
        go_error(std::string("interface conversion: interface {} is ") +
                 (v.is_nil() ? std::string("nil") : v.type_name()) + ", not " + wanted);
    };
    const Value& last = args.back();
    if (last.kind() != Kind::map) {
        assertion(last, "map[string]interface {}");
    }
    const Value& fallback = args[args.size() - 2];
    const std::size_t key_count = args.size() - 2;
    for (std::size_t i = 0; i < key_count; ++i) {
        if (args[i].kind() != Kind::string) {
            assertion(args[i], "string");
        }
    }
    const Map* map = &last.as_map();
    for (std::size_t i = 0; i < key_count; ++i) {
        const auto it = map->find(args[i].as_string());
        if (it == map->end()) {
            return fallback;
        }
        if (i + 1 == key_count) {
            return it->second;
        }
        if (it->second.kind() != Kind::map) {
            assertion(it->second, "map[string]interface {}");
        }
        map = &it->second.as_map();
    }
    return fallback;
}

} // namespace dicts
} // namespace

void register_dict_functions(gotemplate::FunctionTable& table) {
    using namespace dicts;
    table.add("dict", Signature{{Type::any}, true, Type::map}, dict);
    table.add("get", Signature{{Type::map, Type::string}, false, Type::any}, get);
    table.add("set", Signature{{Type::map, Type::string, Type::any}, false, Type::map}, set);
    table.add("unset", Signature{{Type::map, Type::string}, false, Type::map}, unset);
    table.add("hasKey", Signature{{Type::map, Type::string}, false, Type::boolean}, has_key);
    table.add("pluck", Signature{{Type::string, Type::map}, true, Type::list}, pluck);
    table.add("keys", Signature{{Type::map}, true, Type::strings}, keys);
    table.add("pick", Signature{{Type::map, Type::string}, true, Type::map}, pick);
    table.add("omit", Signature{{Type::map, Type::string}, true, Type::map}, omit);
    table.add("values", Signature{{Type::map}, false, Type::list}, values);
    table.add("deepCopy", Signature{{Type::any}, false, Type::any}, deep_copy_function);
    table.add("mustDeepCopy", Signature{{Type::any}, false, Type::any}, deep_copy_function);
    table.add("dig", Signature{{Type::any}, true, Type::any}, dig);
    register_merge_functions(table);
}

} // namespace airlock::sprig::data_detail
