#pragma once
// Functions callable from templates, with Go's typing: each declares its
// parameter types, and the executor converts and checks arguments the way
// text/template does before the call (a float64 given for an int parameter
// is "wrong type for value; expected int; got float64"; a number constant in
// the template becomes whatever numeric type the parameter has).
#include "common/gotemplate/value.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::gotemplate {

// A parameter's (or result's) Go type.
enum class Type : std::uint8_t {
    any,     // interface{}: anything, nil included
    string,  // string
    int_,    // int
    int64,   // int64
    float64, // float64
    boolean, // bool
    map,     // map[string]interface{} (nil allowed)
    list,    // []interface{} (nil allowed)
    strings, // []string (nil allowed)
    bytes,   // []byte (nil allowed)
};

// Go's spelling of a type, for error messages ("map[string]interface {}").
std::string_view go_type_name(Type t);

struct Signature {
    std::vector<Type> params;
    bool variadic = false; // the last of params repeats (Go's ...T)
    // interface{} results come back boxed (see Value::boxed).
    Type result = Type::any;
};

class CallContext;

// Returns the result, or throws airlock::Error(ErrorCode::spec, MESSAGE) for
// Go's error return: the executor reports it as "template: NAME:LINE:COL:
// executing ... error calling FUNC: MESSAGE".
using Callable = std::function<Value(CallContext& context, std::vector<Value>& args)>;

struct Function {
    Signature signature;
    Callable call;
};

class TemplateSet;

// What a running template offers the functions it calls (Helm's include and
// tpl run templates themselves).
class CallContext {
  public:
    virtual ~CallContext() = default;
    // Runs the named template of the current set with `dot`; returns its output.
    virtual std::string execute_template(const std::string& name, const Value& dot) = 0;
    // The set now executing (a copy; copies are cheap), to parse more into.
    virtual TemplateSet current_set() const = 0;
    // Runs template `name` of `set` with `dot` within this render's limits;
    // functions called from it see `set` as their current set.
    virtual std::string execute_in(const TemplateSet& set, const std::string& name,
                                   const Value& dot) = 0;
    // Counts against the render's step budget; throws when it runs out (for
    // functions that loop over caller-sized input, such as `until`).
    virtual void charge(std::size_t steps) = 0;
};

// A Go named map or slice type with methods (see Value::with_type).
class NamedType {
  public:
    virtual ~NamedType() = default;
    virtual std::string name() const = 0;
    // The method `name` bound to `receiver`, or nullopt when the type has none.
    virtual std::optional<Function> method(std::string_view name, const Value& receiver) const = 0;
};

// Name to function. Later additions replace earlier ones of the same name.
class FunctionTable {
  public:
    void add(std::string name, Signature signature, Callable call);
    const Function* find(std::string_view name) const;
    bool contains(std::string_view name) const { return find(name) != nullptr; }
    void remove(std::string_view name);

  private:
    std::map<std::string, Function, std::less<>> functions_;
};

} // namespace airlock::gotemplate
