#include "builder/helm/engine_functions.hpp"
#include "builder/helm/format_functions.hpp"
#include "builder/sprig/sprig.hpp"

namespace airlock::helm {

void register_library_functions(gotemplate::FunctionTable& table) {
    // Helm starts from sprig's map without env and expandenv, then lays its
    // own data-format functions over it.
    sprig::register_sprig(table);
    table.remove("env");
    table.remove("expandenv");
    register_format_functions(table);
}

} // namespace airlock::helm
