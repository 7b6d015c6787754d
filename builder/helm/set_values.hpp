#pragma once
// Helm's --set and --set-string (interim: plain dotted keys only).
#include "common/gotemplate/value.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace airlock::helm {

struct SetValues {
    std::vector<std::string> set;
    std::vector<std::string> set_string;
};
void apply_set_values(const SetValues& options, gotemplate::Map& values);

} // namespace airlock::helm
