// default, empty, coalesce, all, any, ternary: sprig's notion of an empty
// value (Go's zero value: nil, false, 0, and empty strings, lists and maps;
// a struct never is).
#include "builder/sprig/detail/text_support.hpp"

namespace airlock::sprig::text {

namespace {

using gotemplate::CallContext;
using gotemplate::Kind;
using gotemplate::Type;
using gotemplate::Value;

bool empty(const Value& v) {
    switch (v.kind()) {
    case Kind::nil:
        return true;
    case Kind::boolean:
        return !v.as_bool();
    case Kind::integer:
        return v.as_int() == 0;
    case Kind::floating:
        return v.as_float() == 0;
    case Kind::string:
    case Kind::bytes:
        return v.as_string().empty();
    case Kind::list:
        return v.as_list().empty();
    case Kind::map:
        return v.as_map().empty();
    case Kind::object:
        return false;
    }
    return false;
}

} // namespace

void register_flow_functions(gotemplate::FunctionTable& t) {
    t.add("default", signature({Type::any, Type::any}, Type::any, true),
          [](CallContext&, std::vector<Value>& a) {
              if (a.size() < 2 || empty(a[1])) {
                  return a[0];
              }
              return a[1];
          });
    t.add("empty", signature({Type::any}, Type::boolean),
          [](CallContext&, std::vector<Value>& a) { return Value::boolean(empty(a[0])); });
    t.add("coalesce", signature({Type::any}, Type::any, true),
          [](CallContext&, std::vector<Value>& a) {
              for (const auto& v : a) {
                  if (!empty(v)) {
                      return v;
                  }
              }
              return Value::nil();
          });
    t.add("all", signature({Type::any}, Type::boolean, true),
          [](CallContext&, std::vector<Value>& a) {
              for (const auto& v : a) {
                  if (empty(v)) {
                      return Value::boolean(false);
                  }
              }
              return Value::boolean(true);
          });
    t.add("any", signature({Type::any}, Type::boolean, true),
          [](CallContext&, std::vector<Value>& a) {
              for (const auto& v : a) {
                  if (!empty(v)) {
                      return Value::boolean(true);
                  }
              }
              return Value::boolean(false);
          });
    t.add("ternary", signature({Type::any, Type::any, Type::boolean}, Type::any),
          [](CallContext&, std::vector<Value>& a) { return a[2].as_bool() ? a[0] : a[1]; });
}

} // namespace airlock::sprig::text
