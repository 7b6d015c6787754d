#include "builder/sprig/sprig.hpp"

namespace airlock::sprig {

void register_sprig(gotemplate::FunctionTable& table) {
    register_text_functions(table);
    register_data_functions(table);
}

} // namespace airlock::sprig
