#include "common/gotemplate/function.hpp"

namespace airlock::gotemplate {

std::string_view go_type_name(Type t) {
    switch (t) {
    case Type::any:
        return "interface {}";
    case Type::string:
        return "string";
    case Type::int_:
        return "int";
    case Type::int64:
        return "int64";
    case Type::float64:
        return "float64";
    case Type::boolean:
        return "bool";
    case Type::map:
        return "map[string]interface {}";
    case Type::list:
        return "[]interface {}";
    case Type::strings:
        return "[]string";
    case Type::bytes:
        return "[]uint8";
    }
    return "interface {}";
}

void FunctionTable::add(std::string name, Signature signature, Callable call) {
    functions_.insert_or_assign(std::move(name), Function{std::move(signature), std::move(call)});
}

const Function* FunctionTable::find(std::string_view name) const {
    auto it = functions_.find(name);
    return it == functions_.end() ? nullptr : &it->second;
}

void FunctionTable::remove(std::string_view name) {
    if (auto it = functions_.find(name); it != functions_.end()) {
        functions_.erase(it);
    }
}

} // namespace airlock::gotemplate
