// sprig's list functions. They take interface{} and accept any slice
// ([]interface{}, []string, []int, []byte), returning []interface{}; the
// plain forms panic where the must* forms return an error, and text/template
// reports both as "error calling F: MESSAGE", so each pair shares one body.
#include "builder/sprig/detail/data_functions.hpp"
#include "builder/sprig/detail/data_support.hpp"

#include <cmath>

namespace airlock::sprig::data_detail {

namespace {
namespace lists {

using gotemplate::CallContext;
using gotemplate::FunctionTable;
using gotemplate::IntType;
using gotemplate::ListType;
using gotemplate::Signature;
using gotemplate::Type;

// The elements of `v`, or Go's error "<prefix> <kind>" when it is no slice.
const List& require_slice(const Value& v, List& storage, const std::string& prefix) {
    const std::string kind = reflect_kind_or_panic(v);
    if (!is_slice(v)) {
        go_error(prefix + " " + kind);
    }
    return slice_items(v, storage);
}

void add_pair(FunctionTable& table, const std::string& plain, const std::string& must,
              const Signature& signature, const gotemplate::Callable& call) {
    table.add(plain, signature, call);
    table.add(must, signature, call);
}

Value push(CallContext&, std::vector<Value>& args) {
    List storage;
    List out = require_slice(args[0], storage, "Cannot push on type");
    out.push_back(args[1]);
    return Value::list(std::move(out));
}

Value prepend(CallContext&, std::vector<Value>& args) {
    List storage;
    const List& items = require_slice(args[0], storage, "Cannot prepend on type");
    List out;
    out.reserve(items.size() + 1);
    out.push_back(args[1]);
    out.insert(out.end(), items.begin(), items.end());
    return Value::list(std::move(out));
}

// Go computes the number of chunks in float64, so a size of 0 or below ends
// in make() with a negative length: "makeslice: len out of range".
Value chunk(CallContext& context, std::vector<Value>& args) {
    const std::int64_t size = args[0].as_int();
    List storage;
    const List& items = require_slice(args[1], storage, "Cannot chunk type");
    const auto length = static_cast<std::int64_t>(items.size());
    const auto size_f = static_cast<double>(size);
    const std::int64_t count =
        go_float_to_int64(std::floor(static_cast<double>(length - 1) / size_f) + 1);
    if (count < 0) {
        go_error("runtime error: makeslice: len out of range");
    }
    context.charge(static_cast<std::size_t>(count));
    List out;
    out.reserve(static_cast<std::size_t>(count));
    for (std::int64_t i = 0; i < count; ++i) {
        std::int64_t chunk_length = size;
        if (i == count - 1) {
            chunk_length =
                go_float_to_int64(std::floor(std::fmod(static_cast<double>(length), size_f)));
            if (chunk_length == 0) {
                chunk_length = size;
            }
        }
        if (chunk_length < 0) {
            go_error("runtime error: makeslice: len out of range");
        }
        List part;
        for (std::int64_t j = 0; j < chunk_length; ++j) {
            const std::int64_t index = i * size + j;
            if (index < 0 || index >= length) {
                go_error("reflect: slice index out of range");
            }
            part.push_back(items[static_cast<std::size_t>(index)]);
        }
        out.push_back(Value::list(std::move(part)));
    }
    return Value::list(std::move(out));
}

Value last(CallContext&, std::vector<Value>& args) {
    List storage;
    const List& items = require_slice(args[0], storage, "Cannot find last on type");
    return items.empty() ? Value::nil() : items.back();
}

Value first(CallContext&, std::vector<Value>& args) {
    List storage;
    const List& items = require_slice(args[0], storage, "Cannot find first on type");
    return items.empty() ? Value::nil() : items.front();
}

// On an empty list Go returns a nil []interface{}; we return an empty list,
// which prints the same ("[]") but is "[]" rather than null in JSON.
Value rest(CallContext&, std::vector<Value>& args) {
    List storage;
    const List& items = require_slice(args[0], storage, "Cannot find rest on type");
    if (items.empty()) {
        return Value::list(List{});
    }
    return Value::list(List(items.begin() + 1, items.end()));
}

Value initial(CallContext&, std::vector<Value>& args) {
    List storage;
    const List& items = require_slice(args[0], storage, "Cannot find initial on type");
    if (items.empty()) {
        return Value::list(List{});
    }
    return Value::list(List(items.begin(), items.end() - 1));
}

Value reverse(CallContext&, std::vector<Value>& args) {
    List storage;
    const List& items = require_slice(args[0], storage, "Cannot find reverse on type");
    return Value::list(List(items.rbegin(), items.rend()));
}

Value compact(CallContext&, std::vector<Value>& args) {
    List storage;
    const List& items = require_slice(args[0], storage, "Cannot compact on type");
    List out;
    for (const Value& item : items) {
        if (!go_empty(item)) {
            out.push_back(item);
        }
    }
    return Value::list(std::move(out));
}

bool contains_deep_equal(const List& haystack, const Value& needle) {
    for (const Value& item : haystack) {
        if (gotemplate::deep_equal(needle, item)) {
            return true;
        }
    }
    return false;
}

// uniq and without compare every pair, so they are charged per comparison.
Value uniq(CallContext& context, std::vector<Value>& args) {
    List storage;
    const List& items = require_slice(args[0], storage, "Cannot find uniq on type");
    List out;
    for (const Value& item : items) {
        context.charge(out.size() + 1);
        if (!contains_deep_equal(out, item)) {
            out.push_back(item);
        }
    }
    return Value::list(std::move(out));
}

Value without(CallContext& context, std::vector<Value>& args) {
    List storage;
    const List& items = require_slice(args[0], storage, "Cannot find without on type");
    const List omit(args.begin() + 1, args.end());
    List out;
    for (const Value& item : items) {
        context.charge(omit.size() + 1);
        if (!contains_deep_equal(omit, item)) {
            out.push_back(item);
        }
    }
    return Value::list(std::move(out));
}

Value has(CallContext&, std::vector<Value>& args) {
    if (args[1].is_nil()) {
        return Value::boolean(false);
    }
    List storage;
    const List& items = require_slice(args[1], storage, "Cannot find has on type");
    return Value::boolean(contains_deep_equal(items, args[0]));
}

// reflect's Slice keeps the slice type ([]string stays []string), and an
// empty list gives an untyped nil.
Value slice(CallContext&, std::vector<Value>& args) {
    const Value& list = args[0];
    const std::string kind = reflect_kind_or_panic(list);
    if (!is_slice(list)) {
        go_error("list should be type of slice or array but " + kind);
    }
    List storage;
    const List& items = slice_items(list, storage);
    const auto length = static_cast<std::int64_t>(items.size());
    if (length == 0) {
        return Value::nil();
    }
    const std::int64_t start = args.size() > 1 ? cast_to_int64(args[1]) : 0;
    const std::int64_t end = args.size() > 2 ? cast_to_int64(args[2]) : length;
    if (start < 0 || end < start || end > length) {
        go_error("reflect.Value.Slice: slice index out of bounds");
    }
    if (list.kind() == Kind::bytes) {
        return Value::bytes(list.as_string().substr(static_cast<std::size_t>(start),
                                                    static_cast<std::size_t>(end - start)));
    }
    return Value::list(List(items.begin() + start, items.begin() + end), list.list_type());
}

Value concat(CallContext&, std::vector<Value>& args) {
    List out;
    for (const Value& list : args) {
        const std::string kind = reflect_kind_or_panic(list);
        if (!is_slice(list)) {
            go_error("Cannot concat type " + kind + " as list");
        }
        List storage;
        const List& items = slice_items(list, storage);
        out.insert(out.end(), items.begin(), items.end());
    }
    return Value::list(std::move(out));
}

// How many values `for i := start; i <op> stop; i += step` yields, without
// overflow.
std::uint64_t step_count(std::int64_t start, std::int64_t stop, std::int64_t step) {
    if (stop < start) {
        if (step >= 0) {
            return 0;
        }
        const std::uint64_t distance =
            static_cast<std::uint64_t>(start) - static_cast<std::uint64_t>(stop);
        const std::uint64_t stride = 0 - static_cast<std::uint64_t>(step);
        return distance / stride + (distance % stride != 0 ? 1 : 0);
    }
    if (step <= 0) {
        return 0;
    }
    const std::uint64_t distance =
        static_cast<std::uint64_t>(stop) - static_cast<std::uint64_t>(start);
    const auto stride = static_cast<std::uint64_t>(step);
    return distance / stride + (distance % stride != 0 ? 1 : 0);
}

List until_step(CallContext& context, std::int64_t start, std::int64_t stop, std::int64_t step) {
    const std::uint64_t count = step_count(start, stop, step);
    context.charge(static_cast<std::size_t>(count));
    List out;
    out.reserve(static_cast<std::size_t>(count));
    std::uint64_t value = static_cast<std::uint64_t>(start);
    for (std::uint64_t i = 0; i < count; ++i) {
        out.push_back(Value::integer(static_cast<std::int64_t>(value)));
        value += static_cast<std::uint64_t>(step);
    }
    return out;
}

Value until(CallContext& context, std::vector<Value>& args) {
    const std::int64_t count = args[0].as_int();
    return Value::list(until_step(context, 0, count, count < 0 ? -1 : 1), ListType::int_);
}

Value until_step_function(CallContext& context, std::vector<Value>& args) {
    return Value::list(until_step(context, args[0].as_int(), args[1].as_int(), args[2].as_int()),
                       ListType::int_);
}

// sprig's seq: "seq 5" is 1..5, "seq 5 1" counts down, "seq 1 2 9" steps.
Value seq(CallContext& context, std::vector<Value>& args) {
    List numbers;
    auto wrap_add = [](std::int64_t a, std::int64_t b) {
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) +
                                         static_cast<std::uint64_t>(b));
    };
    switch (args.size()) {
    case 1: {
        const std::int64_t end = args[0].as_int();
        const std::int64_t increment = end < 1 ? -1 : 1;
        numbers = until_step(context, 1, wrap_add(end, increment), increment);
        break;
    }
    case 2: {
        const std::int64_t start = args[0].as_int();
        const std::int64_t end = args[1].as_int();
        const std::int64_t step = end < start ? -1 : 1;
        numbers = until_step(context, start, wrap_add(end, step), step);
        break;
    }
    case 3: {
        const std::int64_t start = args[0].as_int();
        const std::int64_t step = args[1].as_int();
        const std::int64_t end = args[2].as_int();
        std::int64_t increment = 1;
        if (end < start) {
            increment = -1;
            if (step > 0) {
                return Value::string("");
            }
        }
        numbers = until_step(context, start, wrap_add(end, increment), step);
        break;
    }
    default:
        return Value::string("");
    }
    std::string out;
    for (const Value& n : numbers) {
        if (!out.empty()) {
            out += ' ';
        }
        out += std::to_string(n.as_int());
    }
    return Value::string(out);
}

} // namespace lists
} // namespace

void register_list_functions(gotemplate::FunctionTable& table) {
    using namespace lists;
    const Signature variadic_any{{Type::any}, true, Type::list};
    auto make_list = [](CallContext&, std::vector<Value>& args) {
        return Value::list(List(args.begin(), args.end()));
    };
    table.add("list", variadic_any, make_list);
    table.add("tuple", variadic_any, make_list);

    const Signature list_and_value{{Type::any, Type::any}, false, Type::list};
    add_pair(table, "append", "mustAppend", list_and_value, push);
    add_pair(table, "push", "mustPush", list_and_value, push);
    add_pair(table, "prepend", "mustPrepend", list_and_value, prepend);

    // [][]interface{}: a list of lists.
    add_pair(table, "chunk", "mustChunk", Signature{{Type::int_, Type::any}, false, Type::list},
             chunk);

    const Signature one_list_to_any{{Type::any}, false, Type::any};
    add_pair(table, "first", "mustFirst", one_list_to_any, first);
    add_pair(table, "last", "mustLast", one_list_to_any, last);

    const Signature one_list_to_list{{Type::any}, false, Type::list};
    add_pair(table, "rest", "mustRest", one_list_to_list, rest);
    add_pair(table, "initial", "mustInitial", one_list_to_list, initial);
    add_pair(table, "reverse", "mustReverse", one_list_to_list, reverse);
    add_pair(table, "compact", "mustCompact", one_list_to_list, compact);
    add_pair(table, "uniq", "mustUniq", one_list_to_list, uniq);
    add_pair(table, "without", "mustWithout", Signature{{Type::any, Type::any}, true, Type::list},
             without);
    add_pair(table, "has", "mustHas", Signature{{Type::any, Type::any}, false, Type::boolean}, has);
    add_pair(table, "slice", "mustSlice", Signature{{Type::any, Type::any}, true, Type::any},
             slice);
    table.add("concat", Signature{{Type::any}, true, Type::any}, concat);

    table.add("until", Signature{{Type::int_}, false, Type::list}, until);
    table.add("untilStep", Signature{{Type::int_, Type::int_, Type::int_}, false, Type::list},
              until_step_function);
    table.add("seq", Signature{{Type::int_}, true, Type::string}, seq);
}

} // namespace airlock::sprig::data_detail
