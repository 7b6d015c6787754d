#include "builder/sprig/detail/text_support.hpp"
#include "builder/sprig/sprig.hpp"
#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"

namespace airlock::sprig {

void register_text_functions(gotemplate::FunctionTable& table) {
    text::register_string_functions(table);
    text::register_word_functions(table);
    text::register_case_functions(table);
    text::register_conversion_functions(table);
    text::register_encoding_functions(table);
    text::register_regex_functions(table);
    text::register_path_functions(table);
    text::register_url_functions(table);
    text::register_type_functions(table);
    text::register_flow_functions(table);
    text::register_semver_functions(table);
}

namespace text {

gotemplate::Signature signature(std::initializer_list<gotemplate::Type> params,
                                gotemplate::Type result, bool variadic) {
    gotemplate::Signature s;
    s.params = params;
    s.result = result;
    s.variadic = variadic;
    return s;
}

std::string strval(const gotemplate::Value& v) {
    switch (v.kind()) {
    case gotemplate::Kind::string:
    case gotemplate::Kind::bytes:
        return v.as_string();
    case gotemplate::Kind::object:
        return v.as_object().format();
    default:
        return gotemplate::sprint_value(v);
    }
}

gotemplate::Value string_list(std::vector<std::string> items) {
    gotemplate::List list;
    list.reserve(items.size());
    for (auto& s : items) {
        list.push_back(gotemplate::Value::string(std::move(s)));
    }
    return gotemplate::Value::list(std::move(list), gotemplate::ListType::string);
}

std::vector<std::string> strslice(const gotemplate::Value& v) {
    std::vector<std::string> out;
    if (v.kind() == gotemplate::Kind::list) {
        for (const auto& item : v.as_list()) {
            if (!item.is_nil()) {
                out.push_back(strval(item));
            }
        }
        return out;
    }
    if (v.is_nil()) {
        return out;
    }
    if (v.kind() == gotemplate::Kind::bytes) {
        // A []byte is a slice of uint8 numbers to reflect.
        for (unsigned char c : v.as_string()) {
            out.push_back(std::to_string(c));
        }
        return out;
    }
    out.push_back(strval(v));
    return out;
}

void runtime_panic(const std::string& message) {
    fail(ErrorCode::spec, "runtime error: " + message);
}

} // namespace text

} // namespace airlock::sprig
