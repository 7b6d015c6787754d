#pragma once
// Calls sprig's data functions the way the executor does: arguments already
// of the parameter kinds, errors as airlock::Error.
#include "builder/sprig/sprig.hpp"
#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"

#include "tests/unit/support/call_context_stub.hpp"
#include <initializer_list>
#include <stdexcept>

#include <string>
#include <vector>

namespace airlock::sprig_data_test {

using gotemplate::Value;

using CountingContext = test::StubCallContext;

class DataFunctions {
  public:
    DataFunctions() { sprig::register_data_functions(table_); }

    const gotemplate::Function& function(const std::string& name) const {
        const gotemplate::Function* f = table_.find(name);
        if (f == nullptr) {
            throw std::logic_error("no function " + name);
        }
        return *f;
    }

    Value call(const std::string& name, std::vector<Value> args = {}) {
        return function(name).call(context_, args);
    }

    // %v of the result, as {{ f args }} prints it.
    std::string print(const std::string& name, std::vector<Value> args = {}) {
        return gotemplate::sprint_value(call(name, std::move(args)));
    }

    // The error message, or "" when the call succeeds.
    std::string error(const std::string& name, std::vector<Value> args = {}) {
        try {
            call(name, std::move(args));
        } catch (const Error& e) {
            return e.what();
        }
        return "";
    }

    CountingContext& context() { return context_; }

  private:
    gotemplate::FunctionTable table_;
    CountingContext context_;
};

inline Value s(std::string text) {
    return Value::string(std::move(text));
}
inline Value i(std::int64_t n) {
    return Value::integer(n);
}
inline Value i64(std::int64_t n) {
    return Value::int64(n);
}
inline Value f(double x) {
    return Value::floating(x);
}
inline Value b(bool v) {
    return Value::boolean(v);
}
inline Value nil() {
    return Value::nil();
}
inline Value list(std::vector<Value> items) {
    return Value::list(std::move(items));
}
inline Value strings(std::initializer_list<const char*> items) {
    gotemplate::List out;
    for (const char* item : items) {
        out.push_back(Value::string(item));
    }
    return Value::list(std::move(out), gotemplate::ListType::string);
}
inline Value dict(std::initializer_list<std::pair<const char*, Value>> entries) {
    gotemplate::Map out;
    for (const auto& [key, value] : entries) {
        out.insert_or_assign(key, value);
    }
    return Value::map(std::move(out));
}

} // namespace airlock::sprig_data_test
