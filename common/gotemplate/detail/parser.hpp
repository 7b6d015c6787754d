#pragma once
// Private: Go's template parser. Turns one text into its trees: the text's
// own (named `name`) and one per {{define}} and {{block}} in it.
#include "common/gotemplate/detail/ast.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::gotemplate::detail {

// Throws Error(spec) "template: NAME:LINE:COL: message". A function name not
// accepted by `has_function` is a parse error, as in Go.
std::vector<std::shared_ptr<Tree>>
parse_templates(const std::string& name, std::string_view text,
                const std::function<bool(std::string_view)>& has_function);

// strconv.Unquote for "..." and `...` literals; nullopt when malformed.
std::optional<std::string> go_unquote(std::string_view literal);

} // namespace airlock::gotemplate::detail
