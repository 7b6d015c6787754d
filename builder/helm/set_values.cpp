// Interim until the strvals port lands.
#include "builder/helm/set_values.hpp"

#include "common/core/error.hpp"

namespace airlock::helm {

void apply_set_values(const SetValues& options, gotemplate::Map& values) {
    auto apply = [&](const std::string& line, bool as_string) {
        const std::size_t eq = line.find('=');
        if (eq == std::string::npos) {
            fail(ErrorCode::usage, "failed parsing --set data: key \"" + line + "\" has no value");
        }
        gotemplate::Map* cur = &values;
        std::string key = line.substr(0, eq);
        std::size_t dot;
        while ((dot = key.find('.')) != std::string::npos) {
            auto& slot = (*cur)[key.substr(0, dot)];
            if (slot.kind() != gotemplate::Kind::map) {
                slot = gotemplate::Value::map(gotemplate::Map{});
            }
            cur = &slot.as_map();
            key = key.substr(dot + 1);
        }
        const std::string v = line.substr(eq + 1);
        (*cur)[key] = as_string || (v != "true" && v != "false")
                          ? gotemplate::Value::string(v)
                          : gotemplate::Value::boolean(v == "true");
    };
    for (const auto& s : options.set) {
        apply(s, false);
    }
    for (const auto& s : options.set_string) {
        apply(s, true);
    }
}

} // namespace airlock::helm
