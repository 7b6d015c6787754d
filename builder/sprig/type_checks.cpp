// typeOf, typeIs, typeIsLike, kindOf, kindIs, deepEqual: Go's %T,
// reflect.Kind and reflect.DeepEqual over template values.
#include "builder/sprig/detail/text_support.hpp"

namespace airlock::sprig::text {

void register_type_functions(gotemplate::FunctionTable& t) {
    using gotemplate::CallContext;
    using gotemplate::Type;
    using gotemplate::Value;
    t.add("typeOf", signature({Type::any}, Type::string),
          [](CallContext&, std::vector<Value>& a) { return Value::string(a[0].type_name()); });
    t.add("typeIs", signature({Type::string, Type::any}, Type::boolean),
          [](CallContext&, std::vector<Value>& a) {
              return Value::boolean(a[0].as_string() == a[1].type_name());
          });
    t.add("typeIsLike", signature({Type::string, Type::any}, Type::boolean),
          [](CallContext&, std::vector<Value>& a) {
              auto type = a[1].type_name();
              return Value::boolean(a[0].as_string() == type || "*" + a[0].as_string() == type);
          });
    t.add("kindOf", signature({Type::any}, Type::string),
          [](CallContext&, std::vector<Value>& a) { return Value::string(a[0].kind_name()); });
    t.add("kindIs", signature({Type::string, Type::any}, Type::boolean),
          [](CallContext&, std::vector<Value>& a) {
              return Value::boolean(a[0].as_string() == a[1].kind_name());
          });
    t.add("deepEqual", signature({Type::any, Type::any}, Type::boolean),
          [](CallContext&, std::vector<Value>& a) {
              return Value::boolean(gotemplate::deep_equal(a[0], a[1]));
          });
}

} // namespace airlock::sprig::text
