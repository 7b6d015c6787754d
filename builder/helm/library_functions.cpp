// Interim: sprig and the format functions are registered here once merged.
#include "builder/helm/engine_functions.hpp"

namespace airlock::helm {

void register_library_functions(gotemplate::FunctionTable& /*table*/) {}

} // namespace airlock::helm
