// merge, mergeOverwrite and their must* forms: mergo v1.0.1's deep merge of
// map[string]interface{} values, as sprig calls it (mergo.Merge and
// mergo.MergeWithOverwrite, one source at a time, into the first map).
//
// For each key of the source, mergo's rules come to this:
// - a nil source value is copied only when overwriting (the key is then set
//   to nil, not removed);
// - when both values are maps, the source is merged into the destination's
//   map in place, recursively;
// - otherwise the source value replaces the destination's when overwriting,
//   or when the destination has no such key or an empty value ("", 0, false,
//   nil, an empty list or map). Under overwrite that includes empty source
//   values: mergeOverwrite copies "", 0 and false over anything.
// Emptiness of a destination map is judged after the recursive merge, as Go
// evaluates it lazily: an empty destination map that received keys stays;
// one that is still empty is replaced by the (shared) source map.
#include "builder/sprig/detail/data_functions.hpp"
#include "builder/sprig/detail/data_support.hpp"

namespace airlock::sprig::data_detail {

namespace {
namespace merging {

using gotemplate::CallContext;
using gotemplate::Map;
using gotemplate::Signature;
using gotemplate::Type;

void deep_merge(Map& destination, const Map& source, bool overwrite) {
    for (const auto& [key, source_value] : source) {
        const auto found = destination.find(key);
        if (source_value.is_nil()) {
            if (overwrite) {
                destination.insert_or_assign(key, source_value);
            }
            continue;
        }
        const bool destination_present = found != destination.end();
        if (source_value.kind() == Kind::map && destination_present &&
            found->second.kind() == Kind::map) {
            // Merging a map into itself would change nothing.
            if (found->second.map_ptr() != source_value.map_ptr()) {
                deep_merge(found->second.as_map(), source_value.as_map(), overwrite);
            }
        }
        if (destination_present && !go_empty(found->second)) {
            if (source_value.kind() == Kind::list || source_value.kind() == Kind::bytes) {
                if (overwrite) {
                    found->second = source_value;
                }
                continue;
            }
            if (source_value.kind() == Kind::map && found->second.kind() == Kind::map) {
                continue;
            }
        }
        if (overwrite || !destination_present || go_empty(found->second)) {
            destination.insert_or_assign(key, source_value);
        }
    }
}

Value merge_into(std::vector<Value>& args, bool overwrite) {
    // A nil destination becomes a new map (mergo sets the caller's variable).
    Value destination = args[0].kind() == Kind::map ? args[0] : Value::map(Map{});
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i].kind() == Kind::map) {
            deep_merge(destination.as_map(), args[i].as_map(), overwrite);
        }
    }
    return destination;
}

Value merge(CallContext&, std::vector<Value>& args) {
    return merge_into(args, false);
}

Value merge_overwrite(CallContext&, std::vector<Value>& args) {
    return merge_into(args, true);
}

} // namespace merging
} // namespace

void register_merge_functions(gotemplate::FunctionTable& table) {
    using namespace merging;
    // mergo reports errors only for arguments a template cannot pass (a
    // non-pointer destination, mismatched types), so the must* forms never
    // fail differently from the plain ones.
    const Signature signature{{Type::map, Type::map}, true, Type::any};
    table.add("merge", signature, merge);
    table.add("mustMerge", signature, merge);
    table.add("mergeOverwrite", signature, merge_overwrite);
    table.add("mustMergeOverwrite", signature, merge_overwrite);
}

} // namespace airlock::sprig::data_detail
