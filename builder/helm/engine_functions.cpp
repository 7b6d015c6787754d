#include "builder/helm/engine_functions.hpp"

#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"
#include "common/gotemplate/template_set.hpp"

namespace airlock::helm {

namespace {

using gotemplate::CallContext;
using gotemplate::Map;
using gotemplate::Signature;
using gotemplate::Type;
using gotemplate::Value;

constexpr int max_include_nesting = 1000;

[[noreturn]] void helm_error(const std::string& message) {
    fail(ErrorCode::spec, std::string(helm_error_start) + message + std::string(helm_error_end));
}

void remove_no_value(std::string& s) {
    constexpr std::string_view marker = "<no value>";
    for (std::size_t at = s.find(marker); at != std::string::npos; at = s.find(marker, at)) {
        s.erase(at, marker.size());
    }
}

} // namespace

gotemplate::FunctionTable template_functions(EngineState& state) {
    gotemplate::FunctionTable table;
    register_library_functions(table);

    table.add("include", Signature{{Type::string, Type::any}, false, Type::string},
              [&state](CallContext& ctx, std::vector<Value>& args) {
                  const std::string& name = args[0].as_string();
                  int& depth = state.included[name];
                  if (depth > max_include_nesting) {
                      fail(ErrorCode::spec, "rendering template has a nested reference name: " +
                                                name + ": unable to execute template");
                  }
                  ++depth;
                  struct Undo {
                      int& d;
                      ~Undo() { --d; }
                  } undo{depth};
                  return Value::string(ctx.execute_template(name, args[1]));
              });
    table.add("tpl", Signature{{Type::string, Type::any}, false, Type::string},
              [](CallContext& ctx, std::vector<Value>& args) {
                  const std::string& text = args[0].as_string();
                  gotemplate::TemplateSet copy = ctx.current_set();
                  try {
                      copy.parse(copy.name(), text);
                  } catch (const Error& e) {
                      fail(ErrorCode::spec,
                           "cannot parse template " + gotemplate::go_quote(text) + ": " + e.what());
                  }
                  std::string out;
                  try {
                      out = ctx.execute_in(copy, copy.name(), args[1]);
                  } catch (const Error& e) {
                      fail(ErrorCode::spec, "error during tpl function execution for " +
                                                gotemplate::go_quote(text) + ": " + e.what());
                  }
                  remove_no_value(out);
                  return Value::string(std::move(out));
              });
    table.add("required", Signature{{Type::string, Type::any}, false, Type::any},
              [](CallContext&, std::vector<Value>& args) {
                  const Value& v = args[1];
                  if (v.is_nil() ||
                      (v.kind() == gotemplate::Kind::string && v.as_string().empty())) {
                      helm_error(args[0].as_string());
                  }
                  return v;
              });
    table.add(
        "fail", Signature{{Type::string}, false, Type::string},
        [](CallContext&, std::vector<Value>& args) -> Value { helm_error(args[0].as_string()); });
    // `helm template` has no cluster: lookup finds nothing.
    table.add("lookup",
              Signature{{Type::string, Type::string, Type::string, Type::string}, false, Type::map},
              [](CallContext&, std::vector<Value>&) { return Value::map(Map{}); });
    // Helm answers "" unless --enable-dns; rendering never touches the network.
    table.add("getHostByName", Signature{{Type::string}, false, Type::string},
              [](CallContext&, std::vector<Value>&) { return Value::string(""); });
    return table;
}

} // namespace airlock::helm
