// atoi, int, int64, float64 and toDecimal: spf13/cast v1.7 (which sprig
// calls with errors ignored, so a failed conversion is 0) and strconv.
#include "builder/sprig/detail/data_support.hpp"
#include "builder/sprig/detail/text_support.hpp"
#include "common/gotemplate/format.hpp"

#include <limits>
#include <optional>

namespace airlock::sprig::text {

namespace {

using gotemplate::CallContext;
using gotemplate::Type;
using gotemplate::Value;

} // namespace

void register_conversion_functions(gotemplate::FunctionTable& t) {
    t.add("atoi", signature({Type::string}, Type::int_), [](CallContext&, std::vector<Value>& a) {
        // strconv.Atoi: base 10, a sign, no underscores or prefixes.
        const auto& s = a[0].as_string();
        std::string_view digits = s;
        if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
            digits.remove_prefix(1);
        }
        bool plain = !digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos;
        if (!plain) {
            return Value::integer(0);
        }
        // Out of range, Atoi's error comes with the clamped value, which
        // sprig keeps.
        auto n = data_detail::go_parse_int(s, 10);
        if (!n) {
            n = s[0] == '-' ? std::numeric_limits<std::int64_t>::min()
                            : std::numeric_limits<std::int64_t>::max();
        }
        return Value::integer(*n);
    });
    t.add("int", signature({Type::any}, Type::int_), [](CallContext&, std::vector<Value>& a) {
        return Value::integer(data_detail::cast_to_int64(a[0]));
    });
    t.add("int64", signature({Type::any}, Type::int64), [](CallContext&, std::vector<Value>& a) {
        return Value::int64(data_detail::cast_to_int64(a[0]));
    });
    t.add("float64", signature({Type::any}, Type::float64),
          [](CallContext&, std::vector<Value>& a) {
              return Value::floating(data_detail::cast_to_float64(a[0]));
          });
    t.add("toDecimal", signature({Type::any}, Type::int64),
          [](CallContext&, std::vector<Value>& a) {
              // The value as fmt.Sprint prints it, read as octal.
              std::string text = gotemplate::sprint_value(a[0]);
              return Value::int64(data_detail::go_parse_int(text, 8).value_or(0));
          });
}

} // namespace airlock::sprig::text
