#pragma once
// The values Go's text/template works on, as the data of a Helm chart has
// them: nil, bool, int and int64, float64, string, []byte, []interface{},
// map[string]interface{}, and host objects (Go structs with fields and
// methods, such as Helm's .Capabilities). Nothing here knows of Helm.
//
// Maps are shared, as Go maps are: a change made through one Value holding a
// map is seen through every other (sprig's `set` relies on it). Lists and
// strings are immutable.
//
// Go distinguishes a value read out of an interface{} container (a map of
// interface{}, a []interface{}, a function returning interface{}) from the
// same value held directly; some of text/template's errors name that static
// type ("nil pointer evaluating interface {}.x"). `boxed()` records it.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace airlock::gotemplate {

class Value;
class Object;
class NamedType;
struct Function;

using List = std::vector<Value>;
using Map = std::map<std::string, Value, std::less<>>;

enum class Kind : std::uint8_t {
    nil,      // no value (Go's invalid reflect.Value) or, boxed, a nil interface{}
    boolean,  // bool
    integer,  // int, int64 or uint8 (see IntType)
    floating, // float64
    string,   // string
    bytes,    // []byte
    list,     // []interface{}, []string or []int (see ListType)
    map,      // map[string]interface{}
    object,   // a host object: fields, methods, a Go type name
};

enum class IntType : std::uint8_t { int_, int64, uint8 };
enum class ListType : std::uint8_t { any, string, int_ };

class Value {
  public:
    Value() = default; // nil, not boxed: "no value"
    Value(const Value&) = default;
    Value(Value&&) noexcept = default;
    Value& operator=(const Value&) = default;
    Value& operator=(Value&&) noexcept = default;
    // A template can nest lists and maps millions deep within its step
    // budget; freeing them must not recurse once per level.
    ~Value() {
        if (kind_ == Kind::list || kind_ == Kind::map) {
            release_collection();
        }
    }

    static Value nil() { return {}; }
    // A nil interface{}: what a missing map key reads as under missingkey=zero.
    static Value boxed_nil();
    static Value boolean(bool b);
    static Value integer(std::int64_t i, IntType type = IntType::int_);
    static Value int64(std::int64_t i) { return integer(i, IntType::int64); }
    static Value floating(double f);
    static Value string(std::string s);
    static Value bytes(std::string data);
    static Value list(List items, ListType type = ListType::any);
    static Value list(std::shared_ptr<const List> items, ListType type = ListType::any);
    // Go's nil slice of that type: empty for every purpose but marshalling,
    // where encoding/json writes null (regexFindAll returns one).
    static Value nil_list(ListType type);
    bool is_nil_list() const noexcept { return kind_ == Kind::list && nil_slice_; }
    static Value map(std::shared_ptr<Map> entries);
    static Value map(Map entries); // a new map
    static Value object(std::shared_ptr<const Object> object);
    // The same map or list as a Go named type with methods (Helm's
    // common.Values, its files, a VersionSet): `.Name` finds a method of the
    // type before a map key, and %T prints the type's name. `type` must
    // outlive every value carrying it (in practice: a static).
    Value with_type(const NamedType* type) const;
    const NamedType* named_type() const noexcept { return named_; }

    Kind kind() const noexcept { return kind_; }
    bool is_nil() const noexcept { return kind_ == Kind::nil; }
    bool is_number() const noexcept { return kind_ == Kind::integer || kind_ == Kind::floating; }

    // The same value, read out of (or held outside) an interface{} container.
    bool boxed() const noexcept { return boxed_; }
    Value as_boxed() const;
    Value unboxed() const;

    // Accessors; each requires the matching kind (checked: Error(internal)).
    bool as_bool() const;
    std::int64_t as_int() const;
    IntType int_type() const;
    double as_float() const;
    const std::string& as_string() const; // string or bytes
    const List& as_list() const;
    ListType list_type() const;
    const std::shared_ptr<const List>& list_ptr() const;
    Map& as_map() const; // shared: mutations are visible to every holder
    const std::shared_ptr<Map>& map_ptr() const;
    const Object& as_object() const;
    const std::shared_ptr<const Object>& object_ptr() const;

    // Go's truth (text/template `if`): false, 0, nil, and empty strings,
    // lists and maps are false; everything else, objects included, is true.
    bool truthy() const;

    // Go's %T: "string", "int", "int64", "float64", "bool", "[]interface {}",
    // "[]string", "map[string]interface {}", "[]uint8", "<nil>", or an
    // object's own type name.
    std::string type_name() const;
    // reflect.Kind's name (sprig's kindOf): "string", "int", "int64",
    // "float64", "bool", "slice", "map", "ptr", "struct", "invalid".
    std::string kind_name() const;

  private:
    void release_collection() noexcept;
    static void take_nested(const Value& v, std::vector<Value>& pending);

    using Payload = std::variant<std::monostate, bool, std::int64_t, double, std::string,
                                 std::shared_ptr<const List>, std::shared_ptr<Map>,
                                 std::shared_ptr<const Object>>;
    Kind kind_ = Kind::nil;
    std::uint8_t subtype_ = 0; // IntType or ListType
    bool boxed_ = false;
    bool nil_slice_ = false;
    const NamedType* named_ = nullptr;
    Payload payload_;
};

// A Go struct or other typed value offered to templates (Helm's .Files,
// .Capabilities). Field access (`.Name`) asks field(); a method with
// arguments (`.Files.Get "x"`) is found with method() and called through the
// executor like any function, with the receiver bound.
class Object {
  public:
    virtual ~Object() = default;
    // Go's type name, as %T and errors print it: "*common.Capabilities".
    virtual std::string type_name() const = 0;
    // reflect.Kind's name: "struct", "ptr", "slice", "map".
    virtual std::string kind_name() const { return "struct"; }
    // A field, or a method taking no arguments; nullopt when there is none.
    virtual std::optional<Value> field(std::string_view name) const = 0;
    // A method that takes arguments; nullptr when there is none of that name.
    virtual const Function* method(std::string_view /*name*/) const { return nullptr; }
    // What fmt's %v prints ("{v1.31.0 1 31}").
    virtual std::string format() const = 0;
    // What encoding/json would marshal it as, as plain values (a map of its
    // exported fields, a list, a string); used by toJson and toYaml.
    virtual Value plain() const = 0;
};

// Go's == on two values as text/template's `eq` compares them (basic kinds,
// with int and uint mixing); nullopt when they are not comparable, with the
// reason in `why` ("incompatible types for comparison").
std::optional<bool> go_equal(const Value& a, const Value& b, std::string* why = nullptr);

// reflect.DeepEqual: same Go types (int and int64 differ, so do int and
// float64) and equal contents, recursively.
bool deep_equal(const Value& a, const Value& b);

// A deep copy of lists and maps (sprig's deepCopy); objects are shared.
Value deep_copy(const Value& v);

} // namespace airlock::gotemplate
